"""Topic-model fitting time: gensim LdaMulticore against scikit-learn's LatentDirichletAllocation.

Both fit the same bag-of-words (the sample replicated with perturbations to
N documents, default 5,000, preprocessed once and cached) with the same K and
the same number of passes, in one run; NMF is timed beside them. Prints a
table and the ratios; nothing is asserted.
Usage: python benchmarks/bench_topics.py [--docs 5000] [--k 10] [--passes 5]
"""

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from gensim.corpora import Dictionary
    from gensim.models import LdaMulticore
    from scaled_corpus import build
    from sklearn.decomposition import NMF, LatentDirichletAllocation

    from scrlearn.corpus import Corpus
    from scrlearn.token_corpus import TokenCorpus
    from scrlearn.topics import topic_preprocessor

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scaled.db"
        build(args.docs, db)
        corpus = Corpus(db)
        start = time.perf_counter()
        docs = list(TokenCorpus(corpus, topic_preprocessor(corpus), n_jobs=2, progress=False))
        print(f"{len(docs)} documents preprocessed in {time.perf_counter() - start:.1f} s")
    dictionary = Dictionary(docs)
    dictionary.filter_extremes(no_below=2, no_above=0.6, keep_n=20000)
    bow = [dictionary.doc2bow(d) for d in docs]
    rows, cols, vals = [], [], []
    for i, doc in enumerate(bow):
        for j, v in doc:
            rows.append(i)
            cols.append(j)
            vals.append(v)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(bow), len(dictionary)), dtype=np.float64)
    print(f"vocabulary {len(dictionary)} terms, {matrix.nnz:,} non-zero counts; K = {args.k}, passes = {args.passes}")
    results = {}
    start = time.perf_counter()
    LdaMulticore(corpus=bow, id2word=dictionary, num_topics=args.k, passes=args.passes, workers=2,
                 random_state=0, chunksize=2000)
    results["gensim LdaMulticore (2 workers)"] = time.perf_counter() - start
    start = time.perf_counter()
    LatentDirichletAllocation(n_components=args.k, max_iter=args.passes, learning_method="batch", n_jobs=2,
                              random_state=0).fit(matrix)
    results["sklearn LatentDirichletAllocation (batch, 2 jobs)"] = time.perf_counter() - start
    start = time.perf_counter()
    LatentDirichletAllocation(n_components=args.k, max_iter=args.passes, learning_method="online", n_jobs=2,
                              batch_size=2000, random_state=0).fit(matrix)
    results["sklearn LatentDirichletAllocation (online, 2 jobs)"] = time.perf_counter() - start
    start = time.perf_counter()
    NMF(n_components=args.k, init="nndsvd", max_iter=400, random_state=0).fit(matrix)
    results["sklearn NMF (the default method)"] = time.perf_counter() - start
    base = results["gensim LdaMulticore (2 workers)"]
    for name, seconds in results.items():
        print(f"  {name:<52} {seconds:>7.2f} s   {seconds / base:>5.2f}x gensim")


if __name__ == "__main__":
    main()
