"""Render a report's data as JSON, Markdown (with PNG charts beside it) and one self-contained HTML file."""

import base64
import html
import io
import json
import shutil
import subprocess
from pathlib import Path

__all__ = ["charts", "to_markdown", "to_html", "write_report", "find_chromium"]

_CONTRACT = ("period", "start", "end", "n_reviews", "review_ids", "themes", "why_missing", "deep_dive")


def _png(fig):
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def charts(report):
    """PNG charts of the report: ``{"themes": bytes, "deep_dive_trend": bytes}`` (those that apply)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    detail = report["theme_detail"]
    if report["n_reviews"]:
        order = sorted(detail, key=lambda t: detail[t]["share"])
        fig, ax = plt.subplots(figsize=(7.5, 4.6))
        y = range(len(order))
        ax.barh([i + 0.27 for i in y], [detail[t]["share"] for t in order], height=0.27, label=report["period"],
                color="#1f5f8b")
        ax.barh(list(y), [detail[t]["previous_share"] or 0 for t in order], height=0.27,
                label=report["previous_period"], color="#8fb8d6")
        ax.barh([i - 0.27 for i in y], [detail[t]["running_average"] or 0 for t in order], height=0.27,
                label="running average (all earlier)", color="#cccccc")
        ax.set_yticks(list(y))
        ax.set_yticklabels([t.replace("_", " ") for t in order])
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of summaries")
        ax.set_title(f"Themes in {report['period']} ({report['n_reviews']} summaries)")
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        out["themes"] = _png(fig)
    dive = report.get("deep_dive_detail")
    if dive and dive["trend"]:
        fig, ax = plt.subplots(figsize=(7.5, 3.4))
        xs = [str(t["year"]) for t in dive["trend"]]
        ax.fill_between(xs, [t["low"] for t in dive["trend"]], [t["high"] for t in dive["trend"]], alpha=0.2,
                        color="#1f5f8b", label="95% interval")
        ax.plot(xs, [t["share"] for t in dive["trend"]], marker="o", color="#1f5f8b", label="share of summaries")
        ax.set_ylim(0, 1)
        ax.set_title(f"{dive['label']}: share of summaries by year")
        ax.tick_params(axis="x", labelrotation=90)
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        out["deep_dive_trend"] = _png(fig)
    return out


def _pct(value):
    return "–" if value is None else f"{value:.0%}"


def _sections(report):
    """The report as a list of (heading, list of blocks); a block is ("p", text), ("table", rows), ("img", key),
    ("quote", text, cite) or ("list", items)."""
    period, n = report["period"], report["n_reviews"]
    s = []
    intro = [("p", f"This report covers the serious case reviews whose executive summaries were published "
                   f"between {report['start']} and {report['end']}: {n} summar{'y' if n == 1 else 'ies'}.")]
    if report["undated"]:
        count = len(report["undated"])
        intro.append(("p", f"{count} {'summary has' if count == 1 else 'summaries have'} only a year or no date "
                           f"and {'is' if count == 1 else 'are'} not counted in any period: "
                           f"{', '.join(report['undated'])}."))
    if n == 0:
        intro.append(("p", f"No review published in {period} is in the store, so there is nothing to analyse for "
                           "this period. Ingest the period's summaries and run the report again."))
        s.append(("Summary", intro))
        s.append(("Methods", _methods_blocks(report)))
        return s
    s.append(("Summary", intro))
    rows = [["Review", "Area", "Published", "Incident", "Child's age"]]
    rows += [[r["id"], r["area"] or "", r["published"] or "", r["incident"] or "", r["child_age"] or ""]
             for r in report["reviews"]]
    s.append(("Reviews published in the period", [("table", rows)]))
    rows = [["Theme", "Summaries", "Share", "95% interval", report["previous_period"], "Running average"]]
    for theme, v in sorted(report["theme_detail"].items(), key=lambda tv: -tv[1]["share"]):
        rows.append([theme.replace("_", " "), str(v["count"]), _pct(v["share"]),
                     f"{_pct(v['low'])} to {_pct(v['high'])}", _pct(v["previous_share"]), _pct(v["running_average"])])
    blocks = [("img", "themes"), ("table", rows)]
    if report["new_or_rising"]:
        blocks.append(("p", "New or rising themes:"))
        blocks.append(("list", [f"{r['theme'].replace('_', ' ')}: {r['why']}" for r in report["new_or_rising"]]))
    else:
        blocks.append(("p", "No theme is new or rising by 15 points or more."))
    s.append(("Themes", blocks))
    blocks = [("p", f"{len(report['why_flagged'])} of {n} summaries describe what went wrong without analysing why "
                    "(an estimated why-depth of 0 or 1). Failings each states with no reason beside it:")]
    for f in report["why_flagged"]:
        blocks.append(("p", f"{f['id']} (why score {f['why_score']:.2f}; {f['explanations']} explaining sentences)"))
        blocks.append(("list", f["unexplained_failings"] or ["(no failing sentence found)"]))
    s.append(("Summaries that describe without analysing why", blocks))
    s.append(("Organisational factors and equality", [
        ("p", f"Address staffing, caseloads, resources or supervision: {', '.join(report['organisational']) or 'none'}."),
        ("p", f"Address ethnicity, culture, language, religion or disability: {', '.join(report['equality']) or 'none'}."),
        ("p", f"Address neither: {', '.join(report['neither']) or 'none'}.")]))
    if report["repeated_lessons"]:
        items = [f"{r['id']} ({r['area']}): {r['theme'].replace('_', ' ')}, as in earlier {', '.join(r['earlier'])}"
                 for r in report["repeated_lessons"]]
        s.append(("Repeated lessons", [("p", "Themes that recur in the same area's earlier reviews:"),
                                       ("list", items)]))
    else:
        s.append(("Repeated lessons", [("p", "No theme of this period's reviews recurs in its area's earlier reviews.")]))
    dive = report.get("deep_dive_detail")
    if dive:
        definition = "" if dive["definition"].rstrip(".") == dive["label"] else f" ({dive['definition'].rstrip('.')})"
        blocks = [("p", f"{dive['label']}{definition} is discussed in {dive['summaries']} of the "
                        f"{dive['of']} summaries in the store."), ("img", "deep_dive_trend")]
        co = [["Theme discussed alongside", "Share of these summaries", "Lift"]]
        co += [[c["theme"].replace("_", " "), _pct(c["share"]), f"{c['lift']:.2f}" if c["lift"] else "–"]
               for c in dive["co_occurring"][:6]]
        blocks.append(("table", co))
        blocks.append(("p", "Representative excerpts (anonymised):"))
        blocks += [("quote", e["excerpt"], f"{e['id']}, {e['area']}, {e['published']}") for e in dive["excerpts"]]
        blocks.append(("p", "What the summaries say about why it happens (analytical sentences, anonymised):"))
        blocks += [("quote", e["excerpt"], f"{e['id']}, {e['area']}, {e['published']}")
                   for e in dive["why_it_happens"]] or [("p", "No analytical sentence carries this theme.")]
        s.append((f"In depth: {dive['label']}", blocks))
    s.append(("Methods", _methods_blocks(report)))
    return s


def _methods_blocks(report):
    m = report["methods"]
    blocks = [("p", f"Corpus: {m['corpus']['summaries']} summaries, {m['corpus']['with_month']} with a month of "
                    f"publication. Codebook: {m['codebook']['name']} {m['codebook']['version']} "
                    f"({m['codebook']['themes']} themes).")]
    for name, model in m["models"].items():
        if model:
            blocks.append(("p", f"{name} model ({model['kind']}, scrlearn {model['scrlearn']}): trained on "
                                f"{model['trained_on']}; held-out scores {json.dumps(model['held_out'])}."))
    blocks.append(("list", m["caveats"]))
    return blocks


def to_markdown(report, image_files=None):
    """The report as Markdown; ``image_files`` maps chart keys to file names beside it."""
    lines = [f"# Thematic analysis of serious case reviews: {report['period']}", ""]
    for heading, blocks in _sections(report):
        lines += [f"## {heading}", ""]
        for block in blocks:
            kind = block[0]
            if kind == "p":
                lines += [block[1], ""]
            elif kind == "list":
                lines += [f"- {item}" for item in block[1]] + [""]
            elif kind == "quote":
                lines += [f"> {block[1]}", ">", f"> — {block[2]}", ""]
            elif kind == "img" and image_files and block[1] in image_files:
                lines += [f"![{block[1].replace('_', ' ')}]({image_files[block[1]]})", ""]
            elif kind == "table":
                rows = block[1]
                lines.append("| " + " | ".join(rows[0]) + " |")
                lines.append("|" + "---|" * len(rows[0]))
                lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows[1:]]
                lines.append("")
    return "\n".join(lines)


_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
h1{font-size:1.7em;border-bottom:2px solid #1f5f8b;padding-bottom:.2em}h2{color:#1f5f8b;margin-top:1.6em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#eef3f7}img{max-width:100%;height:auto;display:block;margin:.8em 0}
blockquote{margin:.6em 0;padding:.3em 1em;border-left:4px solid #8fb8d6;background:#f7f9fb}
blockquote cite{display:block;color:#555;font-size:.9em;margin-top:.3em}.meta{color:#555}
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}img,table,blockquote{page-break-inside:avoid}}
"""


def to_html(report, images):
    """The report as one self-contained HTML page (charts embedded as data URIs, no external resources)."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Thematic analysis: {e(report['period'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>Thematic analysis of serious case reviews: {e(report['period'])}</h1>",
             f'<p class="meta">{e(report["start"])} to {e(report["end"])} · made with scrlearn</p>']
    for heading, blocks in _sections(report):
        parts.append(f"<section><h2>{e(heading)}</h2>")
        for block in blocks:
            kind = block[0]
            if kind == "p":
                parts.append(f"<p>{e(block[1])}</p>")
            elif kind == "list":
                parts.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block[1]) + "</ul>")
            elif kind == "quote":
                parts.append(f"<blockquote>{e(block[1])}<cite>{e(block[2])}</cite></blockquote>")
            elif kind == "img" and block[1] in images:
                data = base64.b64encode(images[block[1]]).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{data}" alt="{e(block[1].replace("_", " "))} chart">')
            elif kind == "table":
                rows = block[1]
                head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
                body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
                parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def find_chromium():
    """Path of a Chromium or Chrome binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome", "chromium-headless-shell"):
        path = shutil.which(name)
        if path:
            return path
    return None


def write_report(report, out, *, pdf=False):
    """Write ``report.json``, ``report.md`` (+ PNG charts) and ``report.html`` into ``out`` (and ``report.pdf``).

    Returns
    -------
    dict
        Paths written, by format.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    images = charts(report)
    files = {}
    for key, data in images.items():
        (out / f"{key}.png").write_bytes(data)
    contract = {k: report[k] for k in _CONTRACT}
    extended = {**contract, **{k: v for k, v in report.items() if k not in contract}}
    (out / "report.json").write_text(json.dumps(extended, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    files["json"] = out / "report.json"
    (out / "report.md").write_text(to_markdown(report, {k: f"{k}.png" for k in images}), encoding="utf-8")
    files["md"] = out / "report.md"
    (out / "report.html").write_text(to_html(report, images), encoding="utf-8")
    files["html"] = out / "report.html"
    if pdf:
        from .errors import ScrlearnError

        browser = find_chromium()
        if browser is None:
            raise ScrlearnError("--format pdf needs Chromium (Debian package 'chromium'); the HTML, Markdown and "
                                "JSON reports were written")
        target = out / "report.pdf"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--print-to-pdf={target}", "--no-pdf-header-footer", (out / "report.html").resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
        files["pdf"] = target
    return files
