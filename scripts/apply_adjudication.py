"""Apply adjudicated decisions to the hand-written sources (idempotent).

Reads ``data/annotations/second/adjudication.jsonl`` (one decision per disagreement
between the first and second annotator, with the adjudicator's reason) and writes
each decision into ``data/annotations/source/<id>.src``: sentence labels by
position in the summary, ``#why_depth:`` and ``#themes:`` headers. Run
``scripts/build_sample.py`` afterwards to regenerate the gold CSVs.
Usage: python scripts/apply_adjudication.py [decisions.jsonl]
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "annotations" / "source"
TAGS = {"analytical": "A", "descriptive": "D", "other": "O"}


def summary_lines(lines, heading):
    """Indices of the sentence lines of the summary section, in order."""
    start, end = 0, len(lines)
    if heading:
        for i, line in enumerate(lines):
            if line.startswith("H| ") and re.sub(r"^[\d.\s]+", "", line[3:]).strip().lower() == heading.lower():
                start = i + 1
                break
        end = next((j for j in range(start, len(lines)) if lines[j].startswith("H| ")), len(lines))
    return [i for i in range(start, end) if lines[i][:3] in ("A| ", "D| ", "O| ")]


def main(path):
    decisions = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    changed = 0
    for doc_id in sorted({d["id"] for d in decisions}):
        src = SOURCE / f"{doc_id}.src"
        lines = src.read_text(encoding="utf-8").split("\n")
        header = {m.group(1): (i, m.group(2)) for i, line in enumerate(lines)
                  if (m := re.match(r"#(\w+):\s*(.*)$", line))}
        sentence_lines = summary_lines(lines, header.get("summary_heading", (0, ""))[1])
        themes = {t.strip() for t in header["themes"][1].split(",") if t.strip()}
        for d in (d for d in decisions if d["id"] == doc_id):
            if d["kind"] == "sentence":
                i = sentence_lines[d["position"]]
                assert lines[i][3:] == d["text"], (doc_id, d["position"], lines[i][:60])
                lines[i] = TAGS[d["decision"]] + lines[i][1:]
            elif d["kind"] == "why_depth":
                lines[header["why_depth"][0]] = f"#why_depth: {int(d['decision'])}"
            elif d["kind"] == "theme":
                (themes.add if d["decision"] else themes.discard)(d["theme"])
        lines[header["themes"][0]] = "#themes: " + ", ".join(sorted(themes))
        new = "\n".join(lines)
        if new != src.read_text(encoding="utf-8"):
            src.write_text(new, encoding="utf-8")
            changed += 1
    print(f"{len(decisions)} decisions applied; {changed} source files changed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "data" / "annotations" / "second" / "adjudication.jsonl")
