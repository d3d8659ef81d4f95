"""Counts that describe a corpus: size, date range, areas, half-years."""

from collections import Counter

__all__ = ["corpus_stats"]


def corpus_stats(corpus):
    """Summarise a corpus.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    dict
        ``documents``, ``words``, ``mean_words``, ``first_published``,
        ``last_published``, ``undated`` (no half-year known), and counts
        ``per_area``, ``per_nation``, ``per_period`` (half-years, in order)
        and ``per_year``.
    """
    n = words = undated = 0
    dates = []
    areas, nations, periods, years = Counter(), Counter(), Counter(), Counter()
    for record in corpus:
        n += 1
        words += record.words
        areas[record.area or "(unknown)"] += 1
        nations[record.nation or "(unknown)"] += 1
        if record.published:
            dates.append(record.published)
            years[record.year] += 1
        if record.period:
            periods[record.period] += 1
        else:
            undated += 1
    return {
        "documents": n,
        "words": words,
        "mean_words": round(words / n, 1) if n else 0,
        "first_published": min(dates) if dates else None,
        "last_published": max(dates) if dates else None,
        "undated": undated,
        "per_area": dict(sorted(areas.items())),
        "per_nation": dict(sorted(nations.items())),
        "per_period": dict(sorted(periods.items())),
        "per_year": {str(k): v for k, v in sorted(years.items())},
    }
