"""Model outputs kept in the store, keyed by the model and the document's text.

A report, a trend table and an example pack all need every summary's themes;
``scrlearn why`` and the report both need the why-gap results. Computing them
once per (model, text) and keeping them in the store's cache makes the chain
ingest -> themes -> why -> report do each piece of work once. A changed text or
a different model (another fingerprint) is simply a cache miss.
"""

import hashlib
import json

from .store import utcnow

__all__ = ["model_fingerprint", "cached_outputs", "stored_document_themes"]


def model_fingerprint(model, extra=""):
    """A short hash of a fitted model's saved form (and ``extra``, e.g. a codebook's identity)."""
    data = json.dumps(model.to_dict(), sort_keys=True, default=str) + extra
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


def cached_outputs(store, ids, *, kind, fingerprint, compute, batch=500):
    """Results for documents ``ids``, from the store's cache where present, computed (and kept) otherwise.

    Parameters
    ----------
    compute : callable
        ``compute(list of ids) -> list of JSON-serialisable results``, for the misses.

    Returns
    -------
    list
        Results in the order of ``ids``.
    """
    hashes = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        hashes.update(store.conn.execute(
            f"SELECT id, text_sha256 FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    keys = {doc_id: f"{kind}:{fingerprint}:{hashes[doc_id]}" for doc_id in ids}
    found = {}
    wanted = list(keys.values())
    for start in range(0, len(wanted), 900):
        chunk = wanted[start:start + 900]
        found.update(store.conn.execute(
            f"SELECT key, value FROM cache WHERE key IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    results = {doc_id: json.loads(found[key]) for doc_id, key in keys.items() if key in found}
    missing = [doc_id for doc_id in ids if doc_id not in results]
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        computed = compute(chunk)
        now = utcnow()
        with store.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO cache (key, document_id, value, created_at) VALUES (?, ?, ?, ?)",
                             [(keys[d], d, json.dumps(r), now) for d, r in zip(chunk, computed)])
        results.update(zip(chunk, computed))
    return [results[doc_id] for doc_id in ids]


def stored_document_themes(store, ids, *, model=None, codebook=None):
    """:func:`scrlearn.themes.document_themes` for stored documents, through the cache."""
    from .codebook import load_codebook
    from .themes import default_theme_model, document_themes

    model = model or default_theme_model()
    book = load_codebook(codebook)
    fingerprint = model_fingerprint(model, json.dumps(book.to_dict(), sort_keys=True))
    return cached_outputs(store, list(ids), kind="themes", fingerprint=fingerprint,
                          compute=lambda chunk: document_themes([store.get(i).text for i in chunk], model=model,
                                                                codebook=codebook))
