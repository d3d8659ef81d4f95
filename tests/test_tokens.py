"""Tokenizer and glossary."""

import pytest

from scrlearn.tokens import Glossary, load_glossary, tokenize


@pytest.mark.parametrize("text, expected", [
    ("Taken to A&E at 10.30pm", ["Taken", "to", "A&E", "at", "10.30pm"]),
    ("the 0-19 service and children's centre", ["the", "0-19", "service", "and", "children's", "centre"]),
    ("an S47 or s.47 enquiry", ["an", "S47", "or", "s.47", "enquiry"]),
    ("multi-agency, pre-birth; co-operation.", ["multi-agency", "pre-birth", "co-operation"]),
    ("the mother’s partner", ["the", "mother's", "partner"]),
])
def test_tokenize_keeps_field_tokens_whole(text, expected):
    assert tokenize(text) == expected


def test_glossary_normalises_acronyms_and_variants():
    g = load_glossary()
    text = ("The HV took the baby to A&E; the ED registrar called CSC, who began a Section 47 enquiry "
            "and held an ICPC. A child protection plan followed and the CP plan lapsed.")
    out = g.normalise(tokenize(text))
    assert out.count("health_visitor") == 1 and out.count("emergency_department") == 2
    assert "childrens_social_care" in out and "icpc" in out
    assert "section_47" in out and "enquiry" not in out  # "section 47 enquiry" is one variant
    assert out.count("child_protection_plan") == 2


def test_acronyms_match_case_but_phrases_do_not():
    g = load_glossary()
    assert g.normalise(["da", "DA", "Domestic", "Abuse"]) == ["da", "domestic_abuse", "domestic_abuse"]


def test_a_glossary_file_of_ones_own(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("canonical,variants,expansion\nfgm,FGM|female genital mutilation,female genital mutilation\n")
    g = load_glossary(str(path))
    assert isinstance(g, Glossary) and g.normalise(tokenize("risk of female genital mutilation")) == \
        ["risk", "of", "fgm"]
