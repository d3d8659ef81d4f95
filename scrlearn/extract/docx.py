"""Word (.docx) extraction with python-docx: headings, list items and paragraphs."""

import io
import zipfile

from ..errors import ExtractionError
from ..structure import Block, split_marker

__all__ = ["extract_docx"]


def extract_docx(data, name):
    """Return the blocks of a Word document's body (headers and footers left out).

    Raises
    ------
    ExtractionError
        For a file that is not a readable .docx package.
    """
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError(f"{name}: not a Word .docx file (not a zip package)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, BadZipFile...
        raise ExtractionError(f"{name}: corrupt .docx ({type(exc).__name__}: {exc})") from exc
    blocks = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower().startswith(("heading", "title")):
            marker, rest = split_marker(text)
            blocks.append(Block("heading", rest if marker and marker[0].isdigit() else text,
                                marker if marker and marker[0].isdigit() else None))
        elif "list" in style.lower():
            marker, rest = split_marker(text)
            blocks.append(Block("item", rest, marker or "•"))
        else:
            marker, rest = split_marker(text)
            if marker is None:
                blocks.append(Block("paragraph", text))
            elif marker[0].isdigit():
                blocks.append(Block("paragraph", rest, marker))
            else:
                blocks.append(Block("item", rest, marker))
    for table in document.tables:
        for row in table.rows:
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            line = " | ".join(c for c in cells if c)
            if line:
                blocks.append(Block("paragraph", line))
    if not blocks:
        raise ExtractionError(f"{name}: Word document has no text")
    return blocks
