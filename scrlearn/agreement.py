"""Inter-annotator agreement: Cohen's kappa, Krippendorff's alpha, confusion tables."""

from collections import Counter

from .codebook import THEME_IDS
from .errors import ScrlearnError

__all__ = ["cohen_kappa", "krippendorff_alpha", "confusion_table", "agreement_report"]


def cohen_kappa(a, b):
    """Cohen's kappa of two equally long label sequences.

    Examples
    --------
    >>> round(cohen_kappa(list("aabbc"), list("aabbb")), 3)
    0.667
    """
    if len(a) != len(b) or not a:
        raise ScrlearnError("kappa needs two non-empty label lists of the same length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units, *, metric="nominal"):
    """Krippendorff's alpha for any number of annotators and missing values.

    Parameters
    ----------
    units : list of list
        The values given to each unit by whoever annotated it (units with fewer
        than two values are ignored).
    metric : {"nominal", "interval"}
        ``interval`` treats values as numbers (for the ordinal why-depth scale).

    Examples
    --------
    >>> krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"]])
    0.4444444444444444
    """
    def delta(x, y):
        return (float(x) - float(y)) ** 2 if metric == "interval" else float(x != y)

    pairable = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if n < 2:
        raise ScrlearnError("alpha needs at least one unit with two or more values")
    observed = sum(sum(delta(x, y) for i, x in enumerate(u) for j, y in enumerate(u) if i != j) / (len(u) - 1)
                   for u in pairable) / n
    values = [v for u in pairable for v in u]
    expected = sum(delta(x, y) for i, x in enumerate(values) for j, y in enumerate(values) if i != j) / (n * (n - 1))
    if expected == 0:
        return 1.0
    return 1 - observed / expected


def confusion_table(a, b, labels):
    """Counts of (label from a, label from b) as a nested dict ``{a: {b: n}}``."""
    table = {x: dict.fromkeys(labels, 0) for x in labels}
    for x, y in zip(a, b):
        table.setdefault(x, dict.fromkeys(labels, 0)).setdefault(y, 0)
        table[x][y] += 1
    return table


def agreement_report(table, kind, *, annotators=None):
    """Agreement over units labelled by two or more annotators.

    Parameters
    ----------
    table : dict
        ``{unit: {annotator: value}}`` (see :func:`scrlearn.annotations.annotations_by_unit`).
    kind : {"label", "why_depth", "themes"}
    annotators : list of str, optional
        Whose annotations to compare (default: everyone in the table).

    Returns
    -------
    dict
        ``annotators``, ``units`` (compared), ``observed`` (share of units where all agree),
        ``alpha`` (Krippendorff, nominal; interval for why_depth), and with exactly two
        annotators ``kappa``, ``per_label`` kappas (one label against the rest; per theme
        for themes) and ``confusion``.
    """
    names = sorted(annotators or {a for values in table.values() for a in values})
    if len(names) < 2:
        raise ScrlearnError(f"agreement needs two or more annotators; found {names or 'none'}")
    units = {u: [v[a] for a in names if a in v] for u, v in table.items()}
    shared = {u: vals for u, vals in units.items() if len(vals) >= 2}
    if not shared:
        raise ScrlearnError(f"no {kind} annotation was made by two of {', '.join(names)}")
    report = {"kind": kind, "annotators": names, "units": len(shared),
              "observed": sum(len(set(v)) == 1 for v in shared.values()) / len(shared)}
    if kind == "themes":
        per_theme = {}
        for theme in THEME_IDS:
            binary = [[theme in v.split(";") for v in vals] for vals in shared.values()]
            per_theme[theme] = krippendorff_alpha(binary)
        report["alpha"] = sum(per_theme.values()) / len(per_theme)
        report["per_label_alpha"] = per_theme
    else:
        report["alpha"] = krippendorff_alpha(list(shared.values()),
                                             metric="interval" if kind == "why_depth" else "nominal")
    if len(names) == 2:
        both = [(table[u][names[0]], table[u][names[1]]) for u in table if names[0] in table[u] and names[1] in table[u]]
        a, b = [x for x, _ in both], [y for _, y in both]
        if kind == "themes":
            report["per_label"] = {t: cohen_kappa([t in x.split(";") for x in a], [t in y.split(";") for y in b])
                                   for t in THEME_IDS}
            report["kappa"] = sum(report["per_label"].values()) / len(THEME_IDS)
            report["exact_match"] = sum(x == y for x, y in both) / len(both)
        else:
            labels = sorted(set(a) | set(b))
            report["kappa"] = cohen_kappa(a, b)
            report["per_label"] = {lab: cohen_kappa([x == lab for x in a], [y == lab for y in b]) for lab in labels}
            report["confusion"] = confusion_table(a, b, labels)
            if kind == "why_depth":
                report["within_one"] = sum(abs(int(x) - int(y)) <= 1 for x, y in both) / len(both)
    return report
