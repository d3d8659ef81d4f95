"""Ingest local files into the store.

Each file is extracted and cleaned outside any transaction, then stored in a
transaction of its own, so an interruption loses at most the file in hand and a
re-run completes the batch without duplicates.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractionError, MetadataError
from .extract import SUPPORTED_SUFFIXES, extract_file
from .metadata import read_metadata
from .store import METADATA_FIELDS

__all__ = ["IngestReport", "discover_files", "ingest_paths", "document_record"]

DEFAULT_MAX_BYTES = 50_000_000


@dataclass
class IngestReport:
    """What an ingest run did.

    Attributes
    ----------
    added, updated, unchanged : list of str
        Document ids by outcome.
    duplicates : list of str
        One line per file skipped because its content is stored under another id.
    failed : list of str
        One line per file that could not be ingested, naming it and the reason.
    warnings : list of str
        Metadata problems (unknown ids, bad dates) that did not stop any file.
    """

    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        """True when no file failed."""
        return not self.failed

    def summary(self):
        """One line counting the outcomes."""
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.duplicates)} duplicate, {len(self.failed)} failed")


def discover_files(paths, report=None):
    """List the files to ingest under ``paths``: given files, and folders searched recursively.

    Files in folders with other extensions, and hidden files, are passed over;
    a file named directly with an unsupported extension, or a missing path, is
    reported as failed.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(Path(root) / name)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
            elif report is not None:
                report.failed.append(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                                     f"scrlearn reads {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        elif report is not None:
            report.failed.append(f"{path}: no such file or folder")
    return found


def document_record(doc_id, extracted, *, origin, metadata=None, extra=None, fetched_at=None):
    """Build the row :meth:`Store.upsert_document` stores for an extracted file."""
    record = {
        "id": doc_id,
        "text": extracted.text,
        "full_text": extracted.full_text,
        "blocks": [b.as_list() for b in extracted.blocks],
        "summary_section": 1 if extracted.summary else 0,
        "words": len(extracted.text.split()),
        "format": extracted.format,
        "origin": origin,
        "raw_sha256": extracted.raw_sha256,
        "text_sha256": extracted.text_sha256,
        "raw_bytes": extracted.raw_bytes,
        "fetched_at": fetched_at,
        "extra": dict(extra or {}),
    }
    if extracted.summary:
        start, end = extracted.summary
        record["extra"]["summary_blocks"] = f"{start}-{end}"
    for name in METADATA_FIELDS:
        record[name] = (metadata or {}).get(name)
    return record


def ingest_paths(store, paths, *, metadata=None, max_bytes=DEFAULT_MAX_BYTES, progress=None):
    """Ingest files and folders into a store.

    Parameters
    ----------
    store : Store
    paths : list of str or Path
        Files, or folders searched recursively, of ``.txt``, ``.md``, ``.pdf``,
        ``.html``/``.htm`` and ``.docx``.
    metadata : str or Path, optional
        A CSV with an ``id`` column; its rows are applied to documents of this
        batch and to documents already stored under those ids.
    max_bytes : int
        Files larger than this are refused.
    progress : callable, optional
        Called with each file's path before it is processed.

    Returns
    -------
    IngestReport
    """
    report = IngestReport()
    table = None
    if metadata is not None:
        try:
            table = read_metadata(metadata)
            report.warnings.extend(table.problems)
        except MetadataError as exc:
            report.failed.append(str(exc) + "; documents ingested without it")
    files = discover_files(paths, report)
    seen = {}
    for path in files:
        if progress is not None:
            progress(path)
        doc_id = path.stem
        if doc_id in seen:
            report.failed.append(f"{path}: id {doc_id!r} already given by {seen[doc_id]} in this batch; "
                                 "rename one of them")
            continue
        seen[doc_id] = path
        try:
            extracted = extract_file(path, max_bytes=max_bytes)
        except ExtractionError as exc:
            report.failed.append(str(exc))
            continue
        fields, extra = ({}, {})
        if table is not None and doc_id in table.rows:
            fields, extra = table.rows[doc_id][:2]
        record = document_record(doc_id, extracted, origin=str(path.resolve()), metadata=fields, extra=extra)
        record["extra"]["ingested_from"] = path.name
        with store.transaction() as conn:
            other = store.id_for_hash(extracted.raw_sha256)  # read inside the transaction: no race
            if other is not None and other != doc_id:
                report.duplicates.append(f"{path}: same content as stored document {other!r}; skipped")
                continue
            outcome = store.upsert_document(conn, record)
        getattr(report, outcome).append(doc_id)
    if table is not None:
        _apply_metadata_to_stored(store, table, set(seen), report)
    return report


def _apply_metadata_to_stored(store, table, batch_ids, report):
    for doc_id, (fields, extra, line) in table.rows.items():
        if doc_id in batch_ids:
            continue
        if not store.has(doc_id):
            report.warnings.append(f"{table.path}:{line}: id {doc_id!r} matches no file in this batch "
                                   "and no stored document; row ignored")
            continue
        with store.transaction() as conn:
            store.update_metadata(conn, doc_id, {k: v for k, v in fields.items() if v is not None}, extra)

