"""Linguistic features of why-analysis in review prose.

Causes in this prose often come without "because": "two vacancies *meant that*",
"*in a context of*", "*reflected*", "*was shaped by*", "*with no* shared record,
each agency...", "staff *read* each injury *against* their settled view". The
cue lists below are written for the field; :func:`cue_features` counts them per
sentence, with the sentence's neighbours' counts beside (a cause is often in the
next sentence).
"""

import re

import numpy as np

__all__ = ["CUES", "cue_features", "CUE_NAMES", "is_failing", "connective_label", "word_tokens"]

_W = r"(?<![\w-])"
CUES = {
    # explicit and implicit causal and consequential connectives
    "causal": [r"because", r"due to", r"owing to", r"as a result", r"result(?:ed|s)? (?:in|from)", r"meant that",
               r"mean(?:s|t)? that", r"led to", r"lead(?:s)? to", r"so that", r"therefore", r"consequently",
               r"reflect(?:ed|s|ing)?", r"shaped by", r"shaped", r"driven by", r"stem(?:med|s)? from",
               r"contribut(?:ed|es|ing|ory)", r"explain(?:s|ed)?", r"the reason", r"why", r"in a context of",
               r"in the context of", r"against a background", r"underl(?:ying|ay|ies)", r"gave rise",
               r"left (?:\w+ ){0,3}(?:with|without|unable)", r"made it (?:hard|difficult|easier|harder)",
               r"it was (?:easier|harder|difficult|hard) to", r"partly", r"largely", r"in part",
               r"the effect (?:was|of)", r"so\b", r"since", r"given (?:that|the)", r"with no\b", r"without (?:a|any)"],
    # how practitioners thought, saw and assumed
    "cognition": [r"assum(?:ed|ption|ptions|ing)", r"believ(?:ed|e)", r"thought", r"view(?:ed)? (?:of|as)",
                  r"settled view", r"read (?:\w+ ){0,4}(?:as|against)", r"saw (?:\w+ ){0,3}as", r"seen as",
                  r"perceiv(?:ed|ion)", r"understood", r"understanding", r"interpret(?:ed|ation)", r"framed",
                  r"framing", r"optimis(?:m|tic)", r"reassur(?:ed|ance|ing)", r"deferr?(?:ed|ence)",
                  r"confiden(?:t|ce)", r"felt", r"expect(?:ed|ation)", r"hindsight", r"mindset", r"bias",
                  r"unsure", r"uncertain(?:ty)?", r"reluctan(?:t|ce)"],
    # the organisational context: workload, systems, procedures, design
    "organisation": [r"caseloads?", r"vacanc(?:y|ies)", r"workloads?", r"capacity", r"staffing", r"turnover",
                     r"agency staff", r"locum", r"sickness", r"restructur(?:e|ing)", r"resources?", r"pressures?",
                     r"demand", r"procedures?", r"protocols?", r"polic(?:y|ies)", r"systems?", r"templates?",
                     r"designed", r"guidance", r"training", r"supervision", r"culture", r"thresholds?",
                     r"commission(?:ed|ing)", r"IT system", r"records? system", r"arrangements?"],
    # statements of failing
    "failing": [r"did not", r"didn't", r"failed to", r"was not", r"were not", r"had not", r"never", r"no one",
                r"nobody", r"not (?:been )?(?:shared|told|passed|seen|asked|recorded|followed|completed|made)",
                r"missed", r"should have", r"could have", r"opportunit(?:y|ies)", r"omission", r"lack of",
                r"absence of", r"poor", r"inadequate", r"insufficient", r"delay(?:ed|s)?", r"without"],
    # the review itself and what it recommends
    "review": [r"the review", r"this review", r"the panel", r"the board", r"recommend(?:s|ed|ation|ations)?",
               r"should (?:ensure|seek|review|consider|develop|provide|agree|issue|audit|require)",
               r"terms of reference", r"commissioned", r"methodology", r"learning event", r"the reviewer",
               r"the author", r"we (?:found|recommend|think|were)", r"partnership should", r"assurance",
               r"the lscb", r"the partnership"],
    # hedges and evaluative stance
    "hedge": [r"may have", r"might have", r"it is likely", r"likely", r"possibl(?:e|y)", r"appears? to",
              r"seems? to", r"suggests?", r"in the view of", r"in the reviewer's view", r"arguably"],
}
# One alternation per cue family: a sentence's count is how many times the family's cues occur.
_COMPILED = {name: re.compile(_W + "(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)
             for name, patterns in CUES.items()}
_PAST = re.compile(r"\b(?:was|were|had|did)\b|\b\w+ed\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:is|are|has|have|does|do|must|should|will|need to)\b", re.IGNORECASE)
CUE_NAMES = [f"{k}" for k in CUES] + ["past", "present", "length", "quote", "number"]


def _counts(sentence):
    row = [len(pattern.findall(sentence)) for pattern in _COMPILED.values()]
    words = max(1, len(sentence.split()))
    row += [len(_PAST.findall(sentence)) / words, len(_PRESENT.findall(sentence)) / words,
            np.log1p(words), float('"' in sentence or "“" in sentence), float(bool(re.search(r"\d", sentence)))]
    return row


def cue_features(sentences):
    """Cue counts for each sentence, then its previous and next sentence's counts.

    Parameters
    ----------
    sentences : list of str
        One document's sentences in order.

    Returns
    -------
    ndarray of shape (n, 3 * len(CUE_NAMES) + 2)
        Own cues, previous sentence's cues, next sentence's cues, and the
        sentence's relative position (0..1) and whether it is the first.
    """
    own = np.array([_counts(s) for s in sentences], dtype=float) if sentences else np.zeros((0, len(CUE_NAMES)))
    zero = np.zeros((1, own.shape[1]))
    prev = np.vstack([zero, own[:-1]]) if len(own) else own
    nxt = np.vstack([own[1:], zero]) if len(own) else own
    n = max(1, len(sentences) - 1)
    position = np.array([[i / n, float(i == 0)] for i in range(len(sentences))]).reshape(-1, 2)
    return np.hstack([own, prev, nxt, position])


def is_failing(sentence):
    """Whether a sentence states a failing ("did not", "failed to", "was not shared"...)."""
    return _COMPILED["failing"].search(sentence) is not None


_CONNECTIVES = re.compile(_W + r"(?:because|due to|owing to|as a result|resulted in|meant that|led to|so that|"
                          r"therefore|consequently|reflected|caused by|the reason)(?![\w-])", re.IGNORECASE)
_REVIEW = re.compile(r"\b(?:recommend\w*|the review|this review|terms of reference|commissioned|the panel)\b",
                     re.IGNORECASE)


def connective_label(sentence):
    """The keyword baseline: analytical if a causal connective is present; other if about the review."""
    if _CONNECTIVES.search(sentence):
        return "analytical"
    if _REVIEW.search(sentence):
        return "other"
    return "descriptive"


def word_tokens(text):
    """Lower-cased word tokens, function words kept (they carry causal language: "meant that")."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("’", "'"))
