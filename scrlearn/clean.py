"""Clean-up of text extraction artefacts.

PDF and plain-text extraction gives lines on pages, with the printed page's
furniture mixed in. The steps here, in order, turn that into structured text:

1. :func:`normalise_characters`: ligatures, non-breaking and zero-width spaces,
   soft hyphens, control characters, tabs and runs of spaces.
2. :func:`remove_page_furniture`: running headers and footers (lines that recur
   in the top or bottom lines of many pages, found by comparison, not by a fixed
   list) and page numbers ("12", "- 12 -", "Page 3 of 12").
3. :func:`remove_footnotes`: footnote lines at the foot of a page whose marker is
   cited in that page's text, and the markers themselves.
4. :func:`join_lines`: words hyphenated across line breaks mended, hard-wrapped
   lines joined back into paragraphs, headings and numbered paragraphs kept as
   :class:`~scrlearn.structure.Block` objects.

:func:`clean_pages` runs them all; :data:`CLEANING_STEPS` lists them so a
surprising result can be stepped through.
"""

import math
import re
from collections import Counter

from .structure import Block, looks_like_heading, split_marker

__all__ = [
    "normalise_characters",
    "remove_page_furniture",
    "remove_footnotes",
    "join_lines",
    "clean_pages",
    "clean_text",
    "CLEANING_STEPS",
]

_LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u0132": "IJ", "\u0133": "ij",
}
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MULTISPACE = re.compile(r" {2,}")


def normalise_characters(text):
    """Replace ligatures and odd spaces, drop invisible and control characters.

    Examples
    --------
    >>> normalise_characters("the \ufb01rst  of\u00a0\ufb02oors\u00ad")
    'the first of floors'
    """
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _MULTISPACE.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,3}|[ivx]{1,5})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE)
_ZONE = 3  # lines at the top and at the foot of a page where furniture sits


def _furniture_key(line):
    return re.sub(r"\d+", "#", line.lower()).strip()


def is_page_number(line):
    """Return True for a line that is only a page number.

    Examples
    --------
    >>> [is_page_number(s) for s in ["12", "- 4 -", "Page 3 of 12", "iv", "1.1 The"]]
    [True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(line.strip()))


def _zones(lines):
    """Map the indices of the top and foot lines of a page to "top" or "foot"."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    zones = {i: "foot" for i in filled[-_ZONE:]}
    zones.update({i: "top" for i in filled[:_ZONE]})
    return zones


def remove_page_furniture(pages):
    """Drop running headers, footers and page numbers from a list of pages.

    Parameters
    ----------
    pages : list of list of str
        Each page as its lines.

    Returns
    -------
    list of list of str
        The pages without furniture lines.
    """
    if len(pages) == 1 and sum(1 for line in pages[0] if is_page_number(line)) >= 2:
        pages = _split_at_page_numbers(pages[0])
    counts = Counter()
    for lines in pages:
        counts.update({(zone, _furniture_key(lines[i])) for i, zone in _zones(lines).items()})
    threshold = max(2, math.ceil(0.4 * len(pages)))
    repeated = {key for key, n in counts.items() if n >= threshold and key[1]}
    cleaned = []
    for lines in pages:
        zones = _zones(lines)
        kept = []
        for i, line in enumerate(lines):
            if i in zones and ((zones[i], _furniture_key(line)) in repeated or is_page_number(line)):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _split_at_page_numbers(lines):
    """Split one long text at page-number lines, keeping each number with its page."""
    pages, current = [], []
    for line in lines:
        current.append(line)
        if is_page_number(line):
            pages.append(current)
            current = []
    if current:
        pages.append(current)
    return pages


_FOOTNOTE_LINE = re.compile(r"^(?P<n>\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})\s*(?=[A-Z\"“'‘(])")
# A footnote marker sticks to a word: after a letter or a closing bracket or quote, or
# after punctuation that itself follows a letter ("guidance.3"), never after "1." of "1.1".
_CITE_BEFORE = r"(?:(?<=[A-Za-z)”\"])|(?<=[A-Za-z][.,;:]))"
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def remove_footnotes(pages):
    """Drop footnotes at the foot of each page, and their markers in the text.

    A line at the foot of a page that starts with a number is a footnote only if
    the same number is cited on that page as a marker stuck to a word
    ("guidance3 said" or "guidance³ said"); numbered paragraphs are left alone.
    """
    cleaned = []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        start = None
        # Walk up from the foot while lines look like footnotes (or their continuations).
        for i in reversed(filled[-6:]):
            match = _FOOTNOTE_LINE.match(lines[i])
            if match:
                n = match.group("n").translate(_SUPERSCRIPTS)
                cited = re.search(rf"{_CITE_BEFORE}(?:{re.escape(n)}|{_sup(n)})(?=[\s.,;:)]|$)",
                                  "\n".join(lines[:i]))
                if cited:
                    start = i
                    continue
            if start is None:
                continue
            break
        if start is None:
            cleaned.append([re.sub(r"(?<=[A-Za-z.,;:)])[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", line) for line in lines])
            continue
        numbers = {(_FOOTNOTE_LINE.match(lines[i]).group("n").translate(_SUPERSCRIPTS))
                   for i in filled if i >= start and _FOOTNOTE_LINE.match(lines[i])}
        body = lines[:start]
        pattern = "|".join(sorted({re.escape(n) for n in numbers} | {_sup(n) for n in numbers},
                                  key=len, reverse=True))
        body = [re.sub(rf"{_CITE_BEFORE}(?:{pattern})(?=[\s.,;:)]|$)", "", line) for line in body]
        cleaned.append(body)
    return cleaned


def _sup(number):
    return number.translate(str.maketrans("1234567890", "¹²³⁴⁵⁶⁷⁸⁹⁰"))


# Prefixes after which a hyphen at a line break is part of the word ("well-known").
_HYPHEN_PREFIXES = {
    "non", "self", "co", "well", "multi", "cross", "anti", "semi", "mid",
    "ill", "half", "full", "part", "long", "short", "step", "child", "face", "father", "mother",
    "grand", "great", "follow", "first", "second", "third", "pre-birth", "inter-agency",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_TERMINAL_END = re.compile(r"[.!?:;][\"”’')\]]*$")


def _wrap_width(lines):
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def looks_hard_wrapped(lines):
    """Guess whether text lines were wrapped at a fixed width (True) or are paragraphs (False)."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < 4:
        return False
    width = _wrap_width(filled)
    if width > 140 or width < 20:
        return False
    near_full = sum(1 for line in filled if len(line) >= 0.6 * width)
    return near_full / len(filled) >= 0.4


def _dehyphenate(left, right, vocabulary):
    """Join a line ending in a hyphen to the next line, keeping the hyphen if it is real."""
    head = re.search(r"([A-Za-z0-9]+)-$", left)
    tail = re.match(r"[A-Za-z0-9]+", right)
    if not head or not tail:
        return left + " " + right
    first, second = head.group(1), tail.group(0)
    joined, hyphened = (first + second).lower(), f"{first}-{second}".lower()
    keep = False
    if first.isdigit() or second[:1].isupper() or second.isdigit():
        keep = True
    elif vocabulary.get(hyphened, 0) > 0 and vocabulary.get(joined, 0) == 0:
        keep = True
    elif vocabulary.get(joined, 0) > 0:
        keep = False
    elif first.lower() in _HYPHEN_PREFIXES:
        keep = True
    return (left if keep else left[:-1]) + right


def _vocabulary(lines):
    """Word counts of the document (hyphenated compounds as written), leaving out line-end fragments."""
    counts = Counter()
    for line in lines:
        body = line[:-1] if line.endswith("-") else line
        for token in re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", body):
            counts[token.lower()] += 1
    return counts


def join_lines(lines, *, wrapped=None, heading_lines=()):
    """Join hard-wrapped lines into paragraphs and classify them as blocks.

    Parameters
    ----------
    lines : list of str
        Lines in reading order; an empty string is a blank line (a paragraph break).
    wrapped : bool or None
        Whether the lines are wrapped at a fixed width (PDF text always is).
        None guesses with :func:`looks_hard_wrapped`.
    heading_lines : set of str, optional
        Lines known to be headings: they never join a paragraph.

    Returns
    -------
    list of Block
    """
    if wrapped is None:
        wrapped = looks_hard_wrapped(lines)
    width = _wrap_width(lines)
    vocabulary = _vocabulary(lines)
    headings = {" ".join(h.split()) for h in heading_lines}
    paragraphs, current, previous, in_heading = [], None, "", False
    for line in lines:
        line = line.strip()
        if not line:
            if current is not None:
                paragraphs.append(current)
                current = None
            continue
        is_heading = " ".join(line.split()) in headings
        if current is None:
            current = line
        elif is_heading != in_heading and headings:
            paragraphs.append(current)
            current = line
        elif _breaks(current, previous, line, wrapped, width):
            paragraphs.append(current)
            current = line
        elif current.endswith("-") and re.match(r"[A-Za-z0-9]", line):
            current = _dehyphenate(current, line, vocabulary)
        else:
            current = current + " " + line
        previous, in_heading = line, is_heading
    if current is not None:
        paragraphs.append(current)
    return [_to_block(p) for p in paragraphs]


def _breaks(current, previous, line, wrapped, width):
    """Decide whether ``line`` starts a new paragraph after ``current`` (last line ``previous``)."""
    if current.startswith("#") or line.startswith("#"):
        return True
    if not wrapped:
        return True
    ends_sentence = bool(_TERMINAL_END.search(current))
    short = len(previous) < 0.7 * width
    marker, _ = split_marker(line)
    if marker is not None and (ends_sentence or short or not marker[0].isdigit()) and not (
            marker in {"-", "–", "—"} and current.endswith("-")):
        return True  # a numbered line after a full line that runs on ("Year / 8. She") is no marker
    if current == previous and looks_like_heading(current) and line[:1].isupper() and short:
        return True
    if short and ends_sentence:
        return True
    if ends_sentence and looks_like_heading(line) and len(line) < 0.7 * width:
        return True  # a heading line after a paragraph that ended on a full line
    if short and not current.endswith((",", "-")) and line[:1].isupper() and _is_heading_text(current):
        return True  # a wrapped heading ("Finding 1: the ... / ... same mother") before its paragraph
    return False


def _is_heading_text(paragraph, max_words=25):
    """A paragraph that does not end like a sentence and is not long is a heading."""
    stripped = paragraph.strip()
    return (0 < len(stripped.split()) <= max_words and not _TERMINAL_END.search(stripped)
            and not stripped.endswith((",", "…")) and _starts_like_heading(stripped))


def _starts_like_heading(text):
    first = text.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def _to_block(paragraph):
    if paragraph.startswith("#"):
        return Block("heading", paragraph.lstrip("#").strip())
    marker, rest = split_marker(paragraph)
    if marker is None:
        heading = looks_like_heading(paragraph) or _is_heading_text(paragraph)
        return Block("heading" if heading else "paragraph", paragraph)
    if marker[0].isdigit() and (looks_like_heading(rest, max_words=10) or _is_heading_text(rest)):
        return Block("heading", rest, marker)
    if marker[0].isdigit() or marker[0] == "(" and marker[1:2].isdigit():
        return Block("paragraph", rest, marker)
    return Block("item", rest, marker)


def clean_pages(pages, *, wrapped=True, heading_lines=()):
    """Run every cleaning step over the pages of one document.

    Parameters
    ----------
    pages : list of str
        The raw text of each page.
    wrapped : bool or None, default=True
        Whether lines are wrapped at a fixed width (see :func:`join_lines`).
    heading_lines : set of str, optional
        Lines known to be headings (set in bold in a PDF, say).

    Returns
    -------
    list of Block

    Examples
    --------
    >>> pages = ["Oakhaven Board\\nThe nurse was not told of the re-\\nferral that the school made in",
    ...          "Oakhaven Board\\nMay. She visited twice.\\nPage 2"]
    >>> [b.text for b in clean_pages(pages)]
    ['The nurse was not told of the referral that the school made in May. She visited twice.']
    """
    lines_per_page = [normalise_characters(page).split("\n") for page in pages]
    lines_per_page = remove_page_furniture(lines_per_page)
    lines_per_page = remove_footnotes(lines_per_page)
    lines = [line for page in lines_per_page for line in page]
    return join_lines(lines, wrapped=wrapped, heading_lines=heading_lines)


def clean_text(text):
    """Clean a plain-text document: form feeds separate pages; wrapping is guessed.

    Examples
    --------
    >>> [b.render() for b in clean_text("Summary\\n\\n1.1 The GP saw Child K.\\n\\n1.2 Nobody asked why.")]
    ['Summary', '1.1 The GP saw Child K.', '1.2 Nobody asked why.']
    """
    return clean_pages(text.split("\f"), wrapped=None)


#: The cleaning steps in the order :func:`clean_pages` applies them.
CLEANING_STEPS = (normalise_characters, remove_page_furniture, remove_footnotes, join_lines)
