"""Theme assignment: which codebook themes a summary substantively discusses, with evidence.

:class:`ThemeClassifier` is a scikit-learn estimator trained on documents'
gold themes. Its features are the summary's words (TF-IDF of preprocessed
tokens and bigrams) and, per theme, how many sentences carry the theme's seed
terms outside a negation ("no concerns about domestic abuse" does not count),
so that one passing mention weighs less than a discussion. One logistic
regression per theme gives a score in 0..1; the threshold that assigns a theme
is chosen per theme by cross-validation on the training documents only.

:func:`keyword_themes` is the baseline it is measured against: a theme for any
seed term anywhere.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from .codebook import load_codebook
from .features import NgramAnalyzer, Tfidf, sigmoid, text_sentences

__all__ = ["ThemeClassifier", "keyword_themes", "theme_evidence_features", "document_themes", "default_theme_model"]


_EVIDENCE_MEMO = {}


def theme_evidence_features(texts, codebook):
    """Per text and theme: log(1 + sentences with a non-negated seed term), and their share.

    Returns
    -------
    ndarray of shape (n_texts, 2 * n_themes)
    """
    out = np.zeros((len(texts), 2 * len(codebook)))
    for i, text in enumerate(texts):
        key = (codebook.name, codebook.version, tuple(codebook.ids), text)
        row = _EVIDENCE_MEMO.get(key)
        if row is None:
            sentences = text_sentences(text) or [text]
            hits = np.array([sum(1 for s in sentences if codebook.matches(s, theme)) for theme in codebook.ids])
            row = np.concatenate([np.log1p(hits), hits / len(sentences)])
            if len(_EVIDENCE_MEMO) > 2_000:
                _EVIDENCE_MEMO.clear()
            _EVIDENCE_MEMO[key] = row
        out[i] = row
    return out


def keyword_themes(texts, codebook=None):
    """The keyword baseline: a theme is assigned when any of its seed terms appears.

    Returns
    -------
    ndarray of shape (n_texts, n_themes) of 0/1
    """
    codebook = codebook or load_codebook()
    return np.array([[1 if codebook.matches(text, theme, negation=False) else 0 for theme in codebook.ids]
                     for text in texts])


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Assign codebook themes to summaries.

    Parameters
    ----------
    codebook : str or None
        Path of a codebook JSON file; None uses the shipped codebook.
    C : float, default=8.0
        Inverse regularisation strength of each theme's logistic regression.
    ngram : int, default=2
        Longest token n-gram used as a feature.
    min_df : int, default=2
    evidence_weight : float, default=0.3
        Scale of the seed-term evidence features against the TF-IDF features (0 turns them off).
    threshold : "cv" or float, default="cv"
        "cv" picks each theme's threshold by 5-fold cross-validation on the training data.
    random_state : int, default=0

    Attributes
    ----------
    themes_ : list of str
    thresholds_ : ndarray of shape (n_themes,)
    coef_ : ndarray of shape (n_themes, n_features)
    intercept_ : ndarray of shape (n_themes,)
    """

    def __init__(self, codebook=None, C=8.0, ngram=2, min_df=2, evidence_weight=0.3, threshold="cv",
                 random_state=0):
        self.codebook = codebook
        self.C = C
        self.ngram = ngram
        self.min_df = min_df
        self.evidence_weight = evidence_weight
        self.threshold = threshold
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------------
    def _indicator(self, y, themes):
        if hasattr(y, "shape") and len(getattr(y, "shape", ())) == 2:
            matrix = np.asarray(y, dtype=int)
            if matrix.shape[1] != len(themes):
                raise ValueError(f"y has {matrix.shape[1]} columns; the codebook has {len(themes)} themes")
            return matrix
        index = {t: j for j, t in enumerate(themes)}
        matrix = np.zeros((len(y), len(themes)), dtype=int)
        for i, labels in enumerate(y):
            for label in labels:
                if label not in index:
                    raise ValueError(f"y[{i}] has theme {label!r}, which is not in the codebook")
                matrix[i, index[label]] = 1
        return matrix

    def _features(self, texts, tfidf, codebook):
        words = tfidf.transform(texts)
        if not self.evidence_weight:
            return words
        evidence = theme_evidence_features(texts, codebook) * self.evidence_weight
        return sp.hstack([words, sp.csr_matrix(evidence)]).tocsr()

    def _fit_core(self, texts, Y, codebook):
        tfidf = Tfidf(NgramAnalyzer(self.ngram), min_df=self.min_df).fit(texts)
        X = self._features(texts, tfidf, codebook)
        coef = np.zeros((Y.shape[1], X.shape[1]))
        intercept = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            positives = Y[:, j].sum()
            if positives in (0, len(Y)):  # one class only: a constant score
                intercept[j] = 10.0 if positives else -10.0
                continue
            model = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", max_iter=1000)
            model.fit(X, Y[:, j])
            coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        return tfidf, coef, intercept

    def fit(self, X, y):
        """Fit on summaries ``X`` (list of str) and their themes ``y`` (lists of ids or an indicator matrix)."""
        texts = list(X)
        if len(texts) < 5:
            raise ValueError(f"ThemeClassifier needs at least 5 training documents; got {len(texts)}")
        if any(not isinstance(t, str) for t in texts):
            raise ValueError("X must be a list of texts")
        codebook = load_codebook(self.codebook)
        self.themes_ = list(codebook.ids)
        Y = self._indicator(y, self.themes_)
        if Y.shape[0] != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {Y.shape[0]} rows")
        self.tfidf_, self.coef_, self.intercept_ = self._fit_core(texts, Y, codebook)
        if self.threshold == "cv":
            self.thresholds_ = self._cv_thresholds(texts, Y, codebook)
        else:
            self.thresholds_ = np.full(len(self.themes_), float(self.threshold))
        self.n_features_in_ = 1
        return self

    def _cv_thresholds(self, texts, Y, codebook):
        scores = np.zeros(Y.shape, dtype=float)
        folds = KFold(n_splits=min(5, len(texts)), shuffle=True, random_state=self.random_state)
        for train, test in folds.split(texts):
            tfidf, coef, intercept = self._fit_core([texts[i] for i in train], Y[train], codebook)
            features = self._features([texts[i] for i in test], tfidf, codebook)
            scores[test] = sigmoid(features @ coef.T + intercept)
        thresholds = np.full(Y.shape[1], 0.5)
        grid = np.linspace(0.1, 0.9, 33)
        for j in range(Y.shape[1]):
            f1s = [_f1(Y[:, j], scores[:, j] >= t) for t in grid]
            best = max(f1s)
            # the middle of the best plateau, not its edge
            candidates = grid[[k for k, f in enumerate(f1s) if f >= best - 1e-9]]
            thresholds[j] = float(np.median(candidates))
        return thresholds

    # -- prediction --------------------------------------------------------------------
    def predict_proba(self, X):
        """Scores in 0..1, shape (n_texts, n_themes), columns in ``themes_`` order."""
        check_is_fitted(self, "coef_")
        texts = list(X)
        features = self._features(texts, self.tfidf_, load_codebook(self.codebook))
        return sigmoid(features @ self.coef_.T + self.intercept_)

    def predict(self, X):
        """0/1 indicator matrix of assigned themes."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def assign(self, X):
        """Lists of assigned theme ids."""
        return [[t for t, v in zip(self.themes_, row) if v] for row in self.predict(X)]

    def explain(self, text, *, top=3):
        """The sentences that carry each theme, best first.

        Returns
        -------
        dict
            ``theme -> [(sentence, score, seed terms found)]`` with up to ``top``
            sentences, for every theme with any evidence.
        """
        check_is_fitted(self, "coef_")
        codebook = load_codebook(self.codebook)
        sentences = text_sentences(text)
        if not sentences:
            return {}
        words = self.tfidf_.transform(sentences)
        n_words = words.shape[1]
        contributions = words @ self.coef_[:, :n_words].T
        out = {}
        for j, theme in enumerate(self.themes_):
            ranked = []
            for i, sentence in enumerate(sentences):
                seeds = codebook.matches(sentence, theme)
                score = float(contributions[i, j]) + (1.0 if seeds else 0.0)
                if seeds or contributions[i, j] > 0.05:
                    ranked.append((sentence, round(score, 3), seeds))
            ranked.sort(key=lambda r: -r[1])
            if ranked:
                out[theme] = ranked[:top]
        return out

    # -- persistence ---------------------------------------------------------------------
    def to_dict(self):
        """Plain data for :func:`scrlearn.persist.save_model` (no code is stored)."""
        check_is_fitted(self, "coef_")
        return {"params": self.get_params(), "themes": self.themes_, "tfidf": self.tfidf_.to_dict(),
                "coef": _sparse_rows(self.coef_), "n_features": int(self.coef_.shape[1]),
                "intercept": self.intercept_.tolist(), "thresholds": self.thresholds_.tolist()}

    @classmethod
    def from_dict(cls, data):
        model = cls(**data["params"])
        model.themes_ = list(data["themes"])
        model.tfidf_ = Tfidf.from_dict(data["tfidf"], NgramAnalyzer(model.ngram))
        model.coef_ = _dense_rows(data["coef"], data["n_features"])
        model.intercept_ = np.asarray(data["intercept"])
        model.thresholds_ = np.asarray(data["thresholds"])
        model.n_features_in_ = 1
        return model


def _f1(truth, predicted):
    tp = int(np.sum((truth == 1) & predicted))
    fp = int(np.sum((truth == 0) & predicted))
    fn = int(np.sum((truth == 1) & ~predicted))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _sparse_rows(matrix, digits=6):
    rows = []
    for row in matrix:
        nz = np.flatnonzero(np.abs(row) > 1e-7)
        rows.append({"index": nz.tolist(), "value": [round(float(v), digits) for v in row[nz]]})
    return rows


def _dense_rows(rows, n_features):
    matrix = np.zeros((len(rows), n_features))
    for i, row in enumerate(rows):
        matrix[i, row["index"]] = row["value"]
    return matrix


def default_theme_model():
    """The shipped ThemeClassifier (trained on the sample's train split)."""
    from importlib import resources

    from .persist import load_model

    path = resources.files("scrlearn.data").joinpath("models", "themes.json.gz")
    return load_model(str(path), kind="ThemeClassifier")


def document_themes(texts, *, model=None, codebook=None):
    """Score and assign every codebook theme for each text.

    Themes the model was trained on are scored by it; themes only in a custom
    codebook are scored from their seed terms (a score of sentences-with-evidence
    / 3, capped at 1, assigned from two sentences up), since no model knows them.

    Returns
    -------
    list of dict
        ``{"scores": {theme: float}, "themes": [assigned ids]}`` per text.
    """
    model = model or default_theme_model()
    book = load_codebook(codebook)
    known = [t for t in book.ids if t in model.themes_]
    out = [{"scores": {}, "themes": []} for _ in texts]
    if known and texts:
        proba = model.predict_proba(texts)
        for i, row in enumerate(proba):
            for j, theme in enumerate(model.themes_):
                if theme in known:
                    out[i]["scores"][theme] = round(float(row[j]), 4)
                    if row[j] >= model.thresholds_[j]:
                        out[i]["themes"].append(theme)
    unknown = [t for t in book.ids if t not in model.themes_]
    if unknown:
        for i, text in enumerate(texts):
            sentences = text_sentences(text) or [text]
            for theme in unknown:
                hits = sum(1 for s in sentences if book.matches(s, theme))
                out[i]["scores"][theme] = round(min(1.0, hits / 3), 4)
                if hits >= 2:
                    out[i]["themes"].append(theme)
    for item in out:
        item["scores"] = {t: item["scores"][t] for t in book.ids}
        item["themes"] = [t for t in book.ids if t in item["themes"]]
    return out
