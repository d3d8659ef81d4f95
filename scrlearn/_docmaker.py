"""Make realistic PDF, DOCX and HTML files from structured text.

Used by the tests (real files with running headers, footers, page numbers,
footnotes and words hyphenated across line breaks) and by the script that
renders the bundled sample corpus. Needs ``fpdf2`` for PDFs (the ``test``
extra) and python-docx for Word files.
"""

import html
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["make_pdf", "make_docx", "make_html", "hyphen_split"]

_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)


def _font_path(bold=False):
    import matplotlib

    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


def hyphen_split(word, room, measure):
    """Split ``word`` so its head plus a hyphen fits in ``room``; None when it cannot.

    Only plain lower-case words (a capital first letter allowed) of 7 letters or more
    are split, never acronyms, leaving at least
    three letters on each side, as typesetters do.
    """
    if len(word) < 7 or not word.isalpha() or not word[1:].islower():
        return None
    for cut in range(len(word) - 3, 2, -1):
        head = word[:cut] + "-"
        if measure(head) <= room:
            return head, word[cut:]
    return None


def make_pdf(path, blocks, *, header=None, footer="Page {page} of {pages}", hyphenate=True,
             width_mm=150, font_size=11, footnotes=None, encrypt_password=None):
    """Write a PDF with running header and footer, page numbers and hyphenation.

    Parameters
    ----------
    path : str or Path
    blocks : list of (kind, marker, text)
        ``kind`` is "heading", "paragraph" or "item".
    header : str, optional
        Running header printed at the top of every page.
    footer : str, optional
        Footer template with ``{page}`` and ``{pages}``.
    hyphenate : bool
        Break long words across lines with a hyphen where a line runs out.
    footnotes : dict, optional
        ``{block index: (number, text)}``: a footnote cited at the end of that
        block's text and printed at the foot of the page.
    encrypt_password : str, optional
        Encrypt the PDF with this user password.
    """
    from fpdf import FPDF

    class _PDF(FPDF):
        def header(self):
            if header:
                self.set_font("body", size=8)
                self.cell(0, 6, header, align="C")
                self.ln(10)

        def footer(self):
            if footer:
                self.set_y(-15)
                self.set_font("body", size=8)
                self.cell(0, 8, footer.format(page=self.page_no(), pages="{nb}"), align="C")

    pdf = _PDF(format="A4")
    pdf.set_creation_date(_FIXED_DATE)  # the same input gives the same bytes
    pdf.add_font("body", "", _font_path())
    pdf.add_font("body", "B", _font_path(bold=True))
    pdf.set_auto_page_break(True, margin=25)
    pdf.alias_nb_pages()
    pdf.set_margins(30, 20, 30)
    pdf.add_page()
    line_h = font_size * 0.5
    pending_notes = []
    footnotes = footnotes or {}
    for index, (kind, marker, text) in enumerate(blocks):
        style = "B" if kind == "heading" else ""
        pdf.set_font("body", style, size=font_size + (1 if kind == "heading" else 0))
        if index in footnotes:
            number, note = footnotes[index]
            text = text.rstrip() + str(number)
            pending_notes.append((number, note))
        words = ((f"{marker} " if marker else "") + text).split()
        lines, current = [], ""
        measure = pdf.get_string_width
        for word in words:
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= width_mm:
                current = candidate
                continue
            if hyphenate and current:
                split = hyphen_split(word, width_mm - measure(current + " "), measure)
                if split:
                    lines.append(f"{current} {split[0]}")
                    current = split[1]
                    continue
            lines.append(current)
            current = word
        if current:
            lines.append(current)
        if kind == "heading":
            pdf.ln(2)
        for line in lines:
            if pdf.get_y() + line_h > pdf.h - 30 - 5 * len(pending_notes):
                _flush_notes(pdf, pending_notes)
                pending_notes = []
                pdf.add_page()
                pdf.set_font("body", style, size=font_size + (1 if kind == "heading" else 0))
            pdf.cell(width_mm, line_h, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_h * 0.6)
    _flush_notes(pdf, pending_notes)
    if encrypt_password is not None:
        pdf.set_encryption(owner_password="owner-" + encrypt_password, user_password=encrypt_password)
    pdf.output(str(path))


def _flush_notes(pdf, notes):
    if not notes:
        return
    y = pdf.get_y()
    pdf.set_y(max(y, pdf.h - 30 - 5 * len(notes)))
    pdf.set_font("body", size=7)
    for number, note in notes:
        pdf.cell(0, 4, f"{number} {note}", new_x="LMARGIN", new_y="NEXT")


def make_docx(path, blocks, *, header=None, footer=None, title=None):
    """Write a Word document with heading styles, bullet items and numbered paragraphs."""
    import docx

    document = docx.Document()
    document.core_properties.created = _FIXED_DATE.replace(tzinfo=None)
    document.core_properties.modified = _FIXED_DATE.replace(tzinfo=None)
    document.core_properties.last_modified_by = "scrlearn"
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if title:
        document.add_heading(title, level=0)
    for kind, marker, text in blocks:
        if kind == "heading":
            document.add_heading((f"{marker} " if marker else "") + text, level=1)
        elif kind == "item" and marker in (None, "•", "-", "–", "*", "·"):
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph((f"{marker} " if marker else "") + text)
    document.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path):
    """Rewrite a zip package with fixed entry times, so the same document gives the same bytes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)


def make_html(path, blocks, *, title, site="Safeguarding Partnership"):
    """Write a web page: site navigation, header and footer around the summary in ``<main>``."""
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)} | {html.escape(site)}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:auto}</style>",
        "<script>window.dataLayer = window.dataLayer || [];</script></head><body>",
        f'<header><a href="/">{html.escape(site)}</a> <nav><ul><li><a href="/about">About us</a></li>'
        '<li><a href="/reviews">Case reviews</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>',
        f"<main><h1>{html.escape(title)}</h1>",
    ]
    in_list = False
    for kind, marker, text in blocks:
        if kind == "item" and marker in (None, "•", "-", "–", "*", "·"):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html.escape(text)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        body = html.escape((f"{marker} " if marker else "") + text)
        parts.append(f"<h2>{body}</h2>" if kind == "heading" else f"<p>{body}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append(f"</main><footer><p>&copy; {html.escape(site)}. Cookies | Accessibility</p></footer>"
                 "</body></html>")
    Path(path).write_text("\n".join(parts), encoding="utf-8")
