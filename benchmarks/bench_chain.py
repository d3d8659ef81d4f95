"""The whole chain at national scale, with its baselines in the same run.

For each size (the sample's summaries replicated with perturbations to 1,000,
5,000 and 20,000 by default; 20,000 is about ten times every published review)
each stage runs in a fresh process, so its time and peak resident memory are
its own: ingest (of real text files on disk), preprocessing cold and cached,
theme assignment, topic discovery, the why-gap, and the six-monthly report.
Beside them, the baselines: plain-Python regex tokenising (the floor for any
preprocessing), the keyword theme baseline, the connective why baseline, and
scikit-learn's LatentDirichletAllocation beside gensim's LdaMulticore on the
same bag of words. The scaling exponent of a stage is time at the largest size
over time at the smallest (linear is the ratio of sizes). Results are printed
and written to benchmarks/RESULTS.md.

Usage: python benchmarks/bench_chain.py [--sizes 1000 5000 20000] [--out benchmarks/RESULTS.md]
"""

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ["ingest", "preprocess-cold", "preprocess-cached", "themes", "topics", "why", "report"]
BASELINES = ["regex-floor", "keyword-themes", "connective-why", "lda-gensim", "lda-sklearn"]


def _peak_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def write_files(n, folder):
    """Write n text files: the sample's summaries, replicated with perturbations (see scaled_corpus)."""
    sys.path.insert(0, str(HERE))
    from scaled_corpus import _swap

    from scrlearn.gold import load_sample_texts

    texts = list(load_sample_texts().items())
    folder.mkdir(parents=True, exist_ok=True)
    import csv

    from scrlearn.demo import sample_corpus_path

    with open(sample_corpus_path() / "metadata.csv", encoding="utf-8") as fh:
        meta = {r["id"]: r for r in csv.DictReader(fh)}
    rows = []
    for i in range(n):
        doc_id, text = texts[i % len(texts)]
        copy = i // len(texts)
        paragraphs = text.split("\n\n")
        k = copy % max(1, len(paragraphs))
        paragraphs = paragraphs[k:] + paragraphs[:k]
        if copy:
            paragraphs = [_swap(p, copy) for p in paragraphs]
        name = f"{doc_id}-{copy}"
        (folder / f"{name}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        m = meta[doc_id]
        rows.append({"id": name, "title": m["title"], "area": m["area"], "nation": m["nation"],
                     "published": m["published"], "child_age": m["child_age"], "incident": m["incident"]})
    with open(folder.parent / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run_stage(name, db, files):
    """Run one stage in this process; return its measurements."""
    from scrlearn.cli import main
    from scrlearn.corpus import Corpus

    start = time.perf_counter()
    devnull = open(os.devnull, "w")
    stdout, sys.stdout = sys.stdout, devnull
    try:
        if name == "ingest":
            code = main(["ingest", str(files), "--metadata", str(files.parent / "metadata.csv"), "--db", str(db),
                         "--quiet"])
            assert code == 0
        elif name.startswith("preprocess"):
            from scrlearn.store import Store
            from scrlearn.token_corpus import TokenCorpus

            if name.endswith("cold"):
                with Store(db) as store:
                    store.conn.execute("DELETE FROM cache")
            sum(1 for _ in TokenCorpus(Corpus(db), n_jobs=2, progress=False))
        elif name == "themes":
            assert main(["themes", "--format", "jsonl", "--db", str(db)]) == 0
        elif name == "topics":
            assert main(["topics", "--k", "10", "--format", "json", "--db", str(db)]) == 0
        elif name == "why":
            assert main(["why", "--format", "jsonl", "--db", str(db)]) == 0
        elif name == "report":
            assert main(["report", "--period", "2015-H2", "--out", str(db.parent / "report"), "--db", str(db)]) == 0
        elif name == "regex-floor":
            for text in Corpus(db).texts():
                re.findall(r"\w+", text.lower())
        elif name == "keyword-themes":
            from scrlearn.themes import keyword_themes

            keyword_themes(list(Corpus(db).texts()))
        elif name == "connective-why":
            from scrlearn.store import Store
            from scrlearn.why_features import connective_label

            with Store(db) as store:
                for (text,) in store.conn.execute("SELECT text FROM sentences"):
                    connective_label(text)
        elif name.startswith("lda"):
            _lda(db, name)
    finally:
        sys.stdout = stdout
        devnull.close()
    return {"stage": name, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _lda(db, name):
    import numpy as np
    import scipy.sparse as sp
    from gensim.corpora import Dictionary

    from scrlearn.corpus import Corpus
    from scrlearn.token_corpus import TokenCorpus
    from scrlearn.topics import topic_preprocessor

    corpus = Corpus(db)
    docs = list(TokenCorpus(corpus, topic_preprocessor(corpus), progress=False))
    dictionary = Dictionary(docs)
    dictionary.filter_extremes(no_below=2, no_above=0.6, keep_n=20000)
    bow = [dictionary.doc2bow(d) for d in docs]
    start = time.perf_counter()
    if name == "lda-gensim":
        from gensim.models import LdaMulticore

        LdaMulticore(corpus=bow, id2word=dictionary, num_topics=10, passes=5, workers=2, random_state=0,
                     chunksize=2000)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        rows = [i for i, d in enumerate(bow) for _ in d]
        cols = [j for d in bow for j, _ in d]
        vals = [v for d in bow for _, v in d]
        matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(bow), len(dictionary)), dtype=np.float64)
        LatentDirichletAllocation(n_components=10, max_iter=5, learning_method="online", batch_size=2000,
                                  n_jobs=2, random_state=0).fit(matrix)
    print(json.dumps({"fit_seconds": time.perf_counter() - start}), file=sys.stderr)


def measure(name, db, files):
    out = subprocess.run([sys.executable, __file__, "--stage", name, "--db", str(db), "--files", str(files)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"stage {name} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    fit = [json.loads(line) for line in out.stderr.splitlines() if line.startswith('{"fit_seconds"')]
    if fit:
        result["fit_seconds"] = fit[0]["fit_seconds"]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--stage")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--files", type=Path)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.db, args.files)))
        return
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
               f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
               f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"machine: {machine}; {time.strftime('%Y-%m-%d')}")
    results = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_files(size, tmp / "files")
            db = tmp / "chain.db"
            results[size] = {}
            for name in STAGES + BASELINES:
                results[size][name] = r = measure(name, db, tmp / "files")
                fit = f" (fit {r['fit_seconds']:.1f} s)" if "fit_seconds" in r else ""
                print(f"{size:>6} {name:<18} {r['seconds']:>8.1f} s{fit}  peak {r['peak_mb']:>6.0f} MB", flush=True)
            shutil.rmtree(tmp / "files")
            chain = sum(results[size][s]["seconds"] for s in STAGES if s != "preprocess-cached")
            print(f"{size:>6} whole chain (ingest to report, cold) {chain:.1f} s; "
                  f"peak {max(results[size][s]['peak_mb'] for s in STAGES):.0f} MB", flush=True)
    write_results(results, args.out, machine)
    print(f"written {args.out}")


def write_results(results, path, machine):
    sizes = sorted(results)
    lines = ["# Benchmark results: the whole chain", "",
             f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/bench_chain.py` on {machine}.",
             "Corpus: the bundled fictional sample (156 summaries) replicated with perturbations. Each stage ran in "
             "its own process; peak memory is that process's maximum resident set (its children included).", "",
             "| stage | " + " | ".join(f"{s:,} docs" for s in sizes) + " | peak MB (largest) | scaling exponent |",
             "|---|" + "---|" * len(sizes) + "---|---|"]
    for name in STAGES + BASELINES:
        times = [results[s][name]["seconds"] for s in sizes]
        exponent = times[-1] / times[0] if times[0] else float("nan")
        lines.append(f"| {name} | " + " | ".join(f"{t:.1f} s" for t in times)
                     + f" | {results[sizes[-1]][name]['peak_mb']:.0f} | {exponent:.1f} |")
    chain = {s: sum(results[s][n]["seconds"] for n in STAGES if n != "preprocess-cached") for s in sizes}
    peak = {s: max(results[s][n]["peak_mb"] for n in STAGES) for s in sizes}
    lines += ["| **whole chain (ingest to report, cold)** | " + " | ".join(f"{chain[s]:.0f} s" for s in sizes)
              + f" | {peak[sizes[-1]]:.0f} | {chain[sizes[-1]] / chain[sizes[0]]:.1f} |", "",
              f"Linear scaling gives an exponent of {sizes[-1] / sizes[0]:.0f} (sizes {sizes[0]:,} to {sizes[-1]:,}).",
              "Ratios in the same run, at the largest size:"]
    big = results[sizes[-1]]
    lines.append(f"- preprocessing cold is {big['preprocess-cold']['seconds'] / big['regex-floor']['seconds']:.1f}x "
                 f"the regex floor; cached {big['preprocess-cached']['seconds'] / big['regex-floor']['seconds']:.1f}x")
    lines.append(f"- theme assignment is {big['themes']['seconds'] / big['keyword-themes']['seconds']:.1f}x the "
                 "keyword baseline")
    lines.append(f"- the why-gap is {big['why']['seconds'] / big['connective-why']['seconds']:.1f}x the connective "
                 "baseline (over stored sentences)")
    if "fit_seconds" in big["lda-gensim"]:
        lines.append(f"- LDA fit, 10 topics, 5 passes: gensim LdaMulticore {big['lda-gensim']['fit_seconds']:.1f} s, "
                     f"scikit-learn (online) {big['lda-sklearn']['fit_seconds']:.1f} s")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
