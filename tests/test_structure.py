"""Headings, markers and finding the executive summary inside a full report."""

from scrlearn._docmaker import make_pdf
from scrlearn.extract import extract_file
from scrlearn.structure import Block, find_summary_section, split_marker
from tests.conftest import PARAGRAPHS


def _p(text):
    return Block("paragraph", text)


def test_markers():
    assert split_marker("(b) the police did not attend") == ("(b)", "the police did not attend")
    assert split_marker("3. Findings") == ("3.", "Findings")
    assert split_marker("3 March 2009 was the date") == (None, "3 March 2009 was the date")


def test_summary_found_between_contents_and_introduction():
    body = " ".join(s for p in PARAGRAPHS for s in p)
    blocks = [Block("heading", "Contents"), _p("Executive Summary .......... 3"),
              Block("heading", "Executive Summary ..... 3"),
              Block("heading", "Executive Summary"), _p(body),
              Block("heading", "1. Introduction"), _p(body), Block("heading", "Chronology"), _p(body * 2)]
    assert find_summary_section(blocks, min_report_words=100) == (4, 5)
    assert find_summary_section(blocks) is None  # under 1,500 words: a summary, not a report


def test_a_document_that_is_only_a_summary_has_no_section():
    body = " ".join(s for p in PARAGRAPHS for s in p)
    assert find_summary_section([Block("heading", "Executive Summary"), _p(body)]) is None


def test_overview_report_pdf_stores_its_summary(tmp_path):
    body = [" ".join(p) for p in PARAGRAPHS]
    blocks = ([("heading", None, "Overview Report: Child T"), ("heading", None, "Executive Summary")]
              + [("paragraph", None, b) for b in body]
              + [("heading", "1.", "Introduction"), ("paragraph", None, "This report was written for the board. " * 80),
                 ("heading", "2.", "Chronology"), ("paragraph", None, "In May the family moved house. " * 150),
                 ("heading", "3.", "Analysis"), ("paragraph", None, "Records were kept apart. " * 60)])
    path = tmp_path / "overview.pdf"
    make_pdf(path, blocks, header="Overview report")
    extracted = extract_file(path)
    assert extracted.summary is not None
    assert extracted.text == "\n\n".join(body)
    assert "Chronology" in extracted.full_text and "Chronology" not in extracted.text
