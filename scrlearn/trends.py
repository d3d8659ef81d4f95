"""Theme prevalence over time and by area, with uncertainty, for notebooks and reports.

Start from :func:`theme_frame` (one row per document: metadata plus a 0/1 column
per theme), then :func:`prevalence` counts documents per group with a Wilson
95% interval and the change from the group before. Plots take ``ax=None`` and
return the Axes, so notebooks can compose figures.
"""

import math

import pandas as pd

from .codebook import load_codebook

__all__ = ["theme_frame", "prevalence", "wilson_interval", "plot_theme_trend", "plot_prevalence"]


def wilson_interval(count, n, z=1.96):
    """Wilson score interval for a proportion ``count / n`` (``(nan, nan)`` when n is 0).

    Examples
    --------
    >>> [round(x, 3) for x in wilson_interval(5, 20)]
    [0.112, 0.469]
    """
    if n == 0:
        return (math.nan, math.nan)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def theme_frame(corpus, *, model=None, codebook=None):
    """One row per document: metadata, ``period``, ``year``, and a 0/1 column per codebook theme.

    Parameters
    ----------
    corpus : Corpus
    model : ThemeClassifier, optional
        Default: the shipped model.
    codebook : str, optional
    """
    from .outputs import stored_document_themes

    frame = corpus.to_frame(text=False)
    book = load_codebook(codebook)
    if frame.empty:
        for theme in book.ids:
            frame[theme] = pd.Series(dtype=int)
        return frame
    store, owned = corpus._store()
    try:
        results = stored_document_themes(store, list(frame.index), model=model, codebook=codebook)
    finally:
        if owned:
            store.close()
    for theme in book.ids:
        frame[theme] = [1 if theme in r["themes"] else 0 for r in results]
    return frame


def prevalence(frame, *, by="year", themes=None):
    """Theme prevalence per group.

    Parameters
    ----------
    frame : DataFrame
        From :func:`theme_frame`.
    by : {"year", "period", "area", "nation"}
        Documents without a value for ``by`` are left out (a year-only date has no period).
    themes : list of str, optional

    Returns
    -------
    DataFrame
        Columns ``group, theme, count, n, share, low, high, previous_share, change``;
        ``previous_share`` and ``change`` compare with the group before (time only).
    """
    themes = themes or [c for c in load_codebook().ids if c in frame.columns]
    data = frame.dropna(subset=[by]) if by in frame.columns else frame.iloc[0:0]
    rows = []
    for group, part in data.groupby(by, sort=True):
        n = len(part)
        for theme in themes:
            count = int(part[theme].sum())
            low, high = wilson_interval(count, n)
            rows.append({"group": group, "theme": theme, "count": count, "n": n, "share": count / n,
                         "low": low, "high": high})
    out = pd.DataFrame(rows, columns=["group", "theme", "count", "n", "share", "low", "high"])
    if by in ("year", "period") and not out.empty:
        out = out.sort_values(["theme", "group"])
        out["previous_share"] = out.groupby("theme")["share"].shift(1)
        out["change"] = out["share"] - out["previous_share"]
        out = out.sort_values(["group", "theme"]).reset_index(drop=True)
    else:
        out["previous_share"] = math.nan
        out["change"] = math.nan
    return out


def plot_theme_trend(table, theme, ax=None):
    """Plot one theme's share per group with its 95% interval. Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    part = table[table["theme"] == theme]
    x = [str(g) for g in part["group"]]
    ax.fill_between(x, part["low"], part["high"], alpha=0.2, label="95% interval")
    ax.plot(x, part["share"], marker="o", label="share of summaries")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of summaries")
    ax.set_title(theme.replace("_", " "))
    if len(x) > 10:
        ax.tick_params(axis="x", labelrotation=90)
    ax.legend(frameon=False, loc="upper left")
    return ax


def plot_prevalence(table, group, ax=None, previous=None):
    """Bar chart of every theme's share in one group (and the previous group, if given). Returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    part = table[table["group"] == group].sort_values("share")
    y = range(len(part))
    ax.barh([i + 0.2 for i in y], part["share"], height=0.4, label=str(group))
    if previous is not None:
        prev = table[table["group"] == previous].set_index("theme").reindex(part["theme"])
        ax.barh([i - 0.2 for i in y], prev["share"], height=0.4, label=str(previous), alpha=0.6)
    ax.set_yticks(list(y))
    ax.set_yticklabels([t.replace("_", " ") for t in part["theme"]])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of summaries")
    ax.legend(frameon=False)
    return ax
