"""The why-gap: which sentences analyse why, and which summaries describe without analysing.

:class:`WhySentenceClassifier` labels sentences ``analytical`` / ``descriptive`` /
``other`` from word and character n-grams, cue counts (causal and consequential
connectives, thinking and perceiving, organisational context, failing, review
language, hedges, tense) and the same cues in the neighbouring sentences; a
multinomial logistic regression with temperature-scaled probabilities.

:class:`WhyGapModel` adds the document level: from a summary's sentence
probabilities it learns the gold why-depth (0-3), giving ``why_score`` (expected
depth / 3) and ``why_missing`` (depth 0 or 1), so a long summary full of
failings but with no reasons scores low however fluent it is.
"""

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from .codebook import SENTENCE_LABELS
from .features import Tfidf
from .why_features import cue_features, is_failing, word_tokens

__all__ = ["WhySentenceClassifier", "WhyGapModel", "document_features", "DOC_FEATURES"]


class WordAnalyzer:
    """Word unigrams and bigrams, function words kept."""

    def __call__(self, text):
        tokens = word_tokens(text)
        return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


class CharAnalyzer:
    """Character 3- to 5-grams within words."""

    def __call__(self, text):
        out = []
        for word in re.findall(r"\w+", text.lower()):
            padded = f" {word} "
            for n in (3, 4, 5):
                out.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
        return out


class WhySentenceClassifier(ClassifierMixin, BaseEstimator):
    """Label sentences analytical, descriptive or other.

    ``X`` is a list of documents, each a list of sentences in order (context
    matters), and ``y`` the matching lists of labels; :meth:`predict_proba`
    returns one array of shape (n_sentences, 3) per document.

    Parameters
    ----------
    C : float, default=8.0
        Chosen by grouped cross-validation on the sample's train split.
    char : bool, default=True
        Use character n-grams.
    cue_weight : float, default=1.0
        Scale of the cue features against the n-gram features.
    max_features : int, default=20000
        Per n-gram family.
    """

    def __init__(self, C=8.0, char=True, cue_weight=1.0, max_features=20000):
        self.C = C
        self.char = char
        self.cue_weight = cue_weight
        self.max_features = max_features

    @property
    def classes(self):
        return list(SENTENCE_LABELS)

    def _matrix(self, docs):
        flat = [s for doc in docs for s in doc]
        parts = [self.words_.transform(flat)]
        if self.char:
            parts.append(self.chars_.transform(flat))
        cues = np.vstack([cue_features(doc) for doc in docs if doc]) if flat else np.zeros((0, 1))
        cues = (cues - self.cue_mean_) / self.cue_scale_ * self.cue_weight
        parts.append(sp.csr_matrix(cues))
        return sp.hstack(parts).tocsr()

    def _fit_features(self, docs):
        flat = [s for doc in docs for s in doc]
        self.words_ = Tfidf(WordAnalyzer(), min_df=2, max_features=self.max_features).fit(flat)
        if self.char:
            self.chars_ = Tfidf(CharAnalyzer(), min_df=3, max_features=self.max_features).fit(flat)
        cues = np.vstack([cue_features(doc) for doc in docs if doc])
        self.cue_mean_ = cues.mean(axis=0)
        scale = cues.std(axis=0)
        scale[scale == 0] = 1.0
        self.cue_scale_ = scale

    def fit(self, X, y, calibrate=True):
        """Fit on documents' sentences ``X`` and their labels ``y`` (lists of lists).

        A label may be None: that sentence is context for its neighbours but not a target.
        """
        docs, labels = [list(d) for d in X], [list(lab) for lab in y]
        if len(docs) != len(labels) or any(len(a) != len(b) for a, b in zip(docs, labels)):
            raise ValueError("X and y must hold the same documents with one label per sentence")
        flat_labels = [lab for doc in labels for lab in doc]
        unknown = sorted(set(flat_labels) - set(SENTENCE_LABELS) - {None})
        if unknown:
            raise ValueError(f"unknown sentence label {unknown[0]!r}; use {', '.join(SENTENCE_LABELS)}")
        if len(set(flat_labels) - {None}) < 3:
            raise ValueError("the training labels must include analytical, descriptive and other sentences")
        self._fit_core(docs, flat_labels)
        self.temperature_ = self._calibrate(docs, labels) if calibrate and len(docs) >= 5 else 1.0
        return self

    def _fit_core(self, docs, flat_labels):
        """Fit on every sentence's features; sentences labelled None give context but no target."""
        self._fit_features(docs)
        matrix = self._matrix(docs)
        keep = np.array([lab is not None for lab in flat_labels])
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        model.fit(matrix[keep], [lab for lab in flat_labels if lab is not None])
        order = [list(model.classes_).index(c) for c in SENTENCE_LABELS]
        self.coef_ = model.coef_[order]
        self.intercept_ = model.intercept_[order]
        self.temperature_ = 1.0

    def _calibrate(self, docs, labels):
        """Temperature for the probabilities, from out-of-fold predictions grouped by document."""
        logits, truth = [], []
        for train, test in GroupKFold(n_splits=5).split(docs, groups=range(len(docs))):
            part = WhySentenceClassifier(**self.get_params())
            part._fit_core([docs[i] for i in train], [lab for i in train for lab in labels[i]])
            logits.append(part._logits([docs[i] for i in test]))
            truth.extend(SENTENCE_LABELS.index(lab) if lab is not None else -1 for i in test for lab in labels[i])
        return _temperature(np.vstack(logits), np.array(truth))

    def _logits(self, docs):
        return self._matrix(docs) @ self.coef_.T + self.intercept_

    def predict_proba(self, X):
        """Per document, an array (n_sentences, 3) of probabilities in ``SENTENCE_LABELS`` order."""
        check_is_fitted(self, "coef_")
        docs = [list(d) for d in X]
        nonempty = [d for d in docs if d]
        out, probs = [], (_softmax(self._logits(nonempty) / self.temperature_) if nonempty else np.zeros((0, 3)))
        start = 0
        for doc in docs:
            out.append(probs[start:start + len(doc)])
            start += len(doc)
        return out

    def predict(self, X):
        """Per document, the list of sentence labels."""
        return [[SENTENCE_LABELS[i] for i in p.argmax(axis=1)] for p in self.predict_proba(X)]

    def to_dict(self):
        check_is_fitted(self, "coef_")
        data = {"params": self.get_params(), "words": self.words_.to_dict(), "coef": self.coef_.round(6).tolist(),
                "intercept": self.intercept_.tolist(), "cue_mean": self.cue_mean_.tolist(),
                "cue_scale": self.cue_scale_.tolist(), "temperature": self.temperature_}
        if self.char:
            data["chars"] = self.chars_.to_dict()
        return data

    @classmethod
    def from_dict(cls, data):
        model = cls(**data["params"])
        model.words_ = Tfidf.from_dict(data["words"], WordAnalyzer())
        if model.char:
            model.chars_ = Tfidf.from_dict(data["chars"], CharAnalyzer())
        model.coef_ = np.asarray(data["coef"])
        model.intercept_ = np.asarray(data["intercept"])
        model.cue_mean_ = np.asarray(data["cue_mean"])
        model.cue_scale_ = np.asarray(data["cue_scale"])
        model.temperature_ = float(data["temperature"])
        return model


def _temperature(logits, truth):
    """The softmax temperature that minimises log loss on out-of-fold predictions (-1 truths ignored)."""
    logits, truth = logits[truth >= 0], truth[truth >= 0]
    best, best_loss = 1.0, np.inf
    for t in np.linspace(0.4, 3.0, 27):
        p = _softmax(logits / t)
        loss = -np.mean(np.log(p[np.arange(len(truth)), truth] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


DOC_FEATURES = ("expected_analytical", "analytical_share", "top5_mean", "max", "confident_analytical",
                "explained_failings", "unexplained_failings", "log_sentences")


def document_features(sentences, probs):
    """Summary-level features from its sentences' probabilities (see :data:`DOC_FEATURES`)."""
    if not sentences:
        return np.zeros(len(DOC_FEATURES))
    p_a, p_o = probs[:, 0], probs[:, 2]
    content = max(1e-6, float(np.sum(1 - p_o)))
    top = np.sort(p_a)[::-1][:5]
    failing = [i for i, s in enumerate(sentences) if is_failing(s) and probs[i].argmax() != 2]
    explained = sum(1 for i in failing if any(p_a[j] >= 0.5 for j in range(max(0, i - 1), min(len(p_a), i + 2))))
    return np.array([np.log1p(p_a.sum()), p_a.sum() / content, top.mean(), p_a.max(),
                     np.log1p(int((p_a >= 0.5).sum())), explained / max(1, len(failing)),
                     np.log1p(len(failing) - explained), np.log1p(len(sentences))])


class WhyGapModel(BaseEstimator):
    """Score how far summaries explain why, and flag those that do not.

    Parameters
    ----------
    C : float, default=8.0
        Sentence classifier regularisation.
    doc_C : float, default=1.0
        Document model regularisation.
    char : bool, default=True

    Attributes
    ----------
    sentences_ : WhySentenceClassifier
    doc_coef_, doc_intercept_ : ndarrays of the depth model (classes 0..3)
    missing_threshold_ : float
        ``why_missing`` when P(depth <= 1) is at least this (chosen by cross-validation).
    """

    def __init__(self, C=8.0, doc_C=1.0, char=True):
        self.C = C
        self.doc_C = doc_C
        self.char = char

    def fit(self, docs, labels, depths):
        """Fit on summaries' sentences, their sentence labels and their gold why-depths.

        Parameters
        ----------
        docs : list of list of str
        labels : list of (list of str or None)
            Sentence labels; a document with None has only a depth.
        depths : list of (int or None)
            Why-depth 0-3; a document with None has only sentence labels.
        """
        docs = [list(d) for d in docs]
        if not (len(docs) == len(labels) == len(depths)):
            raise ValueError("docs, labels and depths must have one entry per document")
        labelled = [i for i, lab in enumerate(labels) if lab is not None]
        rated = [i for i, d in enumerate(depths) if d is not None]
        if len(labelled) < 5 or len(rated) < 8:
            raise ValueError(f"need sentence labels for at least 5 summaries and why-depths for at least 8 "
                             f"(got {len(labelled)} and {len(rated)})")
        if any(d not in (0, 1, 2, 3) for i in rated for d in [depths[i]]):
            raise ValueError("why-depth must be 0, 1, 2 or 3")
        # One set of grouped out-of-fold fits serves twice: it calibrates the sentence
        # probabilities, and it gives the depth model document features from
        # predictions like those it will meet on new text.
        oof, covered = {}, set()
        for train, test in GroupKFold(n_splits=5).split(labelled, groups=labelled):
            part = WhySentenceClassifier(C=self.C, char=self.char)
            part._fit_core([docs[labelled[i]] for i in train], [lab for i in train for lab in labels[labelled[i]]])
            for i in test:
                oof[labelled[i]] = part._logits([docs[labelled[i]]]) if docs[labelled[i]] else np.zeros((0, 3))
        self.sentences_ = WhySentenceClassifier(C=self.C, char=self.char)
        self.sentences_._fit_core([docs[i] for i in labelled], [lab for i in labelled for lab in labels[i]])
        self.sentences_.temperature_ = _temperature(
            np.vstack([oof[i] for i in labelled]),
            np.array([SENTENCE_LABELS.index(lab) if lab is not None else -1 for i in labelled for lab in labels[i]]))
        features = np.zeros((len(docs), len(DOC_FEATURES)))
        for d, logits in oof.items():
            features[d] = document_features(docs[d], _softmax(logits / self.sentences_.temperature_)
                                            if len(logits) else logits)
            covered.add(d)
        for d in rated:
            if d not in covered:  # documents with a depth but no sentence labels
                features[d] = document_features(docs[d], self.sentences_.predict_proba([docs[d]])[0])
        X, y = features[rated], np.array([depths[i] for i in rated])
        self.doc_mean_, self.doc_scale_ = X.mean(axis=0), X.std(axis=0)
        self.doc_scale_[self.doc_scale_ == 0] = 1.0
        self.missing_threshold_ = self._missing_threshold(X, y)
        model = LogisticRegression(C=self.doc_C, max_iter=3000).fit((X - self.doc_mean_) / self.doc_scale_, y)
        self.doc_classes_ = model.classes_.tolist()
        self.doc_coef_, self.doc_intercept_ = model.coef_, model.intercept_
        return self

    def _missing_threshold(self, X, y):
        from sklearn.model_selection import StratifiedKFold

        smallest = min(np.bincount(y)[np.bincount(y) > 0])
        if smallest < 2:
            return 0.5  # too few summaries of some depth to cross-validate a threshold
        p_missing = np.zeros(len(y))
        for train, test in StratifiedKFold(min(5, smallest), shuffle=True, random_state=0).split(X, y):
            model = LogisticRegression(C=self.doc_C, max_iter=3000).fit(
                (X[train] - self.doc_mean_) / self.doc_scale_, y[train])
            proba = model.predict_proba((X[test] - self.doc_mean_) / self.doc_scale_)
            low = [k for k, c in enumerate(model.classes_) if c <= 1]
            p_missing[test] = proba[:, low].sum(axis=1)
        truth = y <= 1
        grid = np.linspace(0.2, 0.8, 25)
        scores = [_f1(truth, p_missing >= t) for t in grid]
        best = max(scores)
        return float(np.median(grid[[k for k, s in enumerate(scores) if s >= best - 1e-9]]))

    def _depth_proba(self, features):
        z = (features - self.doc_mean_) / self.doc_scale_ @ self.doc_coef_.T + self.doc_intercept_
        return _softmax(z)

    def analyse(self, docs):
        """Why-gap results per summary.

        Returns
        -------
        list of dict
            ``why_score`` (0..1, None for a summary with no sentences), ``why_missing``
            (bool or None), ``depth`` (expected why-depth), and ``sentences``:
            ``[{"text", "label", "p_analytical"}]`` in document order.
        """
        check_is_fitted(self, "doc_coef_")
        docs = [list(d) for d in docs]
        probs = self.sentences_.predict_proba(docs)
        out = []
        for doc, p in zip(docs, probs):
            sentences = [{"text": s, "label": SENTENCE_LABELS[int(row.argmax())], "p_analytical": round(float(row[0]), 4)}
                         for s, row in zip(doc, p)]
            if not doc:
                out.append({"why_score": None, "why_missing": None, "depth": None, "sentences": []})
                continue
            depth_p = self._depth_proba(document_features(doc, p)[None, :])[0]
            expected = float(np.dot(depth_p, self.doc_classes_))
            p_missing = float(sum(q for q, c in zip(depth_p, self.doc_classes_) if c <= 1))
            out.append({"why_score": round(expected / 3, 4), "why_missing": bool(p_missing >= self.missing_threshold_),
                        "depth": round(expected, 3), "sentences": sentences})
        return out

    def explain(self, doc, result=None):
        """The failings a summary states with no reason beside them, and the sentences that do explain.

        Returns
        -------
        dict
            ``unexplained_failings`` and ``explanations``: lists of ``(position, text, p_analytical)``.
        """
        result = result or self.analyse([doc])[0]
        sents = result["sentences"]
        explanations = sorted(((i, s["text"], s["p_analytical"]) for i, s in enumerate(sents)
                               if s["label"] == "analytical"), key=lambda r: -r[2])
        unexplained = []
        for i, s in enumerate(sents):
            if s["label"] != "descriptive" or not is_failing(s["text"]):
                continue
            near = sents[max(0, i - 1):i + 2]
            if not any(n["label"] == "analytical" for n in near):
                unexplained.append((i, s["text"], s["p_analytical"]))
        return {"unexplained_failings": unexplained, "explanations": explanations}

    def to_dict(self):
        check_is_fitted(self, "doc_coef_")
        return {"params": self.get_params(), "sentences": self.sentences_.to_dict(),
                "doc_mean": self.doc_mean_.tolist(), "doc_scale": self.doc_scale_.tolist(),
                "doc_coef": self.doc_coef_.tolist(), "doc_intercept": self.doc_intercept_.tolist(),
                "doc_classes": self.doc_classes_, "missing_threshold": self.missing_threshold_}

    @classmethod
    def from_dict(cls, data):
        model = cls(**data["params"])
        model.sentences_ = WhySentenceClassifier.from_dict(data["sentences"])
        model.doc_mean_ = np.asarray(data["doc_mean"])
        model.doc_scale_ = np.asarray(data["doc_scale"])
        model.doc_coef_ = np.asarray(data["doc_coef"])
        model.doc_intercept_ = np.asarray(data["doc_intercept"])
        model.doc_classes_ = list(data["doc_classes"])
        model.missing_threshold_ = float(data["missing_threshold"])
        return model


def _f1(truth, predicted):
    tp = int(np.sum(truth & predicted))
    fp = int(np.sum(~truth & predicted))
    fn = int(np.sum(truth & ~predicted))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
