"""The corpus: documents in a store, streamed as small records.

A :class:`Corpus` can be iterated any number of times; every pass opens the
store afresh and yields records one at a time, so models that make several
passes (gensim's LDA, say) can be handed the corpus itself.
"""

from dataclasses import dataclass, field

from .periods import half_year_of, parse_period
from .store import METADATA_FIELDS, Store

__all__ = ["Corpus", "Record"]


@dataclass(frozen=True)
class Record:
    """One document's text and metadata."""

    id: str
    text: str
    title: str | None = None
    area: str | None = None
    nation: str | None = None
    published: str | None = None
    child_age: str | None = None
    incident: str | None = None
    url: str | None = None
    source: str | None = None
    words: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def period(self):
        """The half-year of publication as ``"YYYY-H1"``/``"YYYY-H2"``, or None when undated."""
        period = half_year_of(self.published)
        return str(period) if period else None

    @property
    def year(self):
        """The year of publication, or None."""
        return int(self.published[:4]) if self.published else None


class Corpus:
    """The documents of a store, filtered and streamed.

    Parameters
    ----------
    db : str, Path or Store
        The store file (or an open store, which is then reused for every pass).
    area, nation : str or list of str, optional
        Keep documents from these areas or nations.
    period : str, optional
        A half-year (``"2015-H2"``) or a range of them (``"2012-H1:2015-H2"``).
    since, until : int, optional
        First and last year of publication to keep.
    ids : list of str, optional
        Keep only these documents.
    where : dict, optional
        Other metadata to match exactly (known fields or extra metadata columns).
    limit : int, optional
        At most this many records per pass.

    Examples
    --------
    >>> import tempfile, os
    >>> from scrlearn.store import Store
    >>> db = os.path.join(tempfile.mkdtemp(), "c.db")
    >>> Store(db).close()
    >>> corpus = Corpus(db, area="Oakhaven")
    >>> len(corpus), list(corpus)
    (0, [])
    """

    def __init__(self, db, *, area=None, nation=None, period=None, since=None, until=None,
                 ids=None, where=None, limit=None):
        self.db = db
        self.filters = dict(area=area, nation=nation, period=period, since=since, until=until,
                            ids=ids, where=where, limit=limit)

    def filter(self, **filters):
        """Return a new corpus with these filters added to (or replacing) the current ones."""
        merged = {**self.filters, **filters}
        return Corpus(self.db, **merged)

    def _store(self):
        return (self.db, False) if isinstance(self.db, Store) else (Store(self.db), True)

    def _sql(self):
        clauses, params = [], []
        for name in ("area", "nation"):
            value = self.filters[name]
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                clauses.append(f"{name} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.filters["ids"] is not None:
            ids = list(self.filters["ids"])
            clauses.append(f"id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        if self.filters["since"] is not None:
            clauses.append("CAST(substr(published, 1, 4) AS INTEGER) >= ?")
            params.append(int(self.filters["since"]))
        if self.filters["until"] is not None:
            clauses.append("CAST(substr(published, 1, 4) AS INTEGER) <= ?")
            params.append(int(self.filters["until"]))
        if self.filters["period"]:
            first, _, last = self.filters["period"].partition(":")
            start, end = parse_period(first), parse_period(last or first)
            clauses.append("length(published) >= 7 AND substr(published, 1, 7) BETWEEN ? AND ?")
            params.extend([start.start.isoformat()[:7], end.end.isoformat()[:7]])
        for key, value in (self.filters["where"] or {}).items():
            if key in METADATA_FIELDS:
                clauses.append(f"{key} = ?")
            else:
                clauses.append("json_extract(extra, ?) = ?")
                params.append(f"$.{key}")
            params.append(value)
        return " AND ".join(clauses), params

    def records(self):
        """Yield a :class:`Record` per matching document, in id order."""
        store, owned = self._store()
        try:
            where, params = self._sql()
            limit = self.filters["limit"]
            for n, row in enumerate(store.iter_documents(where, params)):
                if limit is not None and n >= limit:
                    break
                yield Record(id=row.id, text=row.text, words=row.words, extra=row.extra,
                             **{name: getattr(row, name) for name in METADATA_FIELDS})
        finally:
            if owned:
                store.close()

    def __iter__(self):
        return self.records()

    def texts(self):
        """Yield each matching document's cleaned text."""
        for record in self.records():
            yield record.text

    def __len__(self):
        store, owned = self._store()
        try:
            where, params = self._sql()
            sql = "SELECT count(*) FROM documents" + (f" WHERE {where}" if where else "")
            n = store.conn.execute(sql, params).fetchone()[0]
        finally:
            if owned:
                store.close()
        limit = self.filters["limit"]
        return n if limit is None else min(n, limit)

    def to_frame(self, *, text=True):
        """Return the matching documents as a pandas DataFrame indexed by id.

        Columns: the metadata fields, ``words``, ``period``, ``year``, and
        ``text`` unless ``text=False``; extra metadata columns are expanded.
        """
        import pandas as pd

        rows = []
        for record in self.records():
            row = {"id": record.id, **{n: getattr(record, n) for n in METADATA_FIELDS},
                   "words": record.words, "period": record.period, "year": record.year}
            row.update({k: v for k, v in record.extra.items() if k not in row})
            if text:
                row["text"] = record.text
            rows.append(row)
        columns = ["id", *METADATA_FIELDS, "words", "period", "year"] + (["text"] if text else [])
        frame = pd.DataFrame(rows, columns=None if rows else columns)
        return frame.set_index("id")
