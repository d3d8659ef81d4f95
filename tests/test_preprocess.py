"""The preprocessing pipeline: steps, tracing, versions, scikit-learn and gensim use."""

import pytest
from sklearn.feature_extraction.text import CountVectorizer

from scrlearn.preprocess import (
    Lowercase,
    Normalise,
    PhraseStep,
    Preprocessor,
    StopWords,
    Tokenize,
    default_steps,
    domain_stop_words,
)
from tests.conftest import SENTENCES


def test_default_pipeline_output():
    assert Preprocessor()("The HV did not share the referral with the school nurses in March.") == \
        ["health_visitor", "share", "referr", "school_nurse"]


def test_trace_steps_through_every_stage():
    trace = Preprocessor().trace("Mr D’s GP saw Child T.")
    assert [name for name, _ in trace] == ["normalise", "tokenize", "glossary", "lowercase", "stopwords", "stem"]
    assert trace[0][1] == "Mr D's GP saw Child T."
    assert "general_practitioner" in trace[2][1]


def test_version_changes_exactly_with_the_steps():
    a, b = Preprocessor(), Preprocessor()
    assert a.version == b.version
    c = Preprocessor([Normalise(), Tokenize(), Lowercase(), StopWords(domain=False)])
    d = Preprocessor([Normalise(), Tokenize(), Lowercase(), StopWords(domain=True)])
    assert c.version != d.version
    assert c.prefix_versions()[:3] == d.prefix_versions()[:3]
    assert c.prefix_versions()[3] != d.prefix_versions()[3]


def test_domain_stop_words_are_the_documented_list():
    words = domain_stop_words()
    assert {"review", "summary", "agency", "january"} <= words
    assert not {"mother", "supervision", "caseload", "interpreter"} & words


def test_analyzer_plugs_into_scikit_learn():
    vectorizer = CountVectorizer(analyzer=Preprocessor().analyzer)
    matrix = vectorizer.fit_transform(SENTENCES)
    assert matrix.shape[0] == len(SENTENCES)
    assert "health_visitor" in vectorizer.vocabulary_ and "the" not in vectorizer.vocabulary_


def test_phrases_are_learned_before_stop_words():
    with_phrases = ["Practitioners accepted the explanation at face value.",
                    "The rule of optimism shaped every home visit.",
                    "Her account was taken at face value by the school.",
                    "A rule of optimism meant that nobody escalated the bruising.",
                    "Managers took the father's word at face value.",
                    "Supervision did not challenge the rule of optimism.",
                    "Each new worker took the mother at face value again.",
                    "The rule of optimism was strongest where the family was liked."]
    texts = SENTENCES * 2 + with_phrases * 2
    steps = default_steps(phrases=True)
    steps[4] = PhraseStep(min_count=3, threshold=5.0)
    pre = Preprocessor(steps).fit(texts)
    assert "rule_of_optimism" in pre(with_phrases[1]) and "face_value" in pre(with_phrases[0])
    assert "face_value" not in pre("The face of the building was value for money.")
    with pytest.raises(ValueError, match="not fitted"):
        Preprocessor(default_steps(phrases=True))("text")
    fitted_version = pre.version
    assert fitted_version != Preprocessor(default_steps(phrases=True)).version
    assert isinstance(pre.steps[4], PhraseStep)
