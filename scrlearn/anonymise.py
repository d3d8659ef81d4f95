"""Anonymisation of anything shown outside the tool (examples, reports).

Finds personal names (with titles; first names from a shipped list or used as a
name through the document), exact dates, addresses and postcodes, telephone
numbers, adults' exact ages, and named schools, hospitals, surgeries and
neighbourhoods, and replaces them with placeholders that stay consistent
within a document: the same person is ``[ADULT 1]`` (a name with a title) or
``[PERSON 1]`` everywhere, the same street ``[ADDRESS 1]``.

Letter pseudonyms ("Child M", "Mr G", "Sibling 1"), the publishing area and its
agencies, months with years, and children's ages are kept: they are already
anonymous, or needed to read the case.

Examples
--------
>>> a = Anonymiser(keep=["Meresby"])
>>> a.anonymise("Mrs Pryce visited Hannah on 3 March 2012 at 4 Tanner Row, Meresby. Hannah was asleep.")
'[ADULT 1] visited [PERSON 1] on [DATE] at [ADDRESS 1], Meresby. [PERSON 1] was asleep.'
"""

import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["Span", "Anonymiser", "find_spans", "SPAN_TYPES"]

SPAN_TYPES = ("PERSON", "DATE", "ADDRESS", "PHONE", "AGE", "PLACE")

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Rev|Revd|Sgt|Sergeant|PC|DC|DS|DI|Cllr|Councillor|Judge)"
_NAME = r"[A-Z][a-z]+(?:['’][A-Z][a-z]+|-[A-Z]?[a-z]+)*"
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_AGE_WORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|sixteen|seventeen|eighteen|nineteen|\d{2})"
_STREET = (r"(?:Road|Street|Lane|Avenue|Close|Drive|Row|Way|Crescent|Terrace|Walk|Grove|Place|Gardens|Court|"
           r"Square|Mews|Parade|Rise|View|Hill|Green|Wynd|Brae|Vennel)")
_INSTITUTION = (r"(?:Children's Hospital|Children’s Hospital|Primary School|High School|Secondary School|Infant School|Junior School|School|Academy|College|"
                r"Nursery|Pre-school|Surgery|Medical Centre|Health Centre|Medical Practice|Practice|Hospital|"
                r"Infirmary|Clinic|Children's Centre|Family Centre|Hostel|Refuge|Unit)")

_PATTERNS = [
    ("PHONE", re.compile(r"(?<!\d)(?:\+44\s?\d{2,4}|0\d{2,4})[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")),
    ("ADDRESS", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")),  # postcodes
    ("DATE", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b(?:,?\s+\d{{4}})?")),
    ("DATE", re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b")),
    ("DATE", re.compile(r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?!\d|\.\d)")),
    ("ADDRESS", re.compile(rf"\b(?:(?:[Ff]lat|[Hh]ouse)\s+\d+[A-Za-z]?,?\s+)?(?:\d+[A-Za-z]?\s+)?"
                           rf"(?:{_NAME}['’]?s?\s+){{1,3}}{_STREET}\b")),
    ("ADDRESS", re.compile(r"\b(?:Heol|Ffordd|Stryd|Lôn|Lon)\s+(?:[a-z]{1,3}\s+)?[A-Z][a-z]+\b")),
    ("ADDRESS", re.compile(rf"\b(?:the\s+)?{_NAME}\s+(?:estate|Estate)\b")),
    ("ADDRESS", re.compile(rf"\b{_NAME}\s+(?:House|Tower|Towers|Flats|Mansions)\b")),
    ("PLACE", re.compile(rf"\b(?:St\.?\s+{_NAME}['’]s(?:\s+{_INSTITUTION})?|(?:{_NAME}\s+){{1,4}}{_INSTITUTION})\b"
                         r"(?!\s+(?:Review|Reviews|Panel|Board|Standards|Guidance|Group))")),
    ("PLACE", re.compile(rf"(?<=the\s){_NAME}(?=\s+(?:district|area|ward|neighbourhood)\b)")),
    ("AGE", re.compile(rf"\b(?:then\s+)?aged\s+{_AGE_WORD}\b(?!\s*(?:weeks|months))")),
    ("AGE", re.compile(rf"\b{_AGE_WORD}-year-old\b(?=\s+(?:man|woman|mother|father|partner|"
                       rf"boyfriend|girlfriend|sister|brother|aunt|uncle|adult|stepfather|stepmother|cousin))")),
    ("AGE", re.compile(rf"(?:(?<=\bwas\s)|(?<=\bis\s)|(?<=\bwere\s)){_AGE_WORD}\b(?=\s*(?:[,.;]|and\b|when\b))")),
    ("PERSON", re.compile(rf"\b{_TITLE}\.?\s+(?:[A-Z]\.\s*)*{_NAME}(?:\s+{_NAME})?\b")),
]
_TITLE_ONLY = re.compile(rf"^{_TITLE}\.?\s+(?:[A-Z]\.\s*)*(?P<rest>.*)$")
# Capitalised words that are never personal names in this prose.
_NOT_NAMES = set("""
The A An This That These Those There Their They He She It We Our His Her In On At By For From With
When While Where After Before During Between Although Though Because Since As But And Or If Once
Child Children Baby Sibling Siblings Adult Young Person Mother Father Board Partnership Trust Council
Police Service Services Review Reviews Court Hospital School Team Panel Committee Chair Panel Agency
Safeguarding Social Care Health Children's Local Serious Case Practice Learning Executive Summary
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Christmas Easter English Welsh Scottish Irish British
Polish Romanian Muslim Christian Islamic NHS GP Year Section Chapter Appendix Finding Findings
Recommendation Recommendations Lessons Introduction Background Analysis Conclusion Conclusions
Working Together Ofsted Home Office Nobody None No Not Each Every All Both Some Several Many Most Other
Mr Mrs Ms Miss Mx Dr Prof Professor Rev Sgt Sergeant Cllr Judge Sir Dame Lord Lady
England Wales Scotland Ireland Northern Britain Great Kingdom Europe European Eastern Western UK
Roma Gypsy Traveller Travellers Asian African Caribbean Pakistani Bangladeshi Indian Somali Nigerian
Ghanaian Eritrean Lithuanian Latvian Syrian Afghan Kurdish Arabic Urdu Punjabi Bengali Romani Heddlu
Help Early Start Flying Constabulary Hub Centre Unit Office Department Authority Directorate Foundation
Gaelic Catholic Protestant Jewish Sikh Hindu Jehovah's Witness Witnesses Black White Mixed
""".split())


@dataclass(frozen=True, order=True)
class Span:
    """A detail found in a text: characters ``start:end`` of type ``type``."""

    start: int
    end: int
    type: str

    def text(self, source):
        return source[self.start:self.end]


def _first_names():
    text = resources.files("scrlearn.data").joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def find_spans(text, *, keep=(), context=None):
    """Find identifying spans in ``text``.

    Parameters
    ----------
    text : str
    keep : iterable of str
        Words never to mark (the publishing area, its agencies).
    context : str, optional
        The whole document, when ``text`` is an excerpt of it: names used
        through the document are recognised in the excerpt too.

    Returns
    -------
    list of Span
        Non-overlapping, in order; where patterns overlap the longest wins.
    """
    keep = {w.lower() for k in keep for w in re.findall(r"[A-Za-z']+", k)}
    found = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = m.group(0)
            if any(word.lower() in keep for word in re.findall(r"[A-Za-z']+", span)) and kind in ("PLACE",):
                if not re.search(_INSTITUTION + r"$", span):
                    continue
            if kind == "PERSON":
                rest = _TITLE_ONLY.match(span).group("rest")
                if len(rest.replace(".", "").strip()) <= 2 or rest.split()[0] in _NOT_NAMES:
                    continue  # "Mr G", "Ms Rh": letter pseudonyms
            if kind == "AGE" and _age_value(span) is not None and _age_value(span) < 16:
                continue
            found.append(Span(m.start(), m.end(), kind))
    found.extend(_bare_names(text, context or text, keep))
    return _resolve(found)


def _age_value(span):
    number = re.search(r"\d{2}", span)
    if number:
        return int(number.group(0))
    words = re.findall(r"[a-z]+", span.lower())
    total = sum(_NUMBER_WORDS.get(w, 0) for w in words)
    return total or None


def _bare_names(text, context, keep):
    """First names and surnames without a title: from the name list, or used as names through the document.

    A capitalised word that the document never writes in lower case is a name when
    it is a known first name, or when it recurs in the document standing alone
    (not inside a run of capitalised words, which is more often a service's name).
    """
    names = _first_names()
    lower_words = set(re.findall(r"\b[a-z][a-z']+\b", context))
    counts = {}
    for m in re.finditer(rf"(?<![\w&])({_NAME})(?![\w&])", context):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    words = list(re.finditer(rf"(?<![\w&-]){_NAME}(?![\w&-])", text))
    spans, skip_next = [], False
    for i, m in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        word = m.group(0)
        if word in _NOT_NAMES or word.lower() in keep or word.lower() in lower_words or len(word) <= 2:
            continue
        following = text[m.end():m.end() + 16]
        if re.match(r"\s+(?:Police|Council|Trust|Board|Partnership|Borough|County|City|Constabulary|"
                    r"Committee|NHS|Health|Hospital|Children|Safeguarding|Service|Services|Team)\b", following):
            continue
        prev_cap = i > 0 and text[words[i - 1].end():m.start()] == " " and _neighbour(text, words[i - 1])
        next_cap = i + 1 < len(words) and text[m.end():words[i + 1].start()] == " " and _neighbour(text, words[i + 1])
        sentence_start = re.search(r"(?:^|[.!?:;\"“(]\s*|\n)$", text[:m.start()]) is not None
        possessive = following.startswith(("'s", "’s"))
        known = word in names
        recurring = counts.get(word, 0) >= 2 and not prev_cap and not next_cap and (not sentence_start or possessive)
        if known or recurring:
            end = m.end()
            surname = next_cap and words[i + 1].group(0) not in _NOT_NAMES
            if known and surname and words[i + 1].group(0).lower() not in lower_words | keep:
                end = words[i + 1].end()
                skip_next = True
            spans.append(Span(m.start(), end, "PERSON"))
    return spans


def _neighbour(text, match):
    """Whether a capitalised word next to a candidate makes a run of capitals (a service's name, say)."""
    word = match.group(0)
    if re.fullmatch(_TITLE, word):
        return False
    return re.search(r"(?:^|[.!?:;\"“(]\s*|\n)$", text[:match.start()]) is None


def _resolve(spans):
    chosen = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen)


class Anonymiser:
    """Replace identifying details with placeholders, consistently within a document.

    Parameters
    ----------
    keep : iterable of str
        Words to leave (the area, the board, agencies' names).
    """

    def __init__(self, keep=()):
        self.keep = tuple(keep)

    def spans(self, text, context=None):
        """The identifying spans of ``text`` (see :func:`find_spans`)."""
        return find_spans(text, keep=self.keep, context=context)

    def anonymise(self, text, *, context=None, mapping=None):
        """Return ``text`` with placeholders.

        Parameters
        ----------
        text : str
        context : str, optional
            The whole document when ``text`` is an excerpt.
        mapping : dict, optional
            Placeholders already given in this document (updated in place), so
            several excerpts of one document share them.
        """
        mapping = {} if mapping is None else mapping
        spans = self.spans(text, context=context)
        known = {name for kind, name in mapping if kind in ("ADULT", "PERSON")}
        if known:  # names already met in this document, wherever they stand now
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
                                 + r")\b")
            spans = _resolve(spans + [Span(m.start(), m.end(), "PERSON") for m in pattern.finditer(text)])
        out, last = [], 0
        for span in spans:
            out.append(text[last:span.start])
            out.append(self._placeholder(span, text[span.start:span.end], mapping))
            last = span.end
        out.append(text[last:])
        return "".join(out)

    @staticmethod
    def _placeholder(span, surface, mapping):
        if span.type in ("DATE", "PHONE", "AGE"):
            return f"[{span.type}]"
        kind = span.type
        key_text = surface
        if kind == "PERSON":
            titled = _TITLE_ONLY.match(surface)
            kind = "ADULT" if titled else "PERSON"
            key_text = (titled.group("rest") if titled else surface).split()[-1]
            for (known_kind, known), value in mapping.items():  # "Mrs Pryce" then "Pryce"
                if known_kind in ("ADULT", "PERSON") and known == key_text:
                    return value
        key = (kind, key_text)
        if key not in mapping:
            mapping[key] = f"[{kind} {sum(1 for k in mapping if k[0] == kind) + 1}]"
        return mapping[key]
