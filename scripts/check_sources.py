"""Check hand-written annotated source files of the sample corpus.

Usage: python3 scripts/check_sources.py data/annotations/source/s001.src [...]
Prints one line per problem and a summary line per file; exit 1 if any problem.
"""
import re
import sys

THEMES = {
    "household_members", "information_sharing", "staffing_workload", "supervision_oversight",
    "risk_assessment", "voice_of_child", "domestic_abuse", "parental_mental_health",
    "substance_misuse", "non_engagement", "professional_curiosity", "equality_diversity",
}
HEADERS = {"title", "child_age", "incident", "themes", "why_depth", "summary_heading",
           "published", "nation", "area", "review_type"}
INCIDENTS = {"death", "serious injury", "neglect", "sexual abuse", "suicide", "exploitation"}


def check(path):
    problems = []
    header = {}
    counts = {"A": 0, "D": 0, "O": 0}
    words = 0
    in_body = False
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line.startswith("#") and not in_body:
            m = re.match(r"#(\w+):\s*(.*)$", line)
            if not m or m.group(1) not in HEADERS:
                problems.append(f"{path}:{n}: bad header line {line!r}")
            else:
                header[m.group(1)] = m.group(2).strip()
            continue
        in_body = True
        m = re.match(r"([ADOHN])\| (\S.*)$", line)
        if not m:
            problems.append(f"{path}:{n}: line must start with 'A| ', 'D| ', 'O| ', 'H| ' or 'N| ': {line[:60]!r}")
            continue
        tag, text = m.groups()
        if text != text.strip():
            problems.append(f"{path}:{n}: trailing whitespace")
        if tag in counts:
            counts[tag] += 1
            words += len(text.split())
        if tag == "N" and len(text.split()) != 1:
            problems.append(f"{path}:{n}: N| takes one marker such as 2.3, (a), 4. or •")
    for key in ("title", "child_age", "incident", "themes", "why_depth"):
        if key not in header:
            problems.append(f"{path}: missing header #{key}:")
    themes = [t.strip() for t in header.get("themes", "").split(",") if t.strip()]
    for t in themes:
        if t not in THEMES:
            problems.append(f"{path}: unknown theme {t!r}")
    if header.get("why_depth") not in {"0", "1", "2", "3"}:
        problems.append(f"{path}: why_depth must be 0, 1, 2 or 3")
    if header.get("incident") not in INCIDENTS:
        problems.append(f"{path}: incident must be one of {sorted(INCIDENTS)}")
    for p in problems:
        print(p)
    print(f"{path}: {sum(counts.values())} sentences (A {counts['A']}, D {counts['D']}, O {counts['O']}), "
          f"{words} words, themes {themes}, why_depth {header.get('why_depth')}")
    return not problems


if __name__ == "__main__":
    ok = all([check(p) for p in sys.argv[1:]])
    sys.exit(0 if ok else 1)
