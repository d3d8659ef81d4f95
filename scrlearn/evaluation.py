"""Held-out evaluation of the models beside their baselines, computed in the same run."""

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score

from .codebook import load_codebook
from .themes import keyword_themes

__all__ = ["evaluate_themes", "format_theme_report", "evaluate_why", "format_why_report", "fit_connective_threshold",
           "connective_doc_scores", "gold_why_data", "evaluate_why_shipped"]


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


def connective_doc_scores(docs):
    """The baseline's document score: share of sentences with a causal connective."""
    from .why_features import connective_label

    return np.array([np.mean([connective_label(s) == "analytical" for s in d]) if d else 0.0 for d in docs])


def fit_connective_threshold(docs, depths):
    """The baseline's why_missing threshold, chosen on training documents (share at or below it)."""
    scores = connective_doc_scores(docs)
    truth = np.array(depths) <= 1
    grid = np.linspace(0, 0.3, 61)
    f1s = [f1_score(truth, scores <= t, zero_division=0) for t in grid]
    best = max(f1s)
    return float(np.median(grid[[k for k, f in enumerate(f1s) if f >= best - 1e-9]]))


def evaluate_why(model, docs, labels, depths, *, baseline_threshold):
    """Sentence and summary metrics of a WhyGapModel beside the connective-keyword baseline.

    Parameters
    ----------
    docs : list of list of str
    labels : list of (list of str or None)
        Gold sentence labels (None for an unlabelled sentence or document).
    depths : list of (int or None)
    baseline_threshold : float
        From :func:`fit_connective_threshold` on training documents.
    """
    from scipy.stats import spearmanr
    from sklearn.metrics import confusion_matrix

    from .codebook import SENTENCE_LABELS
    from .why_features import connective_label

    results = model.analyse(docs)
    truth, predicted, baseline = [], [], []
    for doc, gold, result in zip(docs, labels, results):
        if gold is None:
            continue
        for sentence, label, row in zip(doc, gold, result["sentences"]):
            if label is None:
                continue
            truth.append(label)
            predicted.append(row["label"])
            baseline.append(connective_label(sentence))
    report = {"sentences": len(truth), "labels": list(SENTENCE_LABELS)}
    for name, pred in (("model", predicted), ("baseline", baseline)):
        if not truth:
            break
        per = {lab: {"precision": precision_score(truth, pred, labels=[lab], average="macro", zero_division=0),
                     "recall": recall_score(truth, pred, labels=[lab], average="macro", zero_division=0),
                     "f1": f1_score(truth, pred, labels=[lab], average="macro", zero_division=0)}
               for lab in SENTENCE_LABELS}
        report[name] = {"per_label": per, "macro_f1": f1_score(truth, pred, labels=list(SENTENCE_LABELS),
                                                               average="macro", zero_division=0),
                        "confusion": confusion_matrix(truth, pred, labels=list(SENTENCE_LABELS)).tolist()}
    rated = [i for i, d in enumerate(depths) if d is not None and docs[i]]
    if rated:
        depth = np.array([depths[i] for i in rated])
        score = np.array([results[i]["why_score"] for i in rated])
        missing = np.array([results[i]["why_missing"] for i in rated])
        base_score = connective_doc_scores([docs[i] for i in rated])
        base_missing = base_score <= baseline_threshold
        report["documents"] = len(rated)
        for name, s, m in (("model", score, missing), ("baseline", base_score, base_missing)):
            report.setdefault(name, {})
            report[name]["why_missing"] = {"precision": precision_score(depth <= 1, m, zero_division=0),
                                           "recall": recall_score(depth <= 1, m, zero_division=0),
                                           "f1": f1_score(depth <= 1, m, zero_division=0)}
            report[name]["spearman"] = float(spearmanr(s, depth)[0]) if len(set(depth)) > 1 else float("nan")
    return report


def format_why_report(report):
    """The why-gap evaluation as text."""
    lines = []
    if "sentences" in report and report["sentences"]:
        lines.append(f"Sentences: {report['sentences']}")
        lines.append(f"{'label':<12} {'model P':>8} {'R':>6} {'F1':>6}   {'baseline P':>10} {'R':>6} {'F1':>6}")
        for lab in report["labels"]:
            m, b = report["model"]["per_label"][lab], report["baseline"]["per_label"][lab]
            lines.append(f"{lab:<12} {m['precision']:>8.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}   "
                         f"{b['precision']:>10.3f} {b['recall']:>6.3f} {b['f1']:>6.3f}")
        lines.append(f"{'macro F1':<12} {'':>8} {'':>6} {report['model']['macro_f1']:>6.3f}   {'':>10} {'':>6} "
                     f"{report['baseline']['macro_f1']:>6.3f}")
        lines.append("confusion, model (rows gold, columns predicted: " + ", ".join(report["labels"]) + "):")
        for lab, row in zip(report["labels"], report["model"]["confusion"]):
            lines.append(f"  {lab:<12} " + " ".join(f"{v:>6}" for v in row))
    if "documents" in report:
        m, b = report["model"], report["baseline"]
        lines.append(f"Summaries: {report['documents']}")
        lines.append(f"  why_missing  model P {m['why_missing']['precision']:.3f} R {m['why_missing']['recall']:.3f} "
                     f"F1 {m['why_missing']['f1']:.3f}   baseline P {b['why_missing']['precision']:.3f} "
                     f"R {b['why_missing']['recall']:.3f} F1 {b['why_missing']['f1']:.3f}")
        lines.append(f"  Spearman(why_score, why-depth)  model {m['spearman']:.3f}   baseline {b['spearman']:.3f}")
    return "\n".join(lines)


def gold_why_data(ids):
    """Gold sentences (as sentence lists), labels and depths of sample documents."""
    from collections import defaultdict

    from .gold import load_gold_documents, load_gold_sentences

    depth = {d.id: d.why_depth for d in load_gold_documents()}
    by = defaultdict(list)
    for s in load_gold_sentences(ids=ids):
        by[s.id].append(s)
    docs = [[s.text for s in by[i]] for i in ids]
    labels = [[s.label for s in by[i]] for i in ids]
    return docs, labels, [depth[i] for i in ids]


def evaluate_why_shipped(texts=None):
    """Print the shipped why-gap model's figures on the test split, beside the baseline."""
    from .gold import load_gold_documents
    from .why_store import default_why_model

    train_ids = [d.id for d in load_gold_documents(split="train")]
    test_ids = [d.id for d in load_gold_documents(split="test")]
    train_docs, _, train_depths = gold_why_data(train_ids)
    docs, labels, depths = gold_why_data(test_ids)
    report = evaluate_why(default_why_model(), docs, labels, depths,
                          baseline_threshold=fit_connective_threshold(train_docs, train_depths))
    print(f"Why-gap, shipped model, test split ({len(test_ids)} summaries); connective-keyword baseline beside it "
          "(its threshold chosen on the train split):")
    print(format_why_report(report))
    return report
