"""Annotations: reading and writing label files, and keeping labels in the store.

Three kinds of annotation are kept, one value per annotator and unit:

``label``
    a sentence's label (analytical / descriptive / other), unit = (document, position);
``why_depth``
    a document's why-depth, 0 to 3;
``themes``
    a document's codebook themes, stored as ids joined by ``;`` in sorted order.

Files are CSV or JSONL (by extension) with an ``id`` column and, per row, either
``label`` with ``position`` and/or the sentence text (``sentence`` or ``text``),
or ``why_depth`` and/or ``themes`` (ids separated by ``;``). An ``annotator``
column is optional. Spreadsheets saved as CSV work as they are.
"""

import contextlib
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .codebook import SENTENCE_LABELS, THEME_IDS
from .errors import ScrlearnError
from .sentences import stored_sentences
from .store import utcnow

__all__ = ["AnnotationError", "Annotation", "read_annotation_file", "import_annotations",
           "export_annotations", "resolve_annotations", "set_annotation", "delete_annotation", "annotations_by_unit", "KINDS"]

KINDS = ("label", "why_depth", "themes")


class AnnotationError(ScrlearnError, ValueError):
    """An annotation file or value is unusable; the message names the row."""


@dataclass(frozen=True)
class Annotation:
    """One annotation read from a file or the store."""

    kind: str
    document_id: str
    value: str
    position: int | None = None
    sentence: str | None = None
    annotator: str | None = None
    line: int | None = None


def _rows(path):
    path = Path(path)
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnnotationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        for n, line in enumerate(data.splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AnnotationError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
                if not isinstance(row, dict):
                    raise AnnotationError(f"{path}:{n}: each line must be a JSON object")
                yield n, {k: ("" if v is None else v) for k, v in row.items()}
        return
    reader = csv.DictReader(io.StringIO(data, newline=""))
    if not reader.fieldnames or "id" not in [f.strip() for f in reader.fieldnames]:
        raise AnnotationError(f"{path}: missing column 'id' (columns: {', '.join(reader.fieldnames or []) or 'none'})")
    for row in reader:
        yield reader.line_num, {(k or "").strip(): (v if not isinstance(v, str) else v.strip())
                                for k, v in row.items() if k is not None}


def _themes(value, where):
    items = value if isinstance(value, list) else [t.strip() for t in str(value).replace(",", ";").split(";")]
    items = sorted({t for t in items if t})
    unknown = [t for t in items if t not in THEME_IDS]
    if unknown:
        raise AnnotationError(f"{where}: unknown theme {unknown[0]!r}; codebook ids are {', '.join(THEME_IDS)}")
    return ";".join(items)


def _whole(value):
    """A whole number from "3", 3, or a spreadsheet's "3.0"."""
    number = float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def read_annotation_file(path, *, annotator=None):
    """Read and validate an annotation file.

    Parameters
    ----------
    path : str or Path
        CSV or JSONL (see the module docstring for the columns).
    annotator : str, optional
        Used for rows without an ``annotator`` column.

    Returns
    -------
    list of Annotation

    Raises
    ------
    AnnotationError
        Naming the file and row: missing columns, unknown labels or themes, bad why-depth.
    """
    out = []
    for line, row in _rows(path):
        where = f"{path}:{line}"
        doc_id = str(row.get("id", "")).strip()
        if not doc_id:
            raise AnnotationError(f"{where}: missing value in column 'id'")
        who = str(row.get("annotator") or annotator or "").strip() or None
        found = False
        label = str(row.get("label", "")).strip().lower()
        if label == "nan":  # an empty spreadsheet cell read through pandas
            label = ""
        if label:
            if label not in SENTENCE_LABELS:
                raise AnnotationError(f"{where}: unknown label {label!r}; use one of {', '.join(SENTENCE_LABELS)}")
            position = str(row.get("position", "")).strip()
            sentence = str(row.get("sentence") or row.get("text") or "").strip() or None
            if sentence is not None and sentence.lower() == "nan":
                sentence = None
            if not position and not sentence:
                raise AnnotationError(f"{where}: a sentence label needs a 'position' or 'sentence' column")
            try:
                position = _whole(position) if position != "" else None
            except ValueError:
                raise AnnotationError(f"{where}: position {position!r} is not a whole number") from None
            out.append(Annotation("label", doc_id, label, position, sentence, who, line))
            found = True
        depth = str(row.get("why_depth", "")).strip()
        if depth.lower() == "nan":
            depth = ""
        if depth:
            with contextlib.suppress(ValueError):  # not a number: the check below names it
                depth = str(_whole(depth))
            if depth not in {"0", "1", "2", "3"}:
                raise AnnotationError(f"{where}: why_depth {depth!r} must be 0, 1, 2 or 3")
            out.append(Annotation("why_depth", doc_id, depth, annotator=who, line=line))
            found = True
        if "themes" in row and str(row["themes"]).lower() == "nan":
            row["themes"] = ""
        if "themes" in row and (row["themes"] != "" or not found):
            out.append(Annotation("themes", doc_id, _themes(row["themes"], where), annotator=who, line=line))
            found = True
        if not found:
            raise AnnotationError(f"{where}: no annotation in the row (need 'label', 'why_depth' or 'themes')")
    return out


def set_annotation(conn, *, document_id, annotator, kind, value, position=None, sentence=None):
    """Insert or replace one annotation inside an open transaction."""
    conn.execute(
        "INSERT INTO annotations (document_id, annotator, kind, position, sentence, value, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, annotator, kind, ifnull(position, -1)) "
        "DO UPDATE SET value=excluded.value, sentence=excluded.sentence, created_at=excluded.created_at",
        (document_id, annotator, kind, position, sentence, str(value), utcnow()))


def delete_annotation(conn, *, document_id, annotator, kind, position=None):
    """Remove one annotation (used by undo)."""
    conn.execute("DELETE FROM annotations WHERE document_id=? AND annotator=? AND kind=? "
                 "AND ifnull(position, -1)=ifnull(?, -1)", (document_id, annotator, kind, position))


def _normal(text):
    return " ".join(text.split())


def resolve_annotations(store, path, rows):
    """Check rows read from ``path`` against the store and pin each sentence label to a stored sentence.

    A label given with the sentence's text is matched to the stored sentences of its
    document (the one nearest the given position, when the text repeats); a label
    given by position must point at an existing sentence.

    Yields
    ------
    (Annotation, position or None, sentence text or None)

    Raises
    ------
    AnnotationError
        Naming the row: ids not in the store, sentences not found, positions out of range.
    """
    cache = {}
    for row in rows:
        where = f"{path}:{row.line}"
        if not store.has(row.document_id):
            raise AnnotationError(f"{where}: id {row.document_id!r} is not in the store {store.path}")
        if row.kind != "label":
            yield row, None, None
            continue
        if row.document_id not in cache:
            cache[row.document_id] = [s.text for s in stored_sentences(store, row.document_id)]
        sentences = cache[row.document_id]
        position = row.position
        if row.sentence is not None:
            matches = [i for i, text in enumerate(sentences) if _normal(text) == _normal(row.sentence)]
            if not matches:
                raise AnnotationError(f"{where}: sentence not found in document {row.document_id!r}: "
                                      f"{row.sentence[:60]!r}")
            position = min(matches, key=lambda i: abs(i - (row.position if row.position is not None else i)))
        elif not 0 <= position < len(sentences):
            raise AnnotationError(f"{where}: document {row.document_id!r} has no sentence at position {position} "
                                  f"(it has {len(sentences)})")
        yield row, position, sentences[position]


def import_annotations(store, path, *, annotator=None):
    """Validate an annotation file against the store and save it there, all or nothing.

    Returns
    -------
    dict
        Counts per kind of annotation imported.

    Raises
    ------
    AnnotationError
        Naming the row: no annotator, ids not in the store, sentences not found
        (see :func:`resolve_annotations`).
    """
    rows = read_annotation_file(path, annotator=annotator)
    for row in rows:
        if row.annotator is None:
            raise AnnotationError(f"{path}:{row.line}: no annotator; pass --annotator NAME or add an "
                                  "'annotator' column")
    resolved = list(resolve_annotations(store, path, rows))
    counts = dict.fromkeys(KINDS, 0)
    with store.transaction() as conn:
        for row, position, sentence in resolved:
            set_annotation(conn, document_id=row.document_id, annotator=row.annotator, kind=row.kind,
                           value=row.value, position=position, sentence=sentence)
            counts[row.kind] += 1
    return counts


def export_annotations(store, *, annotator=None, kind=None):
    """Return the store's annotations as dicts (``id, annotator, kind, position, sentence, value``)."""
    sql = "SELECT document_id, annotator, kind, position, sentence, value FROM annotations"
    clauses, params = [], []
    if annotator:
        clauses.append("annotator=?")
        params.append(annotator)
    if kind:
        clauses.append("kind=?")
        params.append(kind)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY document_id, kind, ifnull(position, -1), annotator"
    return [dict(zip(("id", "annotator", "kind", "position", "sentence", "value"), r))
            for r in store.conn.execute(sql, params)]


def annotations_by_unit(annotations, kind):
    """Group annotations of one kind: ``{unit: {annotator: value}}``.

    A unit is ``(id, position)`` for sentence labels and ``id`` for document kinds.
    """
    table = {}
    for a in annotations:
        if a.kind != kind:
            continue
        unit = (a.document_id, a.position) if kind == "label" else a.document_id
        table.setdefault(unit, {})[a.annotator] = a.value
    return table
