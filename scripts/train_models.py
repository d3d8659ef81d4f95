"""Train the shipped models on the sample's TRAIN split, evaluate them on the TEST split, save them.

The test split (data/annotations/split.csv) is never used for training or for
choosing settings: those were chosen by cross-validation on the train split.
Writes scrlearn/data/models/*.json.gz with a model card in each header.
Usage: python scripts/train_models.py [themes] [why]
"""

import sys
import time
from pathlib import Path

from scrlearn.evaluation import (
    evaluate_themes,
    evaluate_why,
    fit_connective_threshold,
    format_theme_report,
    format_why_report,
    gold_why_data,
)
from scrlearn.gold import load_gold_documents, load_sample_texts
from scrlearn.persist import save_model
from scrlearn.themes import ThemeClassifier
from scrlearn.why import WhyGapModel

MODELS = Path(__file__).resolve().parents[1] / "scrlearn" / "data" / "models"


def train_themes(texts):
    train, test = load_gold_documents(split="train"), load_gold_documents(split="test")
    start = time.perf_counter()
    model = ThemeClassifier().fit([texts[d.id] for d in train], [d.themes for d in train])
    seconds = time.perf_counter() - start
    report = evaluate_themes(model, [texts[d.id] for d in test], [d.themes for d in test])
    print(f"Theme assignment: trained on {len(train)} train-split summaries in {seconds:.1f} s; "
          f"held-out test split, {len(test)} summaries:")
    print(format_theme_report(report))
    card = {"trained_on": f"bundled fictional sample corpus, train split ({len(train)} summaries)",
            "evaluated_on": f"test split ({len(test)} summaries), never used for training or tuning",
            "settings_chosen_by": "5-fold cross-validation on the train split",
            "held_out": {"micro_f1": round(report["micro"]["model"], 3), "macro_f1": round(report["macro"]["model"], 3),
                         "keyword_baseline_micro_f1": round(report["micro"]["keyword"], 3),
                         "per_theme_f1": {t: round(r["model"]["f1"], 3) for t, r in report["themes"].items()}},
            "limits": "Trained on 116 fictional summaries; themes broad in the gold (information_sharing, "
                      "risk_assessment) are assigned to most summaries; retrain on your own labels."}
    path = save_model(model, MODELS / "themes.json.gz", card=card)
    print(f"saved {path} ({path.stat().st_size:,} bytes)")


def train_why():
    train_ids = [d.id for d in load_gold_documents(split="train")]
    test_ids = [d.id for d in load_gold_documents(split="test")]
    docs, labels, depths = gold_why_data(train_ids)
    start = time.perf_counter()
    model = WhyGapModel().fit(docs, labels, depths)
    seconds = time.perf_counter() - start
    test_docs, test_labels, test_depths = gold_why_data(test_ids)
    report = evaluate_why(model, test_docs, test_labels, test_depths,
                          baseline_threshold=fit_connective_threshold(docs, depths))
    print(f"Why-gap: trained on {len(train_ids)} train-split summaries ({sum(map(len, docs))} labelled sentences) "
          f"in {seconds:.1f} s; held-out test split, {len(test_ids)} summaries:")
    print(format_why_report(report))
    m = report["model"]
    card = {"trained_on": f"bundled fictional sample corpus, train split ({len(train_ids)} summaries, "
                          f"{sum(map(len, docs))} labelled sentences, gold why-depths)",
            "evaluated_on": f"test split ({len(test_ids)} summaries, {report['sentences']} sentences), never used "
                            "for training or tuning",
            "settings_chosen_by": "cross-validation on the train split, grouped by document",
            "held_out": {"sentence_macro_f1": round(m["macro_f1"], 3),
                         "per_label_f1": {k: round(v["f1"], 3) for k, v in m["per_label"].items()},
                         "why_missing_f1": round(m["why_missing"]["f1"], 3), "spearman": round(m["spearman"], 3),
                         "baseline_sentence_macro_f1": round(report["baseline"]["macro_f1"], 3),
                         "baseline_why_missing_f1": round(report["baseline"]["why_missing"]["f1"], 3),
                         "baseline_spearman": round(report["baseline"]["spearman"], 3)},
            "limits": "Trained on hand-written fictional summaries; real reviews' language will differ. "
                      "Retrain on your own labels (scrlearn train why) and evaluate (scrlearn evaluate why)."}
    path = save_model(model, MODELS / "why.json.gz", card=card)
    print(f"saved {path} ({path.stat().st_size:,} bytes)")


def main(which):
    if "themes" in which:
        train_themes(load_sample_texts())
    if "why" in which:
        train_why()


if __name__ == "__main__":
    main(sys.argv[1:] or ["themes", "why"])
