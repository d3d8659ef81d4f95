"""Render the hand-written annotated sources into the bundled sample corpus and gold files.

Reads ``data/annotations/source/*.src`` (one summary per file: headers, then one
labelled sentence per line; see ``data/annotations/README.md``) and writes:

- ``data/sample/<id>.{txt,md,pdf,docx,html}``: the summaries as files a
  researcher would meet (about a fifth as PDF, Word or web pages, with page
  furniture and hyphenation; some plain text hard-wrapped);
- ``data/sample/metadata.csv``: metadata per ``shared/CONTRACT.md``;
- ``data/annotations/documents.csv``: themes, why-depth and the fixed split;
- ``data/annotations/sentences.csv``: every summary sentence with its label.

The train/test split was drawn once (by document, stratified by why-depth) and is
kept in ``data/annotations/split.csv``; it never moves when labels change.

Deterministic: running it again rewrites the same files (PDF/DOCX bytes aside).
Usage: python scripts/build_sample.py
"""

import csv
import hashlib
import re
import sys
import textwrap
from pathlib import Path

from scrlearn._docmaker import make_docx, make_html, make_pdf

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "annotations" / "source"
SAMPLE = ROOT / "data" / "sample"
ANNOTATIONS = ROOT / "data" / "annotations"
LABELS = {"A": "analytical", "D": "descriptive", "O": "other"}
TEST_PER_DEPTH = 10


def parse_source(path):
    """Return (headers, blocks) of one .src file; blocks are dicts with kind, marker, sentences."""
    headers, blocks, marker, current = {}, [], None, None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            current = None
            continue
        match = re.match(r"#(\w+):\s*(.*)$", line)
        if match and not blocks:
            headers[match.group(1)] = match.group(2).strip()
            continue
        tag, text = line[0], line[3:].strip()
        if tag == "H":
            blocks.append({"kind": "heading", "marker": None, "text": text, "sentences": []})
            current = None
        elif tag == "N":
            marker = text
            current = None
        else:
            if current is None:
                kind = "item" if marker and not marker[0].isdigit() and not marker.startswith("(") else "paragraph"
                current = {"kind": kind, "marker": marker, "sentences": []}
                blocks.append(current)
                marker = None
            current["sentences"].append((LABELS[tag], text))
    for block in blocks:
        if block["kind"] != "heading":
            block["text"] = " ".join(text for _, text in block["sentences"])
    return headers, blocks


def summary_range(headers, blocks):
    """Block indices of the executive summary (all blocks for a plain summary)."""
    heading = headers.get("summary_heading")
    if not heading:
        return 0, len(blocks)
    start = next(i for i, b in enumerate(blocks)
                 if b["kind"] == "heading" and re.sub(r"^[\d.\s]+", "", b["text"]).lower() == heading.lower())
    end = next((j for j in range(start + 1, len(blocks)) if blocks[j]["kind"] == "heading"), len(blocks))
    return start + 1, end


def choose_format(doc_id, headers):
    n = int(doc_id[1:])
    if headers.get("summary_heading"):
        return "docx" if n % 2 == 0 else "pdf"
    if n % 50 == 11:
        return "html"
    if n % 10 == 3:
        return "pdf"
    if n % 10 == 7:
        return "docx"
    if n % 10 == 5:
        return "md"
    return "txt"


def render_file(doc_id, headers, blocks, fmt):
    triples = [(b["kind"], b["marker"], b["text"]) for b in blocks]
    n = int(doc_id[1:])
    area, title = headers["area"], headers["title"]
    path = SAMPLE / f"{doc_id}.{fmt}"
    if fmt == "pdf":
        headers_variants = [f"{area} Safeguarding Children Board", f"{title}",
                            f"CONFIDENTIAL UNTIL PUBLICATION | {area}", None]
        footers = ["Page {page} of {pages}", "{page}", "- {page} -", f"{area} | page {{page}}"]
        make_pdf(path, triples, header=headers_variants[n % 4], footer=footers[(n // 4) % 4],
                 width_mm=[150, 140, 155][n % 3], font_size=[11, 10, 12][n % 3])
    elif fmt == "docx":
        make_docx(path, triples, header=f"{area} — {title}", footer="Published report")
    elif fmt == "html":
        make_html(path, triples, title=title, site=f"{area} Safeguarding Partnership")
    elif fmt == "md":
        lines = []
        for kind, marker, text in triples:
            if kind == "heading":
                lines.append(f"## {text}")
            elif kind == "item":
                lines.append(f"- {text}")
            else:
                lines.append(f"{marker} {text}" if marker else text)
        path.write_text(f"# {title}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    else:
        wrap = n % 3 == 0
        parts = []
        for kind, marker, text in triples:
            line = f"{marker} {text}" if marker else text
            parts.append(textwrap.fill(line, width=72, break_on_hyphens=False) if wrap and kind != "heading" else line)
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def split_of(doc_ids_by_depth):
    """The fixed split: read from split.csv once it exists, so later label changes never move it."""
    fixed = ANNOTATIONS / "split.csv"
    if fixed.exists():
        with open(fixed, encoding="utf-8", newline="") as fh:
            return {r["id"] for r in csv.DictReader(fh) if r["split"] == "test"}
    test = set()
    for ids in doc_ids_by_depth.values():
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"split-{i}".encode()).hexdigest())
        test.update(ranked[:TEST_PER_DEPTH])
    return test


def main():
    sources = sorted(SOURCE.glob("s*.src"))
    if not sources:
        sys.exit(f"no sources in {SOURCE}")
    for old in SAMPLE.iterdir():
        if old.suffix in {".txt", ".md", ".pdf", ".docx", ".html"}:
            old.unlink()
    parsed = {p.stem: parse_source(p) for p in sources}
    by_depth = {}
    for doc_id, (headers, _) in parsed.items():
        by_depth.setdefault(headers["why_depth"], []).append(doc_id)
    test = split_of(by_depth)
    meta_rows, doc_rows, sentence_rows = [], [], []
    formats = {}
    for doc_id, (headers, blocks) in parsed.items():
        fmt = choose_format(doc_id, headers)
        formats[fmt] = formats.get(fmt, 0) + 1
        render_file(doc_id, headers, blocks, fmt)
        meta_rows.append({"id": doc_id, "title": headers["title"], "area": headers["area"],
                          "nation": headers["nation"], "published": headers["published"],
                          "child_age": headers["child_age"], "incident": headers["incident"],
                          "url": "", "source": "scrlearn fictional sample",
                          "review_type": headers["review_type"]})
        start, end = summary_range(headers, blocks)
        position = 0
        for paragraph, block in enumerate(blocks[start:end]):
            for label, text in block["sentences"]:
                sentence_rows.append({"id": doc_id, "position": position, "paragraph": paragraph,
                                      "label": label, "text": text})
                position += 1
        themes = sorted(t.strip() for t in headers["themes"].split(",") if t.strip())
        doc_rows.append({"id": doc_id, "why_depth": headers["why_depth"], "themes": ";".join(themes),
                         "split": "test" if doc_id in test else "train", "format": fmt,
                         "sentences": position,
                         "words": sum(len(t.split()) for b in blocks[start:end] for _, t in b["sentences"])})
    _write_csv(SAMPLE / "metadata.csv", meta_rows)
    _write_csv(ANNOTATIONS / "documents.csv", doc_rows)
    _write_csv(ANNOTATIONS / "sentences.csv", sentence_rows)
    print(f"{len(parsed)} summaries rendered ({', '.join(f'{k} {v}' for k, v in sorted(formats.items()))}); "
          f"{len(sentence_rows)} gold sentences; {len(test)} in the test split")


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
