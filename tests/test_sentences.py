"""Sentence segmentation of review prose."""

import json

import pytest

from scrlearn.gold import load_gold_documents, load_gold_sentences
from scrlearn.metrics import boundary_scores
from scrlearn.sentences import document_sentences, split_sentences
from scrlearn.structure import Block
from tests.conftest import REPO


@pytest.mark.parametrize("text, expected", [
    ("Mrs J. Ashdown chaired it. Mr K. Selby wrote it.", ["Mrs J. Ashdown chaired it.", "Mr K. Selby wrote it."]),
    ("The review concerns Child J. She was four months old.",
     ["The review concerns Child J.", "She was four months old."]),
    ("See p. 12 of the policy. It was not followed.", ["See p. 12 of the policy.", "It was not followed."]),
    ('She said "I\'m fine." The nurse left.', ['She said "I\'m fine."', "The nurse left."]),
    ("Seen at 10.30pm on 03.03.09 by Dr. Khan, i.e. the registrar.",
     ["Seen at 10.30pm on 03.03.09 by Dr. Khan, i.e. the registrar."]),
])
def test_hard_cases(text, expected):
    assert split_sentences(text) == expected


def test_offsets_point_into_the_rendered_text():
    blocks = [Block("heading", "Summary"), Block("paragraph", "One. Two is here.", "1.1"),
              Block("item", "Share records.", "•")]
    text = "Summary\n\n1.1 One. Two is here.\n\n• Share records."
    sentences = document_sentences(blocks)
    assert [text[s.start:s.end] for s in sentences] == ["One.", "Two is here.", "Share records."]
    assert [s.paragraph for s in sentences] == [0, 0, 1]


def test_boundary_f1_on_the_test_split_and_the_challenge_set():
    ids = {d.id for d in load_gold_documents(split="test")}
    paragraphs = {}
    for s in load_gold_sentences(ids=ids):
        paragraphs.setdefault((s.id, s.paragraph), []).append(s.text)
    scores = boundary_scores((" ".join(p), p, split_sentences(" ".join(p))) for p in paragraphs.values())
    assert scores["f1"] >= 0.97
    challenge = [json.loads(line)["sentences"] for line in
                 (REPO / "data" / "annotations" / "segmentation_challenge.jsonl").read_text().splitlines()]
    assert boundary_scores((" ".join(s), s, split_sentences(" ".join(s))) for s in challenge)["f1"] >= 0.97
