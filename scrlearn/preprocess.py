"""Preprocessing as an ordered list of small steps.

A :class:`Preprocessor` runs text through its steps in order (character
filters, tokenizer, token filters), can show what each step did
(:meth:`Preprocessor.trace`), plugs into scikit-learn's vectorizers as an
analyzer, and has a :attr:`~Preprocessor.version` that changes whenever a step
or its parameters change, so cached results are invalidated exactly when they
should be (see :mod:`scrlearn.token_corpus`).

Examples
--------
>>> pre = Preprocessor()
>>> pre("The HV did not share the referral with the school nurses.")
['health_visitor', 'share', 'referr', 'school_nurse']
>>> [name for name, _ in pre.trace("Two vacancies.")]
['normalise', 'tokenize', 'glossary', 'lowercase', 'stopwords', 'stem']
"""

import hashlib
import json
import re
from importlib import resources

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .tokens import load_glossary, tokenize

__all__ = ["Preprocessor", "Normalise", "Tokenize", "GlossaryStep", "Lowercase", "StopWords", "Stem",
           "PhraseStep", "domain_stop_words", "default_steps"]


class Step:
    """A preprocessing step: a named callable with JSON-serialisable parameters."""

    name = "step"

    def params(self):
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.params().items())
        return f"{type(self).__name__}({args})"


class Normalise(Step):
    """Character filter: unify quotes and dashes, collapse white space."""

    name = "normalise"
    _TABLE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})

    def __call__(self, text):
        return re.sub(r"\s+", " ", text.translate(self._TABLE)).strip()


class Tokenize(Step):
    """Text to word tokens (see :func:`scrlearn.tokens.tokenize`)."""

    name = "tokenize"

    def __call__(self, text):
        return tokenize(text)


class GlossaryStep(Step):
    """Rewrite acronyms and fixed phrases of the field to canonical tokens."""

    name = "glossary"

    def __init__(self, path=None):
        self.path = path
        self.glossary = load_glossary(path)

    def params(self):
        digest = hashlib.sha1(json.dumps(self.glossary.entries, sort_keys=True).encode()).hexdigest()[:12]
        return {"glossary": digest}

    def __call__(self, tokens):
        return self.glossary.normalise(tokens)


class Lowercase(Step):
    name = "lowercase"

    def __call__(self, tokens):
        return [t.lower() for t in tokens]


def domain_stop_words():
    """The domain stop list shipped with scrlearn (words nearly every summary uses)."""
    text = resources.files("scrlearn.data").joinpath("domain_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.split("#")[0].strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


class StopWords(Step):
    """Drop general English stop words, the domain list, numbers and one-letter tokens.

    Parameters
    ----------
    general : bool
        scikit-learn's English stop words.
    domain : bool
        The domain list derived from the sample corpus (``domain_stopwords.txt``).
    extra : tuple of str
    """

    name = "stopwords"

    def __init__(self, general=True, domain=True, extra=()):
        self.general, self.domain, self.extra = general, domain, tuple(extra)
        words = set(self.extra)
        if general:
            words |= ENGLISH_STOP_WORDS
        if domain:
            words |= domain_stop_words()
        self.words = frozenset(words)

    def params(self):
        return {"general": self.general, "domain": self.domain, "extra": list(self.extra),
                "n": len(self.words)}

    def __call__(self, tokens):
        return [t for t in tokens if t not in self.words and len(t) > 1 and not t[0].isdigit()]


class Stem(Step):
    """Snowball (Porter 2) stemming; canonical glossary tokens are left whole."""

    name = "stem"

    def __init__(self):
        from nltk.stem.snowball import SnowballStemmer

        self.stemmer = SnowballStemmer("english")
        self._cache = {}

    def __call__(self, tokens):
        out = []
        for t in tokens:
            if "_" in t or "&" in t:
                out.append(t)
                continue
            stem = self._cache.get(t)
            if stem is None:
                stem = self._cache[t] = self.stemmer.stem(t)
            out.append(stem)
        return out

    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        self.__init__()


class PhraseStep(Step):
    """Join collocations learned from the corpus ("skeletal_survey", "face_value").

    Wraps gensim's :class:`~gensim.models.phrases.Phrases`; fit it on token lists
    from the steps before it (:meth:`Preprocessor.fit` does that).
    """

    name = "phrases"

    def __init__(self, min_count=5, threshold=10.0):
        self.min_count, self.threshold = min_count, threshold
        self.phrases = None

    def fit(self, token_lists):
        from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

        model = Phrases(token_lists, min_count=self.min_count, threshold=self.threshold, delimiter="_",
                        connector_words=ENGLISH_CONNECTOR_WORDS)
        self.phrases = model.freeze()
        return self

    def params(self):
        learned = sorted(self.phrases.phrasegrams) if self.phrases is not None else []
        return {"min_count": self.min_count, "threshold": self.threshold,
                "learned": hashlib.sha1(json.dumps(learned).encode()).hexdigest()[:12]}

    def __call__(self, tokens):
        if self.phrases is None:
            raise ValueError("PhraseStep is not fitted: call Preprocessor.fit(texts) first")
        return self.phrases[tokens]


def default_steps(phrases=False):
    """The default steps: normalise, tokenize, glossary, lowercase, [phrases,] stop words, stem.

    With ``phrases=True`` a :class:`PhraseStep` learns collocations on lower-cased
    tokens (before stop words go, so "rule of optimism" can join); fit the
    preprocessor on a corpus before use.
    """
    steps = [Normalise(), Tokenize(), GlossaryStep(), Lowercase(), StopWords(), Stem()]
    if phrases:
        steps.insert(4, PhraseStep())
    return steps


class Preprocessor:
    """Ordered preprocessing steps that turn a text into tokens.

    Parameters
    ----------
    steps : list of Step, optional
        Applied in order; the first takes a string, the tokenizer turns it into a
        list, the rest take and return token lists. Default :func:`default_steps`.

    Notes
    -----
    Use it as a scikit-learn analyzer: ``CountVectorizer(analyzer=Preprocessor())``.
    """

    def __init__(self, steps=None):
        self.steps = list(steps) if steps is not None else default_steps()

    def __call__(self, text):
        value = text
        for step in self.steps:
            value = step(value)
        return value

    def trace(self, text):
        """Return ``[(step name, output)]`` for every step, to see where a token went."""
        out, value = [], text
        for step in self.steps:
            value = step(value)
            out.append((step.name, value))
        return out

    def fit(self, texts):
        """Fit the steps that learn from a corpus (phrases), each on the output of the steps before it."""
        for i, step in enumerate(self.steps):
            if hasattr(step, "fit"):
                before = Preprocessor(self.steps[:i])
                step.fit([before(t) for t in texts])
        return self

    @property
    def analyzer(self):
        """This preprocessor as a callable for scikit-learn's ``analyzer=``."""
        return self

    @property
    def version(self):
        """A short hash of the steps and their parameters; it changes when any step changes."""
        spec = [(type(s).__name__, s.params()) for s in self.steps]
        return hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def prefix_versions(self):
        """The version of each prefix of the steps (step 1, steps 1-2, ...)."""
        return [Preprocessor(self.steps[:i + 1]).version for i in range(len(self.steps))]

    def __repr__(self):
        return f"Preprocessor([{', '.join(map(repr, self.steps))}])"
