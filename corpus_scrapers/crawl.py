"""Crawls: find reviews on a source's pages, fetch their documents, store them, remember where we were.

Fetching (:mod:`corpus_scrapers.fetcher`), parsing (:mod:`corpus_scrapers.parse`,
:mod:`corpus_scrapers.sources`) and storing (here) stay apart. Every document is
stored with its crawl state in one transaction, so an interrupted crawl resumes
where it stopped, and a second run fetches nothing it already has: listing
pages are asked for with their ETag or Last-Modified, stored documents are not
asked for at all.
"""

import json
import re
import sys
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from scrlearn.errors import ExtractionError
from scrlearn.extract import extract_bytes
from scrlearn.ingest import document_record
from scrlearn.periods import parse_published
from scrlearn.store import utcnow

from .errors import Disallowed, FetchError, StructureChanged
from .fetcher import Fetcher

__all__ = ["ScrapeReport", "Crawler", "document_id_for", "format_for"]


@dataclass
class ScrapeReport:
    """What a scrape did: documents stored, skipped (with why) and failed (with why)."""

    stored: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    planned: list = field(default_factory=list)
    pages: int = 0

    def summary(self):
        return (f"{len(self.stored)} stored, {len(self.unchanged)} already stored, {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed, {self.pages} listing pages read")


_FORMATS = {"application/pdf": "pdf", "text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt",
            "text/markdown": "md",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}


def format_for(url, content_type, body):
    """The ingest format of a fetched document, from its bytes, type and URL."""
    if body.lstrip().startswith(b"%PDF-"):
        return "pdf"
    kind = content_type.split(";")[0].strip().lower()
    if kind in _FORMATS:
        return _FORMATS[kind]
    suffix = urlsplit(url).path.lower().rsplit(".", 1)[-1]
    return {"pdf": "pdf", "docx": "docx", "htm": "html", "html": "html", "txt": "txt", "md": "md"}.get(suffix, "html")


def document_id_for(url, taken=()):
    """A document id from a URL's file name (as ingest takes ids from file names), unique among ``taken``."""
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or urlsplit(url).netloc
    stem = re.sub(r"\.(pdf|docx?|html?|txt|md)$", "", name, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "document"
    if stem not in taken:
        return stem
    import hashlib

    return f"{stem}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


class Crawler:
    """Runs one source's crawl into a store.

    Parameters
    ----------
    store : scrlearn.Store
    source : object
        A source from :mod:`corpus_scrapers.sources` (``name``, ``allowed_domains``,
        ``records(crawler)`` yielding :class:`~corpus_scrapers.parse.Record`).
    fetcher : Fetcher, optional
    """

    def __init__(self, store, source, *, fetcher=None, delay=1.0, cache_dir=None, contact=None, progress=None):
        self.store, self.source = store, source
        self.fetcher = fetcher or Fetcher(allowed_domains=source.allowed_domains, delay=delay, cache_dir=cache_dir,
                                          contact=contact)
        self.progress = progress if progress is not None else sys.stderr.isatty()
        self.report = ScrapeReport()

    # -- listing pages, used by sources --------------------------------------------------
    def page(self, url, *, expect="html"):
        """Fetch a listing page (conditionally, when it was seen before) and return its text.

        An unchanged page (HTTP 304) is read back from the raw cache when there is one;
        without a cache, it is fetched again in full.
        """
        row = self.store.conn.execute("SELECT etag, last_modified FROM crawl WHERE url=?", (url,)).fetchone()
        cached = self.fetcher.cache.get(url) if self.fetcher.cache is not None else None
        etag, modified = (row if row and cached is not None else (None, None))
        response = self.fetcher.fetch(url, expect=expect, etag=etag, last_modified=modified)
        self.report.pages += 1
        if response.not_modified:
            return cached.text
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO crawl (url, source, kind, status, http_status, etag, last_modified, sha256, "
                         "fetched_at) VALUES (?, ?, 'page', 'read', ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                         "http_status=excluded.http_status, etag=excluded.etag, last_modified=excluded.last_modified,"
                         " sha256=excluded.sha256, fetched_at=excluded.fetched_at",
                         (url, self.source.name, response.status, response.headers.get("etag"),
                          response.headers.get("last-modified"), response.sha256, response.fetched_at))
        return response.text

    # -- the crawl ------------------------------------------------------------------------
    def run(self, *, limit=None, since=None, dry_run=False):
        """Crawl: returns a :class:`ScrapeReport`. Raises StructureChanged when a source's pages parse to nothing."""
        bar = None
        if self.progress and not dry_run:
            from tqdm import tqdm

            bar = tqdm(unit="doc", desc=f"scrape {self.source.name}", file=sys.stderr, leave=False)
        taken = set(self.store.ids())
        seen = set()
        try:
            for record in self.source.records(self):
                if record.url in seen:
                    continue
                seen.add(record.url)
                year = record.metadata.get("year") or (record.metadata.get("published") or "")[:4]
                if since and year and year.isdigit() and int(year) < since:
                    self.report.skipped.append(f"{record.url}: published {year}, before --since {since}")
                    continue
                state = self.store.conn.execute("SELECT status, document_id FROM crawl WHERE url=?",
                                                (record.url,)).fetchone()
                if state and state[0] == "stored" and state[1] and self.store.has(state[1]):
                    self.report.unchanged.append(state[1])
                    continue
                if limit is not None and len(self.report.stored) + len(self.report.planned) >= limit:
                    break
                if dry_run:
                    self.report.planned.append(record.url)
                    continue
                self._document(record, taken)
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        if not seen:
            raise StructureChanged(f"{self.source.name}: no document links found at all; the source's pages have "
                                   "changed or its configuration matches nothing")
        return self.report

    def _document(self, record, taken):
        try:
            response = self.fetcher.fetch(record.url, expect="document")
            fmt = format_for(response.final_url, response.content_type, response.body)
            extracted = extract_bytes(response.body, record.url, fmt)
        except Disallowed as exc:
            self.report.skipped.append(str(exc))
            self._state(record, "skipped", error=str(exc))
            return
        except (FetchError, ExtractionError) as exc:
            self.report.failed.append(str(exc))
            self._state(record, "failed", error=str(exc))
            return
        state = self.store.conn.execute("SELECT document_id FROM crawl WHERE url=?", (record.url,)).fetchone()
        doc_id = state[0] if state and state[0] else document_id_for(record.url, taken)
        metadata = self._metadata(record)
        extra = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in record.metadata.items()
                 if k not in ("title", "area", "nation", "published", "year", "child_age", "incident")}
        row = document_record(doc_id, extracted, origin=record.url, metadata=metadata, extra=extra,
                              fetched_at=response.fetched_at)
        with self.store.transaction() as conn:
            other = self.store.id_for_hash(extracted.raw_sha256)  # read inside the transaction: no race
            if other is not None and other != doc_id:
                self.report.skipped.append(f"{record.url}: same content as stored document {other!r}")
                self._state(record, "stored", document_id=other, conn=conn, response=response)
                return
            self.store.upsert_document(conn, row)
            self._state(record, "stored", document_id=doc_id, conn=conn, response=response)
        taken.add(doc_id)
        self.report.stored.append(doc_id)

    def _metadata(self, record):
        m = record.metadata
        published = m.get("published") or m.get("year")
        try:
            published = parse_published(str(published)[:10]) if published else None
        except ValueError:
            published = None
        return {"title": m.get("title"), "area": m.get("area"), "nation": m.get("nation"), "published": published,
                "child_age": m.get("child_age"), "incident": m.get("incident"), "url": record.url,
                "source": self.source.name}

    def _state(self, record, status, *, document_id=None, error=None, conn=None, response=None):
        values = (record.url, self.source.name, status, response.status if response else None,
                  response.headers.get("etag") if response else None,
                  response.headers.get("last-modified") if response else None,
                  response.sha256 if response else None, document_id, error, utcnow(),
                  json.dumps(record.metadata, default=str))
        sql = ("INSERT INTO crawl (url, source, kind, status, http_status, etag, last_modified, sha256, document_id, "
               "error, fetched_at, metadata) VALUES (?, ?, 'document', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT(url) DO UPDATE SET status=excluded.status, http_status=excluded.http_status, "
               "etag=excluded.etag, last_modified=excluded.last_modified, sha256=excluded.sha256, "
               "document_id=excluded.document_id, error=excluded.error, fetched_at=excluded.fetched_at, "
               "metadata=excluded.metadata")
        if conn is not None:
            conn.execute(sql, values)
        else:
            with self.store.transaction() as own:
                own.execute(sql, values)

