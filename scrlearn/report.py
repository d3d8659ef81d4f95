"""The six-monthly thematic report: its data, computed once for JSON, Markdown and HTML alike.

:func:`build_report` gathers what an inspectorate's half-yearly analysis
needs: the reviews published in the period, theme prevalence against the
previous period and the running average, new or rising themes, the summaries
that describe without analysing why (with evidence), which summaries address
organisational factors and equality, lessons repeated in an area, an in-depth
look at one theme (by default in every H2 report), and a methods appendix.
"""

from collections import Counter
from datetime import date

from .anonymise import Anonymiser
from .codebook import load_codebook
from .corpus import Corpus
from .errors import ScrlearnError
from .periods import half_year_of, parse_period
from .trends import wilson_interval

__all__ = ["ReportError", "build_report", "latest_complete_period", "choose_deep_dive"]

RISE = 0.15  # a theme is rising when its share is this much above the previous period or the running average


class ReportError(ScrlearnError, ValueError):
    """A report cannot be made as asked (empty store, unknown theme)."""


def latest_complete_period(store, *, today=None):
    """The latest half-year that has ended and holds at least one dated review (None if none)."""
    today = today or date.today()
    periods = {half_year_of(r.published) for r in Corpus(store).records()}
    done = sorted(p for p in periods if p is not None and p.end < today)
    return str(done[-1]) if done else None


def choose_deep_dive(themes):
    """The default in-depth theme: the largest rise over the running average among themes present."""
    present = [(t, v) for t, v in themes.items() if v["count"] > 0]
    if not present:
        return None
    return max(present, key=lambda tv: (tv[1]["share"] - (tv[1]["running_average"] or 0.0), tv[1]["share"]))[0]


def build_report(store, period, *, deep_dive=None, theme_model=None, why_model=None, codebook=None):
    """Compute the report for one half-year.

    Parameters
    ----------
    store : Store
    period : str
        ``YYYY-H1`` or ``YYYY-H2``.
    deep_dive : str, optional
        A theme for the in-depth section; by default one is chosen in H2 reports (every second report).

    Returns
    -------
    dict
        The contract's fields (``period, start, end, n_reviews, review_ids, themes, why_missing,
        deep_dive``) and the sections' data.
    """
    from .outputs import stored_document_themes
    from .themes import default_theme_model
    from .why_store import analyse_documents, default_why_model

    target = parse_period(period)
    book = load_codebook(codebook)
    if deep_dive is not None and deep_dive not in book.ids:
        raise ReportError(f"unknown theme {deep_dive!r} for --deep-dive; choose one of {', '.join(book.ids)}")
    records = list(Corpus(store).records())
    if not records:
        raise ReportError(f"the store {store.path} holds no summaries; run 'scrlearn ingest' first")
    theme_model = theme_model or default_theme_model()
    why_model = why_model or default_why_model()
    assigned = dict(zip([r.id for r in records], stored_document_themes(store, [r.id for r in records],
                                                                        model=theme_model, codebook=codebook)))
    period_of = {r.id: half_year_of(r.published) for r in records}
    in_period = [r for r in records if period_of[r.id] == target]
    earlier = [r for r in records if period_of[r.id] is not None and period_of[r.id] < target]
    previous = [r for r in records if period_of[r.id] == target.previous()]
    undated = [r.id for r in records if period_of[r.id] is None and (not r.published or
                                                                   int(r.published[:4]) == target.year)]

    def share(docs, theme):
        return sum(theme in assigned[r.id]["themes"] for r in docs) / len(docs) if docs else None

    themes = {}
    for theme in book.ids:
        count = sum(theme in assigned[r.id]["themes"] for r in in_period)
        n = len(in_period)
        low, high = wilson_interval(count, n) if n else (None, None)
        themes[theme] = {"count": count, "share": count / n if n else 0.0, "previous_share": share(previous, theme),
                         "running_average": share(earlier, theme), "low": low, "high": high}
    rising = []
    for theme, v in themes.items():
        if not v["count"]:
            continue
        if v["previous_share"] == 0 and previous:
            rising.append({"theme": theme, "why": "new: absent from the previous period"})
        elif v["previous_share"] is not None and v["share"] >= v["previous_share"] + RISE:
            rising.append({"theme": theme, "why": f"up from {v['previous_share']:.0%} in {target.previous()}"})
        elif v["running_average"] is not None and v["share"] >= v["running_average"] + RISE:
            rising.append({"theme": theme, "why": f"above the running average of {v['running_average']:.0%}"})

    why_results = {r["id"]: r for r in analyse_documents(store, [r.id for r in in_period], model=why_model)}
    flagged = []
    for r in in_period:
        result = why_results[r.id]
        if result["why_missing"]:
            evidence = why_model.explain(None, result=result)
            anonymiser, mapping = Anonymiser(keep=[r.area or "", r.nation or ""]), {}
            flagged.append({"id": r.id, "why_score": result["why_score"],
                            "unexplained_failings": [anonymiser.anonymise(t, context=r.text, mapping=mapping)
                                                     for _, t, _ in evidence["unexplained_failings"][:3]],
                            "explanations": len(evidence["explanations"])})

    organisational = [r.id for r in in_period if {"staffing_workload", "supervision_oversight"}
                      & set(assigned[r.id]["themes"])]
    equality = [r.id for r in in_period if "equality_diversity" in assigned[r.id]["themes"]]
    repeated = []
    for r in in_period:
        before = [e for e in earlier if e.area and e.area == r.area]
        for theme in assigned[r.id]["themes"]:
            prior = [e.id for e in before if theme in assigned[e.id]["themes"]]
            if prior:
                repeated.append({"id": r.id, "area": r.area, "theme": theme, "earlier": prior})

    if deep_dive is None and target.half == 2 and in_period:
        deep_dive = choose_deep_dive(themes)
    report = {
        "period": str(target), "start": target.start.isoformat(), "end": target.end.isoformat(),
        "n_reviews": len(in_period), "review_ids": [r.id for r in in_period],
        "themes": {t: {k: v[k] for k in ("count", "share", "previous_share")} for t, v in themes.items()},
        "why_missing": [f["id"] for f in flagged], "deep_dive": deep_dive,
        "previous_period": str(target.previous()), "n_previous": len(previous), "n_earlier": len(earlier),
        "undated": undated,
        "reviews": [{"id": r.id, "title": r.title, "area": r.area, "nation": r.nation, "published": r.published,
                     "incident": r.incident, "child_age": r.child_age, "themes": assigned[r.id]["themes"],
                     "why_score": why_results[r.id]["why_score"]} for r in in_period],
        "theme_detail": themes, "new_or_rising": rising, "why_flagged": flagged,
        "organisational": organisational, "equality": equality,
        "neither": [r.id for r in in_period if r.id not in organisational and r.id not in equality],
        "repeated_lessons": repeated,
        "methods": _methods(records, book, theme_model, why_model),
    }
    if deep_dive is not None:
        report["deep_dive_detail"] = _deep_dive(store, deep_dive, records, assigned, book, theme_model, why_model,
                                                codebook)
    return report


def _deep_dive(store, theme, records, assigned, book, theme_model, why_model, codebook):
    from .examples import find_examples

    years = Counter(int(r.published[:4]) for r in records if r.published)
    with_theme = Counter(int(r.published[:4]) for r in records if r.published and theme in assigned[r.id]["themes"])
    trend = []
    for year in sorted(years):
        low, high = wilson_interval(with_theme[year], years[year])
        trend.append({"year": year, "count": with_theme[year], "n": years[year],
                      "share": with_theme[year] / years[year], "low": low, "high": high})
    holders = [r for r in records if theme in assigned[r.id]["themes"]]
    base = {t: sum(t in assigned[r.id]["themes"] for r in records) / len(records) for t in book.ids}
    co = []
    for other in book.ids:
        if other == theme or not holders:
            continue
        s = sum(other in assigned[r.id]["themes"] for r in holders) / len(holders)
        co.append({"theme": other, "share": s, "lift": s / base[other] if base[other] else None})
    co.sort(key=lambda c: -c["share"])
    excerpts = find_examples(store, theme, n=4, theme_model=theme_model, why_model=why_model, codebook=codebook,
                             theme_results=assigned)
    why_excerpts = find_examples(store, theme, n=4, label="analytical", theme_model=theme_model,
                                 why_model=why_model, codebook=codebook, theme_results=assigned)
    return {"theme": theme, "label": book[theme].label, "definition": book[theme].definition,
            "summaries": len(holders), "of": len(records), "trend": trend, "co_occurring": co,
            "excerpts": excerpts, "why_it_happens": why_excerpts}


def _methods(records, book, theme_model, why_model):
    from importlib import resources

    from .persist import model_card

    cards = {}
    for name in ("themes", "why"):
        try:
            cards[name] = model_card(str(resources.files("scrlearn.data").joinpath("models", f"{name}.json.gz")))
        except ScrlearnError:
            cards[name] = None
    dated = sum(1 for r in records if half_year_of(r.published) is not None)
    return {
        "corpus": {"summaries": len(records), "with_month": dated, "undated_or_year_only": len(records) - dated},
        "codebook": {"name": book.name, "version": book.version, "themes": len(book)},
        "models": {name: ({"kind": c["kind"], "scrlearn": c["scrlearn"], "trained_on": c["card"].get("trained_on"),
                           "held_out": c["card"].get("held_out")} if c else None) for name, c in cards.items()},
        "custom_models": {"themes": type(theme_model).__name__, "why": type(why_model).__name__},
        "caveats": [
            "Themes and the why-gap flag are assigned by models trained on a small fictional corpus; they point "
            "to where to read, they do not replace reading.",
            "Shares rest on few summaries per half-year: the 95% intervals (Wilson) are wide.",
            "A summary with only a year, or no date, is left out of period counts and listed as undated.",
            "Excerpts are anonymised automatically (names, exact dates, addresses, named schools and "
            "hospitals); check them before they leave the team.",
        ],
    }
