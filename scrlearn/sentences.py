"""Sentence segmentation tuned to review prose, and the store's sentence cache.

Sentences are cut inside paragraph and list-item blocks only: headings are not
sentences, and paragraph numbers ("2.3", "(a)", "•") are structure, not words
of the first sentence. A boundary is a full stop, question or exclamation mark
(with any closing quotes or brackets) followed by space and a capital, digit or
opening quote, unless the word before it is an abbreviation or title
("Dr.", "No. 3", "approx.", "e.g.", "et al."), or an initial after a title
("Mrs J. Ashdown"). Dates and times with dots ("03.03.09", "10.30pm") have no
space after the dot and are never cut.
"""

import re
from dataclasses import dataclass

from .structure import Block

__all__ = ["Sentence", "split_sentences", "lowercase_vocabulary", "document_sentences", "stored_sentences", "SEGMENTER_VERSION"]

SEGMENTER_VERSION = "rules-2"

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "rev", "revd", "st", "sgt", "insp", "supt", "det", "pc", "dc",
    "ds", "cllr", "no", "nos", "nr", "approx", "apprx", "e.g", "i.e", "eg", "ie", "al", "cf", "vs", "viz",
    "para", "paras", "pp", "fig", "vol", "ch", "sec", "ref", "tel", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "ca", "est", "dept", "co", "inc", "ed", "eds", "op", "cit",
    "ibid", "mth", "wk", "wks", "yr", "yrs", "hrs", "mins", "a.m", "p.m",
}
# Abbreviations that often end a sentence too: cut after them when a capital follows.
_SENTENCE_FINAL_ABBREVIATIONS = {"etc", "ltd", "plc", "a.m", "p.m", "yrs", "wks", "hrs", "mins", "al"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "rev", "sgt", "pc", "dc", "ds", "cllr", "insp"}
_CANDIDATE = re.compile(r"[.?!…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document.

    Attributes
    ----------
    position : int
        Index in document order.
    text : str
    paragraph : int
        Index of its block among the document's non-heading blocks.
    start, end : int
        Character offsets in the document's stored text.
    """

    position: int
    text: str
    paragraph: int
    start: int
    end: int


def _word_before(text, index):
    match = re.search(r"([A-Za-z][A-Za-z.'’]*)$", text[:index].rstrip())
    return match.group(1) if match else ""


# Words that start sentences; with the words a text uses in lower case, they tell a
# sentence start ("Mr W. The plan...") from a surname after an initial ("Mrs J. Ashdown").
_COMMON_STARTERS = set("""
a an the this that these those there here it its he she they we i you his her their our my
in on at by for from with without within after before during between when while where whereas
if although though because since as but and or nor so yet however therefore thus also further
furthermore moreover nevertheless instead no not none nobody neither each every all both
some several many most one two three four five six seven eight nine ten no other such what
which who whom whose how why once until unless despite following throughout over under
officers police staff practitioners professionals agencies records neither nor
mr mrs ms miss dr child baby more less then later earlier later still overall together only even
""".split())


def _is_sentence_start(word, vocabulary):
    lower = word.lower()
    return lower in _COMMON_STARTERS or lower in vocabulary


def split_sentences(text, vocabulary=None):
    """Split one paragraph into sentences.

    Parameters
    ----------
    text : str
    vocabulary : set of str, optional
        Words the document uses in lower case (see :func:`lowercase_vocabulary`);
        a capitalised word after an initial that is in it starts a new sentence.

    Examples
    --------
    >>> split_sentences("Mrs J. Ashdown chaired it. Dr. Khan saw Child J. She was fine.")
    ['Mrs J. Ashdown chaired it.', 'Dr. Khan saw Child J.', 'She was fine.']
    >>> split_sentences("Room No. 3 held approx. 20 files, e.g. Ofsted's. On 03.03.09 at 10.30pm nothing.")
    ["Room No. 3 held approx. 20 files, e.g. Ofsted's.", 'On 03.03.09 at 10.30pm nothing.']
    """
    if vocabulary is None:
        vocabulary = lowercase_vocabulary(text)
    sentences, start = [], 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if match.group(0)[0] == ".":
            word = _word_before(text, match.start())
            lower = word.lower()
            next_char = text[end:].lstrip()[:1]
            if lower in _ABBREVIATIONS and (lower not in _SENTENCE_FINAL_ABBREVIATIONS or not next_char.isupper()):
                continue
            if len(word) == 1 and word.islower():
                continue  # "p. 12", "c. 1990"
            if len(word) == 1 and word.isupper():
                following = re.match(r"\s+[\"'“‘(\[]?([A-Za-z]+)", text[end:])
                next_word = following.group(1) if following else ""
                starts = _is_sentence_start(next_word, vocabulary) and (
                    len(next_word) > 1 or re.match(r"\s+[AI]\s+[a-z]", text[end:]))
                if not starts:
                    continue  # "Mrs J. Ashdown", "J. K. Smith"; but "Child D. Officers found..."
            if "." in word and len(word) <= 5 and lower not in _SENTENCE_FINAL_ABBREVIATIONS:
                continue  # other dotted abbreviations ("e.g.", "U.K.")
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def lowercase_vocabulary(text):
    """Return the set of words that occur in lower case in ``text``."""
    return set(re.findall(r"\b[a-z][a-z']+\b", text))


def document_sentences(blocks):
    """Return the :class:`Sentence` objects of a document's blocks (headings left out).

    Offsets refer to the text :func:`scrlearn.structure.render` makes of the same blocks.
    """
    blocks = [Block.from_list(b) if isinstance(b, list) else b for b in blocks]
    vocabulary = lowercase_vocabulary(" ".join(b.text for b in blocks))
    out, offset, paragraph = [], 0, 0
    for block in blocks:
        rendered = block.render()
        if not rendered.strip():
            continue
        if block.kind != "heading":
            body_start = offset + (len(block.marker) + 1 if block.marker else 0)
            cursor = 0
            for sentence in split_sentences(block.text, vocabulary):
                local = block.text.find(sentence, cursor)
                cursor = local + len(sentence)
                out.append(Sentence(len(out), sentence, paragraph, body_start + local, body_start + cursor))
            paragraph += 1
        offset += len(rendered) + 2
    return out


def stored_sentences(store, doc_id):
    """Return a document's sentences, segmenting and caching them in the store when needed."""
    rows = store.conn.execute(
        "SELECT position, text, paragraph, start, end FROM sentences WHERE document_id=? AND segmenter=? "
        "ORDER BY position", (doc_id, SEGMENTER_VERSION)).fetchall()
    if rows:
        return [Sentence(*row) for row in rows]
    row = store.get(doc_id)
    blocks = row.blocks
    if row.summary_section and "summary_blocks" in row.extra:
        start, end = (int(x) for x in row.extra["summary_blocks"].split("-"))
        blocks = blocks[start:end]
    sentences = document_sentences(blocks)
    with store.transaction() as conn:
        conn.execute("DELETE FROM sentences WHERE document_id=?", (doc_id,))
        conn.executemany(
            "INSERT INTO sentences (document_id, position, text, start, end, paragraph, segmenter) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, s.position, s.text, s.start, s.end, s.paragraph, SEGMENTER_VERSION) for s in sentences])
    return sentences
