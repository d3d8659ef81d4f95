"""Print the preprocessing figures: sentence boundaries and anonymisation, beside baselines.

Sentence boundaries, on the gold paragraphs of the sample's TEST split (the rules
were written without it; the Punkt model is trained on the TRAIN split only):
- a plain regex splitter (cut after . ? ! before a capital),
- NLTK's Punkt machinery with parameters trained here on the train split,
- scrlearn's segmenter.
Then end to end: the test documents ingested from their files (PDF, Word, HTML,
text), segmented, and compared with the gold sentences.

Anonymisation, on the hand-marked sentences of data/annotations/anonymisation.jsonl:
its rules were written against the "dev" half; the "test" half is held out.
Usage: python scripts/evaluate_preprocessing.py
"""

import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

from scrlearn.anonymise import find_spans
from scrlearn.demo import sample_corpus_path
from scrlearn.gold import annotations_path, load_gold_documents, load_gold_sentences
from scrlearn.ingest import ingest_paths
from scrlearn.metrics import boundary_scores, parse_marked, span_scores
from scrlearn.sentences import lowercase_vocabulary, split_sentences, stored_sentences
from scrlearn.store import Store


def regex_split(text):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text) if s.strip()]


def paragraphs(split):
    ids = {d.id for d in load_gold_documents(split=split)}
    groups = defaultdict(list)
    for s in load_gold_sentences(ids=ids):
        groups[(s.id, s.paragraph)].append(s.text)
    return groups


def main():
    train, test = paragraphs("train"), paragraphs("test")
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train("\n\n".join(" ".join(p) for p in train.values()), finalize=True)
    punkt = PunktSentenceTokenizer(trainer.get_params())
    vocab_by_doc = defaultdict(str)
    for (doc_id, _), sentences in test.items():
        vocab_by_doc[doc_id] += " " + " ".join(sentences)
    vocab = {d: lowercase_vocabulary(t) for d, t in vocab_by_doc.items()}
    items = [(" ".join(s), s, key[0]) for key, s in test.items()]
    print(f"Sentence boundaries, gold paragraphs of the test split ({len(items)} paragraphs, "
          f"{sum(len(s) for _, s, _ in items)} sentences):")
    for name, split in (("regex baseline", lambda t, d: regex_split(t)),
                        ("NLTK Punkt, trained on train split", lambda t, d: punkt.tokenize(t)),
                        ("scrlearn", lambda t, d: split_sentences(t, vocab[d]))):
        scores = boundary_scores((text, gold, split(text, d)) for text, gold, d in items)
        print(f"  {name:<36} P {scores['precision']:.4f}  R {scores['recall']:.4f}  F1 {scores['f1']:.4f}")

    challenge = [json.loads(line)["sentences"] for line in
                 (annotations_path() / "segmentation_challenge.jsonl").read_text().splitlines() if line.strip()]
    print(f"Sentence boundaries, hand-written challenge set ({len(challenge)} paragraphs of abbreviations, "
          "initials, dates, times, quotations, written alongside the rules, so NOT held out; "
          "data/annotations/segmentation_challenge.jsonl):")
    for name, split in (("regex baseline", regex_split), ("NLTK Punkt, trained on train split", punkt.tokenize),
                        ("scrlearn", split_sentences)):
        scores = boundary_scores((" ".join(s), s, split(" ".join(s))) for s in challenge)
        print(f"  {name:<36} P {scores['precision']:.4f}  R {scores['recall']:.4f}  F1 {scores['f1']:.4f}")

    test_ids = [d.id for d in load_gold_documents(split="test")]
    gold = defaultdict(list)
    for s in load_gold_sentences(ids=test_ids):
        gold[s.id].append(s.text)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        for path in sample_corpus_path().iterdir():
            if path.stem in gold:
                (folder / path.name).write_bytes(path.read_bytes())
        with Store(Path(tmp) / "e2e.db") as store:
            ingest_paths(store, [folder])
            found = total = 0
            pairs = []
            for doc_id, sentences in gold.items():
                predicted = [s.text for s in stored_sentences(store, doc_id)]
                found += len(set(sentences) & set(predicted))
                total += len(sentences)
                text = store.get(doc_id).text
                pairs.append((text, sentences, predicted))
            scores = boundary_scores(pairs)
    print(f"End to end from the files of the {len(gold)} test documents: {found}/{total} gold sentences "
          f"recovered exactly ({found / total:.2%}); boundary F1 {scores['f1']:.4f}")

    rows = [json.loads(line) for line in (annotations_path() / "anonymisation.jsonl").read_text().splitlines()]
    areas = {}
    import csv

    with open(sample_corpus_path() / "metadata.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            areas[r["id"]] = r["area"]
    texts = {}
    with open(annotations_path() / "sentences.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            texts[r["id"]] = texts.get(r["id"], "") + " " + r["text"]
    print("Anonymisation (token level: words masked; exact: spans with the same boundaries):")
    for split in ("dev", "test"):
        items = []
        for r in (r for r in rows if r["split"] == split):
            text, spans = parse_marked(r["marked"])
            predicted = [(s.start, s.end, s.type) for s in find_spans(text, keep=[areas[r["id"]]],
                                                                        context=texts[r["id"]])]
            items.append((text, spans, predicted))
        s = span_scores(items)
        label = "dev (rules written against it)" if split == "dev" else "test (held out)"
        print(f"  {label:<32} {len(items)} sentences, {s['gold_spans']} spans: "
              f"tokens P {s['tokens']['precision']:.3f} R {s['tokens']['recall']:.3f} F1 {s['tokens']['f1']:.3f}; "
              f"exact P {s['exact']['precision']:.3f} R {s['exact']['recall']:.3f}; recall by type "
              + ", ".join(f"{t} {v:.2f}" for t, v in s["recall_by_type"].items()))


if __name__ == "__main__":
    main()
