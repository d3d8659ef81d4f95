"""Extraction from real PDF, DOCX, HTML and text files made here, and from broken ones."""

import pytest

from scrlearn._docmaker import make_docx, make_html, make_pdf
from scrlearn.errors import ExtractionError, UnsupportedFormat
from scrlearn.extract import extract_file
from tests.conftest import PARAGRAPHS, SENTENCES
from tests.docs import HEADER, blocks, long_blocks, write_broken


def test_multipage_pdf_gives_every_sentence_whole_and_no_furniture(tmp_path):
    path = tmp_path / "child-t.pdf"
    footnotes = {3: (1, "Working Together to Safeguard Children (2013), chapter 4."),
                 9: (2, "The practice has since changed its protocol.")}
    make_pdf(path, long_blocks(4), header=HEADER, footnotes=footnotes)
    from pypdf import PdfReader

    assert len(PdfReader(path).pages) >= 3
    extracted = extract_file(path)
    text = extracted.full_text
    for sentence in SENTENCES:
        assert sentence in text, sentence
    assert "Harrowby Vale Safeguarding Children Board |" not in text
    assert "Page " not in text and "Working Together to Safeguard" not in text
    assert all(line.strip() and not line.strip().isdigit() for line in text.split("\n\n"))
    # numbered paragraphs stay structure, each its own block
    markers = [b.marker for b in extracted.blocks if b.kind == "paragraph"]
    assert markers[:5] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert extracted.blocks[-1].kind == "item"


def test_pdf_hyphenation_across_lines_is_mended(tmp_path):
    path = tmp_path / "hyph.pdf"
    words = ("Notwithstanding considerable organisational restructuring, practitioners "
             "consistently underestimated the significance of contemporaneous safeguarding "
             "information, particularly regarding unacknowledged relationships. ") * 6
    make_pdf(path, [("paragraph", None, words)], width_mm=70)
    raw = path.read_bytes()
    assert raw  # the layout really hyphenated something:
    from pypdf import PdfReader

    assert any(line.endswith("-") for line in PdfReader(path).pages[0].extract_text().split("\n"))
    assert extract_file(path).text == words.strip()


def test_docx_headings_lists_and_paragraphs(tmp_path):
    path = tmp_path / "child-t.docx"
    make_docx(path, blocks() + [("item", "•", "Check who lives in the household.")],
              header=HEADER, footer="Page 1")
    extracted = extract_file(path)
    assert [b.kind for b in extracted.blocks] == ["heading"] + ["paragraph"] * len(PARAGRAPHS) + ["item"]
    assert HEADER not in extracted.full_text
    for sentence in SENTENCES:
        assert sentence in extracted.text


def test_html_main_text_without_navigation_or_footer(tmp_path):
    path = tmp_path / "child-t.html"
    make_html(path, blocks(), title="Serious Case Review: Child T")
    extracted = extract_file(path)
    assert "About us" not in extracted.full_text and "Cookies" not in extracted.full_text
    assert "dataLayer" not in extracted.full_text
    assert extracted.blocks[0].kind == "heading"
    for sentence in SENTENCES:
        assert sentence in extracted.text


def test_cp1252_and_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("The social worker’s note said “no concerns” – twice.".encode("cp1252"))
    assert extract_file(path).text == "The social worker’s note said “no concerns” – twice."
    path = tmp_path / "latin.txt"
    path.write_bytes("Café visit by the family support worker in Señor Ruiz’s absence.".replace("’", "'")
                     .encode("latin-1"))
    assert "Café" in extract_file(path).text


@pytest.mark.parametrize("name", ["truncated.pdf", "corrupt.pdf", "locked.pdf", "empty.txt", "junk.txt",
                                  "notzip.docx"])
def test_broken_files_raise_a_clear_error_naming_the_file(tmp_path, name):
    expected = write_broken(tmp_path)
    with pytest.raises(ExtractionError) as info:
        extract_file(tmp_path / name)
    message = str(info.value)
    assert name in message and expected[name].lower() in message.lower()
    assert "\n" not in message


def test_size_limit_and_unsupported_type(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("The child was seen. " * 1000)
    with pytest.raises(ExtractionError, match="too large"):
        extract_file(path, max_bytes=1000)
    other = tmp_path / "notes.rtf"
    other.write_text("{\\rtf1 hello}")
    with pytest.raises(UnsupportedFormat, match="unsupported file type"):
        extract_file(other)
