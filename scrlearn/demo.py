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
    """Run the whole chain on the sample corpus: ingest, themes, why-gap, report, example pack.

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
        ``documents``, ``failed`` (files that could not be ingested) and ``outputs`` (paths written).
    """
    from .examples import find_examples, render_examples
    from .report import build_report, latest_complete_period
    from .report_render import write_report
    from .themes import default_theme_model, document_themes
    from .why_store import analyse_documents, default_why_model

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sample = sample_corpus_path()
    outputs = {"store": Path(db)}
    log(f"1. ingest the fictional sample corpus: {sample}")
    with Store(db) as store:
        report = ingest_paths(store, [sample], metadata=sample / "metadata.csv")
        for line in report.failed:
            log(f"   error: {line}")
        log(f"   {report.summary()}")
        corpus = Corpus(store)
        stats = corpus_stats(corpus)
        outputs["stats"] = out / "stats.json"
        outputs["stats"].write_text(json.dumps(stats, indent=2), encoding="utf-8")
        outputs["documents"] = out / "documents.csv"
        corpus.to_frame(text=False).to_csv(outputs["documents"])
        log(f"   {stats['documents']} summaries, {stats['words']:,} words, published {stats['first_published']} "
            f"to {stats['last_published']}, {len(stats['per_area'])} areas")

        log("2. themes: which codebook themes each summary substantively discusses")
        records = list(corpus.records())
        themes = document_themes([r.text for r in records], model=default_theme_model())
        outputs["themes"] = out / "themes.jsonl"
        with open(outputs["themes"], "w", encoding="utf-8") as fh:
            for record, result in zip(records, themes):
                fh.write(json.dumps({"id": record.id, **result}) + "\n")
        counts = {}
        for result in themes:
            for theme in result["themes"]:
                counts[theme] = counts.get(theme, 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
        log("   most discussed: " + ", ".join(f"{t} ({n})" for t, n in top))

        log("3. the why-gap: summaries that describe what went wrong without analysing why")
        why = analyse_documents(store, [r.id for r in records], model=default_why_model())
        outputs["why"] = out / "why.jsonl"
        with open(outputs["why"], "w", encoding="utf-8") as fh:
            for row in why:
                fh.write(json.dumps({k: row[k] for k in ("id", "why_score", "why_missing", "sentences")}) + "\n")
        log(f"   {sum(1 for r in why if r['why_missing'])} of {len(why)} flagged")

        period = latest_complete_period(store)
        log(f"4. the six-monthly report for the latest complete half-year with reviews: {period}")
        data = build_report(store, period)
        files = write_report(data, out / "report")
        outputs["report"] = files["html"]
        log(f"   {data['n_reviews']} reviews; in-depth theme: {data['deep_dive'] or 'none (H1 report)'}")

        theme = data["deep_dive"] or (top[0][0] if top else "information_sharing")
        log(f"5. an example pack for trainers: {theme}")
        examples = find_examples(store, theme, n=5)
        outputs["examples"] = out / f"examples-{theme}.md"
        outputs["examples"].write_text(render_examples(examples, "md", theme=theme), encoding="utf-8")
        log(f"   {len(examples)} anonymised, cited excerpts")
    log("outputs:")
    for name, path in outputs.items():
        log(f"   {name:<10} {path}")
    return {"documents": stats["documents"], "failed": len(report.failed),
            "outputs": {k: str(v) for k, v in outputs.items()}}
