"""Write ``tests/data/rule_parses.spacy``: frozen parses of every rule example and counter-example.

The rule tests (``tests/test_rules.py``) run each registered rule's examples on
these parses, not on the live model, so that a rule bug is told apart from a
model change: when the model is upgraded, rerun this script and read the diff
of the rule tests. Run it after adding or changing an example::

    python tests/make_rule_parses.py

The parses are made by kg's default pipeline (with kg's own components) and
stored with spaCy's ``DocBin`` (tokens, tags, lemmas, dependencies, entities
and sentence starts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "data" / "rule_parses.spacy"
ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH", "POS", "SENT_START"]


def example_sentences() -> list[str]:
    """Every example and counter-example sentence of the registered rules, once each, in order."""
    from kg.extract.rules import rules

    sentences: dict[str, None] = {}
    for registered in rules():
        for example in (*registered.examples, *registered.counter):
            sentences.setdefault(example.sentence, None)
    return list(sentences)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    sentences = example_sentences()
    parses = DocBin(attrs=ATTRS, store_user_data=False)
    for doc in nlp.pipe(sentences):
        parses.add(doc)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(parses.to_bytes())
    print(f"wrote {len(sentences)} parses to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
