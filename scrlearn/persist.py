"""Saving and loading models as JSON: plain data, never code.

A saved model is a JSON object with a header (format, kind, scrlearn version,
what it was trained on, its held-out scores) and the model's own data. Loading
looks the kind up in a fixed table of scrlearn classes and rebuilds the model
from the data: nothing in the file is executed, unlike pickle.
"""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from .errors import ScrlearnError

__all__ = ["save_model", "load_model", "ModelFileError", "model_card"]

FORMAT = "scrlearn-model"
FORMAT_VERSION = 1


class ModelFileError(ScrlearnError, ValueError):
    """A model file is unreadable, of another format, or of an unknown kind."""


def _registry():
    """The model kinds a file may name: a fixed table, so no name in a file can import anything else."""
    from .themes import ThemeClassifier
    from .why import WhyGapModel

    return {"ThemeClassifier": ThemeClassifier, "WhyGapModel": WhyGapModel}


def save_model(model, path, *, card=None):
    """Write a fitted scrlearn model to ``path`` (``.json`` or ``.json.gz``).

    Parameters
    ----------
    model : estimator with ``to_dict()``
    card : dict, optional
        Model-card facts stored in the header: training data, held-out scores, limits.
    """
    from . import __version__

    kind = type(model).__name__
    if kind not in _registry():
        raise ModelFileError(f"cannot save a {kind}: not a scrlearn model")
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "scrlearn": __version__,
               "saved": datetime.now(UTC).replace(microsecond=0).isoformat(),
               "card": card or {}, "model": model.to_dict()}
    data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return path


def _read(path):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read model ({exc.strerror or exc})") from exc
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: not a scrlearn model file (not JSON)") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a scrlearn model file (format is {payload.get('format')!r})"
                             if isinstance(payload, dict) else f"{path}: not a scrlearn model file")
    if payload.get("format_version", 0) > FORMAT_VERSION:
        raise ModelFileError(f"{path}: written by a newer scrlearn (model format {payload['format_version']})")
    return payload


def load_model(path, *, kind=None):
    """Load a model saved by :func:`save_model`.

    Parameters
    ----------
    kind : str, optional
        Require this kind (``"ThemeClassifier"``, ``"WhyGapModel"``).
    """
    payload = _read(path)
    registry = _registry()
    if payload.get("kind") not in registry:
        raise ModelFileError(f"{path}: unknown model kind {payload.get('kind')!r}")
    if kind is not None and payload["kind"] != kind:
        raise ModelFileError(f"{path}: holds a {payload['kind']}, not a {kind}")
    try:
        return registry[payload["kind"]].from_dict(payload["model"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path}: model data is incomplete or damaged ({exc})") from exc


def model_card(path):
    """The header facts of a saved model (kind, version, training data, held-out scores)."""
    payload = _read(path)
    return {k: payload.get(k) for k in ("kind", "scrlearn", "saved", "card")}
