"""Metadata CSV files: one row per document, joined on the ``id`` column."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MetadataError
from .periods import parse_published
from .store import METADATA_FIELDS

__all__ = ["MetadataTable", "read_metadata"]


@dataclass
class MetadataTable:
    """Metadata read from a CSV file.

    Attributes
    ----------
    rows : dict
        ``id -> (fields, extra, line)``: known fields, other columns, and the CSV line number.
    problems : list of str
        One line per row-level problem (bad date, empty id, repeated id).
    """

    path: str
    rows: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def read_metadata(path):
    """Read a metadata CSV.

    Parameters
    ----------
    path : str or Path
        A CSV file with a header row including ``id``.

    Returns
    -------
    MetadataTable

    Raises
    ------
    MetadataError
        When the file cannot be read or has no ``id`` column.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read metadata CSV ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise MetadataError(f"{path}: not a readable CSV ({exc})") from exc
    if "id" not in header:
        raise MetadataError(f"{path}: metadata CSV has no 'id' column (header: {', '.join(header) or 'empty'})")
    table = MetadataTable(str(path))
    try:
        for row in reader:
            line = reader.line_num
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
            doc_id = row.get("id", "")
            if not doc_id:
                table.problems.append(f"{path}:{line}: row has an empty id; skipped")
                continue
            if doc_id in table.rows:
                table.problems.append(f"{path}:{line}: id {doc_id!r} repeats line {table.rows[doc_id][2]}; "
                                      "the later row is used")
            fields, extra = {}, {}
            for key, value in row.items():
                if key == "id":
                    continue
                if key == "published":
                    try:
                        value = parse_published(value)
                    except ValueError as exc:
                        table.problems.append(f"{path}:{line}: id {doc_id!r}: bad published {exc}; left empty")
                        value = None
                if key in METADATA_FIELDS:
                    fields[key] = value or None
                elif value:
                    extra[key] = value
            table.rows[doc_id] = (fields, extra, line)
    except csv.Error as exc:
        raise MetadataError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from exc
    return table
