"""The SQLite store: schema, migrations, upserts, full-text search, integrity."""

import sqlite3

import pytest

from scrlearn.errors import DocumentNotFound, SchemaVersionError, StoreError
from scrlearn.store import SCHEMA_VERSION, Store


def _record(doc_id, text, **extra):
    import hashlib

    return {"id": doc_id, "text": text, "full_text": text, "blocks": [["paragraph", None, text]],
            "summary_section": 0, "words": len(text.split()), "format": "txt", "origin": f"/x/{doc_id}.txt",
            "raw_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "raw_bytes": len(text), **extra}


def test_new_store_is_wal_with_foreign_keys_and_current_schema(db):
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_store_from_a_newer_scrlearn_is_refused(db):
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade scrlearn"):
        Store(db)


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a scrlearn store"):
        Store(path)


def test_upsert_keeps_metadata_and_drops_stale_derived_rows(db):
    with Store(db) as store:
        with store.transaction() as conn:
            assert store.upsert_document(conn, _record("a", "The GP saw the child.", area="Oakhaven")) == "added"
            conn.execute("INSERT INTO sentences VALUES ('a', 0, 'The GP saw the child.', 0, 21, 0, 'test')")
        with store.transaction() as conn:
            assert store.upsert_document(conn, _record("a", "The GP saw the child.")) == "unchanged"
        assert store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 1
        with store.transaction() as conn:
            assert store.upsert_document(conn, _record("a", "The GP never saw the child.")) == "updated"
        row = store.get("a")
        assert row.area == "Oakhaven" and row.text == "The GP never saw the child."
        assert store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_failed_transaction_leaves_nothing(db):
    with Store(db) as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as conn:
                store.upsert_document(conn, _record("a", "Half written."))
                raise RuntimeError("interrupted")
        assert store.count() == 0


def test_full_text_search_follows_updates_and_deletes(db):
    with Store(db) as store:
        with store.transaction() as conn:
            store.upsert_document(conn, _record("a", "The referral was never allocated to a social worker."))
            store.upsert_document(conn, _record("b", "The health visitor saw bruising."))
        assert [r[0] for r in store.search("allocated")] == ["a"]
        with store.transaction() as conn:
            store.upsert_document(conn, _record("a", "The school nurse was not told."))
        assert store.search("allocated") == [] and [r[0] for r in store.search("nurse")] == ["a"]
        store.delete("b")
        assert store.search("bruising") == []
        with pytest.raises(StoreError, match="not valid FTS5"):
            store.search('"unbalanced')


def test_missing_document(db):
    with Store(db) as store, pytest.raises(DocumentNotFound, match="no document 'zz'"):
        store.get("zz")


def test_a_version_1_store_is_migrated_and_keeps_its_data(db):
    import scrlearn.store as store_module

    later = {v: store_module._MIGRATIONS.pop(v) for v in list(store_module._MIGRATIONS) if v > 1}
    try:
        store_module.SCHEMA_VERSION = 1
        with Store(db) as old:
            assert old.schema_version == 1
            with old.transaction() as conn:
                old.upsert_document(conn, _record("a", "The referral was never allocated."))
                conn.execute("INSERT INTO sentences VALUES ('a', 0, 'The referral was never allocated.', 0, 33, 0, 't')")
    finally:
        store_module._MIGRATIONS.update(later)
        store_module.SCHEMA_VERSION = max(store_module._MIGRATIONS)
    with Store(db) as new:
        assert new.schema_version == SCHEMA_VERSION >= 2
        assert new.get("a").text == "The referral was never allocated."
        assert [r[0] for r in new.search_sentences("allocated")] == ["a"]  # the migration indexed old rows
