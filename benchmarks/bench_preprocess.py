"""Preprocessing throughput (sentences/s, tokens/s) cold and cached, and peak memory.

For each corpus size (the sample replicated with perturbations; default 1,000
and 5,000 documents) every stage runs in a fresh process so its peak resident
memory is its own: the floor (plain-Python regex tokenising of the same texts),
sentence segmentation, the default preprocessor cold on one core and on two,
and a second pass that reads the cache. Memory that stays flat from 1,000 to
5,000 documents shows the corpus streams. Prints a table; nothing is asserted.

Usage: python benchmarks/bench_preprocess.py [--sizes 1000 5000]
"""

import argparse
import json
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def stage(name, db):
    from scrlearn.corpus import Corpus
    from scrlearn.sentences import stored_sentences
    from scrlearn.store import Store
    from scrlearn.token_corpus import TokenCorpus

    start = time.perf_counter()
    docs = tokens = sentences = 0
    if name == "floor":
        for text in Corpus(db).texts():
            docs += 1
            tokens += len(re.findall(r"\w+", text.lower()))
    elif name == "sentences":
        with Store(db) as store:
            store.conn.execute("DELETE FROM sentences")
            for doc_id in store.ids():
                docs += 1
                sentences += len(stored_sentences(store, doc_id))
    else:
        if name.startswith("cold"):
            with Store(db) as store:
                store.conn.execute("DELETE FROM cache")
        corpus = TokenCorpus(Corpus(db), n_jobs=2 if name == "cold-2" else 1, progress=False)
        for doc in corpus:
            docs += 1
            tokens += len(doc)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"stage": name, "seconds": seconds, "docs": docs, "tokens": tokens, "sentences": sentences,
            "peak_mb": max(peak, children)}


def run(name, db):
    out = subprocess.run([sys.executable, __file__, "--stage", name, "--db", str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--stage")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, args.db)))
        return
    sys.path.insert(0, str(HERE))
    from scaled_corpus import build

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print(f"{'docs':>6} {'stage':<10} {'seconds':>8} {'docs/s':>8} {'sent/s':>9} {'tokens/s':>10} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            db = Path(tmp) / f"scaled-{size}.db"
            build(size, db)
            results = {name: run(name, db) for name in ("floor", "sentences", "cold-1", "cold-2", "cached")}
            for name, r in results.items():
                rate = r["docs"] / r["seconds"]
                sent = f"{r['sentences'] / r['seconds']:,.0f}" if r["sentences"] else ""
                tok = f"{r['tokens'] / r['seconds']:,.0f}" if r["tokens"] else ""
                print(f"{size:>6} {name:<10} {r['seconds']:>8.2f} {rate:>8.0f} {sent:>9} {tok:>10} {r['peak_mb']:>8.0f}")
            floor = results["floor"]["seconds"]
            print(f"{size:>6} ratios: cold-1 {results['cold-1']['seconds'] / floor:.1f}x the regex floor, "
                  f"cold-2 {results['cold-2']['seconds'] / floor:.1f}x, cached {results['cached']['seconds'] / floor:.1f}x")


if __name__ == "__main__":
    main()
