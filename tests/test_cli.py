"""The command line: formats, errors, and one real subprocess smoke test."""

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.docs import write_all_formats


@pytest.fixture
def filled(tmp_path, cli):
    write_all_formats(tmp_path / "docs")
    meta = tmp_path / "m.csv"
    meta.write_text("id,area,published\nreview-pdf,Oakhaven,2014-07-02\nreview-txt,Meresby,2015\n")
    assert cli("ingest", tmp_path / "docs", "--metadata", meta).code == 0
    return cli


def test_ls_formats(filled):
    rows = filled("ls", "--format", "jsonl").jsonl()
    assert len(rows) == 5 and set(rows[0]) == {"id", "title", "area", "nation", "published", "child_age",
                                              "incident", "url", "source", "words"}
    table = filled("ls").out.splitlines()
    assert table[0].split()[:3] == ["id", "published", "area"] and len(table) == 6
    parsed = list(csv.DictReader(io.StringIO(filled("ls", "--format", "csv").out)))
    assert {r["id"]: r["area"] for r in parsed}["review-pdf"] == "Oakhaven"
    assert [r["id"] for r in filled("ls", "--format", "jsonl", "--area", "Meresby").jsonl()] == ["review-txt"]


def test_show_and_export(filled):
    shown = json.loads(filled("show", "review-txt", "--format", "json").out)
    assert shown["area"] == "Meresby" and shown["text"].startswith("Child T was eleven weeks old")
    assert "origin:" in filled("show", "review-txt").out
    missing = filled("show", "nope")
    assert missing.code == 1 and "no document 'nope'" in missing.err and "Traceback" not in missing.err
    exported = list(csv.DictReader(io.StringIO(filled("export", "--format", "csv").out)))
    assert len(exported) == 5 and all(len(r["raw_sha256"]) == 64 for r in exported)


def test_stats(filled):
    stats = json.loads(filled("stats", "--format", "json").out)
    assert stats["documents"] == 5 and stats["undated"] == 4 and stats["per_period"] == {"2014-H2": 1}
    assert "per half-year" in filled("stats").out


def test_bad_period_is_a_usage_error(filled):
    result = filled("ls", "--period", "2014-H3")
    assert result.code == 2 and "YYYY-H1 or YYYY-H2" in result.err


def test_db_from_environment(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("SCRLEARN_DB", str(tmp_path / "env.db"))
    (tmp_path / "x.txt").write_text("The child was not seen alone by any professional.")
    assert cli("ingest", tmp_path / "x.txt", use_db=False).code == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.slow
def test_console_script_smoke(tmp_path, subprocess_env):
    write_all_formats(tmp_path / "docs")
    db = tmp_path / "smoke.db"
    run = subprocess.run([sys.executable, "-m", "scrlearn", "ingest", str(tmp_path / "docs"), "--db", str(db)],
                         capture_output=True, text=True, env=subprocess_env, timeout=120)
    assert run.returncode == 0, run.stderr
    listed = subprocess.run([sys.executable, "-m", "scrlearn", "ls", "--format", "jsonl", "--db", str(db)],
                            capture_output=True, text=True, env=subprocess_env, timeout=120)
    assert len(listed.stdout.splitlines()) == 5
