"""The ``scrlearn`` command line: a thin shell over the library.

Each command parses its arguments, calls one library function with keyword
arguments and renders the result. Exit status: 0 success, 2 usage error,
3 partial failure (some inputs could not be processed; the rest were kept),
1 any other error.
"""

import argparse
import csv
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .corpus import Corpus
from .errors import DocumentNotFound, ScrlearnError
from .ingest import DEFAULT_MAX_BYTES, ingest_paths
from .stats import corpus_stats
from .store import METADATA_FIELDS, Store, default_db_path

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
LS_FIELDS = ("id", *METADATA_FIELDS, "words")


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    """Bad command-line arguments: printed as one line, exit status 2."""


def _db_parent():
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                        help="the store (default: $SCRLEARN_DB, else ./scrlearn.db)")
    return parent


def _format_option(parser, choices=("table", "jsonl", "csv"), default="table"):
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")


def build_parser():
    """Return the argument parser of the ``scrlearn`` command."""
    db = _db_parent()
    parser = _Parser(prog="scrlearn", parents=[db],
                     description="Mine lessons across executive summaries of child serious case reviews.")
    parser.add_argument("--version", action="version", version=f"scrlearn {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = commands.add_parser("ingest", parents=[db], help="add files and folders to the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt .md .pdf .html .htm .docx files or folders")
    p.add_argument("--metadata", type=Path, metavar="FILE.csv", help="metadata CSV joined on its id column")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--quiet", action="store_true", help="print only problems")

    p = commands.add_parser("ls", parents=[db], help="list the stored documents")
    _format_option(p)
    _filter_options(p)

    p = commands.add_parser("show", parents=[db], help="show one document")
    p.add_argument("id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--full", action="store_true", help="the whole file's text, not only the executive summary")

    p = commands.add_parser("export", parents=[db], help="export documents with text and provenance")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    _filter_options(p)

    p = commands.add_parser("stats", parents=[db], help="counts: documents, words, dates, areas, half-years")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _filter_options(p)

    p = commands.add_parser("sentences", parents=[db], help="the sentences of each document, in order")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    p.add_argument("ids", nargs="*", metavar="ID", help="only these documents")
    _filter_options(p)

    p = commands.add_parser("annotations", parents=[db], help="import or export annotations (CSV/JSONL)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    q = actions.add_parser("import", parents=[db], help="validate a label file and store it")
    q.add_argument("file", type=Path)
    q.add_argument("--annotator", help="annotator name for rows without an annotator column")
    q = actions.add_parser("export", parents=[db], help="write stored annotations")
    q.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    q.add_argument("--annotator")
    q.add_argument("--kind", choices=("label", "why_depth", "themes"))
    q.add_argument("--out", type=Path)

    p = commands.add_parser("agreement", parents=[db],
                            help="inter-annotator agreement (Cohen's kappa, Krippendorff's alpha)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="annotation files, one per annotator (default: annotations in the store)")
    p.add_argument("--kind", choices=("label", "why_depth", "themes"), action="append",
                   help="which annotations to compare (repeatable; default all present)")
    p.add_argument("--annotator", action="append", help="compare these annotators (store only; repeatable)")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = commands.add_parser("annotate", parents=[db], help="label sentences or documents in the terminal")
    p.add_argument("--annotator", required=True, help="your name, stored with every label")
    p.add_argument("--level", choices=("sentence", "document"), default="sentence")
    p.add_argument("--order", choices=("document", "uncertain"), default="document",
                   help="'uncertain': the sentences the why-gap model is least sure of first")
    p.add_argument("ids", nargs="*", metavar="ID", help="only these documents (default: all, in id order)")

    p = commands.add_parser("themes", parents=[db], help="codebook themes each summary substantively discusses")
    _format_option(p)
    p.add_argument("--explain", metavar="ID", help="show the sentences that carry each theme of one summary")
    p.add_argument("--codebook", type=Path, metavar="FILE", help="a codebook JSON file (default: the shipped one)")
    p.add_argument("--model", type=Path, metavar="FILE", help="a theme model saved by scrlearn (default: shipped)")
    _filter_options(p)

    p = commands.add_parser("topics", parents=[db], help="discover topics (NMF or LDA), K by coherence")
    p.add_argument("--k", default="auto", help="number of topics, or 'auto' to choose by coherence (default)")
    p.add_argument("--method", choices=("nmf", "lda"), default="nmf")
    p.add_argument("--k-min", type=int, default=4)
    p.add_argument("--k-max", type=int, default=16)
    p.add_argument("--seed", type=int, default=0, help="random seed (results repeat with the same seed)")
    p.add_argument("--workers", type=int, default=1, help="LDA worker processes (gensim LdaMulticore)")
    p.add_argument("--out", type=Path, help="folder for topics.json and the coherence-vs-K plot")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _filter_options(p)

    p = commands.add_parser("trends", parents=[db], help="theme prevalence by year, half-year or area")
    p.add_argument("--by", choices=("year", "period", "area", "nation"), default="year")
    p.add_argument("--theme", action="append", help="only these themes (repeatable)")
    _format_option(p)
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="also plot the first theme's trend")
    p.add_argument("--model", type=Path, metavar="FILE", help="a theme model saved by scrlearn (default: shipped)")
    _filter_options(p)

    p = commands.add_parser("why", parents=[db], help="the why-gap: summaries that describe without analysing why")
    _format_option(p)
    p.add_argument("--explain", metavar="ID", help="show the unexplained failings and the explaining sentences")
    p.add_argument("--model", type=Path, metavar="FILE", help="a why-gap model saved by scrlearn (default: shipped)")
    _filter_options(p)

    p = commands.add_parser("train", parents=[db], help="retrain a model on your own labels")
    p.add_argument("target", choices=("why", "themes"))
    p.add_argument("--labels", type=Path, metavar="FILE", help="labels file (CSV/JSONL); default: the store's annotations")
    p.add_argument("--annotator", help="with labels from the store: only this annotator's")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.json.gz", help="where to save the model")

    p = commands.add_parser("evaluate", parents=[db], help="evaluate a model against gold labels")
    p.add_argument("target", choices=("why", "themes"))
    p.add_argument("--gold", type=Path, required=True, metavar="FILE", help="gold labels (CSV/JSONL)")
    p.add_argument("--model", type=Path, metavar="FILE", help="the model to evaluate (default: shipped)")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = commands.add_parser("scrape", parents=[db], help="collect published summaries from a source into the store")
    p.add_argument("source", metavar="SOURCE", help="nspcc, nspcc-library, govuk, or site:CONFIG.yaml")
    p.add_argument("--limit", type=int, help="store at most this many new documents")
    p.add_argument("--since", type=int, metavar="YYYY", help="skip reviews published before this year")
    p.add_argument("--delay", type=float, help="seconds between requests to one host (default 1, or the config's)")
    p.add_argument("--dry-run", action="store_true", help="list the documents that would be fetched, fetch none")
    p.add_argument("--cache", type=Path, metavar="DIR", help="keep raw responses here (default: beside the store)")
    p.add_argument("--contact", help="an email or URL for the User-Agent, so site owners can reach you")
    p.add_argument("--base-url", help="point a built-in source at a mirror or test server")

    p = commands.add_parser("report", parents=[db], help="the six-monthly thematic report (HTML, Markdown, JSON)")
    p.add_argument("--period", required=True, help="YYYY-H1 (January-June) or YYYY-H2 (July-December)")
    p.add_argument("--out", type=Path, required=True, help="folder for report.html, report.md and report.json")
    p.add_argument("--deep-dive", metavar="THEME", help="the theme of the in-depth section (default: one in H2)")
    p.add_argument("--format", choices=("all", "pdf"), default="all",
                   help="'pdf' also prints report.pdf with headless Chromium")

    p = commands.add_parser("examples", parents=[db], help="anonymised, cited excerpts that illustrate a theme")
    p.add_argument("--theme", required=True)
    p.add_argument("--n", type=int, default=5)
    p.add_argument("--format", choices=("md", "html", "json", "docx"), default="md")
    p.add_argument("--label", choices=("analytical", "descriptive", "other"),
                   help="only sentences the why-gap model labels so ('analytical' for the why)")
    p.add_argument("--no-anonymise", dest="anonymise", action="store_false", help="show names and dates as written")
    p.add_argument("--out", type=Path, help="write to this file (required for docx)")
    _filter_options(p)

    p = commands.add_parser("search", parents=[db], help="full-text search over sentences, ranked")
    p.add_argument("query", help="words, \"a phrase\", OR, NOT, prefix* (SQLite FTS5 syntax)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    _filter_options(p)

    p = commands.add_parser("demo", parents=[db], help="run the toolkit on the bundled fictional sample corpus")
    p.add_argument("--out", type=Path, default=Path("demo-output"), help="folder for the outputs (default demo-output)")
    return parser


def _filter_options(parser):
    parser.add_argument("--area", action="append", help="keep this area (repeatable)")
    parser.add_argument("--nation", action="append", help="keep this nation (repeatable)")
    parser.add_argument("--period", help="a half-year (2015-H2) or a range (2012-H1:2015-H2)")
    parser.add_argument("--since", type=int, metavar="YYYY")
    parser.add_argument("--until", type=int, metavar="YYYY")
    parser.add_argument("--limit", type=int)


def _corpus(args, store):
    return Corpus(store, area=args.area, nation=args.nation, period=args.period,
                  since=args.since, until=args.until, limit=args.limit)


def main(argv=None):
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="scrlearn: %(message)s", stream=sys.stderr)
    db_path = getattr(args, "db", None) or default_db_path()
    try:
        handler = _COMMANDS[args.command]
        return handler(args, db_path)
    except ScrlearnError as exc:
        print(f"scrlearn {args.command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ValueError as exc:  # bad option values the library rejects (periods, dates)
        print(f"scrlearn {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"scrlearn {args.command}: interrupted; everything stored so far is kept", file=sys.stderr)
        return 130


def _progress(args):
    if args.quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    bar = tqdm(unit="file", desc="ingest", leave=False, file=sys.stderr)
    return lambda path: bar.update(1)


def cmd_ingest(args, db_path):
    if args.max_bytes <= 0:
        raise ValueError("--max-bytes must be a positive number of bytes")
    with Store(db_path) as store:
        report = ingest_paths(store, args.paths, metadata=args.metadata, max_bytes=args.max_bytes,
                              progress=_progress(args))
    for line in report.failed:
        print(f"error: {line}", file=sys.stderr)
    for line in report.duplicates + report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    if not args.quiet:
        print(f"{report.summary()} -> {db_path}")
    return EXIT_OK if report.ok else EXIT_PARTIAL


def _write_rows(rows, fields, fmt, out=None):
    out = out or sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    else:
        _write_table(list(rows), fields, out)


def _write_table(rows, fields, out):
    if not rows:
        out.write("(no documents)\n")
        return
    widths = {f: min(40 if f != fields[-1] else 120, max(len(f), *(len(_cell(r.get(f))) for r in rows)))
              for f in fields}
    out.write("  ".join(f.ljust(widths[f]) for f in fields).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(_cell(row.get(f))[:widths[f]].ljust(widths[f]) for f in fields).rstrip() + "\n")


def _cell(value):
    return "" if value is None else str(value)


def cmd_ls(args, db_path):
    with Store(db_path) as store:
        rows = (dict(zip(LS_FIELDS, (r.id, *(getattr(r, f) for f in METADATA_FIELDS), r.words)))
                for r in _corpus(args, store).records())
        fields = LS_FIELDS if args.format != "table" else ("id", "published", "area", "nation", "words", "title")
        _write_rows(rows, fields, args.format)
    return EXIT_OK


def cmd_show(args, db_path):
    with Store(db_path) as store:
        row = store.get(args.id)
    text = row.full_text if args.full else row.text
    if args.format == "json":
        print(json.dumps({**row.metadata(), "text": text}, ensure_ascii=False))
    else:
        for name in ("id", *METADATA_FIELDS, "words"):
            value = getattr(row, name)
            if value is not None:
                print(f"{name}: {value}")
        print(f"origin: {row.origin}")
        print()
        print(text)
    return EXIT_OK


def cmd_export(args, db_path):
    fields = (*LS_FIELDS, "extra", "format", "origin", "raw_sha256", "text_sha256", "raw_bytes",
              "fetched_at", "ingested_at", "updated_at", "summary_section", "text")
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else None
    try:
        with Store(db_path) as store:
            rows = ({f: (json.dumps(r.extra, ensure_ascii=False) if f == "extra" and args.format == "csv"
                         else getattr(r, f)) for f in fields}
                    for r in store.iter_documents(*_corpus(args, store)._sql()))
            _write_rows(rows, fields, args.format, out)
    finally:
        if out is not None:
            out.close()
    return EXIT_OK


def cmd_stats(args, db_path):
    with Store(db_path) as store:
        stats = corpus_stats(_corpus(args, store))
    if args.format == "json":
        print(json.dumps(stats, indent=2))
        return EXIT_OK
    print(f"documents   {stats['documents']}")
    print(f"words       {stats['words']} (mean {stats['mean_words']} per document)")
    print(f"published   {stats['first_published'] or '-'} to {stats['last_published'] or '-'}"
          f" ({stats['undated']} without a half-year)")
    for title, key in (("per nation", "per_nation"), ("per area", "per_area"), ("per half-year", "per_period")):
        print(f"\n{title}")
        for name, count in stats[key].items():
            print(f"  {name:<24} {count:>5}")
    return EXIT_OK


def cmd_demo(args, db_path):
    from .demo import run_demo

    db = getattr(args, "db", None) or args.out / "scrlearn.db"
    result = run_demo(out=args.out, db=db, log=lambda line: print(line, flush=True))
    return EXIT_OK if result["failed"] == 0 else EXIT_PARTIAL


def cmd_sentences(args, db_path):
    from .sentences import stored_sentences

    with Store(db_path) as store:
        corpus = _corpus(args, store)
        if args.ids:
            corpus = corpus.filter(ids=args.ids)
            missing = [i for i in args.ids if not store.has(i)]
            if missing:
                raise DocumentNotFound(f"no document {missing[0]!r} in {db_path}; see 'scrlearn ls'")
        for doc_id in [r.id for r in corpus.records()]:
            sentences = [s.text for s in stored_sentences(store, doc_id)]
            if args.format == "jsonl":
                print(json.dumps({"id": doc_id, "sentences": sentences}, ensure_ascii=False))
            else:
                for n, sentence in enumerate(sentences):
                    print(f"{doc_id}\t{n}\t{sentence}")
    return EXIT_OK


def cmd_annotations(args, db_path):
    from .annotations import export_annotations, import_annotations

    with Store(db_path) as store:
        if args.action == "import":
            counts = import_annotations(store, args.file, annotator=args.annotator)
            print(f"imported {counts['label']} sentence labels, {counts['why_depth']} why-depths, "
                  f"{counts['themes']} theme sets from {args.file}")
            return EXIT_OK
        rows = export_annotations(store, annotator=args.annotator, kind=args.kind)
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else None
    try:
        _write_rows(rows, ("id", "annotator", "kind", "position", "sentence", "value"), args.format, out)
    finally:
        if out is not None:
            out.close()
    return EXIT_OK


def cmd_agreement(args, db_path):
    from .agreement import agreement_report
    from .annotations import annotations_by_unit, read_annotation_file

    if args.files:
        if len(args.files) < 2:
            raise ValueError("give two or more annotation files, one per annotator")
        if args.annotator:
            raise ValueError("--annotator selects annotators in the store; with files, each file is one")
        annotations = []
        for n, path in enumerate(args.files, 1):
            annotations += [a.__class__(**{**a.__dict__, "annotator": f"{n}:{path.name}"})
                            for a in read_annotation_file(path)]
    else:
        from .annotations import Annotation

        with Store(db_path) as store:
            annotations = [Annotation(r[2], r[0], r[5], r[3], r[4], r[1]) for r in store.conn.execute(
                "SELECT document_id, annotator, kind, position, sentence, value FROM annotations")]
    kinds = args.kind or [k for k in ("label", "why_depth", "themes") if any(a.kind == k for a in annotations)]
    if not kinds:
        raise ValueError("no annotations to compare")
    reports = [agreement_report(annotations_by_unit(annotations, k), k, annotators=args.annotator) for k in kinds]
    if args.format == "json":
        print(json.dumps(reports if len(reports) > 1 else reports[0], indent=2))
        return EXIT_OK
    for report in reports:
        _print_agreement(report)
    return EXIT_OK


def _print_agreement(report):
    names = report["annotators"]
    print(f"{report['kind']}: {report['units']} units compared; annotators: {', '.join(names)}")
    print(f"  observed agreement   {report['observed']:.3f}")
    if "kappa" in report:
        label = "Cohen's kappa (mean over themes)" if report["kind"] == "themes" else "Cohen's kappa"
        print(f"  {label:<20} {report['kappa']:.3f}")
    print(f"  Krippendorff's alpha {report['alpha']:.3f}")
    if "within_one" in report:
        print(f"  within one level     {report['within_one']:.3f}")
    if "per_label" in report:
        print("  per label (kappa, one against the rest):")
        for name, value in report["per_label"].items():
            print(f"    {name:<24} {value:.3f}")
    if "confusion" in report:
        labels = list(report["confusion"])
        print(f"  confusion (rows: {names[0]}, columns: {names[1]}):")
        print("    " + " " * 14 + "".join(f"{str(lab)[:12]:>13}" for lab in labels))
        for row in labels:
            print(f"    {str(row)[:14]:<14}" + "".join(f"{report['confusion'][row].get(c, 0):>13}" for c in labels))
    print()


def _theme_model(args):
    from .persist import load_model
    from .themes import default_theme_model

    return load_model(args.model, kind="ThemeClassifier") if args.model else default_theme_model()


def cmd_themes(args, db_path):
    from .codebook import load_codebook
    from .outputs import stored_document_themes

    codebook = load_codebook(str(args.codebook) if args.codebook else None)
    model = _theme_model(args)
    with Store(db_path) as store:
        if args.explain:
            row = store.get(args.explain)
            return _explain_themes(row, model, codebook, args)
        ids = [r.id for r in _corpus(args, store).records()]
        results = stored_document_themes(store, ids, model=model,
                                         codebook=str(args.codebook) if args.codebook else None)
    rows = [{"id": doc_id, **res} for doc_id, res in zip(ids, results)]
    if args.format == "jsonl":
        _write_rows(rows, (), "jsonl")
    elif args.format == "csv":
        flat = [{"id": r["id"], **{f"score_{t}": r["scores"][t] for t in codebook.ids},
                 "themes": ";".join(r["themes"])} for r in rows]
        _write_rows(flat, ("id", *(f"score_{t}" for t in codebook.ids), "themes"), "csv")
    else:
        _write_rows([{"id": r["id"], "themes": ", ".join(r["themes"]) or "-"} for r in rows], ("id", "themes"),
                    "table")
    return EXIT_OK


def _explain_themes(row, model, codebook, args):
    from .themes import document_themes

    result = document_themes([row.text], model=model, codebook=str(args.codebook) if args.codebook else None)[0]
    evidence = model.explain(row.text, top=3)
    if args.format == "jsonl":
        print(json.dumps({"id": row.id, **result, "evidence": {
            t: [{"sentence": s, "score": sc, "seed_terms": seeds} for s, sc, seeds in evidence.get(t, [])]
            for t in codebook.ids}}, ensure_ascii=False))
        return EXIT_OK
    print(f"{row.id}: {row.title or ''} ({row.area or '?'}, {row.published or 'undated'})")
    for theme in codebook.ids:
        score = result["scores"][theme]
        mark = "ASSIGNED" if theme in result["themes"] else "not assigned"
        if theme not in result["themes"] and score < 0.25:
            continue
        print(f"\n{theme}  score {score:.2f}  {mark}")
        for sentence, sc, seeds in evidence.get(theme, []):
            seeds_text = f"  [{', '.join(seeds)}]" if seeds else ""
            print(f"  - ({sc:+.2f}) {sentence}{seeds_text}")
    return EXIT_OK


def cmd_topics(args, db_path):
    from .topics import discover_topics, plot_coherence

    if args.k != "auto":
        try:
            k = int(args.k)
        except ValueError:
            raise ValueError(f"--k {args.k!r} is not a whole number or 'auto'") from None
    else:
        k = "auto"
    if args.k_min < 2 or args.k_max < args.k_min:
        raise ValueError(f"--k-min {args.k_min} and --k-max {args.k_max} must satisfy 2 <= k-min <= k-max")
    with Store(db_path) as store:
        model, topics = discover_topics(_corpus(args, store), k=k, method=args.method,
                                        k_range=(args.k_min, args.k_max, 2), random_state=args.seed,
                                        workers=args.workers)
    result = {"method": args.method, "k": model.k_, "coherence": model.coherence_, "topics": topics}
    if args.out:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "topics.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        ax = plot_coherence(model)
        ax.figure.tight_layout()
        ax.figure.savefig(args.out / "coherence.png", dpi=120)
        plt.close(ax.figure)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    chosen = next(c for c in model.coherence_ if c["k"] == model.k_)
    print(f"{args.method.upper()}, K = {model.k_} (c_v {chosen['c_v']:.3f}, NPMI {chosen['npmi']:.3f}); "
          f"tried K = {', '.join(str(c['k']) for c in model.coherence_)}")
    for topic in topics:
        flag = "EMERGING (matches no codebook theme)" if topic["emerging"] else \
            f"nearest theme: {topic['theme']} ({topic['similarity']:.2f})"
        print(f"\ntopic {topic['topic']}  [{topic['documents']} summaries]  {flag}")
        print("  " + ", ".join(topic["terms"][:10]))
        for example in topic["examples"]:
            print(f"  e.g. {example['id']}: {example['sentence']}")
    if args.out:
        print(f"\nwrote {args.out / 'topics.json'} and {args.out / 'coherence.png'}")
    return EXIT_OK


def cmd_trends(args, db_path):
    from .persist import load_model
    from .trends import plot_theme_trend, prevalence, theme_frame

    model = load_model(args.model, kind="ThemeClassifier") if args.model else None
    with Store(db_path) as store:
        frame = theme_frame(_corpus(args, store), model=model)
    table = prevalence(frame, by=args.by, themes=args.theme)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        theme = (args.theme or ["household_members"])[0]
        ax = plot_theme_trend(table, theme)
        ax.figure.tight_layout()
        ax.figure.savefig(args.plot, dpi=120)
        plt.close(ax.figure)
    rows = [{k: (None if isinstance(v, float) and v != v else (round(v, 4) if isinstance(v, float) else v))
             for k, v in r.items()} for r in table.to_dict("records")]
    rows = [{**r, "group": str(r["group"])} for r in rows]
    fields = ("group", "theme", "count", "n", "share", "low", "high", "previous_share", "change")
    _write_rows(rows, fields, args.format)
    return EXIT_OK


def _why_model(path):
    from .persist import load_model
    from .why_store import default_why_model

    return load_model(path, kind="WhyGapModel") if path else default_why_model()


def cmd_why(args, db_path):
    from .why_store import analyse_documents

    model = _why_model(args.model)
    with Store(db_path) as store:
        if args.explain:
            row = store.get(args.explain)
            result = analyse_documents(store, [row.id], model=model)[0]
            return _explain_why(row, result, model, args)
        ids = [r.id for r in _corpus(args, store).records()]
        results = analyse_documents(store, ids, model=model)
    if args.format == "jsonl":
        _write_rows(({k: r[k] for k in ("id", "why_score", "why_missing", "sentences")} for r in results), (), "jsonl")
    elif args.format == "csv":
        _write_rows(({"id": r["id"], "why_score": r["why_score"], "why_missing": r["why_missing"],
                      "analytical": sum(s["label"] == "analytical" for s in r["sentences"]),
                      "sentences": len(r["sentences"])} for r in results),
                    ("id", "why_score", "why_missing", "analytical", "sentences"), "csv")
    else:
        _write_rows(({"id": r["id"], "why_score": "-" if r["why_score"] is None else f"{r['why_score']:.2f}",
                      "flag": "describes without analysing" if r["why_missing"] else "",
                      "analytical": f"{sum(s['label'] == 'analytical' for s in r['sentences'])}/{len(r['sentences'])}"}
                     for r in results), ("id", "why_score", "analytical", "flag"), "table")
    return EXIT_OK


def _explain_why(row, result, model, args):
    evidence = model.explain(None, result=result) if result["sentences"] else {"unexplained_failings": [],
                                                                                "explanations": []}
    if args.format == "jsonl":
        print(json.dumps({"id": row.id, "why_score": result["why_score"], "why_missing": result["why_missing"],
                          **{k: [{"position": p, "text": t, "p_analytical": pa} for p, t, pa in v]
                             for k, v in evidence.items()}}, ensure_ascii=False))
        return EXIT_OK
    if result["why_score"] is None:
        print(f"{row.id}: no sentences to analyse")
        return EXIT_OK
    verdict = "FLAGGED: describes what went wrong without analysing why" if result["why_missing"] else \
        "explains why for at least some failings"
    print(f"{row.id}: why_score {result['why_score']:.2f} (expected why-depth {result['depth']:.1f} of 3); {verdict}")
    print(f"\nFailings stated with no reason beside them ({len(evidence['unexplained_failings'])}):")
    for position, text, _ in evidence["unexplained_failings"][:12]:
        print(f"  [{position}] {text}")
    print(f"\nSentences that explain why ({len(evidence['explanations'])}):")
    for position, text, p in evidence["explanations"][:12]:
        print(f"  [{position}] ({p:.2f}) {text}")
    return EXIT_OK


def _labels(args, store):
    from .why_store import labels_from_file, labels_from_store

    if args.labels:
        return labels_from_file(store, args.labels)
    return labels_from_store(store, annotator=args.annotator)


def cmd_train(args, db_path):
    from .persist import save_model

    with Store(db_path) as store:
        if args.target == "why":
            from .why import WhyGapModel
            from .why_store import training_data

            labels, depths = _labels(args, store)
            docs, sentence_labels, doc_depths, ids = training_data(store, labels, depths)
            model = WhyGapModel().fit(docs, sentence_labels, doc_depths)
            n_sent = sum(v is not None for d in sentence_labels if d for v in d)
            card = {"trained_on": f"{store.path}: {n_sent} labelled sentences, {sum(d is not None for d in doc_depths)} "
                                  f"why-depths, {len(ids)} summaries"}
        else:
            from .themes import ThemeClassifier

            rows = store.conn.execute("SELECT document_id, value FROM annotations WHERE kind='themes'"
                                      + (" AND annotator=?" if args.annotator else ""),
                                      (args.annotator,) if args.annotator else ()).fetchall()
            if args.labels:
                from .annotations import read_annotation_file

                rows = [(a.document_id, a.value) for a in read_annotation_file(args.labels, annotator="file")
                        if a.kind == "themes"]
            themes = {doc_id: [t for t in value.split(";") if t] for doc_id, value in rows}
            ids = sorted(i for i in themes if store.has(i))
            model = ThemeClassifier().fit([store.get(i).text for i in ids], [themes[i] for i in ids])
            card = {"trained_on": f"{store.path}: theme labels of {len(ids)} summaries"}
    save_model(model, args.out, card=card)
    print(f"trained a {args.target} model on {len(ids)} summaries; saved {args.out}")
    return EXIT_OK


def cmd_evaluate(args, db_path):
    from .evaluation import evaluate_why, fit_connective_threshold, format_why_report

    with Store(db_path) as store:
        if args.target == "themes":
            from .annotations import read_annotation_file
            from .evaluation import evaluate_themes, format_theme_report

            gold = {a.document_id: [t for t in a.value.split(";") if t]
                    for a in read_annotation_file(args.gold, annotator="gold") if a.kind == "themes"}
            missing = [i for i in gold if not store.has(i)]
            if missing:
                raise DocumentNotFound(f"{args.gold}: id {missing[0]!r} is not in the store {db_path}")
            ids = sorted(gold)
            report = evaluate_themes(_theme_model(args), [store.get(i).text for i in ids], [gold[i] for i in ids])
            print(json.dumps(report, indent=2) if args.format == "json" else format_theme_report(report))
            return EXIT_OK
        from .why_store import labels_from_file, training_data

        labels, depths = labels_from_file(store, args.gold)
        docs, sentence_labels, doc_depths, _ = training_data(store, labels, depths)
    rated = [(d, dep) for d, dep in zip(docs, doc_depths) if dep is not None]
    threshold = fit_connective_threshold(*zip(*rated)) if rated else 0.05
    report = evaluate_why(_why_model(args.model), docs, sentence_labels, doc_depths, baseline_threshold=threshold)
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print("(the baseline's why_missing threshold is fitted on this gold set itself: an upper bound for it)"
              if rated else "")
        print(format_why_report(report))
    return EXIT_OK


def cmd_scrape(args, db_path):
    from corpus_scrapers import Crawler, source_for

    if args.delay is not None and args.delay < 0:
        raise ValueError("--delay must be zero or more seconds")
    source = source_for(args.source, base_url=args.base_url, since=args.since)
    delay = args.delay if args.delay is not None else getattr(source, "delay", 1.0)
    cache = args.cache or Path(str(db_path) + ".cache")
    with Store(db_path) as store:
        crawler = Crawler(store, source, delay=delay, cache_dir=cache, contact=args.contact)
        report = crawler.run(limit=args.limit, since=args.since, dry_run=args.dry_run)
    if args.dry_run:
        for url in report.planned:
            print(url)
        print(f"{len(report.planned)} documents would be fetched ({len(report.unchanged)} already stored)",
              file=sys.stderr)
        return EXIT_OK
    for line in report.failed:
        print(f"error: {line}", file=sys.stderr)
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    print(f"{source.name}: {report.summary()} -> {db_path}")
    return EXIT_OK if not report.failed else EXIT_PARTIAL


def cmd_report(args, db_path):
    from .periods import parse_period
    from .report import build_report
    from .report_render import write_report

    parse_period(args.period)  # a malformed period is a usage error, before any work
    with Store(db_path) as store:
        report = build_report(store, args.period, deep_dive=args.deep_dive)
    files = write_report(report, args.out, pdf=args.format == "pdf")
    note = "" if report["n_reviews"] else " (no reviews in this period: a short report says so)"
    print(f"{report['period']}: {report['n_reviews']} reviews, {len(report['why_missing'])} flagged as describing "
          f"without analysing why{note}")
    for fmt, path in files.items():
        print(f"  {fmt:<5} {path}")
    return EXIT_OK


def cmd_examples(args, db_path):
    from .examples import find_examples, render_examples

    if args.format == "docx" and not args.out:
        raise ValueError("--format docx needs --out FILE.docx")
    with Store(db_path) as store:
        if store.count() == 0:
            raise DocumentNotFound(f"the store {db_path} holds no summaries; run 'scrlearn ingest' first")
        examples = find_examples(store, args.theme, n=args.n, corpus=_corpus(args, store), label=args.label,
                                 anonymise=args.anonymise)
    if not examples:
        print(f"no excerpts illustrate {args.theme} with these filters", file=sys.stderr)
        return EXIT_PARTIAL
    text = render_examples(examples, args.format, theme=args.theme, path=args.out)
    if args.out and text is not None:
        args.out.write_text(text, encoding="utf-8")
    if args.out:
        print(f"wrote {len(examples)} excerpts to {args.out}")
    else:
        print(text)
    return EXIT_OK


def cmd_search(args, db_path):
    from .sentences import stored_sentences

    with Store(db_path) as store:
        corpus = _corpus(args, store).filter(limit=None)
        ids = [r.id for r in corpus.records()]
        segmented = {r[0] for r in store.conn.execute("SELECT DISTINCT document_id FROM sentences")}
        for doc_id in ids:
            if doc_id not in segmented:
                stored_sentences(store, doc_id)
        where, params = corpus._sql()  # its columns are the documents table's, unambiguous in the join
        rows = store.search_sentences(args.query, limit=args.limit or 20, where=where, params=params)
        meta = {r.id: r for r in corpus.records()}
    out = [{"id": d, "position": p, "area": meta[d].area if d in meta else None,
            "published": meta[d].published if d in meta else None, "sentence": t, "rank": round(-r, 3)}
           for d, p, t, r in rows]
    if args.format == "jsonl":
        _write_rows(out, (), "jsonl")
    elif not out:
        print(f"no sentence matches {args.query!r}")
    else:
        for row in out:
            print(f"{row['id']} [{row['position']}] ({row['area'] or '?'}, {row['published'] or 'undated'}): "
                  f"{row['sentence']}")
    return EXIT_OK


def cmd_annotate(args, db_path):
    from .annotate import run_annotator

    with Store(db_path) as store:
        done = run_annotator(store, annotator=args.annotator, level=args.level, ids=args.ids or None,
                             order=args.order)
    print(f"{done} annotations saved by {args.annotator} in {db_path}")
    return EXIT_OK


_COMMANDS = {
    "scrape": cmd_scrape,
    "report": cmd_report,
    "examples": cmd_examples,
    "search": cmd_search,
    "why": cmd_why,
    "train": cmd_train,
    "evaluate": cmd_evaluate,
    "themes": cmd_themes,
    "topics": cmd_topics,
    "trends": cmd_trends,
    "sentences": cmd_sentences,
    "annotations": cmd_annotations,
    "agreement": cmd_agreement,
    "annotate": cmd_annotate,
    "ingest": cmd_ingest,
    "ls": cmd_ls,
    "show": cmd_show,
    "export": cmd_export,
    "stats": cmd_stats,
    "demo": cmd_demo,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
