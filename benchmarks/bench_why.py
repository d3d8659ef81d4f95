"""Time `scrlearn why --format jsonl` on N summaries (default 1,000) as a user runs it.

Builds a store of the sample replicated with perturbations, then runs the real
command line in a subprocess twice: cold (sentences not yet segmented and
cached) and warm (sentences cached). The connective-keyword baseline over the
same sentences is timed in the same run. Target: under 30 seconds for 1,000.
Usage: python benchmarks/bench_why.py [--docs 1000]
"""

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from scaled_corpus import build

    from scrlearn.why_features import connective_label

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "why.db"
        build(args.docs, db)
        for label in ("cold (segmenting too)", "warm (sentences cached)"):
            start = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "scrlearn", "why", "--format", "jsonl", "--db", str(db)],
                                 capture_output=True, text=True, check=True).stdout
            seconds = time.perf_counter() - start
            rows = [json.loads(line) for line in out.splitlines()]
            sentences = sum(len(r["sentences"]) for r in rows)
            print(f"scrlearn why --format jsonl, {len(rows)} summaries, {sentences} sentences, {label}: "
                  f"{seconds:.1f} s ({len(rows) / seconds:.0f} summaries/s)")
        start = time.perf_counter()
        for r in rows:
            for s in r["sentences"]:
                connective_label(s["text"])
        print(f"connective-keyword baseline over the same sentences: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
