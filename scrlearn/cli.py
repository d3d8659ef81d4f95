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
import os
import sys
from pathlib import Path

from . import __version__
from .corpus import Corpus
from .errors import ScrlearnError
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
    pass


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
        raise _bad_value("--max-bytes must be a positive number of bytes")
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


def _bad_value(message):
    return ValueError(message)


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
    widths = {f: min(40, max(len(f), *(len(_cell(r.get(f))) for r in rows))) for f in fields}
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


_COMMANDS = {
    "ingest": cmd_ingest,
    "ls": cmd_ls,
    "show": cmd_show,
    "export": cmd_export,
    "stats": cmd_stats,
    "demo": cmd_demo,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
