"""Model files are JSON data: bad files get clear errors, nothing is executed."""

import gzip
import json
import pickle

import pytest

from scrlearn.persist import ModelFileError, load_model, model_card
from scrlearn.themes import default_theme_model


def test_shipped_model_has_a_card():
    from importlib import resources

    path = str(resources.files("scrlearn.data").joinpath("models", "themes.json.gz"))
    card = model_card(path)
    assert card["kind"] == "ThemeClassifier" and "train split" in card["card"]["trained_on"]
    assert card["card"]["held_out"]["micro_f1"] >= 0.8
    assert default_theme_model().themes_[0] == "household_members"


@pytest.mark.parametrize("content, message", [
    (b"garbage", "not JSON"),
    (json.dumps({"format": "other"}).encode(), "not a scrlearn model file"),
    (json.dumps({"format": "scrlearn-model", "kind": "os.system", "model": {}}).encode(), "unknown model kind"),
    (json.dumps({"format": "scrlearn-model", "format_version": 99, "kind": "ThemeClassifier"}).encode(), "newer"),
    (json.dumps({"format": "scrlearn-model", "kind": "ThemeClassifier", "model": {"params": {}}}).encode(),
     "incomplete or damaged"),
])
def test_bad_model_files(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_a_pickle_is_refused_not_run(tmp_path):
    path = tmp_path / "evil.json.gz"
    path.write_bytes(gzip.compress(pickle.dumps({"format": "scrlearn-model"})))
    with pytest.raises(ModelFileError, match="not JSON"):
        load_model(path)
