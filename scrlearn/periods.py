"""Publication dates and half-year periods ("2009-H2")."""

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Period", "parse_period", "parse_published", "half_year_of"]

_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_published(value):
    """Normalise a publication date to ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    ``DD/MM/YYYY`` and ``DD.MM.YYYY`` are accepted and rewritten; empty values give None.

    Raises
    ------
    ValueError
        For anything else, or an impossible date.

    Examples
    --------
    >>> parse_published("2009-07"), parse_published("03/11/2014"), parse_published("")
    ('2009-07', '2014-11-03', None)
    """
    value = (value or "").strip()
    if not value:
        return None
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day).isoformat()
    match = _PUBLISHED.match(value)
    if not match:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if not 1900 <= int(year) <= 2100:
        raise ValueError(f"year {year} in {value!r} is out of range")
    if day:
        date(int(year), int(month), int(day))  # raises ValueError when impossible
    elif month and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} in {value!r} is out of range")
    return value


@dataclass(frozen=True, order=True)
class Period:
    """A half-year: H1 is 1 January to 30 June, H2 is 1 July to 31 December."""

    year: int
    half: int

    def __str__(self):
        return f"{self.year}-H{self.half}"

    @property
    def start(self):
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self):
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def previous(self):
        """The half-year before this one.

        Examples
        --------
        >>> str(Period(2015, 2).previous()), str(Period(2015, 1).previous())
        ('2015-H1', '2014-H2')
        """
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    def next(self):
        """The half-year after this one."""
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)


def parse_period(text):
    """Parse ``YYYY-H1`` or ``YYYY-H2``.

    Raises
    ------
    ValueError
        Naming the bad value and the expected form.

    Examples
    --------
    >>> parse_period("2015-H2").start
    datetime.date(2015, 7, 1)
    """
    match = re.fullmatch(r"(\d{4})-[Hh]([12])", (text or "").strip())
    if not match:
        raise ValueError(f"period {text!r} is not of the form YYYY-H1 or YYYY-H2 (e.g. 2015-H2)")
    return Period(int(match.group(1)), int(match.group(2)))


def half_year_of(published):
    """Return the :class:`Period` of a publication date, or None when only a year (or nothing) is known.

    Examples
    --------
    >>> str(half_year_of("2012-09-30")), half_year_of("2012")
    ('2012-H2', None)
    """
    if not published or len(published) < 7:
        return None
    year, month = int(published[:4]), int(published[5:7])
    return Period(year, 1 if month <= 6 else 2)
