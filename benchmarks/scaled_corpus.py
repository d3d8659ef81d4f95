"""Build a store of the sample corpus replicated, with perturbations, to N documents.

Each copy of a summary gets its paragraphs rotated and one word-order change
per paragraph, so every document has its own text and hash (no cache or
duplicate check sees two copies as the same), while the language stays the
sample's. Metadata is copied with the id suffixed.
Usage: python benchmarks/scaled_corpus.py N OUT.db
"""

import hashlib
import sys
import time
from pathlib import Path

from scrlearn.demo import sample_corpus_path
from scrlearn.ingest import document_record, ingest_paths
from scrlearn.store import Store


def build(n, db):
    db = Path(db)
    if db.exists():
        db.unlink()
    seed = db.with_suffix(".seed.db")
    if seed.exists():
        seed.unlink()
    with Store(seed) as store:
        ingest_paths(store, [sample_corpus_path()], metadata=sample_corpus_path() / "metadata.csv")
        originals = list(store.iter_documents())
    seed.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(seed) + suffix).unlink(missing_ok=True)
    with Store(db) as store:
        batch = []
        for i in range(n):
            row = originals[i % len(originals)]
            copy = i // len(originals)
            paragraphs = row.text.split("\n\n")
            k = copy % max(1, len(paragraphs))
            paragraphs = paragraphs[k:] + paragraphs[:k]
            if copy:
                paragraphs = [_swap(p, copy) for p in paragraphs]
            text = "\n\n".join(paragraphs)
            extracted = _Extracted(text, row)
            record = document_record(f"{row.id}-{copy}", extracted, origin=f"scaled:{row.id}",
                                     metadata={f: getattr(row, f) for f in ("title", "area", "nation", "published",
                                                                            "child_age", "incident")})
            batch.append(record)
            if len(batch) == 500:
                _flush(store, batch)
                batch = []
        _flush(store, batch)
        return store.count()


def _swap(paragraph, copy):
    words = paragraph.split(" ")
    if len(words) > 6:
        j = 1 + copy % (len(words) - 3)
        words[j], words[j + 1] = words[j + 1], words[j]
    return " ".join(words)


class _Extracted:
    def __init__(self, text, row):
        self.text = self.full_text = text
        self.blocks = []
        self.summary = None
        self.format = row.format
        raw = text.encode("utf-8")
        self.raw_sha256 = hashlib.sha256(raw).hexdigest()
        self.text_sha256 = self.raw_sha256
        self.raw_bytes = len(raw)


def _flush(store, batch):
    with store.transaction() as conn:
        for record in batch:
            record["blocks"] = [["paragraph", None, p] for p in record["text"].split("\n\n")]
            store.upsert_document(conn, record)


if __name__ == "__main__":
    start = time.perf_counter()
    count = build(int(sys.argv[1]), sys.argv[2])
    print(f"{count} documents in {sys.argv[2]} ({time.perf_counter() - start:.1f} s)")
