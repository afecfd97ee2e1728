"""Reported speech: who said what about whom.

"Amnesty International says the UN is putting trade above abuse concerns"
relates the speaker to the one the claim is about: Amnesty International –say
about→ United Nations. The claim itself is read by the other rules, with the
speaker as its attribution; this rule keeps the link between speaker and
subject, which news often states in no other way ("X warned that Y's economy
would suffer", "X claimed a Green government would cut spending").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...lexicon import REPORTING_VERBS
from ..clauses import own_subjects
from .labels import relation_tokens
from .registry import INHERITED_PENALTY, Found, Sentence, rule

FAMILY = "speech"

# Reporting verbs that only pass a quote on, with no claim of their own about its subject.
_NEUTRAL = frozenset({"add", "note", "write", "reply", "respond", "comment", "remark", "point", "tweet", "explain"})
# Modifiers of a claim's subject noun that name whom the claim is about: "Spain's efforts", "a Green government".
_ABOUT_DEPS = frozenset({"poss", "amod", "compound", "nmod"})


def _about(sentence: Sentence, subject: Token) -> list[Token]:
    """The entities a claim's subject names: itself, or the names on an unnamed subject noun.

    A pronoun is left out (who "it" is in a quote is too often a guess), and so is
    a class with examples ("countries such as X and Y" is no claim about X).
    """
    if subject.pos_ == "PRON" or _lists_examples(subject):
        return []
    if sentence.entity(subject) is not None:
        return [subject]
    if subject.pos_ != "NOUN":
        return []
    return [c for c in subject.children if c.dep_ in _ABOUT_DEPS and sentence.entity(c) is not None]


def _lists_examples(token: Token) -> bool:
    return any(c.dep_ == "appos" for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ in {"as", "including", "like"} for c in token.children
    )


@rule(
    "reported-subject",
    family=FAMILY,
    construction="a speaker and the one their claim is about: 'X says Y is wrong' → X –say about→ Y; "
    "\"X warned that Y's efforts would fail\" → X –warn about→ Y",
    confidence=0.5,
    examples=[
        ("Amnesty International says the European Union is putting trade first.", ["Amnesty International | say about | European Union"]),
        ("The IMF warned that Spain's efforts would fail.", ["IMF | warn about | Spain"]),
    ],
    counter=[
        ("Amnesty International says it is putting trade first.", ["Amnesty International | say about | Amnesty International"]),
        ('"Spain will win," he added.', ["he | add about | Spain"]),
    ],
)
def reported_subject(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        lemma = verb.lemma_.lower()
        if lemma not in REPORTING_VERBS or lemma in _NEUTRAL or clause.passive:
            continue
        q = sentence.qualifiers(verb)
        penalty = INHERITED_PENALTY if clause.inherited else 0.0
        for claim in (c for c in verb.children if c.dep_ in {"ccomp", "parataxis"}):
            targets = [t for s in own_subjects(claim)[0] for t in _about(sentence, s)]
            for speaker in clause.subjects:
                own = {sentence.entity(t) for t in speaker.subtree} - {None}
                for target in targets:
                    if sentence.entity(target) in own:
                        continue  # "..., a Vodafone spokesman said": his own organisation
                    yield Found(speaker, f"{lemma} about", target, q, penalty, relation_tokens(verb))
