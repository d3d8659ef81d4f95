"""Feature building blocks shared by the models: a serialisable TF-IDF and text helpers.

The TF-IDF here is computed with a fixed vocabulary and an idf vector, both
plain data, so a fitted model saves as JSON and loads without running code.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from .preprocess import Preprocessor
from .sentences import split_sentences
from .structure import looks_like_heading, split_marker

__all__ = ["NgramAnalyzer", "Tfidf", "text_sentences", "sigmoid"]


class NgramAnalyzer:
    """Preprocessed tokens plus their n-grams up to ``n`` ("health_visitor share", ...).

    Results are memoised (a bounded cache shared by all analyzers with the same
    preprocessing), so cross-validation does not tokenize a text twice.
    """

    _memo = {}
    _MEMO_LIMIT = 2_000  # enough for cross-validation on a labelled set; bounded memory on large corpora

    def __init__(self, n=2, preprocessor=None):
        self.n = n
        self.preprocessor = preprocessor or Preprocessor()
        self._key = (n, self.preprocessor.version)

    def __call__(self, text):
        key = (self._key, text)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        tokens = self.preprocessor(text)
        out = list(tokens)
        for size in range(2, self.n + 1):
            out.extend(" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1))
        if len(self._memo) >= self._MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = out
        return out


class Tfidf:
    """Sublinear TF-IDF with l2-normalised rows over a fixed vocabulary.

    Parameters
    ----------
    analyzer : callable
        Text to features (tokens).
    min_df : int
        Keep features in at least this many training documents.
    max_features : int or None
    """

    def __init__(self, analyzer, *, min_df=2, max_features=None):
        self.analyzer, self.min_df, self.max_features = analyzer, min_df, max_features
        self.vocabulary, self.idf = None, None

    def fit(self, texts):
        counts = CountVectorizer(analyzer=self.analyzer, min_df=self.min_df, max_features=self.max_features)
        matrix = counts.fit_transform(texts)
        self.vocabulary = {term: int(i) for term, i in counts.vocabulary_.items()}
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        n = matrix.shape[0]
        self.idf = np.log((1 + n) / (1 + df)) + 1.0
        return self

    def transform(self, texts):
        counts = CountVectorizer(analyzer=self.analyzer, vocabulary=self.vocabulary).transform(texts)
        return self._weight(counts.astype(np.float64))

    def _weight(self, counts):
        counts = counts.tocsr()
        counts.data = 1.0 + np.log(counts.data)
        weighted = counts @ sp.diags(self.idf)
        norms = np.sqrt(weighted.multiply(weighted).sum(axis=1)).A1
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)

    @property
    def terms(self):
        """Feature names in column order."""
        out = [None] * len(self.vocabulary)
        for term, i in self.vocabulary.items():
            out[i] = term
        return out

    def to_dict(self):
        return {"terms": self.terms, "idf": [round(float(x), 6) for x in self.idf], "min_df": self.min_df}

    @classmethod
    def from_dict(cls, data, analyzer):
        obj = cls(analyzer, min_df=data["min_df"])
        obj.vocabulary = {term: i for i, term in enumerate(data["terms"])}
        obj.idf = np.asarray(data["idf"], dtype=np.float64)
        return obj


def text_sentences(text):
    """Sentences of a plain text (paragraphs by blank lines; headings and markers left out)."""
    out = []
    for paragraph in text.split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        marker, rest = split_marker(paragraph)
        if marker is None and looks_like_heading(paragraph):
            continue
        out.extend(split_sentences(rest))
    return out


def sigmoid(x):
    """The logistic function, safe for large magnitudes."""
    x = np.clip(x, -35, 35)
    return 1.0 / (1.0 + np.exp(-x))

