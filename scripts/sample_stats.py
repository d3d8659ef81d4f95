"""Print the make-up of the bundled sample corpus and its gold annotations.

Checks the targets of the sample-corpus issue: counts per theme, why-depth and
sentence label, half-year coverage, file formats, and how much text repeats
across summaries (shared sentences, widespread word 6-grams).
Usage: python scripts/sample_stats.py
"""

import csv
from collections import Counter, defaultdict
from pathlib import Path

from scrlearn.gold import load_gold_documents, load_gold_sentences, repetition_stats
from scrlearn.periods import Period, half_year_of

ROOT = Path(__file__).resolve().parents[1]


def main():
    docs = load_gold_documents()
    sentences = load_gold_sentences()
    with open(ROOT / "data" / "sample" / "metadata.csv", encoding="utf-8") as fh:
        meta = {r["id"]: r for r in csv.DictReader(fh)}
    words = sorted(d.words for d in docs)
    print(f"summaries            {len(docs)} (words per summary: min {words[0]}, median "
          f"{words[len(words) // 2]}, max {words[-1]})")
    print(f"split                {Counter(d.split for d in docs)}")
    print(f"why-depth            {dict(sorted(Counter(d.why_depth for d in docs).items()))}")
    print("themes               " + ", ".join(f"{t} {c}" for t, c in
                                              sorted(Counter(t for d in docs for t in d.themes).items())))
    print(f"sentences            {len(sentences)}: {dict(Counter(s.label for s in sentences))}")
    depth = {d.id: d.why_depth for d in docs}
    by_depth = defaultdict(Counter)
    for s in sentences:
        by_depth[depth[s.id]][s.label] += 1
    for level in sorted(by_depth):
        total = sum(by_depth[level].values())
        print(f"  why-depth {level}: {total} sentences, "
              f"{by_depth[level]['analytical'] / total:.0%} analytical")
    periods = Counter(half_year_of(m["published"]) for m in meta.values())
    halves = [Period(y, h) for y in range(2009, 2025) for h in (1, 2)]
    print(f"half-years 2009-H1..2024-H2 with >= 2 summaries: {sum(periods[p] >= 2 for p in halves)} of "
          f"{len(halves)} (fewest: {min(periods[p] for p in halves)}); year only: "
          f"{sum(1 for m in meta.values() if len(m['published']) == 4)}")
    formats = Counter(Path(p).suffix for p in (ROOT / "data" / "sample").iterdir() if p.suffix != ".py")
    print(f"files                {dict(formats)}")
    by_doc = defaultdict(list)
    for s in sentences:
        by_doc[s.id].append(s.text)
    rep = repetition_stats(by_doc)
    print(f"sentences shared by >1 summary: {rep['shared_sentence_share']:.2%} (target < 1%)")
    print(f"6-grams in >= 10% of summaries: {rep['common_ngram_share']:.3%} of distinct 6-grams "
          f"(target < 2%); most widespread: {rep['top_ngrams'][:3]}")


if __name__ == "__main__":
    main()
