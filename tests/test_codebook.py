"""The codebook file: validation, seed matching and negation."""

import json

import pytest

from scrlearn.codebook import THEME_IDS, CodebookError, is_negated, load_codebook


def test_default_codebook_has_the_contract_themes_in_order():
    book = load_codebook()
    assert book.ids == list(THEME_IDS)
    assert all(t.definition and t.seed_terms and t.examples for t in book.themes)


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"themes": []}', "non-empty 'themes' list"),
    ('{"themes": [{"id": "a", "seed_terms": ["x"]}, {"id": "a", "seed_terms": ["y"]}]}', "appears twice"),
    ('{"themes": [{"id": "Bad Id", "seed_terms": ["x"]}]}', "lower_case_with_underscores"),
    ('{"themes": [{"id": "ok", "seed_terms": []}]}', "'seed_terms' must be a non-empty list"),
])
def test_bad_codebooks_are_named_with_the_reason(tmp_path, content, message):
    path = tmp_path / "book.json"
    path.write_text(content)
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook(str(path))
    assert str(path) in str(info.value)


def test_seed_terms_match_inflections_but_not_under_negation():
    book = load_codebook()
    assert book.matches("Two vacancies meant the case waited.", "staffing_workload") == ["vacancies"]
    assert book.matches("There were no vacancies in the team.", "staffing_workload") == []
    assert book.matches("Domestic abuse was not a feature of the family's history.", "domestic_abuse") == []
    assert book.matches("Police knew of domestic abuse but did not share it.", "domestic_abuse")


@pytest.mark.parametrize("sentence, phrase, negated", [
    ("There was no history of domestic abuse.", "domestic abuse", True),
    ("Nobody denied the mother's depression.", "depression", True),
    ("The mother's depression was not known to the GP, and no one asked.", "depression", False),
    ("Without an interpreter, the mother could not speak for herself.", "interpreter", True),
    ("Staff said there was no interpreter, so the father translated.", "interpreter", True),
])
def test_negation_scope(sentence, phrase, negated):
    start = sentence.index(phrase)
    assert is_negated(sentence, start, start + len(phrase)) is negated


def test_a_codebook_of_ones_own_scores_new_themes_by_seed_terms(tmp_path, cli, sample_db):
    data = load_codebook().to_dict()
    data["themes"].append({"id": "exploitation", "label": "Exploitation", "definition": "Criminal or sexual "
                           "exploitation of the child.", "seed_terms": ["exploitation", "exploited", "county lines",
                                                                        "missing episode"]})
    path = tmp_path / "extended.json"
    path.write_text(json.dumps(data))
    rows = cli("themes", "--codebook", path, "--format", "jsonl", "--db", sample_db).jsonl()
    assert len(rows) == 156 and all(set(r["scores"]) == set(THEME_IDS) | {"exploitation"} for r in rows)
    assert 3 <= sum("exploitation" in r["themes"] for r in rows) < 60
