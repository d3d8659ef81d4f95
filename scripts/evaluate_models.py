"""Evaluate the SHIPPED models on the sample's held-out TEST split, beside their baselines.

Nothing is trained here: the models in scrlearn/data/models were trained on the
train split by scripts/train_models.py; the test split was never used to train
them or to choose their settings. Baselines are computed in the same run.
Usage: python scripts/evaluate_models.py [themes] [why]
"""

import sys

from scrlearn.evaluation import evaluate_themes, format_theme_report
from scrlearn.gold import load_gold_documents, load_sample_texts
from scrlearn.themes import default_theme_model


def main(which):
    texts = load_sample_texts()
    test = load_gold_documents(split="test")
    if "themes" in which:
        report = evaluate_themes(default_theme_model(), [texts[d.id] for d in test], [d.themes for d in test])
        print(f"Theme assignment, shipped model, test split ({len(test)} summaries), keyword baseline beside it:")
        print(format_theme_report(report))
        gap = report["micro"]["model"] - report["micro"]["keyword"]
        print(f"micro-F1 above the keyword baseline: {gap:+.3f}; macro: "
              f"{report['macro']['model'] - report['macro']['keyword']:+.3f}")
    if "why" in which:
        from scrlearn.evaluation import evaluate_why_shipped

        evaluate_why_shipped(texts)


if __name__ == "__main__":
    main(sys.argv[1:] or ["themes", "why"])
