"""PDF text extraction (pypdf), page by page."""

import io
import logging

from ..errors import ExtractionError

__all__ = ["extract_pdf"]


def extract_pdf(data, name):
    """Return the text of each page of a PDF.

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
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many kinds on corrupt input
        raise ExtractionError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})") from exc
    finally:
        pypdf_logger.setLevel(level)
    if not any(page.strip() for page in pages):
        raise ExtractionError(f"{name}: PDF has no extractable text (scanned? OCR is not supported)")
    return pages
