"""The streaming corpus: several passes, filters, a frame on request."""

import pandas as pd
import pytest

from scrlearn.corpus import Corpus
from scrlearn.ingest import ingest_paths
from scrlearn.stats import corpus_stats
from scrlearn.store import Store


@pytest.fixture
def small_store(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    rows = [("a", "Oakhaven", "England", "2012-03-04"), ("b", "Oakhaven", "England", "2012-09"),
            ("c", "Cwm Tawel", "Wales", "2015"), ("d", "Meresby", "England", "2016-11-30")]
    for doc_id, *_ in rows:
        (folder / f"{doc_id}.txt").write_text(f"Summary {doc_id}. The agencies did not share what they knew.")
    meta = tmp_path / "m.csv"
    meta.write_text("id,area,nation,published,board\n" +
                    "".join(f"{i},{a},{n},{p},B{i}\n" for i, a, n, p in rows))
    db = tmp_path / "c.db"
    with Store(db) as store:
        assert ingest_paths(store, [folder], metadata=meta).ok
    return db


def test_corpus_can_be_iterated_many_times(small_store):
    corpus = Corpus(small_store)
    assert [r.id for r in corpus] == [r.id for r in corpus] == ["a", "b", "c", "d"]
    assert len(corpus) == 4 and next(iter(corpus.texts())).startswith("Summary a.")


@pytest.mark.parametrize("filters, expected", [
    ({"area": "Oakhaven"}, ["a", "b"]),
    ({"nation": ["Wales"]}, ["c"]),
    ({"period": "2012-H2"}, ["b"]),
    ({"period": "2012-H1:2016-H2"}, ["a", "b", "d"]),
    ({"since": 2015}, ["c", "d"]),
    ({"where": {"board": "Bd"}}, ["d"]),
    ({"limit": 2}, ["a", "b"]),
])
def test_filters(small_store, filters, expected):
    corpus = Corpus(small_store, **filters)
    assert [r.id for r in corpus] == expected and len(corpus) == len(expected)


def test_frame_and_stats(small_store):
    frame = Corpus(small_store).to_frame()
    assert list(frame.index) == ["a", "b", "c", "d"]
    assert frame.loc["b", "period"] == "2012-H2" and pd.isna(frame.loc["c", "period"])
    assert frame.loc["a", "board"] == "Ba"
    stats = corpus_stats(Corpus(small_store))
    assert stats["documents"] == 4 and stats["undated"] == 1
    assert stats["per_period"] == {"2012-H1": 1, "2012-H2": 1, "2016-H2": 1}
    assert stats["first_published"] == "2012-03-04" and stats["per_area"]["Oakhaven"] == 2


def test_bad_period_is_a_clear_error(small_store):
    with pytest.raises(ValueError, match="YYYY-H1 or YYYY-H2"):
        list(Corpus(small_store, period="2012-Q3"))
