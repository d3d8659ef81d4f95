"""Document structure: headings, paragraphs and list items, and the executive summary.

Cleaned text is kept as a list of :class:`Block` objects so that headings and
paragraph numbers ("1.1", "(a)", "•") stay structure instead of being glued into
sentences. :func:`render` turns blocks into the stored plain text (one block per
paragraph, blank lines between).
"""

import re
from dataclasses import dataclass

__all__ = ["Block", "split_marker", "looks_like_heading", "render", "find_summary_section"]

_MARKER = re.compile(
    r"""^(?P<marker>
        \d{1,2}(?:\.\d{1,2}){1,3}\.?     # 1.1  2.3.4  1.2.
      | \d{1,2}[.)]                      # 4.  4)
      | [A-H]\d{1,2}(?:\.\d{1,2})?(?=\s+[A-Z])  # A1  B2.3 (lettered sections)
      | \((?:[a-z]|[ivx]{1,4}|\d{1,2})\)   # (a) (iv) (3)
      | [a-hA-H][.)](?=\s)               # a)  b.
      | [•·▪◦●‣∙*–—-]                    # bullets and dashes
    )\s+(?=\S)""",
    re.VERBOSE,
)


@dataclass
class Block:
    """A unit of document structure.

    Parameters
    ----------
    kind : {"heading", "paragraph", "item"}
        A heading, a paragraph, or a list item (a paragraph led by a bullet).
    text : str
        The block's text, without its marker.
    marker : str or None
        A paragraph number ("2.3", "(a)") or bullet ("•") that leads the block.
    """

    kind: str
    text: str
    marker: str | None = None

    def render(self):
        """Return the block as one line of plain text."""
        return f"{self.marker} {self.text}" if self.marker else self.text

    def as_list(self):
        """Return ``[kind, marker, text]`` for JSON storage."""
        return [self.kind, self.marker, self.text]

    @classmethod
    def from_list(cls, item):
        kind, marker, text = item
        return cls(kind, text, marker)


def split_marker(text):
    """Split a leading paragraph number or bullet from ``text``.

    Returns
    -------
    (marker or None, rest)

    Examples
    --------
    >>> split_marker("2.3 The health visitor called.")
    ('2.3', 'The health visitor called.')
    >>> split_marker("• Agencies should share records.")
    ('•', 'Agencies should share records.')
    >>> split_marker("2009 was a difficult year.")
    (None, '2009 was a difficult year.')
    """
    match = _MARKER.match(text)
    if not match:
        return None, text
    marker = match.group("marker")
    rest = text[match.end():]
    # "4. In March..." is a numbered paragraph; "3. 5 mg" style noise is rare enough.
    return marker, rest


_TERMINAL = (".", ";", ",", "…")


def looks_like_heading(text, *, max_words=12):
    """Guess whether a stand-alone line of text is a heading.

    A heading is short, starts with a capital letter or a number, and does not
    end like a sentence (a question such as "What happened?" may be a heading).

    Examples
    --------
    >>> looks_like_heading("Executive Summary")
    True
    >>> looks_like_heading("The family moved to the area in 2012.")
    False
    """
    stripped = text.strip()
    if not stripped or len(stripped.split()) > max_words:
        return False
    if stripped.endswith(_TERMINAL) or (stripped.endswith(":") and len(stripped.split()) >= 3):
        return False
    if stripped.endswith("?") and len(stripped.split()) > 12:
        return False
    if stripped.endswith(('"', "”", "'", "’", ")")) and len(stripped.split()) > 6:
        return False
    first = stripped.lstrip("0123456789.() ")[:1] or stripped[:1]
    return first.isupper() or first.isdigit()


def render(blocks):
    """Return the plain text of blocks: one block per paragraph, blank lines between."""
    return "\n\n".join(block.render() for block in blocks if block.text.strip())


_SUMMARY_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:the\s+)?(?:executive\s+summary|summary\s+of\s+the\s+(?:overview\s+)?report)\b",
    re.IGNORECASE)
_MAJOR_SECTION = re.compile(
    r"^(?:(?:part|section)\s+\w+[:.\s-]*)?(?:\d+\.?\s+)?(?:the\s+)?(?:introduction|terms\s+of\s+reference|"
    r"methodology|method|the\s+review\s+process|review\s+process|family\s+background|background|"
    r"chronology|the\s+chronology|full\s+report|overview\s+report|analysis|appendix|appendices|"
    r"glossary|contents|table\s+of\s+contents|references|bibliography|acknowledgements|"
    r"the\s+review\s+team|membership\s+of\s+the\s+review\s+panel|panel\s+membership)\b",
    re.IGNORECASE)
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|\s{2,})\s*\d+\s*$")


def find_summary_section(blocks, *, min_words=80, min_report_words=1500):
    """Locate the executive summary inside a longer report.

    The summary starts after a heading such as "Executive Summary" (contents
    entries are ignored) and ends at the next heading that opens a major report
    section (Introduction, Terms of reference, Chronology, Analysis, Appendix...).
    A document counts as a full report only when it is long, the summary is at
    most half of it, and at least two major sections stand outside the summary;
    otherwise the heading is taken as the title of a document that is all summary.

    Parameters
    ----------
    blocks : list of Block
    min_words : int, default=80
        A candidate section shorter than this is not taken as the summary.
    min_report_words : int, default=1500
        Documents shorter than this are summaries, not full reports.

    Returns
    -------
    (start, end) or None
        Block indices of the summary's body (the heading excluded), or None when
        the document is not a longer report with a summary section inside it.
    """
    total_words = sum(len(b.text.split()) for b in blocks)
    if total_words < min_report_words:
        return None
    for i, block in enumerate(blocks):
        if block.kind != "heading" or not _SUMMARY_HEADING.match(block.render()):
            continue
        if _TOC_LINE.search(block.text):
            continue
        end = len(blocks)
        for j in range(i + 1, len(blocks)):
            if blocks[j].kind == "heading" and _MAJOR_SECTION.match(blocks[j].render()):
                end = j
                break
        words = sum(len(b.text.split()) for b in blocks[i + 1:end])
        majors_outside = sum(1 for k, b in enumerate(blocks) if b.kind == "heading"
                             and not i < k < end and _MAJOR_SECTION.match(b.render()))
        if words < min_words or words > 0.5 * total_words or majors_outside < 2:
            return None  # a title over the whole summary, or a summary with its own sections
        return i + 1, end
    return None
