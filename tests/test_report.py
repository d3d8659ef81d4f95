"""The six-monthly report: its counts against independent ones, its sections, bad input."""

import csv
import json

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, sample_db):
    from scrlearn.cli import main

    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--period", "2015-H2", "--out", str(out), "--db", str(sample_db)]) == 0
    return out


def test_three_files_and_the_contract_fields(report_dir):
    data = json.loads((report_dir / "report.json").read_text())
    for key in ("period", "start", "end", "n_reviews", "review_ids", "themes", "why_missing", "deep_dive"):
        assert key in data
    assert (data["period"], data["start"], data["end"]) == ("2015-H2", "2015-07-01", "2015-12-31")
    assert set(data["themes"]) == {"household_members", "information_sharing", "staffing_workload",
                                   "supervision_oversight", "risk_assessment", "voice_of_child", "domestic_abuse",
                                   "parental_mental_health", "substance_misuse", "non_engagement",
                                   "professional_curiosity", "equality_diversity"}
    assert all(set(v) >= {"count", "share", "previous_share"} for v in data["themes"].values())
    assert data["deep_dive"] is not None  # an H2 report has its in-depth section by default
    md, page = (report_dir / "report.md").read_text(), (report_dir / "report.html").read_text()
    assert "## In depth:" in md and "](themes.png)" in md and (report_dir / "themes.png").exists()
    assert page.count("data:image/png;base64,") == 2 and "http" not in page.replace("http-equiv", "")


def test_counts_match_an_independent_count_of_the_store(report_dir, cli, sample_db):
    data = json.loads((report_dir / "report.json").read_text())
    with open(REPO / "data" / "sample" / "metadata.csv", encoding="utf-8") as fh:
        expected = sorted(r["id"] for r in csv.DictReader(fh)
                          if len(r["published"]) >= 7 and "2015-07" <= r["published"][:7] <= "2015-12")
    assert sorted(data["review_ids"]) == expected and data["n_reviews"] == len(expected)
    themes = {r["id"]: r["themes"] for r in cli("themes", "--format", "jsonl", "--db", sample_db).jsonl()}
    for theme, value in data["themes"].items():
        assert value["count"] == sum(theme in themes[i] for i in expected)
        assert value["share"] == pytest.approx(value["count"] / len(expected))
    with open(REPO / "data" / "sample" / "metadata.csv", encoding="utf-8") as fh:
        previous = [r["id"] for r in csv.DictReader(fh)
                    if len(r["published"]) >= 7 and "2015-01" <= r["published"][:7] <= "2015-06"]
    share = sum("household_members" in themes[i] for i in previous) / len(previous)
    assert data["themes"]["household_members"]["previous_share"] == pytest.approx(share)
    why = {r["id"]: r["why_missing"] for r in cli("why", "--format", "jsonl", "--db", sample_db).jsonl()}
    assert sorted(data["why_missing"]) == sorted(i for i in expected if why[i])


def test_deep_dive_on_request_and_in_h1(tmp_path, cli, sample_db):
    result = cli("report", "--period", "2012-H1", "--out", tmp_path, "--deep-dive", "substance_misuse",
                 "--db", sample_db)
    assert result.code == 0
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["deep_dive"] == "substance_misuse" and data["deep_dive_detail"]["excerpts"]
    other = tmp_path / "h1"
    assert cli("report", "--period", "2012-H1", "--out", other, "--db", sample_db).code == 0
    assert json.loads((other / "report.json").read_text())["deep_dive"] is None


def test_bad_input(tmp_path, cli, sample_db, db):
    bad = cli("report", "--period", "2015-Q3", "--out", tmp_path / "x", "--db", sample_db)
    assert bad.code == 2 and "YYYY-H1 or YYYY-H2" in bad.err and not (tmp_path / "x").exists()
    unknown = cli("report", "--period", "2015-H2", "--out", tmp_path / "y", "--deep-dive", "hidden_men",
                  "--db", sample_db)
    assert unknown.code != 0 and "unknown theme 'hidden_men'" in unknown.err
    empty = cli("report", "--period", "2015-H2", "--out", tmp_path / "z")
    assert empty.code == 1 and "holds no summaries" in empty.err and not (tmp_path / "z").exists()
    none = cli("report", "--period", "2031-H1", "--out", tmp_path / "w", "--db", sample_db)
    assert none.code == 0 and "no reviews in this period" in none.out
    assert json.loads((tmp_path / "w" / "report.json").read_text())["n_reviews"] == 0
    assert "nothing to analyse" in (tmp_path / "w" / "report.html").read_text()


def test_examples_formats_and_anonymisation(tmp_path, cli, sample_db):
    rows = json.loads(cli("examples", "--theme", "equality_diversity", "--n", "5", "--format", "json",
                          "--db", sample_db).out)
    assert len(rows) == 5 and len({r["id"] for r in rows}) == 5  # diverse: one excerpt per summary
    assert all(set(r) == {"id", "area", "published", "theme", "excerpt", "score"} for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    raw = json.loads(cli("examples", "--theme", "equality_diversity", "--n", "5", "--format", "json",
                         "--no-anonymise", "--db", sample_db).out)
    assert [r["id"] for r in raw] == [r["id"] for r in rows]
    assert any(a["excerpt"] != b["excerpt"] for a, b in zip(rows, raw))  # something was anonymised
    why = json.loads(cli("examples", "--theme", "staffing_workload", "--label", "analytical", "--format", "json",
                         "--db", sample_db).out)
    assert why
    docx_path = tmp_path / "pack.docx"
    assert cli("examples", "--theme", "voice_of_child", "--format", "docx", "--out", docx_path,
               "--db", sample_db).code == 0
    import docx

    assert "Examples: voice of child" in docx.Document(str(docx_path)).paragraphs[0].text
    assert "unknown theme" in cli("examples", "--theme", "nope", "--db", sample_db).err


def test_search_ranks_sentences_with_filters(cli, sample_db):
    rows = cli("search", "interpreter", "--format", "jsonl", "--db", sample_db).jsonl()
    assert rows and all("interpret" in r["sentence"].lower() for r in rows)
    assert [r["rank"] for r in rows] == sorted((r["rank"] for r in rows), reverse=True)
    welsh = cli("search", "interpreter", "--nation", "Wales", "--format", "jsonl", "--db", sample_db).jsonl()
    assert welsh and len(welsh) < len(rows) + 1 and all(r["area"] in {"Cwm Tawel", "Bro Aled", "Glanmorfa"}
                                                        for r in welsh)
    assert cli("search", '"unbalanced', "--db", sample_db).code == 1
