"""A streamed, cached token corpus: a Corpus run through a Preprocessor.

Tokens are cached in the store keyed by the preprocessor's version and the
document's text hash, so a second pass reads them instead of recomputing, a
changed document is recomputed alone, and a changed step recomputes everything
from that step on (the cache also keeps the output of the tokenizer and glossary
steps, keyed by their own prefix version, so changing only the stemmer or the
stop words does not tokenize again).

Iterating yields one token list per document and opens the store afresh, so
gensim models that make several passes can be given the corpus itself.
"""

import hashlib
import json
import sys

from .corpus import Corpus
from .preprocess import Preprocessor
from .store import utcnow

__all__ = ["TokenCorpus"]

_BATCH = 64


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_WORKER = {}


def _init_worker(preprocessor, checkpoint):
    _WORKER["pre"], _WORKER["checkpoint"] = preprocessor, checkpoint


def _run(args):
    text, cached_prefix = args
    return _compute(_WORKER["pre"], _WORKER["checkpoint"], text, cached_prefix)


def _compute(preprocessor, checkpoint, text, cached_prefix):
    """Run the steps after the checkpoint (or all); return (checkpoint output, final tokens)."""
    steps = preprocessor.steps
    if cached_prefix is not None:
        value, start = cached_prefix, checkpoint + 1
    else:
        value, start = text, 0
    middle = None
    for i in range(start, len(steps)):
        value = steps[i](value)
        if i == checkpoint:
            middle = value
    return middle, value


class TokenCorpus:
    """Token lists of a corpus's documents, streamed and cached.

    Parameters
    ----------
    corpus : Corpus
    preprocessor : Preprocessor, optional
    cache : bool, default=True
        Read and write the store's cache.
    n_jobs : int, default=1
        Processes for computing uncached documents (2 pays on 2 cores for cold runs).
    progress : bool or None
        Show a progress bar (default: when standard error is a terminal).

    Examples
    --------
    >>> import tempfile, os
    >>> from scrlearn import Corpus, Store, ingest_paths
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "d1.txt"), "w") as fh:
    ...     _ = fh.write("The HV did not share the referral.")
    >>> db = os.path.join(folder, "t.db")
    >>> with Store(db) as store:
    ...     _ = ingest_paths(store, [folder])
    >>> list(TokenCorpus(Corpus(db)))
    [['health_visitor', 'share', 'referr']]
    """

    def __init__(self, corpus, preprocessor=None, *, cache=True, n_jobs=1, progress=None):
        self.corpus = corpus
        self.preprocessor = preprocessor or Preprocessor()
        self.cache = cache
        self.n_jobs = n_jobs
        self.progress = progress

    @property
    def _checkpoint(self):
        """Index of the step whose output is cached as well (the glossary step, or the tokenizer)."""
        names = [s.name for s in self.preprocessor.steps]
        for name in ("glossary", "tokenize"):
            if name in names:
                return names.index(name)
        return None

    def _keys(self, text_hash):
        versions = self.preprocessor.prefix_versions()
        final = f"tokens:{self.preprocessor.version}:{text_hash}"
        checkpoint = self._checkpoint
        middle = f"tokens:{versions[checkpoint]}:{text_hash}" if checkpoint is not None else None
        return final, middle

    def __iter__(self):
        for _, tokens in self.items():
            yield tokens

    def items(self):
        """Yield ``(document id, tokens)`` pairs."""
        store, owned = self.corpus._store()
        try:
            yield from self._items(store)
        finally:
            if owned:
                store.close()

    def _items(self, store):
        batch = []
        bar = self._bar()
        pool = None
        if self.n_jobs > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(
                self.n_jobs, initializer=_init_worker, initargs=(self.preprocessor, self._checkpoint))
        try:
            for record in Corpus(store, **self.corpus.filters).records():
                batch.append(record)
                if len(batch) >= _BATCH * max(1, self.n_jobs) * 4:
                    yield from self._process(store, batch, pool)
                    if bar is not None:
                        bar.update(len(batch))
                    batch = []
            if batch:
                yield from self._process(store, batch, pool)
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if pool is not None:
                pool.terminate()
            if bar is not None:
                bar.close()

    def _bar(self):
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        if not show:
            return None
        from tqdm import tqdm

        return tqdm(total=len(self.corpus), unit="doc", desc="preprocess", leave=False, file=sys.stderr)

    def _process(self, store, records, pool=None):
        keys = {r.id: self._keys(_digest(r.text)) for r in records}
        cached = {}
        if self.cache:
            wanted = [k for pair in keys.values() for k in pair if k]
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                cached.update(store.conn.execute(
                    f"SELECT key, value FROM cache WHERE key IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
        results, todo = {}, []
        for r in records:
            final, middle = keys[r.id]
            if final in cached:
                results[r.id] = json.loads(cached[final])
            else:
                prefix = json.loads(cached[middle]) if middle and middle in cached else None
                todo.append((r, prefix))
        if todo:
            args = [(r.text, prefix) for r, prefix in todo]
            if pool is not None and len(todo) > 1:
                outputs = pool.map(_run, args, chunksize=max(1, len(args) // (4 * self.n_jobs)))
            else:
                outputs = [_compute(self.preprocessor, self._checkpoint, text, prefix) for text, prefix in args]
            rows = []
            for (r, prefix), (middle_tokens, tokens) in zip(todo, outputs):
                results[r.id] = tokens
                final, middle = keys[r.id]
                rows.append((final, r.id, json.dumps(tokens)))
                if middle and middle_tokens is not None and prefix is None:
                    rows.append((middle, r.id, json.dumps(middle_tokens)))
            if self.cache:
                now = utcnow()
                with store.transaction() as conn:
                    conn.executemany("INSERT OR REPLACE INTO cache (key, document_id, value, created_at) "
                                     "VALUES (?, ?, ?, ?)", [(*row, now) for row in rows])
        for r in records:
            yield r.id, results[r.id]

    def prune(self):
        """Delete cached tokens that no current version of this preprocessor would read.

        Returns
        -------
        int
            Cache rows deleted.
        """
        keep = {self.preprocessor.version}
        checkpoint = self._checkpoint
        if checkpoint is not None:
            keep.add(self.preprocessor.prefix_versions()[checkpoint])
        store, owned = self.corpus._store()
        try:
            with store.transaction() as conn:
                rows = conn.execute("SELECT key FROM cache WHERE key LIKE 'tokens:%'").fetchall()
                stale = [k for (k,) in rows if k.split(":")[1] not in keep]
                conn.executemany("DELETE FROM cache WHERE key=?", [(k,) for k in stale])
        finally:
            if owned:
                store.close()
        return len(stale)

    def dictionary(self, **filter_extremes):
        """A gensim :class:`~gensim.corpora.Dictionary` of the corpus (``filter_extremes`` applied if given)."""
        from gensim.corpora import Dictionary

        dictionary = Dictionary(self)
        if filter_extremes:
            dictionary.filter_extremes(**filter_extremes)
        return dictionary

    def bow(self, dictionary):
        """A re-iterable bag-of-words corpus for gensim models."""
        return _Bow(self, dictionary)


class _Bow:
    def __init__(self, tokens, dictionary):
        self.tokens, self.dictionary = tokens, dictionary

    def __iter__(self):
        for tokens in self.tokens:
            yield self.dictionary.doc2bow(tokens)

    def __len__(self):
        return len(self.tokens.corpus)

