"""Held-out evaluation of the models beside their baselines, computed in the same run."""

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score

from .codebook import load_codebook
from .themes import keyword_themes

__all__ = ["evaluate_themes", "format_theme_report"]


def evaluate_themes(model, texts, truth, *, codebook=None):
    """Per-theme and micro/macro F1 of a fitted ThemeClassifier and the keyword baseline.

    Parameters
    ----------
    model : ThemeClassifier
    texts : list of str
    truth : list of lists of theme ids
    codebook : str, optional

    Returns
    -------
    dict
        ``themes``: {theme: {"support", "model": {p, r, f1}, "keyword": {p, r, f1}}},
        ``micro``/``macro``: {"model": f1, "keyword": f1}, ``documents``.
    """
    themes = model.themes_
    Y = np.array([[1 if t in labels else 0 for t in themes] for labels in truth])
    predicted = model.predict(texts)
    baseline = keyword_themes(texts, load_codebook(codebook))
    out = {"documents": len(texts), "themes": {}}
    for j, theme in enumerate(themes):
        row = {"support": int(Y[:, j].sum())}
        for name, P in (("model", predicted), ("keyword", baseline)):
            row[name] = {"precision": precision_score(Y[:, j], P[:, j], zero_division=0),
                         "recall": recall_score(Y[:, j], P[:, j], zero_division=0),
                         "f1": f1_score(Y[:, j], P[:, j], zero_division=0)}
        out["themes"][theme] = row
    for average in ("micro", "macro"):
        out[average] = {name: f1_score(Y, P, average=average, zero_division=0)
                        for name, P in (("model", predicted), ("keyword", baseline))}
    return out


def format_theme_report(report):
    """The evaluation as a text table."""
    lines = [f"{'theme':<24} {'support':>7}   {'model P':>7} {'R':>5} {'F1':>5}   {'keyword P':>9} {'R':>5} {'F1':>5}"]
    for theme, row in report["themes"].items():
        m, k = row["model"], row["keyword"]
        lines.append(f"{theme:<24} {row['support']:>7}   {m['precision']:>7.2f} {m['recall']:>5.2f} {m['f1']:>5.2f}"
                     f"   {k['precision']:>9.2f} {k['recall']:>5.2f} {k['f1']:>5.2f}")
    for average in ("micro", "macro"):
        lines.append(f"{average + ' F1':<24} {'':>7}   {'':>7} {'':>5} {report[average]['model']:>5.3f}"
                     f"   {'':>9} {'':>5} {report[average]['keyword']:>5.3f}")
    return "\n".join(lines)
