"""Anonymisation: placeholders, consistency, and scores on the held-out marked sentences."""

import json

from scrlearn.anonymise import Anonymiser, find_spans
from scrlearn.metrics import parse_marked, span_scores
from tests.conftest import REPO


def test_consistent_placeholders_within_a_document():
    a = Anonymiser(keep=["Meresby"])
    mapping = {}
    first = a.anonymise("Mrs Pryce, the health visitor, visited Ethan at 12 Quarry Lane.", mapping=mapping)
    second = a.anonymise("Pryce did not see Ethan again; Dr Okafor saw him on 4 May 2015.", mapping=mapping)
    assert first == "[ADULT 1], the health visitor, visited [PERSON 1] at [ADDRESS 1]."
    assert second == "[ADULT 1] did not see [PERSON 1] again; [ADULT 2] saw him on [DATE]."


def test_pseudonyms_areas_and_childrens_ages_are_kept():
    text = "Child M and Mr G lived in Meresby; Child M was aged three and her mother, then aged 23, worked."
    spans = [text[s.start:s.end] for s in find_spans(text, keep=["Meresby"])]
    assert spans == ["then aged 23"]


def test_postcodes_phones_schools_and_numeric_dates():
    text = ("She moved to TW4 7QX, gave 01632 960123 as her number, and joined Greenhill Primary School "
            "on 03.03.09.")
    kinds = sorted(s.type for s in find_spans(text))
    assert kinds == ["ADDRESS", "DATE", "PHONE", "PLACE"]


def test_held_out_marked_sentences_meet_a_floor():
    rows = [json.loads(line) for line in (REPO / "data" / "annotations" / "anonymisation.jsonl").read_text().splitlines()]
    items = []
    for row in (r for r in rows if r["split"] == "test"):
        text, gold = parse_marked(row["marked"])
        items.append((text, gold, [(s.start, s.end, s.type) for s in find_spans(text)]))
    scores = span_scores(items)
    assert len(items) == 120 and scores["gold_spans"] >= 60
    # measured 0.97 precision and 0.95 recall with the area and whole document known
    # (scripts/evaluate_preprocessing.py); without that context, still well above chance:
    assert scores["tokens"]["recall"] >= 0.85 and scores["tokens"]["precision"] >= 0.85
