"""Derive scrlearn's domain stop list from the sample corpus and write it with its evidence.

A word is a domain stop word when it stands in at least 60% of the sample
summaries (after tokenizing, glossary normalisation and lower-casing, general
English stop words aside) and carries no theme: words protected below, which
the codebook's themes turn on, stay in however common they are. Month names and
units of time are added: dates say when, not what went wrong.
Usage: python scripts/derive_domain_stopwords.py [DB]   (DB: a store with the sample ingested)
"""

import sys
import tempfile
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from scrlearn.corpus import Corpus
from scrlearn.demo import sample_corpus_path
from scrlearn.ingest import ingest_paths
from scrlearn.preprocess import GlossaryStep, Lowercase, Normalise, Preprocessor, Tokenize
from scrlearn.store import Store

THRESHOLD = 0.6
PROTECTED = {
    "mother", "father", "mother's", "father's", "partner", "health", "police", "assessment", "information",
    "referral", "safeguarding", "staff", "risk", "concerns", "seen", "told", "history", "contact", "school",
    "alone", "voice", "supervision", "manager", "managers", "caseload", "vacancies", "interpreter",
    "alcohol", "drug", "drugs", "mental", "violence", "abuse", "neglect", "injury", "injuries", "appointments",
    "missed", "shared", "share", "sharing", "record", "recorded", "records", "known", "asked",
}
TIME_WORDS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "week", "weeks", "month", "months", "year", "years", "day", "days"]


def main(db=None):
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = Path(tmp) / "sample.db"
            with Store(db) as store:
                ingest_paths(store, [sample_corpus_path()], metadata=sample_corpus_path() / "metadata.csv")
        pre = Preprocessor([Normalise(), Tokenize(), GlossaryStep(), Lowercase()])
        canonical = GlossaryStep().glossary.canonical_tokens
        df, n = Counter(), 0
        for record in Corpus(db):
            n += 1
            df.update(set(pre(record.text)))
    chosen = sorted((w, c / n) for w, c in df.items()
                    if c / n >= THRESHOLD and w not in ENGLISH_STOP_WORDS and w not in PROTECTED
                    and w not in canonical and w.isalpha())
    out = Path(__file__).resolve().parents[1] / "scrlearn" / "data" / "domain_stopwords.txt"
    lines = ["# scrlearn domain stop words: words that stand in >= 60% of the 156 sample summaries",
             "# (document frequency in brackets), less words the themes turn on, plus month names and",
             "# units of time. Regenerate with: python scripts/derive_domain_stopwords.py"]
    lines += [f"{w}  # df {f:.2f}" for w, f in chosen]
    lines += [f"{w}  # time word" for w in TIME_WORDS if w not in {c[0] for c in chosen}]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} corpus words + {len(TIME_WORDS)} time words -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
