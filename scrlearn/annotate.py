"""``scrlearn annotate``: label sentences or documents in the terminal, one key each.

Every answer is saved in the store as soon as it is given (one small
transaction), so quitting, a crash or a killed terminal loses nothing and the
next session resumes at the first unit this annotator has not labelled.

Keys, sentence level: ``a`` analytical, ``d`` descriptive, ``o`` other, ``s`` skip,
``u`` undo, ``q`` quit. Document level: ``0``-``3`` why-depth, then theme letters to
toggle and Enter to save; ``s``, ``u`` and ``q`` as before.
"""

import os
import shutil
import sys
import textwrap
from contextlib import contextmanager

from .annotations import delete_annotation, set_annotation
from .codebook import THEME_IDS
from .sentences import stored_sentences

__all__ = ["run_annotator", "SENTENCE_KEYS", "THEME_KEYS"]

SENTENCE_KEYS = {"a": "analytical", "d": "descriptive", "o": "other"}
THEME_KEYS = dict(zip("abcdefghijkl", THEME_IDS))
_REVERSE, _BOLD, _RESET, _CLEAR = "\x1b[7m", "\x1b[1m", "\x1b[0m", "\x1b[2J\x1b[H"


class _Terminal:
    """Single-key input and whole-screen output on the controlling terminal."""

    def __init__(self, stdin=None, stdout=None):
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.fd = self.stdin.fileno()

    @contextmanager
    def raw(self):
        if not os.isatty(self.fd):
            yield
            return
        import termios
        import tty

        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def key(self):
        data = os.read(self.fd, 1)
        if not data or data in (b"\x03", b"\x04"):
            return "q"
        return "\n" if data in (b"\r", b"\n") else data.decode("latin-1").lower()

    def show(self, text):
        self.stdout.write(_CLEAR + text)
        self.stdout.flush()

    @property
    def width(self):
        return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def _header(store, doc_id, annotator, progress):
    row = store.get(doc_id)
    meta = ", ".join(str(getattr(row, f)) for f in ("area", "nation", "published") if getattr(row, f))
    return f"{_BOLD}scrlearn annotate{_RESET}  annotator: {annotator}  {progress}\n{doc_id}  {meta}\n"


def _labelled(store, annotator, kind):
    return {(r[0], r[1]) for r in store.conn.execute(
        "SELECT document_id, ifnull(position, -1) FROM annotations WHERE annotator=? AND kind=?",
        (annotator, kind))}


def run_annotator(store, *, annotator, level="sentence", ids=None, terminal=None, order="document", model=None):
    """Run the interactive annotator until every unit is labelled or the user quits.

    Parameters
    ----------
    store : Store
    annotator : str
        Stored with every annotation.
    level : {"sentence", "document"}
    ids : list of str, optional
        Documents to annotate (default: all, in id order).
    order : {"document", "uncertain"}
        Sentences in document order, or those the why-gap model is least sure of first
        (lowest top probability), so a team's labels teach the model most.
    model : WhyGapModel, optional
        For ``order="uncertain"`` (default: the shipped model).
    terminal : object, optional
        For embedding; defaults to the process's terminal.

    Returns
    -------
    int
        Annotations saved in this session (undone ones not counted).
    """
    if not annotator or not annotator.strip():
        raise ValueError("--annotator must name who is labelling")
    terminal = terminal or _Terminal()
    doc_ids = list(ids) if ids else store.ids()
    for doc_id in doc_ids:
        store.get(doc_id)  # fail early, naming an unknown id
    with terminal.raw():
        if level == "sentence":
            return _sentence_loop(store, annotator, doc_ids, terminal, order=order, model=model)
        return _document_loop(store, annotator, doc_ids, terminal)


def _sentence_loop(store, annotator, doc_ids, terminal, *, order="document", model=None):
    units = [(d, s) for d in doc_ids for s in stored_sentences(store, d)]
    done = _labelled(store, annotator, "label")
    queue = [u for u in units if (u[0], u[1].position) not in done]
    if order == "uncertain" and queue:
        from .why_store import analyse_documents

        results = {r["id"]: r for r in analyse_documents(store, doc_ids, model=model)}
        sure = {(d, i): max(s["p_analytical"], 1 - s["p_analytical"]) if s["label"] != "other" else 1.0
                for d, r in results.items() for i, s in enumerate(r["sentences"])}
        queue.sort(key=lambda u: sure.get((u[0], u[1].position), 1.0))
    history, saved, index = [], 0, 0
    while index < len(queue):
        doc_id, sentence = queue[index]
        progress = f"{len(done) + saved}/{len(units)} labelled"
        terminal.show(_header(store, doc_id, annotator, progress) + "\n"
                      + _paragraph_view(store, doc_id, sentence, terminal.width)
                      + "\n\n[a] analytical  [d] descriptive  [o] other  [s] skip  [u] undo  [q] quit\n")
        key = terminal.key()
        if key == "q":
            break
        if key == "s":
            index += 1
        elif key == "u" and history:
            undo_doc, undo_pos, undo_index = history.pop()
            with store.transaction() as conn:
                delete_annotation(conn, document_id=undo_doc, annotator=annotator, kind="label", position=undo_pos)
            saved -= 1
            index = undo_index
        elif key in SENTENCE_KEYS:
            with store.transaction() as conn:
                set_annotation(conn, document_id=doc_id, annotator=annotator, kind="label",
                               value=SENTENCE_KEYS[key], position=sentence.position, sentence=sentence.text)
            history.append((doc_id, sentence.position, index))
            saved += 1
            index += 1
    terminal.show(f"Saved {saved} labels this session. Resume any time with the same --annotator.\n")
    return saved


def _paragraph_view(store, doc_id, target, width):
    sentences = [s for s in stored_sentences(store, doc_id) if s.paragraph == target.paragraph]
    parts = []
    for s in sentences:
        text = " ".join(textwrap.wrap(s.text, width=10_000))
        parts.append(f"{_REVERSE}{text}{_RESET}" if s.position == target.position else text)
    body = " ".join(parts)
    lines = []
    for raw in body.split("\n"):
        lines.extend(textwrap.wrap(raw, width=width, break_on_hyphens=False) or [""])
    return "\n".join(lines)


def _document_loop(store, annotator, doc_ids, terminal):
    done = {d for d, _ in _labelled(store, annotator, "why_depth")}
    queue = [d for d in doc_ids if d not in done]
    history, saved, index = [], 0, 0
    while index < len(queue):
        doc_id = queue[index]
        row = store.get(doc_id)
        text = "\n".join(textwrap.fill(p, width=terminal.width) for p in row.text.split("\n\n")[:40])
        progress = f"{len(done) + saved}/{len(doc_ids)} documents"
        terminal.show(_header(store, doc_id, annotator, progress) + "\n" + text
                      + "\n\nWhy-depth: [0] chronology, no reasons  [1] token reasons  [2] reasons for some"
                        "  [3] systematic   [s] skip  [u] undo  [q] quit\n")
        key = terminal.key()
        if key == "q":
            break
        if key == "s":
            index += 1
            continue
        if key == "u" and history:
            undo_doc, undo_index = history.pop()
            with store.transaction() as conn:
                for kind in ("why_depth", "themes"):
                    delete_annotation(conn, document_id=undo_doc, annotator=annotator, kind=kind)
            saved -= 1
            index = undo_index
            continue
        if key not in "0123":
            continue
        depth = key
        chosen = set()
        while True:
            lines = [f"  [{k}] [{'x' if t in chosen else ' '}] {t}" for k, t in THEME_KEYS.items()]
            terminal.show(_header(store, doc_id, annotator, progress) + f"\nwhy-depth {depth}. Themes this summary "
                          "substantively discusses (letters toggle, Enter saves, q quits without saving):\n"
                          + "\n".join(lines) + "\n")
            key = terminal.key()
            if key in THEME_KEYS:
                chosen ^= {THEME_KEYS[key]}
            elif key in ("\n", "q"):
                break
        if key == "q":
            break
        with store.transaction() as conn:
            set_annotation(conn, document_id=doc_id, annotator=annotator, kind="why_depth", value=depth)
            set_annotation(conn, document_id=doc_id, annotator=annotator, kind="themes", value=";".join(sorted(chosen)))
        history.append((doc_id, index))
        saved += 1
        index += 1
    terminal.show(f"Saved {saved} documents this session. Resume any time with the same --annotator.\n")
    return saved

