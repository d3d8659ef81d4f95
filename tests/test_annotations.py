"""Annotation files: validation naming the row, import into the store, export, agreement."""

import json

import pytest

from scrlearn.agreement import agreement_report, cohen_kappa, krippendorff_alpha
from scrlearn.annotations import AnnotationError, read_annotation_file
from scrlearn.ingest import ingest_paths
from scrlearn.store import Store
from tests.conftest import PARAGRAPHS


@pytest.fixture
def stored(tmp_path, db, cli):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ct.txt").write_text("\n\n".join(" ".join(p) for p in PARAGRAPHS))
    with Store(db) as store:
        assert ingest_paths(store, [folder]).ok
    return cli


@pytest.mark.parametrize("content, message", [
    ("id,position,label\nct,0,causal\n", ":2: unknown label 'causal'"),
    ("position,label\n0,analytical\n", "missing column 'id'"),
    ("id,label\nct,other\n", ":2: a sentence label needs a 'position' or 'sentence' column"),
    ("id,why_depth\nct,4\n", ":2: why_depth '4' must be 0, 1, 2 or 3"),
    ("id,themes\nct,hidden_men\n", ":2: unknown theme 'hidden_men'"),
    ("id,position,label\nct,x,other\n", ":2: position 'x' is not a whole number"),
    ("id,position,label\nct,1.5,other\n", ":2: position '1.5' is not a whole number"),
])
def test_bad_files_name_the_row(tmp_path, content, message):
    path = tmp_path / "labels.csv"
    path.write_text(content)
    with pytest.raises(AnnotationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_annotation_file(path, annotator="x")


def test_import_by_position_and_by_text_then_export(tmp_path, stored):
    labels = tmp_path / "team.csv"
    labels.write_text("id,position,sentence,label,annotator\n"
                      "ct,0,,descriptive,ann\n"
                      f"ct,,\"{PARAGRAPHS[2][0]}\",analytical,ann\n")
    result = stored("annotations", "import", labels)
    assert result.code == 0 and "imported 2 sentence labels" in result.out
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "ct", "why_depth": 2, "themes": ["staffing_workload", "household_members"]})
                    + "\n")
    assert stored("annotations", "import", docs, "--annotator", "ann").code == 0
    rows = {(r["kind"], r["position"]): r["value"]
            for r in stored("annotations", "export", "--format", "jsonl").jsonl()}
    position = sum(len(p) for p in PARAGRAPHS[:2])
    assert rows == {("label", 0): "descriptive", ("label", position): "analytical", ("why_depth", None): "2",
                    ("themes", None): "household_members;staffing_workload"}


def test_import_errors_keep_the_store_unchanged(tmp_path, stored):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,position,label\nct,0,other\nghost,0,other\n")
    result = stored("annotations", "import", bad, "--annotator", "ann")
    assert result.code == 1 and f"{bad}:3: id 'ghost' is not in the store" in result.err
    far = tmp_path / "far.csv"
    far.write_text("id,position,label\nct,999,other\n")
    assert "has no sentence at position 999" in stored("annotations", "import", far, "--annotator", "a").err
    missing = tmp_path / "missing.csv"
    missing.write_text("id,sentence,label\nct,A sentence nobody wrote.,other\n")
    assert "sentence not found" in stored("annotations", "import", missing, "--annotator", "a").err
    assert stored("annotations", "export", "--format", "jsonl").out == ""


def test_kappa_and_alpha_against_hand_computed_values():
    a = ["analytical"] * 4 + ["descriptive"] * 4 + ["other"] * 2
    b = ["analytical"] * 3 + ["descriptive"] * 5 + ["other"] * 2
    # observed 0.9; expected (4*3 + 4*5 + 2*2) / 100 = 0.36; kappa = 0.54 / 0.64
    assert cohen_kappa(a, b) == pytest.approx(0.54 / 0.64)
    # alpha: D_o = 2/20; D_e = (20² - (7² + 9² + 4²)) / (20 * 19) = 254/380
    assert krippendorff_alpha([[x, y] for x, y in zip(a, b)]) == pytest.approx(1 - 0.1 / (254 / 380))
    assert krippendorff_alpha([["1", "1", "1"], ["2", "2", "2"]]) == 1.0


def test_agreement_command_from_files_and_store(tmp_path, stored):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("id,position,label\nct,0,descriptive\nct,1,descriptive\nct,2,other\nct,3,analytical\n")
    two.write_text("id,position,label\nct,0,descriptive\nct,1,analytical\nct,2,other\nct,3,analytical\n")
    result = stored("agreement", one, two, "--format", "json")
    report = json.loads(result.out)
    assert report["units"] == 4 and report["observed"] == 0.75
    assert report["confusion"]["descriptive"]["analytical"] == 1
    assert stored("annotations", "import", one, "--annotator", "p").code == 0
    assert stored("annotations", "import", two, "--annotator", "q").code == 0
    text = stored("agreement").out
    assert "Cohen's kappa" in text and "4 units compared" in text
    assert stored("agreement", one).code == 2


def test_theme_agreement_is_per_theme():
    table = {"d1": {"x": "domestic_abuse;risk_assessment", "y": "domestic_abuse"},
             "d2": {"x": "", "y": ""}, "d3": {"x": "risk_assessment", "y": "risk_assessment"}}
    report = agreement_report(table, "themes")
    assert report["per_label"]["domestic_abuse"] == 1.0 and report["per_label"]["risk_assessment"] < 1.0


def test_sentences_command(stored):
    rows = stored("sentences", "--format", "jsonl").jsonl()
    assert rows == [{"id": "ct", "sentences": [s for p in PARAGRAPHS for s in p]}]
    assert stored("sentences", "nope").code == 1
