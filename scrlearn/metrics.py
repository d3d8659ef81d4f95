"""Scores used by the evaluation scripts: sentence boundaries and anonymisation spans."""

import re

__all__ = ["boundary_scores", "prf", "parse_marked", "span_scores"]


def prf(tp, fp, fn):
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _ends(text, sentences):
    ends, cursor = set(), 0
    for sentence in sentences:
        at = text.find(sentence, cursor)
        if at < 0:
            at = text.find(sentence.strip(), cursor)
            if at < 0:
                raise ValueError(f"sentence not found in its text: {sentence[:60]!r}")
        cursor = at + len(sentence)
        ends.add(cursor)
    return ends


def boundary_scores(pairs):
    """Sentence-boundary precision, recall and F1.

    Parameters
    ----------
    pairs : iterable of (text, gold sentences, predicted sentences)
        A boundary is the character offset where a sentence ends; the end of the
        text itself is not counted (every splitter gets it right).

    Examples
    --------
    >>> boundary_scores([("A b. C d. E f.", ["A b.", "C d.", "E f."], ["A b. C d.", "E f."])])["recall"]
    0.5
    """
    tp = fp = fn = 0
    for text, gold, predicted in pairs:
        end = len(text.rstrip())
        g, p = _ends(text, gold) - {end}, _ends(text, predicted) - {end}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return prf(tp, fp, fn)


_MARK = re.compile(r"\[\[([A-Z]+):(.*?)\]\]")


def parse_marked(marked):
    """Turn ``[[TYPE:text]]`` markup into (plain text, [(start, end, type)]).

    Examples
    --------
    >>> parse_marked("Seen by [[PERSON:Dr Hallam]] on [[DATE:3 May]].")
    ('Seen by Dr Hallam on 3 May.', [(8, 17, 'PERSON'), (21, 26, 'DATE')])
    """
    out, spans, last = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[last:m.start()]
        out.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(2)), m.group(1)))
        out.append(m.group(2))
        length += len(m.group(2))
        last = m.end()
    out.append(marked[last:])
    return "".join(out), spans


def _token_offsets(text, spans):
    tokens = set()
    for m in re.finditer(r"\w+", text):
        for start, end, _ in spans:
            if m.start() < end and m.end() > start:
                tokens.add(m.start())
                break
    return tokens


def span_scores(items, types=None):
    """Anonymisation scores over (text, gold spans, predicted spans) items.

    Token level: a word counts as identifying when a span covers it; precision
    and recall of the words masked (the type is not required to match, since
    any placeholder protects). Span level (``exact``): a gold span is found when
    a predicted span has the same boundaries. Per type: token-level recall of
    that type's words.
    """
    tp = fp = fn = exact_tp = n_pred = n_gold = 0
    per_type = {}
    for text, gold, predicted in items:
        g, p = _token_offsets(text, gold), _token_offsets(text, predicted)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        gold_bounds = {(s, e) for s, e, _ in gold}
        pred_bounds = {(s, e) for s, e, _ in predicted}
        exact_tp += len(gold_bounds & pred_bounds)
        n_pred += len(pred_bounds)
        n_gold += len(gold_bounds)
        for span in gold:
            counts = per_type.setdefault(span[2], [0, 0])
            words = _token_offsets(text, [span])
            counts[0] += len(words & p)
            counts[1] += len(words)
    scores = {"tokens": prf(tp, fp, fn), "exact": prf(exact_tp, n_pred - exact_tp, n_gold - exact_tp),
              "recall_by_type": {t: (c[0] / c[1] if c[1] else 0.0) for t, c in sorted(per_type.items())},
              "gold_spans": n_gold}
    return scores
