"""``scrlearn demo``: the toolkit end to end on the bundled fictional sample corpus."""

import json
from importlib import resources
from pathlib import Path

from .corpus import Corpus
from .ingest import ingest_paths
from .stats import corpus_stats
from .store import Store

__all__ = ["sample_corpus_path", "run_demo"]


def sample_corpus_path():
    """Return the folder of the bundled sample corpus (installed as package data)."""
    return Path(str(resources.files("scrlearn.sample_corpus")))


def run_demo(*, out, db, log=print):
    """Ingest the sample corpus into ``db`` and write what the toolkit finds into ``out``.

    Parameters
    ----------
    out : str or Path
        Folder for the outputs (created).
    db : str or Path
        The store to use (created when missing; re-running updates it).
    log : callable
        Receives one line of progress at a time.

    Returns
    -------
    dict
        ``documents``, ``failed`` (files that could not be ingested) and ``outputs``
        (paths written).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sample = sample_corpus_path()
    log(f"1. ingest: {sample}")
    with Store(db) as store:
        report = ingest_paths(store, [sample], metadata=sample / "metadata.csv")
        for line in report.failed:
            log(f"   error: {line}")
        log(f"   {report.summary()}")
        corpus = Corpus(store)
        stats = corpus_stats(corpus)
        stats_path = out / "stats.json"
        stats_path.write_text(json.dumps(stats, indent=2), encoding="utf-8")
        log(f"2. stats: {stats['documents']} documents, {stats['words']} words, "
            f"published {stats['first_published']} to {stats['last_published']}, "
            f"{len(stats['per_period'])} half-years, {len(stats['per_area'])} areas")
        documents_path = out / "documents.csv"
        corpus.to_frame(text=False).to_csv(documents_path)
        log(f"   document list: {documents_path}")
    outputs = {"db": str(db), "stats": str(stats_path), "documents": str(documents_path)}
    log("outputs:")
    for name, path in outputs.items():
        log(f"   {name:<10} {path}")
    return {"documents": stats["documents"], "failed": len(report.failed), "outputs": outputs}
