"""Ingest: mixed folders, metadata CSVs, bad input, interruption and concurrency."""

import hashlib
import subprocess
import sys

import pytest

from scrlearn.ingest import ingest_paths
from scrlearn.store import Store
from tests.conftest import PARAGRAPHS, kill_when_stored
from tests.docs import write_all_formats, write_broken


def test_mixed_folder_with_broken_files_lists_exactly_the_good_ones(tmp_path, cli):
    folder = tmp_path / "in"
    good = write_all_formats(folder / "good")
    broken = write_broken(folder / "broken")
    (folder / "notes.csv").write_text("not a document\n")
    meta = tmp_path / "m.csv"
    meta.write_text("id,title,area,nation,published,child_age,incident,url,source,lead_reviewer\n"
                    "review-pdf,Child T,Harrowby Vale,England,2014-07-02,11 weeks,serious injury,,,A. Author\n"
                    "review-docx,Child U,Meresby,Wales,2015,,,,,\n")
    result = cli("ingest", folder, "--metadata", meta)
    assert result.code == 3
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == len(broken)
    for name in broken:
        assert sum(name in line for line in errors) == 1
    listed = cli("ls", "--format", "jsonl").jsonl()
    assert sorted(d["id"] for d in listed) == sorted(good)
    pdf = next(d for d in listed if d["id"] == "review-pdf")
    assert pdf == {"id": "review-pdf", "title": "Child T", "area": "Harrowby Vale", "nation": "England",
                   "published": "2014-07-02", "child_age": "11 weeks", "incident": "serious injury",
                   "url": None, "source": None, "words": pdf["words"]}
    assert pdf["words"] > 200
    shown = cli("show", "review-pdf", "--format", "json").jsonl()[0]
    assert shown["text"].startswith("Executive Summary") and shown["title"] == "Child T"
    exported = cli("export", "--format", "jsonl").jsonl()
    assert next(d for d in exported if d["id"] == "review-pdf")["extra"]["lead_reviewer"] == "A. Author"


def test_all_good_files_exit_zero_and_reingest_updates(tmp_path, cli, db):
    folder = tmp_path / "in"
    write_all_formats(folder)
    assert cli("ingest", folder).code == 0
    assert "0 added, 0 updated, 5 unchanged" in cli("ingest", folder).out
    (folder / "review-txt.txt").write_text("A new version of the summary. The GP was not told.")
    out = cli("ingest", folder).out
    assert "1 updated" in out
    with Store(db) as store:
        assert store.get("review-txt").text == "A new version of the summary. The GP was not told."
        assert store.count() == 5


def test_same_content_under_another_id_is_reported_and_skipped(tmp_path, cli):
    (tmp_path / "a.txt").write_text("The health visitor was not told about the referral.")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "b.txt").write_text("The health visitor was not told about the referral.")
    result = cli("ingest", tmp_path)
    assert result.code == 0
    assert "b.txt: same content as stored document 'a'" in result.err
    assert [d["id"] for d in cli("ls", "--format", "jsonl").jsonl()] == ["a"]


def test_metadata_problems_are_named_by_row(tmp_path, cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r1.txt").write_text("Child A was seen by the GP on three occasions.")
    meta = tmp_path / "m.csv"
    meta.write_text("id,published,area\nr1,2014-13-40,Oakhaven\nghost,2012,Meresby\n")
    result = cli("ingest", tmp_path / "docs", "--metadata", meta)
    assert result.code == 0
    assert f"{meta}:2: id 'r1': bad published" in result.err
    assert f"{meta}:3: id 'ghost' matches no file" in result.err
    assert cli("ls", "--format", "jsonl").jsonl()[0]["area"] == "Oakhaven"

    bad = tmp_path / "noid.csv"
    bad.write_text("name,published\nr1,2014\n")
    result = cli("ingest", tmp_path / "docs", "--metadata", bad)
    assert result.code == 3 and f"{bad}: metadata CSV has no 'id' column" in result.err


def test_missing_path_and_usage_errors(tmp_path, cli):
    result = cli("ingest", tmp_path / "nowhere")
    assert result.code == 3 and "no such file or folder" in result.err
    assert cli("ingest").code == 2
    assert cli("frobnicate").code == 2


def _write_many(folder, n):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sentences = [s for p in PARAGRAPHS for s in p]
        rotated = sentences[i % len(sentences):] + sentences[:i % len(sentences)]
        body = "\n\n".join(" ".join(rotated[j:j + 3]) for j in range(0, len(rotated), 3))
        (folder / f"doc{i:04d}.txt").write_text(f"Review number {i}.\n\n{body}\n" * 3)


def _assert_whole(store):
    assert store.integrity_check() == "ok"
    for row in store.iter_documents():
        assert hashlib.sha256(row.text.encode()).hexdigest() == row.text_sha256
        assert row.words == len(row.text.split()) > 0


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_completes_without_duplicates(tmp_path, subprocess_env):
    folder, db = tmp_path / "many", tmp_path / "kill.db"
    total = 1500
    _write_many(folder, total)
    proc = subprocess.Popen([sys.executable, "-m", "scrlearn", "ingest", str(folder), "--db", str(db),
                             "--quiet"], env=subprocess_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    kill_when_stored(proc, db, 50)
    with Store(db) as store:
        interrupted = store.count()
        assert 50 <= interrupted < total
        _assert_whole(store)
    rerun = subprocess.run([sys.executable, "-m", "scrlearn", "ingest", str(folder), "--db", str(db)],
                           env=subprocess_env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - interrupted} added, 0 updated, {interrupted} unchanged" in rerun.stdout
    with Store(db) as store:
        assert store.count() == total
        assert len(set(store.ids())) == total
        _assert_whole(store)


@pytest.mark.slow
def test_two_processes_ingesting_into_one_store_both_succeed(tmp_path, subprocess_env):
    db = tmp_path / "shared.db"
    _write_many(tmp_path / "a", 300)
    for path in (tmp_path / "a").iterdir():  # distinct ids and contents in the second folder
        target = tmp_path / "b" / ("b-" + path.name)
        target.parent.mkdir(exist_ok=True)
        target.write_text("Second batch. " + path.read_text())
    procs = [subprocess.Popen([sys.executable, "-m", "scrlearn", "ingest", str(tmp_path / name),
                               "--db", str(db), "--quiet"], env=subprocess_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("a", "b", "a")]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    with Store(db) as store:
        assert store.count() == 600
        _assert_whole(store)


def test_library_ingest_reports_outcomes(tmp_path):
    folder = tmp_path / "in"
    write_all_formats(folder)
    with Store(tmp_path / "lib.db") as store:
        report = ingest_paths(store, [folder])
        assert sorted(report.added) == sorted(store.ids()) and report.ok
        assert report.summary().startswith("5 added")
