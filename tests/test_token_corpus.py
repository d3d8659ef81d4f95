"""The streamed, cached token corpus."""

import pytest

from scrlearn.corpus import Corpus
from scrlearn.ingest import ingest_paths
from scrlearn.preprocess import Preprocessor, default_steps
from scrlearn.store import Store
from scrlearn.token_corpus import TokenCorpus
from tests.conftest import PARAGRAPHS


@pytest.fixture
def db(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, paragraph in enumerate(PARAGRAPHS):
        (folder / f"d{i}.txt").write_text(" ".join(paragraph))
    path = tmp_path / "tc.db"
    with Store(path) as store:
        assert ingest_paths(store, [folder]).ok
    return path


def _cache_rows(db):
    with Store(db) as store:
        return store.conn.execute("SELECT key, value FROM cache").fetchall()


def test_iterates_many_times_and_caches(db):
    tokens = TokenCorpus(Corpus(db))
    first = list(tokens)
    assert len(first) == len(PARAGRAPHS) and first == list(tokens)
    rows = _cache_rows(db)
    assert len(rows) == 2 * len(PARAGRAPHS)  # final tokens and the glossary checkpoint
    pre = Preprocessor()
    assert first[0] == pre(" ".join(PARAGRAPHS[0]))


def test_cached_values_are_read_not_recomputed(db):
    tokens = TokenCorpus(Corpus(db))
    list(tokens)
    with Store(db) as store, store.transaction() as conn:
        key = conn.execute("SELECT key FROM cache WHERE document_id='d0' AND key LIKE ?",
                           (f"tokens:{tokens.preprocessor.version}:%",)).fetchone()[0]
        conn.execute("UPDATE cache SET value='[\"planted\"]' WHERE key=?", (key,))
    assert next(iter(TokenCorpus(Corpus(db)))) == ["planted"]


def test_changing_a_late_step_reuses_the_checkpoint(db):
    list(TokenCorpus(Corpus(db)))
    before = {k for k, _ in _cache_rows(db)}
    steps = default_steps()
    steps[4].__init__(domain=False)  # a different stop list: only steps from 4 on change
    changed = TokenCorpus(Corpus(db), Preprocessor(steps))
    out = list(changed)
    after = {k for k, _ in _cache_rows(db)}
    assert len(after - before) == len(PARAGRAPHS)  # only new final rows; checkpoint rows reused
    assert "review" in out[4] or any("review" in t for t in out)
    assert changed.prune() == len(PARAGRAPHS)  # the old final rows


def test_a_changed_document_is_recomputed_alone(db, tmp_path):
    list(TokenCorpus(Corpus(db)))
    (tmp_path / "docs" / "d1.txt").write_text("The health visitor was never told.")
    with Store(db) as store:
        ingest_paths(store, [tmp_path / "docs"])
        assert store.conn.execute("SELECT count(*) FROM cache WHERE document_id='d1'").fetchone()[0] == 0
    result = dict(TokenCorpus(Corpus(db)).items())
    assert result["d1"] == ["health_visitor", "told"]


def test_parallel_equals_serial_and_gensim_bow(db):
    serial = list(TokenCorpus(Corpus(db), cache=False))
    parallel = list(TokenCorpus(Corpus(db), cache=False, n_jobs=2))
    assert serial == parallel
    tokens = TokenCorpus(Corpus(db))
    dictionary = tokens.dictionary()
    bow = tokens.bow(dictionary)
    assert len(list(bow)) == len(list(bow)) == len(PARAGRAPHS)
