"""The theme codebook: ids (``shared/CONTRACT.md``), definitions, seed terms, examples.

The default codebook ships as ``scrlearn/data/codebook.json``; researchers can
extend or replace it with a file of their own (``--codebook FILE``) in the same
form. Seed terms are matched on words, in any case, with simple inflections
("vacancy" matches "vacancies"), and a match under a negation in the same
clause ("there were no concerns about domestic abuse") does not count.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ScrlearnError

__all__ = ["THEME_IDS", "SENTENCE_LABELS", "WHY_DEPTHS", "Theme", "Codebook", "CodebookError",
           "load_codebook", "is_negated"]

#: The twelve codebook themes, in contract order.
THEME_IDS = (
    "household_members", "information_sharing", "staffing_workload", "supervision_oversight",
    "risk_assessment", "voice_of_child", "domestic_abuse", "parental_mental_health",
    "substance_misuse", "non_engagement", "professional_curiosity", "equality_diversity",
)
#: Sentence labels.
SENTENCE_LABELS = ("analytical", "descriptive", "other")
#: Document why-depth levels.
WHY_DEPTHS = (0, 1, 2, 3)


class CodebookError(ScrlearnError, ValueError):
    """A codebook file is unusable; the message names the file and the problem."""


@dataclass(frozen=True)
class Theme:
    """One codebook theme."""

    id: str
    label: str
    definition: str
    seed_terms: tuple
    examples: tuple = ()


_NEGATION = re.compile(
    r"\b(?:no|not|never|nor|neither|without|none|nothing|denied|ruled out|absence of|free of|n't)\b"
    r"[^.;:,]{0,60}$", re.IGNORECASE)
_POST_NEGATION = re.compile(
    r"^[^.;:]{0,30}\b(?:was|were|is|are)\s+(?:not|never)\s+(?:a\s+)?(?:factor|feature|concern|issue|"
    r"present|relevant)\b", re.IGNORECASE)


def is_negated(sentence, start, end):
    """Whether the words at ``sentence[start:end]`` are negated in their clause.

    Examples
    --------
    >>> s = "There was no evidence of domestic abuse in the household."
    >>> is_negated(s, s.index("domestic"), s.index(" in the"))
    True
    >>> s = "Domestic abuse was not a feature of the family's history."
    >>> is_negated(s, 0, 14)
    True
    >>> s = "Police knew of domestic abuse but did not share it."
    >>> is_negated(s, s.index("domestic"), s.index(" but"))
    False
    """
    before = sentence[:start]
    clause = re.split(r"[.;:]|,\s*(?:but|and|although|however)\b|\bbut\b", before)[-1]
    if _NEGATION.search(clause):
        return True
    return bool(_POST_NEGATION.match(sentence[end:]))


def _seed_body(term):
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in term.lower().split())


def _seed_pattern(term):
    words = [re.escape(w).replace("'", "['’]") for w in term.lower().split()]
    body = r"\s+".join(words)
    return rf"(?<![\w-]){body}(?:s|es|ed|d|ing)?(?![\w-])"


class Codebook:
    """A validated set of themes.

    Parameters
    ----------
    themes : list of Theme
    name, version : str
    """

    def __init__(self, themes, *, name="codebook", version="1"):
        self.themes = list(themes)
        self.name, self.version = name, version
        # One alternation per theme, a group per seed term: one scan of a sentence finds them all.
        self._patterns = {t.id: re.compile(r"(?<![\w-])(?:" + "|".join(f"({_seed_body(term)})" for term in t.seed_terms)
                                           + r")(?:s|es|ed|d|ing)?(?![\w-])", re.IGNORECASE) for t in self.themes}
        self._terms = {t.id: list(t.seed_terms) for t in self.themes}

    @property
    def ids(self):
        return [t.id for t in self.themes]

    def __getitem__(self, theme_id):
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise CodebookError(f"unknown theme {theme_id!r}; the codebook has {', '.join(self.ids)}")

    def __len__(self):
        return len(self.themes)

    def matches(self, sentence, theme_id, *, negation=True):
        """Seed terms of a theme found in a sentence (negated ones left out when ``negation``)."""
        terms = self._terms[theme_id]
        found = []
        for m in self._patterns[theme_id].finditer(sentence):
            term = terms[m.lastindex - 1]
            if term in found or (negation and is_negated(sentence, m.start(), m.end())):
                continue
            found.append(term)
        return [t for t in terms if t in found]

    def to_dict(self):
        return {"name": self.name, "version": self.version,
                "themes": [{"id": t.id, "label": t.label, "definition": t.definition,
                            "seed_terms": list(t.seed_terms), "examples": list(t.examples)} for t in self.themes]}


def _validate(data, source):
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise CodebookError(f"{source}: a codebook is a JSON object with a non-empty 'themes' list")
    themes, seen = [], set()
    for n, item in enumerate(data["themes"], 1):
        where = f"{source}: theme {n}"
        if not isinstance(item, dict):
            raise CodebookError(f"{where}: each theme is an object with 'id', 'definition' and 'seed_terms'")
        theme_id = item.get("id")
        if not isinstance(theme_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", theme_id or ""):
            raise CodebookError(f"{where}: 'id' must be lower_case_with_underscores (got {theme_id!r})")
        if theme_id in seen:
            raise CodebookError(f"{where}: id {theme_id!r} appears twice")
        seen.add(theme_id)
        terms = item.get("seed_terms")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise CodebookError(f"{where} ({theme_id}): 'seed_terms' must be a non-empty list of words or phrases")
        if not isinstance(item.get("definition", ""), str):
            raise CodebookError(f"{where} ({theme_id}): 'definition' must be text")
        themes.append(Theme(theme_id, item.get("label") or theme_id, item.get("definition", ""),
                            tuple(t.strip() for t in terms), tuple(item.get("examples") or ())))
    return Codebook(themes, name=str(data.get("name", source)), version=str(data.get("version", "1")))


@lru_cache(maxsize=8)
def load_codebook(path=None):
    """Load and validate a codebook (the shipped default when ``path`` is None).

    Raises
    ------
    CodebookError
        Naming the file and what is wrong with it.
    """
    if path is None:
        text, source = resources.files("scrlearn.data").joinpath("codebook.json").read_text(encoding="utf-8"), \
            "default codebook"
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CodebookError(f"{source}: cannot read codebook ({exc.strerror or exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodebookError(f"{source}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return _validate(data, source)
