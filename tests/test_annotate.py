"""``scrlearn annotate`` driven as a real terminal program through a pseudo-terminal."""

import contextlib
import os
import pty
import select
import subprocess
import sys
import time

import pytest

from scrlearn.sentences import stored_sentences
from scrlearn.store import Store
from tests.conftest import PARAGRAPHS


class PtyProgram:
    """A scrlearn subprocess attached to a pseudo-terminal."""

    def __init__(self, args, env):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([sys.executable, "-m", "scrlearn", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.screen = ""

    def expect(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} not shown; screen was:\n{self.screen[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    chunk = ""
                if not chunk:
                    raise AssertionError(f"program ended before showing {text!r}:\n{self.screen[-2000:]}")
                self.screen += chunk
        return self.screen

    def send(self, keys, then=None):
        self.screen = ""
        os.write(self.master, keys.encode())
        if then:
            self.expect(then)

    def finish(self, timeout=30):
        code = self.proc.wait(timeout=timeout)
        with contextlib.suppress(OSError):  # reading a pty whose program has ended raises EIO
            while select.select([self.master], [], [], 0.1)[0]:
                chunk = os.read(self.master, 65536)
                if not chunk:
                    break
                self.screen += chunk.decode("utf-8", "replace")
        os.close(self.master)
        return code


@pytest.fixture
def corpus_db(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ct.txt").write_text("\n\n".join(" ".join(p) for p in PARAGRAPHS))
    (folder / "cu.txt").write_text("The GP was not told. Nobody asked why the baby was quiet.")
    db = tmp_path / "ann.db"
    from scrlearn.ingest import ingest_paths

    with Store(db) as store:
        assert ingest_paths(store, [folder]).ok
    return db


def _labels(db, annotator):
    with Store(db) as store:
        return {(r[0], r[1]): r[2] for r in store.conn.execute(
            "SELECT document_id, position, value FROM annotations WHERE annotator=? AND kind='label'", (annotator,))}


@pytest.mark.slow
def test_sentence_labelling_with_undo_skip_quit_and_resume(corpus_db, subprocess_env):
    args = ["annotate", "--annotator", "kim", "--db", str(corpus_db), "ct"]
    program = PtyProgram(args, subprocess_env)
    program.expect("[a] analytical")
    assert "0/" in program.screen and "Child T was eleven weeks old" in program.screen
    program.send("a", then="1/")
    program.send("d", then="2/")
    program.send("u", then="1/")      # undo the "d" on sentence 1
    program.send("o", then="2/")      # sentence 1 becomes "other"
    program.send("s", then="[q] quit")  # skip sentence 2
    program.send("q")
    assert program.finish() == 0
    assert _labels(corpus_db, "kim") == {("ct", 0): "analytical", ("ct", 1): "other"}

    with Store(corpus_db) as store:
        sentences = stored_sentences(store, "ct")
    resumed = PtyProgram(args, subprocess_env)
    screen = resumed.expect("[a] analytical")
    assert "2/" in screen and sentences[2].text[:40] in screen  # back at the skipped sentence
    resumed.send("d", then="3/")
    resumed.send("\x04")               # Ctrl-D quits too
    assert resumed.finish() == 0
    assert _labels(corpus_db, "kim")[("ct", 2)] == "descriptive"


@pytest.mark.slow
def test_document_level_depth_and_themes(corpus_db, subprocess_env):
    program = PtyProgram(["annotate", "--annotator", "lee", "--level", "document", "--db", str(corpus_db)],
                         subprocess_env)
    program.expect("Why-depth:")
    program.send("2", then="Themes this summary")
    program.send("b", then="[x] information_sharing")
    program.send("e")
    program.send("a")
    program.send("a", then="[ ] household_members")  # toggled off again
    program.send("\r", then="Why-depth:")            # next document
    program.send("q")
    assert program.finish() == 0
    with Store(corpus_db) as store:
        rows = dict(((r[0], r[1]), r[2]) for r in store.conn.execute(
            "SELECT document_id, kind, value FROM annotations WHERE annotator='lee'"))
    assert rows == {("ct", "why_depth"): "2", ("ct", "themes"): "information_sharing;risk_assessment"}


@pytest.mark.slow
def test_least_sure_sentences_first(corpus_db, subprocess_env):
    from scrlearn.why_store import analyse_documents

    with Store(corpus_db) as store:
        result = analyse_documents(store, ["ct"])[0]
    sure = [max(s["p_analytical"], 1 - s["p_analytical"]) if s["label"] != "other" else 1.0
            for s in result["sentences"]]
    least = result["sentences"][sure.index(min(sure))]["text"]
    program = PtyProgram(["annotate", "--annotator", "ann", "--order", "uncertain", "--db", str(corpus_db), "ct"],
                         subprocess_env)
    program.expect("[a] analytical")
    assert "\x1b[7m" + least.split()[0] in program.screen  # the highlighted sentence is the least sure one
    program.send("q")
    assert program.finish() == 0
