"""Plain text and Markdown: decoding with fallbacks, and a check for binary junk."""

from ..errors import ExtractionError

__all__ = ["decode_text", "extract_plain"]


def decode_text(data, name):
    """Decode bytes of a text file: UTF-8 (with or without BOM), else cp1252, else latin-1.

    Raises
    ------
    ExtractionError
        When the bytes are empty or look binary rather than text.
    """
    if not data.strip():
        raise ExtractionError(f"{name}: empty file")
    if b"\x00" in data[:65536]:
        raise ExtractionError(f"{name}: binary content, not text (NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7f <= ord(ch) < 0xa0)
    if controls > max(8, 0.02 * len(sample)):
        raise ExtractionError(f"{name}: binary content, not text ({controls} control characters)")
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < 0.3 * len(sample.strip() or "x"):
        raise ExtractionError(f"{name}: does not look like prose (only {letters} letters)")
    return text


def extract_plain(data, name):
    """Return the decoded text of a ``.txt`` or ``.md`` file as one string."""
    return decode_text(data, name)
