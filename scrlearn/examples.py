"""Example packs for trainers: short, anonymised, cited excerpts that illustrate a theme.

An excerpt is a sentence that carries the theme with its neighbours in the same
paragraph. Candidates are ranked by how clearly they show the theme (the theme
model's weight on the sentence, plus seed terms outside a negation, plus the
summary's own score for the theme, less a point for review-process and
recommendation sentences), one per summary first so a pack is diverse,
and anonymised with placeholders consistent within each summary.
"""

import html
import json

from .anonymise import Anonymiser
from .codebook import load_codebook
from .corpus import Corpus
from .errors import ScrlearnError
from .sentences import stored_sentences

__all__ = ["ExampleError", "find_examples", "render_examples"]


class ExampleError(ScrlearnError, ValueError):
    """An example pack cannot be made as asked (unknown theme, nothing matches)."""


def find_examples(store, theme, *, n=5, corpus=None, label=None, anonymise=True, theme_model=None,
                  why_model=None, codebook=None, theme_results=None):
    """Rank excerpts that illustrate ``theme``.

    Parameters
    ----------
    store : Store
    theme : str
        A codebook theme id.
    n : int
    corpus : Corpus, optional
        Filters (area, period...) on the summaries drawn from; default: all.
    label : {"analytical", "descriptive", "other"}, optional
        Keep sentences the why-gap model gives this label ("analytical" for the why).
    anonymise : bool, default=True
    theme_results : dict, optional
        ``id -> document_themes() result`` already computed (a report passes its own).

    Returns
    -------
    list of dict
        ``{"id", "area", "published", "theme", "excerpt", "sentence", "score", "label"}``, best first.
    """
    from .outputs import stored_document_themes
    from .themes import default_theme_model
    from .why_store import default_why_model

    book = load_codebook(codebook)
    if theme not in book.ids:
        raise ExampleError(f"unknown theme {theme!r}; choose one of {', '.join(book.ids)}")
    if n < 1:
        raise ExampleError("--n must be at least 1")
    theme_model = theme_model or default_theme_model()
    records = list((corpus or Corpus(store)).records())
    if not records:
        raise ExampleError("no summaries in the store match; ingest some or loosen the filters")
    if theme_results is None:
        results = stored_document_themes(store, [r.id for r in records], model=theme_model, codebook=codebook)
        theme_results = dict(zip([r.id for r in records], results))
    column = theme_model.themes_.index(theme) if theme in theme_model.themes_ else None
    # First pass, cheap: every sentence of every summary that discusses the theme, scored by the
    # theme model's weight on it, its seed terms outside a negation, and the summary's own score.
    candidates = []
    for record in records:
        doc_score = theme_results[record.id]["scores"][theme]
        if doc_score < 0.3:
            continue
        sentences = stored_sentences(store, record.id)
        weights = _sentence_weights(theme_model, [s.text for s in sentences], column) if column is not None \
            else [0.0] * len(sentences)
        for i, sentence in enumerate(sentences):
            seeds = book.matches(sentence.text, theme)
            if (not seeds and weights[i] <= 0.1) or len(sentence.text.split()) < 6:
                continue
            candidates.append([weights[i] + 0.5 * len(seeds) + doc_score, record, sentences, i, None])
    # Second pass, on the best candidates only: the why-gap model's label of each sentence,
    # to filter by it and to rank review process and recommendations below the case itself.
    candidates.sort(key=lambda c: -c[0])
    candidates = candidates[:max(12 * n, 60)]
    why = why_model or default_why_model()
    labels = {}
    for doc_id in {c[1].id for c in candidates}:
        sentences = next(c[2] for c in candidates if c[1].id == doc_id)
        labels[doc_id] = why.analyse([[s.text for s in sentences]])[0]["sentences"]
    kept = []
    for candidate in candidates:
        record, i = candidate[1], candidate[3]
        candidate[4] = labels[record.id][i]["label"]
        if label is not None and candidate[4] != label:
            continue
        if candidate[4] == "other" and label != "other":
            candidate[0] -= 1.0
        kept.append(candidate)
    kept.sort(key=lambda c: -c[0])
    chosen, used = [], set()
    for rank_pass in (0, 1):  # one excerpt per summary first, then more if the pack is still short
        for value, record, sentences, i, lab in kept:
            key = (record.id, i)
            if len(chosen) >= n or key in used or (rank_pass == 0 and record.id in {c[1].id for c in chosen}):
                continue
            chosen.append((value, record, sentences, i, lab))
            used.add(key)
    out, mappings = [], {}
    for value, record, sentences, i, lab in chosen:
        target = sentences[i]
        near = [s for s in sentences if s.paragraph == target.paragraph and abs(s.position - i) <= 1]
        excerpt = " ".join(s.text for s in near)
        sentence = target.text
        if anonymise:
            anonymiser = Anonymiser(keep=[record.area or "", record.nation or ""])
            mapping = mappings.setdefault(record.id, {})
            excerpt = anonymiser.anonymise(excerpt, context=record.text, mapping=mapping)
            sentence = anonymiser.anonymise(sentence, context=record.text, mapping=mapping)
        out.append({"id": record.id, "area": record.area, "published": record.published, "theme": theme,
                    "excerpt": excerpt, "sentence": sentence, "score": round(float(value), 3), "label": lab})
    return out


def _sentence_weights(model, texts, column):
    if not texts:
        return []
    words = model.tfidf_.transform(texts)
    return list(words @ model.coef_[column, :words.shape[1]])


def _citation(example):
    return f"{example['id']}, {example['area'] or 'area unknown'}, {example['published'] or 'undated'}"


def render_examples(examples, fmt, *, theme, path=None):
    """Render a pack as ``md``, ``html`` or ``json`` text, or write a ``docx`` file to ``path``."""
    title = f"Examples: {theme.replace('_', ' ')}"
    if fmt == "json":
        return json.dumps([{k: e[k] for k in ("id", "area", "published", "theme", "excerpt", "score")}
                           for e in examples], indent=2, ensure_ascii=False)
    if fmt == "md":
        lines = [f"# {title}", "", f"{len(examples)} excerpts from published summaries, anonymised "
                 "(placeholders such as [PERSON 1] are consistent within each summary).", ""]
        for n, e in enumerate(examples, 1):
            lines += [f"{n}. > {e['excerpt']}", "", f"   — {_citation(e)}", ""]
        return "\n".join(lines)
    if fmt == "html":
        items = "".join(f"<li><blockquote>{html.escape(e['excerpt'])}</blockquote><cite>{html.escape(_citation(e))}"
                        f"</cite></li>" for e in examples)
        return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
                "<style>body{font-family:Georgia,serif;max-width:44em;margin:2em auto;line-height:1.5}"
                "blockquote{margin:0 0 .3em 0;padding-left:1em;border-left:3px solid #888}"
                "cite{color:#555;font-size:.9em}li{margin-bottom:1.2em}</style></head><body>"
                f"<h1>{html.escape(title)}</h1><ol>{items}</ol></body></html>")
    if fmt == "docx":
        import docx

        if path is None:
            raise ExampleError("a DOCX pack needs an output file (--out FILE.docx)")
        document = docx.Document()
        document.add_heading(title, level=1)
        document.add_paragraph("Excerpts from published summaries, anonymised; each is cited.")
        for e in examples:
            document.add_paragraph(e["excerpt"], style="Intense Quote")
            document.add_paragraph(_citation(e))
        document.save(str(path))
        return None
    raise ExampleError(f"unknown format {fmt!r}")
