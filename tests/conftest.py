"""Shared fixtures: stores, a CLI runner, and hand-written fictional review text."""

import json
import os
import sys
from pathlib import Path

import pytest

from scrlearn.cli import main

REPO = Path(__file__).resolve().parents[1]

# Hand-written fictional paragraphs used to build test documents. Sentences are
# kept in lists so tests can check each one comes back whole.
PARAGRAPHS = [
    ["Child T was eleven weeks old when she was admitted to Harrowby Vale General Hospital with "
     "a fractured skull and bruising to both forearms.",
     "Her mother, then nineteen, said that the baby had rolled from a changing mat onto a tiled floor.",
     "The consultant paediatrician did not think that the explanation fitted the injuries."],
    ["The family was known to universal services only.",
     "The midwife recorded at booking that the mother's new partner, Mr D, had a conviction for "
     "assault, but this information did not reach the health visitor, who first met Mr D on the "
     "doorstep during the new-birth visit and accepted his account that he was a family friend.",
     "No agency checked who else lived at the flat on Quarry Lane."],
    ["Two vacancies in the health visiting team meant that the family's records were held by "
     "a duty worker for most of the review period.",
     "With no named practitioner, each contact was treated as a fresh start, and earlier "
     "observations about the baby's weight were never read against later ones.",
     "Practitioners described an organisational climate in which unallocated work was routine "
     "and rarely escalated to managers."],
    ["The GP surgery received three letters from the emergency department in as many months.",
     "Each was filed by administrative staff without being seen by a doctor, because the practice's "
     "protocol only required clinical review of letters marked as urgent.",
     "Nobody at the surgery connected the attendances with the concerns the midwife had raised."],
    ["The review makes six recommendations to the partnership.",
     "They concern the sharing of information about adults who join a household, the "
     "supervision of health visitors carrying vacancies, and the handling of correspondence "
     "from hospitals in general practice."],
]
SENTENCES = [s for p in PARAGRAPHS for s in p]


@pytest.fixture
def db(tmp_path):
    """Path of a fresh store file."""
    return tmp_path / "store.db"


class CLIResult:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def jsonl(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys, db):
    """Run ``scrlearn`` in-process against the fixture store; returns a CLIResult."""

    def run(*args, use_db=True):
        argv = [str(a) for a in args]
        if use_db and "--db" not in argv:
            argv = [*argv, "--db", str(db)]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return CLIResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def subprocess_env():
    """Environment for running scrlearn in a subprocess with this interpreter."""
    env = dict(os.environ)
    env.pop("SCRLEARN_DB", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


PYTHON = sys.executable


def _count(db):
    """Documents in a store another process is writing; 0 while it is still being created."""
    from scrlearn.store import Store

    try:
        with Store(db, timeout=1) as store:
            return store.count()
    except Exception:  # the store may be mid-creation: not yet a database, or its schema half written
        return 0


def kill_when_stored(proc, db, minimum, *, timeout=120):
    """SIGKILL ``proc`` once the store ``db`` holds ``minimum`` documents; return how many it holds then.

    Fails when the process ends first: the test could then not interrupt it.
    """
    import signal
    import time

    from scrlearn.store import Store

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _count(db) >= minimum:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the process finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db) as store:
        return store.count()


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 whose robots.txt disallows /private/."""
    from tests.httpserver import Site

    server = Site()
    server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """A store with the bundled sample corpus ingested (once per test session)."""
    from scrlearn.ingest import ingest_paths
    from scrlearn.store import Store

    db = tmp_path_factory.mktemp("sample") / "sample.db"
    sample = REPO / "data" / "sample"
    with Store(db) as store:
        report = ingest_paths(store, [sample], metadata=sample / "metadata.csv")
    assert report.failed == [] and report.warnings == []
    return db
