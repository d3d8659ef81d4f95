"""Ingest throughput (documents/s, MB/s) for text, PDF and Word files, beside baselines.

Builds a corpus by replicating the bundled sample's files (each copy made
unique so no file is skipped as a duplicate), ingests each format into a fresh
store, and in the same run times the floors: reading and decoding the same
text files, and pypdf's raw text extraction of the same PDFs without clean-up
or storage. Prints a table; nothing is asserted.

Usage: python benchmarks/bench_ingest.py [--copies N]
"""

import argparse
import io
import platform
import shutil
import tempfile
import time
from pathlib import Path

from scrlearn.demo import sample_corpus_path
from scrlearn.ingest import ingest_paths
from scrlearn.store import Store


def replicate(suffix, folder, copies):
    files = sorted(sample_corpus_path().glob(f"*{suffix}"))
    folder.mkdir(parents=True)
    for n in range(copies):
        for f in files:
            data = f.read_bytes()
            marker = f"\n% copy {n}\n".encode() if suffix == ".pdf" else f"\n\nCopy {n}.\n".encode()
            if suffix == ".docx":
                target = folder / f"{f.stem}-{n}{suffix}"
                shutil.copyfile(f, target)  # identical bytes: give each copy its own core property
                import docx

                document = docx.Document(target)
                document.core_properties.title = f"copy {n}"
                document.save(target)
                continue
            (folder / f"{f.stem}-{n}{suffix}").write_bytes(data + marker)
    return sorted(folder.iterdir())


def timed_ingest(folder, db):
    start = time.perf_counter()
    with Store(db) as store:
        report = ingest_paths(store, [folder])
    elapsed = time.perf_counter() - start
    assert not report.failed, report.failed[:3]
    return elapsed, len(report.added)


def text_floor(files):
    start = time.perf_counter()
    for f in files:
        f.read_bytes().decode("utf-8").split()
    return time.perf_counter() - start


def pdf_floor(files):
    from pypdf import PdfReader

    start = time.perf_counter()
    for f in files:
        for page in PdfReader(io.BytesIO(f.read_bytes())).pages:
            page.extract_text()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of each sample file (default 10)")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"{'format':<6} {'files':>6} {'MB':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>7}   floor (same files)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for suffix in (".txt", ".pdf", ".docx"):
            files = replicate(suffix, tmp / suffix[1:], args.copies)
            megabytes = sum(f.stat().st_size for f in files) / 1e6
            elapsed, added = timed_ingest(tmp / suffix[1:], tmp / f"{suffix[1:]}.db")
            floor = ""
            if suffix == ".txt":
                f_time = text_floor(files)
                floor = f"read+decode {len(files) / f_time:,.0f} docs/s (ingest is {elapsed / f_time:,.0f}x)"
            elif suffix == ".pdf":
                f_time = pdf_floor(files)
                floor = f"pypdf text only {len(files) / f_time:,.1f} docs/s (ingest is {elapsed / f_time:.2f}x)"
            print(f"{suffix[1:]:<6} {added:>6} {megabytes:>7.1f} {elapsed:>8.2f} {added / elapsed:>8.1f} "
                  f"{megabytes / elapsed:>7.2f}   {floor}")


if __name__ == "__main__":
    main()
