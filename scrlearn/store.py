"""The SQLite corpus store.

One file holds documents, their metadata and provenance, the text derived from
them (sentences, caches), annotations and model outputs. The file is opened in
WAL mode with foreign keys on; its schema carries a version number and is
migrated forward on open, so a store written by an older scrlearn keeps working.

Every write that belongs together runs in one ``BEGIN IMMEDIATE`` transaction
(:meth:`Store.transaction`), so an interrupted process leaves either the whole
change or none of it, and two processes writing at once wait for each other
instead of failing.
"""

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import DocumentNotFound, SchemaVersionError, StoreError

__all__ = ["Store", "DocumentRow", "default_db_path", "METADATA_FIELDS", "SCHEMA_VERSION"]

#: Metadata fields every document has (CONTRACT.md); other metadata goes to ``extra``.
METADATA_FIELDS = ("title", "area", "nation", "published", "child_age", "incident", "url", "source")

_MIGRATIONS = {
    1: """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT, area TEXT, nation TEXT, published TEXT, child_age TEXT,
        incident TEXT, url TEXT, source TEXT,
        extra TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL,
        full_text TEXT NOT NULL,
        blocks TEXT NOT NULL DEFAULT '[]',
        summary_section INTEGER NOT NULL DEFAULT 0,
        words INTEGER NOT NULL,
        format TEXT NOT NULL,
        origin TEXT NOT NULL,
        raw_sha256 TEXT NOT NULL UNIQUE,
        text_sha256 TEXT NOT NULL,
        raw_bytes INTEGER NOT NULL,
        fetched_at TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_area ON documents(area);
    CREATE INDEX documents_published ON documents(published);

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        id UNINDEXED, text, content='documents', content_rowid='rowid',
        tokenize='porter unicode61');
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, id, text) VALUES (new.rowid, new.id, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, id, text)
        VALUES ('delete', old.rowid, old.id, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF id, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, id, text)
        VALUES ('delete', old.rowid, old.id, old.text);
        INSERT INTO documents_fts(rowid, id, text) VALUES (new.rowid, new.id, new.text);
    END;

    CREATE TABLE sentences (
        document_id TEXT NOT NULL REFERENCES documents(id)
            ON DELETE CASCADE ON UPDATE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER,
        end INTEGER,
        paragraph INTEGER,
        segmenter TEXT NOT NULL,
        PRIMARY KEY (document_id, position)
    );

    CREATE TABLE annotations (
        rowid INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL,
        annotator TEXT NOT NULL,
        kind TEXT NOT NULL,
        position INTEGER,
        sentence TEXT,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX annotations_key
        ON annotations(document_id, annotator, kind, ifnull(position, -1));

    CREATE TABLE runs (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        model TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE outputs (
        run INTEGER NOT NULL REFERENCES runs(rowid) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id)
            ON DELETE CASCADE ON UPDATE CASCADE,
        payload TEXT NOT NULL,
        PRIMARY KEY (run, document_id)
    );

    CREATE TABLE cache (
        key TEXT PRIMARY KEY,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    2: """
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='rowid', tokenize='porter unicode61');
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER sentences_au AFTER UPDATE OF text ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO sentences_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
    """,
    3: """
    CREATE TABLE crawl (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        http_status INTEGER,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        document_id TEXT,
        error TEXT,
        fetched_at TEXT,
        metadata TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX crawl_source ON crawl(source, status);
    """,
}

SCHEMA_VERSION = max(_MIGRATIONS)

_DOCUMENT_COLUMNS = (
    ("id",)
    + METADATA_FIELDS
    + ("extra", "text", "full_text", "blocks", "summary_section", "words", "format", "origin",
       "raw_sha256", "text_sha256", "raw_bytes", "fetched_at", "ingested_at", "updated_at")
)


def default_db_path():
    """Return the store path used when none is given: ``$SCRLEARN_DB`` or ``./scrlearn.db``."""
    return Path(os.environ.get("SCRLEARN_DB") or "scrlearn.db")


def utcnow():
    """Return the current UTC time as an ISO 8601 string with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class DocumentRow:
    """One stored document with its metadata and provenance."""

    id: str
    title: str | None
    area: str | None
    nation: str | None
    published: str | None
    child_age: str | None
    incident: str | None
    url: str | None
    source: str | None
    extra: dict
    text: str
    full_text: str
    blocks: list
    summary_section: bool
    words: int
    format: str
    origin: str
    raw_sha256: str
    text_sha256: str
    raw_bytes: int
    fetched_at: str | None
    ingested_at: str
    updated_at: str

    @classmethod
    def from_sql(cls, row):
        values = dict(zip(_DOCUMENT_COLUMNS, row))
        values["extra"] = json.loads(values["extra"] or "{}")
        values["blocks"] = json.loads(values["blocks"] or "[]")
        values["summary_section"] = bool(values["summary_section"])
        return cls(**values)

    def metadata(self):
        """Return the contract's metadata fields plus ``words`` as a dict."""
        out = {"id": self.id}
        out.update({name: getattr(self, name) for name in METADATA_FIELDS})
        out["words"] = self.words
        return out


class Store:
    """A scrlearn store: one SQLite file.

    Parameters
    ----------
    path : str or Path
        The database file; created (with its folder) when missing.
    timeout : float, default=60
        Seconds to wait for another process's write transaction to finish.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "demo.db")
    >>> with Store(path) as store:
    ...     store.count()
    0
    """

    def __init__(self, path, *, timeout=60.0):
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store file; pass --db FILE")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a scrlearn store ({exc})") from exc
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self._migrate()

    # -- lifecycle -----------------------------------------------------------------
    def close(self):
        """Close the connection (idempotent)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """Run a block as one write transaction: all of it is stored, or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _migrate(self):
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path}: store schema version {version} is newer than this scrlearn "
                f"understands ({SCHEMA_VERSION}); upgrade scrlearn")
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as conn:
            # Another process may have migrated while we waited for the lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for target in sorted(v for v in _MIGRATIONS if v > version):
                for statement in _split_sql(_MIGRATIONS[target]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={target}")

    @property
    def schema_version(self):
        """The schema version of the open store."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- documents -----------------------------------------------------------------
    def count(self):
        """Return the number of documents."""
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def ids(self):
        """Return every document id, sorted."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def has(self, doc_id):
        """Return True when a document with this id is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def get(self, doc_id):
        """Return the :class:`DocumentRow` for ``doc_id``.

        Raises
        ------
        DocumentNotFound
            When no document has that id.
        """
        row = self.conn.execute(
            f"SELECT {', '.join(_DOCUMENT_COLUMNS)} FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentNotFound(f"no document {doc_id!r} in {self.path}; see 'scrlearn ls'")
        return DocumentRow.from_sql(row)

    def iter_documents(self, where="", params=(), order="id"):
        """Yield :class:`DocumentRow` objects matching an SQL ``where`` clause, one at a time."""
        sql = f"SELECT {', '.join(_DOCUMENT_COLUMNS)} FROM documents"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        cursor = self.conn.execute(sql, params)
        while True:
            rows = cursor.fetchmany(64)
            if not rows:
                return
            for row in rows:
                yield DocumentRow.from_sql(row)

    def id_for_hash(self, raw_sha256):
        """Return the id stored under this raw-content hash, or None."""
        row = self.conn.execute("SELECT id FROM documents WHERE raw_sha256=?", (raw_sha256,)).fetchone()
        return row[0] if row else None

    def upsert_document(self, conn, record):
        """Insert or update one document inside an open transaction.

        Metadata fields that are None in ``record`` keep their stored values, so
        re-ingesting a file without a metadata CSV does not erase its metadata.
        Derived rows (sentences, outputs, caches) of a document whose text
        changed are dropped; annotations are kept.

        Returns
        -------
        str
            ``"added"``, ``"updated"`` or ``"unchanged"``.
        """
        now = utcnow()
        old = conn.execute(
            "SELECT text_sha256, raw_sha256, extra, " + ", ".join(METADATA_FIELDS)
            + " FROM documents WHERE id=?", (record["id"],)).fetchone()
        if old is None:
            values = {name: record.get(name) for name in _DOCUMENT_COLUMNS}
            values.update(extra=json.dumps(record.get("extra") or {}, sort_keys=True),
                          blocks=json.dumps(record.get("blocks") or []),
                          ingested_at=now, updated_at=now)
            columns = ", ".join(values)
            conn.execute(f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * len(values))})",
                         tuple(values.values()))
            return "added"
        old_text_hash, old_raw_hash, old_extra = old[0], old[1], json.loads(old[2] or "{}")
        metadata = {name: (record.get(name) if record.get(name) is not None else old[3 + i])
                    for i, name in enumerate(METADATA_FIELDS)}
        extra = {**old_extra, **(record.get("extra") or {})}
        if old_text_hash != record["text_sha256"]:
            for table in ("sentences", "outputs", "cache"):
                conn.execute(f"DELETE FROM {table} WHERE document_id=?", (record["id"],))
        changed = old_raw_hash != record["raw_sha256"] or old_text_hash != record["text_sha256"]
        sets = dict(metadata, extra=json.dumps(extra, sort_keys=True),
                    blocks=json.dumps(record.get("blocks") or []), updated_at=now)
        for name in ("text", "full_text", "summary_section", "words", "format", "origin",
                     "raw_sha256", "text_sha256", "raw_bytes", "fetched_at"):
            sets[name] = record.get(name)
        conn.execute(
            f"UPDATE documents SET {', '.join(f'{k}=?' for k in sets)} WHERE id=?",
            (*sets.values(), record["id"]))
        return "updated" if changed else "unchanged"

    def update_metadata(self, conn, doc_id, fields, extra):
        """Set metadata fields (and merge extra metadata) of a stored document."""
        old = conn.execute("SELECT extra FROM documents WHERE id=?", (doc_id,)).fetchone()
        if old is None:
            raise DocumentNotFound(f"no document {doc_id!r} in {self.path}")
        merged = {**json.loads(old[0] or "{}"), **extra}
        sets = {k: v for k, v in fields.items() if k in METADATA_FIELDS}
        sets["extra"] = json.dumps(merged, sort_keys=True)
        conn.execute(f"UPDATE documents SET {', '.join(f'{k}=?' for k in sets)} WHERE id=?",
                     (*sets.values(), doc_id))

    def delete(self, doc_id):
        """Remove a document and everything derived from it."""
        with self.transaction() as conn:
            if conn.execute("DELETE FROM documents WHERE id=?", (doc_id,)).rowcount == 0:
                raise DocumentNotFound(f"no document {doc_id!r} in {self.path}")

    def search(self, query, *, limit=20):
        """Full-text search over document texts (FTS5 syntax), best first.

        Returns
        -------
        list of (id, snippet, rank)
        """
        try:
            rows = self.conn.execute(
                "SELECT id, snippet(documents_fts, 1, '[', ']', '…', 12), rank FROM documents_fts "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc})") from exc
        return rows

    def search_sentences(self, query, *, limit=20, where="", params=()):
        """Full-text search over stored sentences (FTS5 syntax), best first.

        Returns
        -------
        list of (document id, position, sentence, rank)
        """
        sql = ("SELECT s.document_id, s.position, s.text, bm25(sentences_fts) AS rank FROM sentences_fts "
               "JOIN sentences s ON s.rowid = sentences_fts.rowid JOIN documents d ON d.id = s.document_id "
               "WHERE sentences_fts MATCH ?" + (f" AND {where}" if where else "") + " ORDER BY rank LIMIT ?")
        try:
            return self.conn.execute(sql, (query, *params, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc})") from exc

    def integrity_check(self):
        """Return SQLite's integrity check result (``"ok"`` when sound)."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _split_sql(script):
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current))
    return statements
