"""The gold annotations of the bundled sample corpus, and checks of its make-up.

The gold files live in ``data/annotations/`` of a source checkout (they are not
installed with the package): ``documents.csv`` (themes, why-depth, fixed
train/test split) and ``sentences.csv`` (one labelled sentence per row).
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ScrlearnError

__all__ = ["GoldDocument", "GoldSentence", "annotations_path", "load_gold_documents",
           "load_gold_sentences", "repetition_stats"]

SENTENCE_LABELS = ("analytical", "descriptive", "other")


@dataclass(frozen=True)
class GoldDocument:
    id: str
    why_depth: int
    themes: tuple
    split: str
    words: int


@dataclass(frozen=True)
class GoldSentence:
    id: str
    position: int
    paragraph: int
    label: str
    text: str


def annotations_path(path=None):
    """Return the gold annotation folder (``data/annotations`` of a checkout by default)."""
    folder = Path(path) if path else Path(__file__).resolve().parents[1] / "data" / "annotations"
    if not (folder / "documents.csv").exists():
        raise ScrlearnError(f"{folder}: no gold annotations here (documents.csv); they ship with the "
                            "source checkout, not the installed package")
    return folder


def load_gold_documents(path=None, *, split=None):
    """Return the gold documents, optionally only one split (``"train"`` or ``"test"``)."""
    with open(annotations_path(path) / "documents.csv", encoding="utf-8", newline="") as fh:
        rows = [GoldDocument(r["id"], int(r["why_depth"]), tuple(t for t in r["themes"].split(";") if t),
                             r["split"], int(r["words"])) for r in csv.DictReader(fh)]
    return [r for r in rows if split is None or r.split == split]


def load_gold_sentences(path=None, *, ids=None):
    """Return the gold sentences in document order, optionally only of some documents."""
    keep = set(ids) if ids is not None else None
    with open(annotations_path(path) / "sentences.csv", encoding="utf-8", newline="") as fh:
        rows = [GoldSentence(r["id"], int(r["position"]), int(r["paragraph"]), r["label"], r["text"])
                for r in csv.DictReader(fh)]
    return [r for r in rows if keep is None or r.id in keep]


def _normal(sentence):
    return " ".join(re.findall(r"[a-z0-9']+", sentence.lower()))


def repetition_stats(sentences_by_doc, *, n=6, doc_share=0.10):
    """Measure how much text repeats across documents (a check against templated corpora).

    Parameters
    ----------
    sentences_by_doc : dict
        ``id -> list of sentences``.
    n : int, default=6
        Length of the word n-grams counted.
    doc_share : float, default=0.10
        An n-gram is *common* when it stands in at least this share of documents.

    Returns
    -------
    dict
        ``shared_sentence_share``: share of sentences whose normalised text occurs in
        more than one document; ``common_ngram_share``: share of distinct n-grams that
        are common; ``top_ngrams``: the most widespread n-grams with their document counts.
    """
    sentence_docs, ngram_docs = {}, Counter()
    total_sentences = 0
    for doc_id, sentences in sentences_by_doc.items():
        grams = set()
        for sentence in sentences:
            total_sentences += 1
            key = _normal(sentence)
            sentence_docs.setdefault(key, set()).add(doc_id)
            words = key.split()
            grams.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        ngram_docs.update(grams)
    shared = sum(1 for sentences in sentences_by_doc.values() for s in sentences
                 if len(sentence_docs[_normal(s)]) > 1)
    threshold = doc_share * len(sentences_by_doc)
    common = sum(1 for count in ngram_docs.values() if count >= threshold)
    return {
        "documents": len(sentences_by_doc),
        "sentences": total_sentences,
        "shared_sentence_share": shared / total_sentences if total_sentences else 0.0,
        "common_ngram_share": common / len(ngram_docs) if ngram_docs else 0.0,
        "top_ngrams": [(" ".join(g), c) for g, c in ngram_docs.most_common(5)],
    }


def load_sample_texts(db=None):
    """The stored (cleaned, summary-only) texts of the bundled sample, by id.

    Ingests the sample into ``db`` (or a temporary store) the way a user would,
    so models are trained and evaluated on what ingest really produces.
    """
    import tempfile

    from .demo import sample_corpus_path
    from .ingest import ingest_paths
    from .store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "sample.db"
        with Store(path) as store:
            if store.count() == 0:
                ingest_paths(store, [sample_corpus_path()], metadata=sample_corpus_path() / "metadata.csv")
            return {row.id: row.text for row in store.iter_documents()}
