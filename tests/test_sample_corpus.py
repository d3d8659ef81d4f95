"""The bundled fictional sample corpus and its gold annotations meet their targets."""

import re
from collections import Counter, defaultdict

import pytest

from scrlearn.agreement import agreement_report
from scrlearn.annotations import annotations_by_unit, read_annotation_file
from scrlearn.codebook import THEME_IDS
from scrlearn.demo import sample_corpus_path
from scrlearn.gold import load_gold_documents, load_gold_sentences, repetition_stats
from scrlearn.periods import Period, half_year_of
from scrlearn.sentences import stored_sentences
from scrlearn.store import Store
from tests.conftest import REPO

SAMPLE = REPO / "data" / "sample"
SECOND = REPO / "data" / "annotations" / "second"


@pytest.fixture
def sample_store(sample_db):
    return sample_db


def test_the_installed_sample_is_the_repository_sample():
    assert sample_corpus_path().resolve() == SAMPLE.resolve()


def test_every_sample_file_is_ingested_with_metadata(sample_store):
    gold = load_gold_documents()
    with Store(sample_store) as store:
        assert sorted(store.ids()) == sorted(d.id for d in gold)
        for row in store.iter_documents():
            assert row.area and row.nation and row.published and row.title and row.incident


def test_every_gold_sentence_comes_back_whole_from_every_format(sample_store):
    by_doc = defaultdict(list)
    for s in load_gold_sentences():
        by_doc[s.id].append(s.text)
    with Store(sample_store) as store:
        for doc_id, sentences in by_doc.items():
            text = store.get(doc_id).text
            missing = [s for s in sentences if s not in text]
            assert not missing, (doc_id, missing[:2])


def test_overview_reports_store_their_executive_summary(sample_store):
    gold = defaultdict(list)
    for s in load_gold_sentences(ids=["s131", "s132", "s133"]):
        gold[s.id].append(s.text)
    with Store(sample_store) as store:
        for doc_id, sentences in gold.items():
            row = store.get(doc_id)
            assert row.summary_section and len(row.full_text) > 2.5 * len(row.text)
            assert sentences[0] in row.text.split("\n\n")[0]
            assert sentences[-1] in row.text.split("\n\n")[-1]


def test_segmented_sentences_match_the_gold_sentences(sample_store):
    gold = defaultdict(list)
    for s in load_gold_sentences():
        gold[s.id].append(s.text)
    matched = total = 0
    with Store(sample_store) as store:
        for doc_id, sentences in gold.items():
            predicted = {s.text for s in stored_sentences(store, doc_id)}
            matched += sum(s in predicted for s in sentences)
            total += len(sentences)
    assert matched / total >= 0.99


def test_corpus_make_up_meets_the_targets():
    docs = load_gold_documents()
    sentences = load_gold_sentences()
    assert len(docs) >= 150
    assert all(250 <= d.words <= 1500 for d in docs)
    themes = Counter(t for d in docs for t in d.themes)
    assert set(themes) == set(THEME_IDS) and min(themes.values()) >= 15
    assert min(Counter(d.why_depth for d in docs).values()) >= 30
    assert len(sentences) >= 3000
    depth = {d.id: d.why_depth for d in docs}
    assert {depth[s.id] for s in sentences} == {0, 1, 2, 3}
    assert Counter(s.label for s in sentences)["analytical"] >= 300


def test_dates_cover_every_half_year_and_some_have_only_a_year():
    import csv

    with open(SAMPLE / "metadata.csv", encoding="utf-8") as fh:
        published = [r["published"] for r in csv.DictReader(fh)]
    periods = Counter(half_year_of(p) for p in published)
    assert all(periods[Period(y, h)] >= 2 for y in range(2009, 2025) for h in (1, 2))
    assert sum(len(p) == 4 for p in published) >= 3


def test_about_a_fifth_are_realistic_files():
    formats = Counter(p.suffix for p in SAMPLE.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx", ".html"})
    realistic = formats[".pdf"] + formats[".docx"] + formats[".html"]
    assert 0.15 <= realistic / sum(formats.values()) <= 0.35 and formats[".html"] >= 2


def test_text_is_not_templated():
    by_doc = defaultdict(list)
    for s in load_gold_sentences():
        by_doc[s.id].append(s.text)
    stats = repetition_stats(by_doc)
    assert stats["shared_sentence_share"] < 0.01
    assert stats["common_ngram_share"] < 0.02


def test_split_is_fixed_by_document_and_stratified():
    docs = load_gold_documents()
    test = [d for d in docs if d.split == "test"]
    assert len(test) == 40 and min(Counter(d.why_depth for d in test).values()) >= 8
    assert {d.split for d in docs} == {"train", "test"}


def test_second_annotation_and_reported_kappa():
    guidelines = (REPO / "data" / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    for kind, files in (("label", "sentences"), ("why_depth", "documents"), ("themes", "documents")):
        annotations = (read_annotation_file(SECOND / f"annotator1_{files}.csv", annotator="one")
                       + read_annotation_file(SECOND / f"annotator2_{files}.csv", annotator="two"))
        report = agreement_report(annotations_by_unit(annotations, kind), kind)
        assert report["units"] >= (400 if kind == "label" else 40)
        row = re.search(rf"^\| `{kind}` \|.*$", guidelines, re.MULTILINE)
        assert row, f"GUIDELINES.md has no agreement row for {kind}"
        assert f"{report['kappa']:.3f}" in row.group(0) and f"{report['alpha']:.3f}" in row.group(0)
