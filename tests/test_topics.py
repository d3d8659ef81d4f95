"""Topic discovery and its coherence curve."""

import json

import pytest

from scrlearn.corpus import Corpus
from scrlearn.topics import TopicError, TopicModel, discover_topics


@pytest.fixture(scope="module")
def discovered(sample_db):
    return discover_topics(Corpus(sample_db), k_range=(6, 12, 3))


def test_k_is_chosen_by_coherence_and_topics_are_described(discovered):
    model, topics = discovered
    assert model.k_ in (6, 9, 12) and [c["k"] for c in model.coherence_] == [6, 9, 12]
    best = max(model.coherence_, key=lambda c: c["c_v"])
    assert best["k"] == model.k_
    assert len(topics) == model.k_
    for topic in topics:
        assert len(topic["terms"]) == 12 and topic["examples"]
        assert topic["emerging"] == (topic["similarity"] < 0.08)
    themes = {t["theme"] for t in topics if not t["emerging"]}
    assert {"substance_misuse", "parental_mental_health"} <= themes


def test_same_seed_same_topics(sample_db, discovered):
    again, _ = discover_topics(Corpus(sample_db), k=discovered[0].k_)
    assert [t["terms"] for t in again.topics_] == [t["terms"] for t in discovered[0].topics_]


def test_too_few_documents_and_bad_k(sample_db):
    with pytest.raises(TopicError, match="at least 20 documents"):
        discover_topics(Corpus(sample_db, limit=10))
    with pytest.raises(TopicError, match="out of range"):
        TopicModel(k=200).fit([["a", "b"]] * 40)


def test_topics_command_writes_plot_and_json(cli, sample_db, tmp_path):
    out = tmp_path / "topics"
    result = cli("topics", "--k", "8", "--method", "lda", "--out", out, "--db", sample_db)
    assert result.code == 0 and "LDA, K = 8" in result.out
    data = json.loads((out / "topics.json").read_text())
    assert data["k"] == 8 and len(data["topics"]) == 8
    assert (out / "coherence.png").read_bytes()[:4] == b"\x89PNG"
    bad = cli("topics", "--k", "lots", "--db", sample_db)
    assert bad.code == 2 and "not a whole number" in bad.err
