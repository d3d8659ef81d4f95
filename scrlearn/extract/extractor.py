"""Dispatch a file to its format's extractor, then clean and structure the text."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..clean import clean_pages, clean_text, normalise_characters
from ..errors import ExtractionError, UnsupportedFormat
from ..structure import Block, find_summary_section, render
from .docx import extract_docx
from .html import extract_html
from .pdf import extract_pdf
from .plain import extract_plain

__all__ = ["SUPPORTED_SUFFIXES", "Extracted", "extract_bytes", "extract_file"]

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".pdf": "pdf", ".html": "html", ".htm": "html",
                      ".docx": "docx"}


@dataclass
class Extracted:
    """The cleaned content of one file.

    Attributes
    ----------
    format : str
        ``txt``, ``md``, ``pdf``, ``html`` or ``docx``.
    blocks : list of Block
        The whole document's structure.
    summary : tuple of (int, int) or None
        Block range of the executive summary when the file is a longer report.
    raw_sha256, text_sha256 : str
        Hashes of the file's bytes and of the stored text.
    raw_bytes : int
    """

    format: str
    blocks: list
    summary: tuple | None
    raw_sha256: str
    raw_bytes: int

    @property
    def summary_blocks(self):
        """The blocks of the executive summary (all blocks when there is no separate one)."""
        if self.summary is None:
            return self.blocks
        return self.blocks[self.summary[0]:self.summary[1]]

    @property
    def text(self):
        """The cleaned text of the executive summary (or of the whole file)."""
        return render(self.summary_blocks)

    @property
    def full_text(self):
        """The cleaned text of the whole file."""
        return render(self.blocks)

    @property
    def text_sha256(self):
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def extract_bytes(data, name, fmt):
    """Extract and clean the content of a file already read into memory.

    Parameters
    ----------
    data : bytes
    name : str
        Shown in error messages (a path or URL).
    fmt : str
        One of ``txt``, ``md``, ``pdf``, ``html``, ``docx``.

    Raises
    ------
    ExtractionError
        When the bytes cannot be turned into text; the message names ``name``.
    """
    if not data:
        raise ExtractionError(f"{name}: empty file")
    if fmt in ("txt", "md"):
        blocks = clean_text(extract_plain(data, name))
    elif fmt == "pdf":
        pages, bold_lines = extract_pdf(data, name)
        blocks = clean_pages(pages, wrapped=True, heading_lines=set().union(*bold_lines))
    elif fmt == "html":
        blocks = _normalised(extract_html(data, name))
    elif fmt == "docx":
        blocks = _normalised(extract_docx(data, name))
    else:
        raise UnsupportedFormat(f"{name}: unsupported format {fmt!r}")
    blocks = [b for b in blocks if b.text.strip()]
    if sum(len(b.text.split()) for b in blocks) == 0:
        raise ExtractionError(f"{name}: no text after clean-up")
    return Extracted(fmt, blocks, find_summary_section(blocks),
                     hashlib.sha256(data).hexdigest(), len(data))


def _normalised(blocks):
    return [Block(b.kind, normalise_characters(b.text).replace("\n", " ").strip(), b.marker)
            for b in blocks]


def extract_file(path, *, max_bytes=50_000_000):
    """Read and extract one file.

    Parameters
    ----------
    path : str or Path
    max_bytes : int, default=50_000_000
        Files larger than this are refused without being read.

    Raises
    ------
    UnsupportedFormat
        For an extension scrlearn does not read.
    ExtractionError
        For an unreadable, empty, oversized or malformed file.
    """
    path = Path(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                                f"scrlearn reads {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(f"{path}: file too large ({size:,} bytes > limit {max_bytes:,}; "
                                  f"raise it with --max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return extract_bytes(data, str(path), fmt)
