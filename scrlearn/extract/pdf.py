"""PDF text extraction (pypdf), page by page."""

import io
import logging

from ..errors import ExtractionError

__all__ = ["extract_pdf"]


def extract_pdf(data, name):
    """Return the text of each page of a PDF, and the lines of each page set in bold.

    Returns
    -------
    (list of str, list of set of str)

    Raises
    ------
    ExtractionError
        For a file that is not a PDF, is truncated, encrypted or corrupt, or has
        no extractable text (a scanned image: OCR is not supported).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5] == b"%PDF-":
        raise ExtractionError(f"{name}: not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError(f"{name}: truncated PDF (no %%EOF marker at the end)")
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError(f"{name}: encrypted PDF (a password is required)")
            except (NotImplementedError, PdfReadError) as exc:
                raise ExtractionError(f"{name}: encrypted PDF ({exc})") from exc
        pages, bold_lines = [], []
        for page in reader.pages:
            visitor = _BoldLines()
            pages.append(page.extract_text(visitor_text=visitor) or "")
            bold_lines.append(visitor.lines())
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many kinds on corrupt input
        raise ExtractionError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})") from exc
    finally:
        pypdf_logger.setLevel(level)
    if not any(page.strip() for page in pages):
        raise ExtractionError(f"{name}: PDF has no extractable text (scanned? OCR is not supported)")
    return pages, bold_lines


_BOLD = ("bold", "black", "heavy", "semibold", "demi")


class _BoldLines:
    """Collect the lines of a page set entirely in a bold face (headings, as a rule)."""

    def __init__(self):
        self.rows = {}

    def __call__(self, text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        y = round((tm[5] if tm else 0) + (cm[5] if cm else 0), 0)
        font = str((font_dict or {}).get("/BaseFont", "")).lower()
        row = self.rows.setdefault(y, [[], True])
        row[0].append(text)
        row[1] = row[1] and any(mark in font for mark in _BOLD)

    def lines(self):
        return {" ".join("".join(parts).split()) for parts, bold in self.rows.values() if bold}
