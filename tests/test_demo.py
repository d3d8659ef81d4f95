"""``scrlearn demo`` on the bundled sample, and the wheel carrying what the demo needs."""

import json
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


def test_demo_ingests_the_sample_and_writes_its_outputs(tmp_path, cli):
    out = tmp_path / "demo"
    result = cli("demo", "--out", out, use_db=False)
    assert result.code == 0, result.err
    assert "156 added" in result.out and "outputs:" in result.out
    stats = json.loads((out / "stats.json").read_text())
    assert stats["documents"] == 156 and stats["undated"] == 10
    assert (out / "scrlearn.db").exists() and len((out / "documents.csv").read_text().splitlines()) == 157
    assert len((out / "themes.jsonl").read_text().splitlines()) == 156
    assert len((out / "why.jsonl").read_text().splitlines()) == 156
    report = json.loads((out / "report" / "report.json").read_text())
    assert report["period"] == "2025-H2" and report["n_reviews"] >= 1
    assert (out / "report" / "report.html").exists() and list(out.glob("examples-*.md"))
    again = cli("demo", "--out", out, use_db=False)
    assert "156 unchanged" in again.out


@pytest.mark.slow
def test_wheel_contains_the_packages_and_the_sample_corpus(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("scrlearn-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "scrlearn/cli.py" in names and "corpus_scrapers/__init__.py" in names
    assert {"scrlearn/data/models/themes.json.gz", "scrlearn/data/models/why.json.gz", "scrlearn/data/codebook.json",
            "corpus_scrapers/selectors/nspcc.json"} <= set(names)
    assert "scrlearn/sample_corpus/metadata.csv" in names
    sample = [n for n in names if n.startswith("scrlearn/sample_corpus/s")]
    assert len(sample) == 156 and any(n.endswith(".pdf") for n in sample)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "scrlearn = scrlearn.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
