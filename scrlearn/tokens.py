"""Tokens of review prose, and the field's glossary of acronyms and fixed phrases.

The tokenizer keeps the field's odd tokens whole ("A&E", "0-19", "S47", "s.47",
"multi-agency", "children's"); :class:`Glossary` rewrites acronyms and their
spelled-out variants to one canonical token ("HV", "health visitor" ->
``health_visitor``; "Section 47", "S47", "s.47" -> ``section_47``).
"""

import csv
import re
from functools import lru_cache
from importlib import resources

__all__ = ["tokenize", "Glossary", "load_glossary"]

_TOKEN = re.compile(r"""
    [A-Za-z]&[A-Za-z]                          # A&E
  | [A-Za-z]\.\d+                              # s.47
  | \d+(?:[-–/.:]\d+)*[A-Za-z]*                # 0-19, 03.03.09, 10.30pm, 3rd
  | [A-Za-z]+\d+[A-Za-z]*                      # S47
  | [A-Za-z]+(?:'[A-Za-z]+)*(?:-[A-Za-z]+(?:'[A-Za-z]+)*)*   # words, children's, multi-agency
""", re.VERBOSE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})


def tokenize(text):
    """Split text into word tokens, keeping the field's compound tokens whole.

    Examples
    --------
    >>> tokenize("The 0-19 team took Child K to A&E under Section 47 (s.47); multi-agency.")
    ['The', '0-19', 'team', 'took', 'Child', 'K', 'to', 'A&E', 'under', 'Section', '47', 's.47', 'multi-agency']
    """
    return _TOKEN.findall(text.translate(_QUOTES))


def _is_acronym(variant):
    """Acronyms ("HV", "A&E", "S47", "s.47") match with their case; phrases in any case."""
    letters = [c for c in variant if c.isalpha()]
    single = len(tokenize(variant)) == 1
    return bool(letters) and (all(c.isupper() for c in letters) or "&" in variant
                              or (single and any(c.isdigit() for c in variant)))


class Glossary:
    """Canonical forms of the field's acronyms and fixed phrases.

    Parameters
    ----------
    entries : list of (canonical, variants, expansion)
        Variants are matched on tokens: acronyms ("HV", "A&E", "S47") with their
        case, phrases ("health visitor") in any case; the longest match wins.

    Examples
    --------
    >>> g = load_glossary()
    >>> g.normalise(tokenize("The HV and the health visitors told the MASH about the CP plan."))
    ['The', 'health_visitor', 'and', 'the', 'health_visitor', 'told', 'the', 'mash', 'about', 'the', 'child_protection_plan']
    """

    def __init__(self, entries):
        self.entries = list(entries)
        self.exact, self.folded, self.expansions = {}, {}, {}
        self.longest = 1
        self._starts = {}  # lower-cased first token -> candidate lengths, longest first
        for canonical, variants, expansion in self.entries:
            self.expansions[canonical] = expansion
            for variant in variants:
                toks = tuple(tokenize(variant))
                if not toks:
                    continue
                if _is_acronym(variant):
                    self.exact[toks] = canonical
                else:
                    self.folded[tuple(t.lower() for t in toks)] = canonical
                self.longest = max(self.longest, len(toks))
                self._starts.setdefault(toks[0].lower(), set()).add(len(toks))
        self._starts = {k: sorted(v, reverse=True) for k, v in self._starts.items()}

    def normalise(self, tokens):
        """Replace glossary variants in a token list by their canonical token."""
        out, i, n = [], 0, len(tokens)
        lowered = [t.lower() for t in tokens]
        starts = self._starts
        while i < n:
            sizes = starts.get(lowered[i])
            if sizes:
                for size in sizes:
                    if i + size > n:
                        continue
                    canonical = (self.exact.get(tuple(tokens[i:i + size]))
                                 or self.folded.get(tuple(lowered[i:i + size])))
                    if canonical:
                        out.append(canonical)
                        i += size
                        break
                else:
                    out.append(tokens[i])
                    i += 1
            else:
                out.append(tokens[i])
                i += 1
        return out

    @property
    def canonical_tokens(self):
        """The set of canonical tokens."""
        return set(self.expansions)


@lru_cache(maxsize=4)
def load_glossary(path=None):
    """Load a glossary CSV (``canonical, variants, expansion``; variants split by ``|``).

    The default is the glossary shipped with scrlearn (``scrlearn/data/glossary.csv``).
    """
    if path is None:
        text = resources.files("scrlearn.data").joinpath("glossary.csv").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    rows = csv.DictReader(text.splitlines())
    return Glossary((r["canonical"], r["variants"].split("|"), r["expansion"]) for r in rows)
