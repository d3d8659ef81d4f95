"""The why-gap over a store: analysing stored summaries, and training data from annotations."""

from collections import defaultdict
from importlib import resources

from .annotations import read_annotation_file, resolve_annotations
from .persist import load_model
from .sentences import stored_sentences

__all__ = ["default_why_model", "analyse_documents", "training_data", "labels_from_store", "labels_from_file"]


def default_why_model():
    """The shipped WhyGapModel (trained on the sample's train split)."""
    path = resources.files("scrlearn.data").joinpath("models", "why.json.gz")
    return load_model(str(path), kind="WhyGapModel")


def analyse_documents(store, ids, *, model=None):
    """Why-gap results for stored documents, in the order of ``ids``.

    Returns
    -------
    list of dict
        ``{"id", "why_score", "why_missing", "depth", "sentences"}``; a summary
        with no sentences has a null score and flag.
    """
    from .outputs import cached_outputs, model_fingerprint

    model = model or default_why_model()
    ids = list(ids)

    def compute(chunk):
        return model.analyse([[s.text for s in stored_sentences(store, doc_id)] for doc_id in chunk])

    results = cached_outputs(store, ids, kind="why", fingerprint=model_fingerprint(model), compute=compute, batch=200)
    return [{"id": doc_id, **result} for doc_id, result in zip(ids, results)]


def labels_from_store(store, *, annotator=None):
    """Sentence labels and why-depths in the store: ``({id: {position: label}}, {id: depth})``.

    With several annotators and no ``annotator`` given, the most recent label wins.
    """
    sql = "SELECT document_id, kind, position, value FROM annotations WHERE kind IN ('label', 'why_depth')"
    params = []
    if annotator:
        sql += " AND annotator=?"
        params.append(annotator)
    labels, depths = defaultdict(dict), {}
    for doc_id, kind, position, value in store.conn.execute(sql + " ORDER BY created_at", params):
        if kind == "label":
            labels[doc_id][position] = value
        else:
            depths[doc_id] = int(value)
    return dict(labels), depths


def labels_from_file(store, path):
    """Sentence labels and why-depths from a CSV/JSONL file, resolved against the stored sentences.

    Raises
    ------
    AnnotationError
        Naming the row, for ids not in the store or sentences not found.
    """
    labels, depths = defaultdict(dict), {}
    for row, position, _ in resolve_annotations(store, path, read_annotation_file(path, annotator="file")):
        if row.kind == "why_depth":
            depths[row.document_id] = int(row.value)
        elif row.kind == "label":
            labels[row.document_id][position] = row.value
    return dict(labels), depths


def training_data(store, labels, depths):
    """Arrange labels for :meth:`WhyGapModel.fit`: ``(docs, sentence labels, depths, ids)``."""
    ids = sorted(set(labels) | set(depths))
    docs, sentence_labels, doc_depths = [], [], []
    for doc_id in ids:
        sentences = [s.text for s in stored_sentences(store, doc_id)]
        docs.append(sentences)
        if doc_id in labels:
            sentence_labels.append([labels[doc_id].get(i) for i in range(len(sentences))])
        else:
            sentence_labels.append(None)
        doc_depths.append(depths.get(doc_id))
    return docs, sentence_labels, doc_depths, ids
