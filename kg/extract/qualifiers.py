"""Qualifiers of a clause: negation, modality, condition, attribution and event time.

Every rule attaches the same qualifiers to what it reads from a clause, so a
relation is negated, hedged or attributed the same way whichever construction
found it. Each qualifier is driven by a cue table of :mod:`kg.lexicon`:

* **negation** — a negation word on the verb or its auxiliaries ("did not
  join"), a negative subject ("No one can", "Neither side"), a negating
  controller ("refused to sign", "unable to reach", "denied that it was
  withdrawing", "denied reports it was withdrawing"), "yet to" ("has yet to name");
* **modality** — a modal auxiliary ("could face"), a planning or wanting
  controller ("plans to buy" → "plan to"), a passive verb of saying or believing
  ("is thought to have spread" → "thought to"), a noun of hearsay ("allegations that she
  had violated" → "allegation"), a directive ("demanded that Berlin
  call off" → "demand"), a verb of hoping, fearing or expecting ("hopes Globex will buy" →
  "hope"), a hypothetical ("if Peru were to launch" → "if");
* **condition** — the text of an "if"/"unless" clause the verb depends on;
* **attribution** — who said it: the subject of the reporting verb a clause
  hangs on ("..., Scholz said") or whose hope or fear it is ("Acme fears that
  ..."), or the object of "according to";
* **time** — the date phrase of the event ("on April 8", "last week").

A relation read inside a noun phrase ("sanctions from the EU", "Acme's offer
for Globex") takes the setting of the clause the phrase sits in
(:func:`setting_of`): its modality, condition and source, and its negation
only where it denies that the thing was ever made — "might face sanctions from
the EU" hedges the sanctions, "had not reached an agreement with Globex" says
there is none, while "did not accept Acme's offer for Globex" still says the
offer was made. A phrase in
a circumstance the clause takes as given ("during Westshire's presidency", "in
the wake of their defeat") takes only the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..lexicon import (
    ATTITUDE_VERBS,
    COMMUNICATION_VERBS,
    CONDITIONAL_MARKS,
    DIRECTIVE_VERBS,
    MODAL_AUXILIARIES,
    MODAL_CONTROLLERS,
    NEGATING_CONTROLLERS,
    NOT_YET_ADVERBS,
    HEARSAY_NOUNS,
    HEDGE_ADVERBS,
    SELDOM_ADVERBS,
    NEGATING_DETERMINERS,
    NEGATING_NOUNS,
    NEGATION_WORDS,
    NEGATIVE_PRONOUNS,
    REALISING_VERBS,
    REPORTING_VERBS,
    WANTING_VERBS,
)
from .clauses import (
    OBJECT_CONTROL_VERBS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    hearsay_controller,
    inherited_subjects,
    inverted_report,
    is_verb,
    object_controller,
    own_subjects,
    reporter_of_inverted,
    takes_to,
)

__all__ = ["Qualifiers", "qualifiers_of", "setting_of", "is_negated", "modality", "attribution", "condition", "event_time", "NO_QUALIFIERS"]

# Verbs that deny the clause they govern, or the clause on their object: "denied (reports) that ...".
DENYING_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "rule"})
# How far up the clause tree a cue is looked for.
_MAX_DEPTH = 6


@dataclass(frozen=True)
class Qualifiers:
    """What qualifies a relation read from one clause (token indices refer to the parsed ``Doc``)."""

    negated: bool = False
    modality: str | None = None
    attributed_to: int | None = None
    condition: str | None = None
    time: str | None = None


NO_QUALIFIERS = Qualifiers()


def noun_infinitive_governor(verb: Token) -> Token | None:
    """The verb governing the noun an infinitive hangs on: "reach an agreement to set up" → reach."""
    if verb.dep_ not in {"acl", "relcl"} or not takes_to(verb):
        return None
    noun = verb.head
    while noun.dep_ in {"appos", "conj"} and noun.head != noun:
        noun = noun.head
    governor = noun.head
    if noun.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if noun.dep_ in {"dobj", "pobj", "attr", "nsubjpass"} and is_verb(governor):
        return governor
    return None


# "no" on an object that does not deny the clause: "no doubt", "no wonder".
_NON_NEGATING_OBJECTS = frozenset({"doubt", "wonder", "matter", "question"})


def _shared_infinitive(verb: Token) -> Token | None:
    """The infinitive a coordinated verb shares its "to" with, and so its setting: "refused to buy
    X and sell Y", "plans to buy X and (to) sell Y" → buy. None for a verb with a subject or an
    auxiliary of its own ("bought X and did not sell Y" keeps its own polarity)."""
    if verb.dep_ != "conj" or verb.pos_ not in {"VERB", "AUX"} or (verb.tag_ != "VB" and verb.lower_ != verb.lemma_.lower()):
        return None  # "tried to hack the network and took names": a past tense is its own ("shut" may be either)
    if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS or (c.dep_ in {"aux", "auxpass"} and c.tag_ != "TO") for c in verb.children):
        return None
    first = verb.head
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    infinitive = first.dep_ == "xcomp" or any(c.dep_ == "aux" and c.tag_ == "TO" for c in first.children)
    return first if infinitive and is_verb(first) and first is not verb else None


def _own_negation(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ in {"advmod", "aux", "auxpass"} and child.lower_ in NEGATION_WORDS):
            return True
        if child.dep_ == "advmod" and child.lower_ in {"longer", "more"} and any(g.dep_ == "neg" for g in child.children):
            if not any(g.lower_ == "than" for g in child.subtree):
                return True  # "was no longer with the company"; not "no more than half"
        if child.dep_ in {"dobj", "attr"} and child.lower_ not in _NON_NEGATING_OBJECTS:
            comparative = any(d.lower_ == "than" for d in child.subtree)  # "no more than half": an amount
            if not comparative and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children):
                return True  # "have had no dealings with Adriano", "were no match for Globex"
        if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
            if child.lower_ in NEGATIVE_PRONOUNS:
                return True
            if any(d.dep_ == "det" and d.lower_ in NEGATING_DETERMINERS for d in child.children):
                return True
    return False


def _denied(verb: Token) -> bool:
    """True for the clause a denying verb governs, directly or through its object noun:
    "denied that it was withdrawing", "denied reports it was withdrawing"."""
    head = verb.head
    if verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in DENYING_VERBS:
        return not _own_negation(head)
    if verb.dep_ in {"acl", "relcl", "ccomp"} and head.pos_ == "NOUN" and head.dep_ == "dobj":
        governor = head.head
        if governor.lemma_.lower() in DENYING_VERBS:
            return not _own_negation(governor)
    return False


def _not_yet(head: Token, verb: Token) -> bool:
    """True for "have/be yet to V" (:data:`~kg.lexicon.NOT_YET_ADVERBS`): V has not happened yet."""
    return head.lemma_.lower() in {"have", "be"} and any(
        child.dep_ == "advmod" and child.lower_ in NOT_YET_ADVERBS and child.i < verb.i for child in head.children
    )


def is_negated(verb: Token, depth: int = 0) -> bool:
    """True when the clause of ``verb`` is negated: "is not withdrawing", "No one can demand", "unable to reach"."""
    if depth > _MAX_DEPTH:
        return False
    if _own_negation(verb):
        return True
    shared = _shared_infinitive(verb)
    if shared is not None:
        # "refused to buy X and sell Y": neither happens; but "persuaded fans not to push and
        # allow guards in": the first verb's own "not" is its own
        return not _own_negation(shared) and is_negated(shared, depth + 1)
    if _denied(verb):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and head != verb:
        if head.lemma_.lower() in NEGATING_CONTROLLERS:
            return not is_negated(head, depth + 1)  # "not unable to" is a double negative
        if _not_yet(head, verb):
            return not is_negated(head, depth + 1)  # "has yet to name", "is yet to be signed"
        if head.pos_ == "ADJ":  # "not been able to create"
            return is_negated(head.head, depth + 1) if head.head != head else False
        if is_verb(head):
            return is_negated(head, depth + 1)
    if (
        verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in OBJECT_CONTROL_VERBS and (takes_to(verb) or verb.tag_ == "VB")
        and not _imperative(head)
    ):
        # "did not allow Acme to buy X": what was not let happen did not; not an imperative's
        # ("don't let them wreck it" warns that they would, it does not say they will not)
        return is_negated(head, depth + 1)
    if _for_nothing(verb):
        return True
    governor = _preposition_governor(verb)
    if governor is not None:
        # "is not planning on letting go of X", "did not succeed in selling": the relation names
        # the verb whose preposition the act completes ("plan on let go of", "block from change"),
        # and takes its polarity
        return is_negated(governor, depth + 1)
    governor = noun_infinitive_governor(verb)
    if governor is not None:
        lemma = governor.lemma_.lower()
        # "refused an offer to buy": the offered act does not happen; "unable to reach an
        # agreement to set up X" nor does the agreed one. "not withdrawing from an agreement
        # to buy" keeps the buying: only verbs that bring the noun about pass their negation on.
        if lemma in NEGATING_CONTROLLERS:
            return not is_negated(governor, depth + 1)
        if lemma in REALISING_VERBS:
            return is_negated(governor, depth + 1)
    # Conjoined verbs keep their own polarity: "are not compatible ... and are seen as a threat".
    return False


# Prepositions that complete a verb with a gerund ("plan on selling", "succeed in selling",
# "barred from selling"), unlike those of a circumstance ("after selling", "without selling").
_COMPLETING_PREPOSITIONS = frozenset({"on", "in", "into", "from", "of", "about"})


def _preposition_governor(verb: Token) -> Token | None:
    """The verb whose completing preposition ``verb`` (a gerund) follows: "planning on letting
    go" → planning (the rules name both in the relation: "plan on let go of")."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or verb.head.dep_ != "prep" or verb.head.lower_ not in _COMPLETING_PREPOSITIONS:
        return None
    governor = verb.head.head
    return governor if is_verb(governor) and governor is not verb else None


def _imperative(verb: Token) -> bool:
    """True for a command: "Don't let them in", "..., do not let them wreck it" (its "do" opens
    the clause, after a break or at the start)."""
    doc = verb.doc
    return any(
        c.dep_ == "aux" and c.lower_ == "do" and c.i < verb.i and (c.i == verb.sent.start or doc[c.i - 1].is_punct)
        for c in verb.children
    )


def _for_nothing(verb: Token) -> bool:
    """True for an infinitive that says what there is none of: "had nothing to do with X", "had no
    reason to sue X", "found nobody to buy it", or that a negating noun denies: "its failure to
    disclose X" (the act is denied, or nothing says it happens)."""
    if verb.dep_ not in {"acl", "relcl"} or not takes_to(verb):
        return False
    noun = verb.head
    if noun.lemma_.lower() in NEGATING_NOUNS:
        return True  # "its failure to disclose the losses", "Acme's refusal to pay"
    return noun.lower_ in NEGATIVE_PRONOUNS or any(d.dep_ == "det" and d.lower_ in NEGATING_DETERMINERS for d in noun.children)


def modality(verb: Token, depth: int = 0) -> str | None:
    """The modal qualifier of ``verb``'s clause: "could face" → "could", "is set to come" → "set to"."""
    if depth > _MAX_DEPTH:
        return None
    asked = _embedded_question(verb)
    if asked is not None:
        return asked  # "asked if Globex would sell it": open, whatever its auxiliary
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_.lower() in MODAL_AUXILIARIES:
            lemma = child.lemma_.lower()
            return {"ca": "can", "wo": "will"}.get(lemma, lemma)  # "can't", "won't"
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in HEDGE_ADVERBS | SELDOM_ADVERBS:
            # "reportedly met", "apparently suggesting": said or likely, not shown; "rarely use": hardly done
            return child.lower_
        if child.dep_ == "advmod" and any(g.dep_ == "advmod" and g.lower_ in SELDOM_ADVERBS for g in child.children):
            return " ".join(t.lower_ for t in child.subtree)  # "hardly ever sold"
    shared = _shared_infinitive(verb)
    if shared is not None:
        return modality(shared, depth + 1)  # "plans to buy X and sell Y": the selling is planned too
    head = verb.head
    hearsay = hearsay_controller(verb)
    if hearsay is not None:
        return f"{hearsay.lower_} to"  # "is thought to have spread": said or believed, not shown
    if verb.dep_ == "xcomp" and head != verb:
        lemma = head.lemma_.lower()
        if lemma in MODAL_CONTROLLERS or object_controller(verb) is not None:
            return f"{_LEMMA_SLIPS.get(lemma, lemma)} to"  # "plans to buy"; "asked the WTO to investigate": asked, not done
        if lemma == "have" and head.tag_ != "VBD" and not _not_yet(head, verb):
            return "have to"  # "will now have to offer compensation": owed, not done ("had to sell": done)
        if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head != head:
            return modality(head.head, depth + 1)  # "would the Xbox be able to support": the copula's "would"
        return modality(head, depth + 1) if is_verb(head) else None
    if verb.dep_ in {"acl", "relcl"} and takes_to(verb) and verb.head.pos_ == "NOUN":
        noun = verb.head.lemma_.lower()
        if noun in MODAL_CONTROLLERS:
            return f"{noun} to"  # "in a bid to lower the deficit", "its plans to build ... were": intended, not done
    governor = noun_infinitive_governor(verb)
    if governor is not None:
        return modality(governor, depth + 1)
    if (
        verb.dep_ in {"acl", "ccomp"} and verb.head.pos_ == "NOUN" and verb.head.lemma_.lower() in HEARSAY_NOUNS
        and any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in verb.children)  # a clause, not "a report published"
    ):
        return verb.head.lemma_.lower()  # "after allegations that she had violated X": alleged, not shown
    return _directive(verb) or _hypothetical(verb) or _question(verb)


def _embedded_question(verb: Token) -> str | None:
    """"whether" for a clause that is the open side of a question, asked or unknown: "questioned
    whether Globex has any claim on Acme", "it is not clear whether they were made under the
    law", "asked if Acme would sell". A conjoined verb shares its clause's ("whether Acme sold
    X and bought Y"). An adverbial "if" is a condition (:func:`condition`), not a question."""
    clause = verb
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    for child in clause.children:
        if child.dep_ != "mark":
            continue
        word = child.lower_
        if word == "whether" or (word == "if" and clause.dep_ in {"ccomp", "csubj"}):
            return "whether"
    return None


def _question(verb: Token) -> str | None:
    """"question" for a clause of a sentence that asks: "Did you ever know Mr Ebbers to make an
    entry into Worldcom's books?" states nothing."""
    words = [t for t in verb.sent if not t.is_space]
    while words and (words[-1].is_quote or words[-1].text in {")", "'", '"'}):
        words.pop()
    return "question" if words and words[-1].text == "?" else None


def _directive(verb: Token) -> str | None:
    """The directive verb a clause is demanded by: "demanded that Berlin call off" → "demand"."""
    head = verb.head
    if verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in DIRECTIVE_VERBS and verb.i > head.i:
        return head.lemma_.lower()  # (a clause before "urged" is no demand: see kg.extract.rules.clausal.directive)
    if verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in WANTING_VERBS and takes_to(verb):
        return f"{head.lemma_.lower()} to"  # "wants the WTO to investigate Airbus": wanted, not done
    unsaid = _unsaid(verb)
    if unsaid is not None:
        return unsaid
    if verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in ATTITUDE_VERBS:
        return _LEMMA_SLIPS.get(head.lemma_.lower(), head.lemma_.lower())  # "hopes Globex will buy it": hoped
    if verb.dep_ == "conj" and head != verb:
        return _directive(head)
    return None


# Verbs whose clause is someone's word or belief, not the writer's: "said that", "hopes that".
_HOLDING_VERBS = REPORTING_VERBS | ATTITUDE_VERBS
# Lemmas the pipeline gets wrong, as the word they are of ("hoping" → "hop").
_LEMMA_SLIPS = {"hop": "hope"}


def _unsaid(verb: Token) -> str | None:
    """"not believe" for a clause under a negated verb of saying or believing, however deep:
    "does not believe that critics will argue that Acme won": neither claimed nor denied."""
    clause = verb
    for _ in range(_MAX_DEPTH):
        head = clause.head
        if head == clause or clause.dep_ not in {"ccomp", "conj", "xcomp"}:
            return None
        lemma = head.lemma_.lower()
        if clause.dep_ == "ccomp" and lemma in _HOLDING_VERBS and any(c.dep_ == "neg" for c in head.children):
            return f"not {_LEMMA_SLIPS.get(lemma, lemma)}"
        clause = head
    return None


def _conditional_mark(verb: Token) -> str | None:
    """The conditional conjunction of an adverbial clause: "if" in "if it goes ahead"."""
    if verb.dep_ != "advcl":
        return None
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS]
    return marks[0] if marks else None


def _hypothetical(verb: Token) -> str | None:
    """"if" for a clause that is itself a condition: "if Peru were to launch an offensive"."""
    clause = verb
    for _ in range(3):
        mark = _conditional_mark(clause)
        if mark:
            return mark
        if clause.dep_ not in {"xcomp", "conj"} or clause.head == clause:
            return None
        clause = clause.head
    return None


def condition(verb: Token) -> str | None:
    """Text of the condition a clause depends on: "could face sanctions if it goes ahead" → "if it goes ahead ..."."""
    if verb.lemma_.lower() in COMMUNICATION_VERBS:
        return None  # a warning "if X" was still given: the condition belongs to what was said
    for child in verb.children:
        if is_verb(child) and _conditional_mark(child):
            return child.doc[child.left_edge.i : child.right_edge.i + 1].text
    return None


def _reporter(verb: Token) -> int | None:
    subjects, _ = own_subjects(verb)
    if not subjects:
        subjects, _ = inherited_subjects(verb)
    return subjects[0].i if subjects else None


def _according_to(verb: Token) -> int | None:
    """The source of "according to X" on the verb."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "according":
            for to in prep.children:
                if to.lower_ == "to":
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            return pobj.i
    return None


def attribution(verb: Token) -> int | None:
    """Head token of who said the clause of ``verb``: "..., Scholz said" → Scholz; "according to X" → X."""
    clause = verb
    for _ in range(_MAX_DEPTH + 4):
        source = _according_to(clause)
        if source is not None:
            return source
        report = inverted_report(clause)
        if report is not None:
            return reporter_of_inverted(report).i  # "Globex will buy Acme, predicts the report by Initech"
        head = clause.head
        if head == clause:
            return None
        if clause.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in _HOLDING_VERBS:
            return _reporter(head)  # "..., Scholz said"; "Acme hopes Globex will ...": Acme's hope
        if clause.dep_ in {"nsubj", "nsubjpass", "csubj"} and head.lemma_.lower() in REPORTING_VERBS:
            return None  # the speaker's own phrase is not what they said
        clause = head  # anything inside the reported clause is said: "unable to reach", "the contract to supply"
    return None


def _date_text(token: Token) -> str:
    """The whole DATE entity a token belongs to: "week" → "last week"."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def event_time(verb: Token) -> str | None:
    """The date phrase of a clause's event: "said on April 8" → "April 8", "warned last week" → "last week"."""
    for child in verb.children:
        if child.ent_type_ == "DATE" and child.dep_ in {"npadvmod", "tmod", "advmod"}:
            return _date_text(child)
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "DATE":
                    return _date_text(pobj)
    return None


def qualifiers_of(verb: Token) -> Qualifiers:
    """All qualifiers of the clause headed by ``verb``."""
    return Qualifiers(
        negated=is_negated(verb),
        modality=modality(verb),
        attributed_to=attribution(verb),
        condition=condition(verb),
        time=event_time(verb),
    )


def _clause_of(token: Token) -> Token | None:
    """The verb of the clause a noun phrase token sits in, climbing its heads."""
    for _ in range(2 * _MAX_DEPTH):
        if is_verb(token):
            return token
        if token.head == token:
            return None
        token = token.head
    return None


def setting_of(token: Token, of: Callable[[Token], Qualifiers] = qualifiers_of) -> Qualifiers:
    """Qualifiers a relation inside a noun phrase takes from the clause around it: modality,
    condition and attribution, never negation ("did not accept the offer for X" still names
    the offer). None when the phrase is in no clause (a headline without a verb). ``of`` gives
    a verb's qualifiers (a cache of them, in the rules)."""
    verb = _clause_of(token)
    if verb is None:
        return NO_QUALIFIERS
    if _in_circumstance(token, verb):
        # "wanted to raise it during Westshire's presidency of the league": the presidency is a fact
        return replace(of(verb), negated=False, time=None, modality=None, condition=None)
    setting = of(verb)
    return replace(setting, negated=_never_made(token, verb, setting.negated), time=None)


# Determiners of a noun phrase that brings in a new thing rather than pointing at a known one.
_INDEFINITE_DETERMINERS = frozenset({"a", "an", "any", "some"})


def _never_made(noun: Token, verb: Token, clause_negated: bool) -> bool:
    """True when the thing ``noun`` names does not exist by what the clause says: "no agreement
    with X", or a new thing that a negated clause denies ("had not reached an agreement with
    X", "did not file any lawsuit against X"); not a known one ("did not accept Acme's offer for
    X", "did not win the lawsuit against X")."""
    if any(d.dep_ == "det" and d.lower_ in NEGATING_DETERMINERS for d in noun.children):
        return True
    if not clause_negated or noun.dep_ != "dobj" or noun.head is not verb:
        return False
    determiners = [d.lower_ for d in noun.children if d.dep_ in {"det", "poss"}]
    return not determiners or determiners[0] in _INDEFINITE_DETERMINERS


# Prepositions of a circumstance that is taken as given ("during the talks", "after its defeat").
_GIVEN_CIRCUMSTANCE = frozenset({"after", "amid", "amidst", "despite", "during", "following", "since", "throughout", "upon"})
# Nouns of the same after "in": "in the wake of", "in the midst of", "in the course of", "in spite of".
_GIVEN_CIRCUMSTANCE_NOUNS = frozenset({"wake", "midst", "course", "spite"})


def _in_circumstance(token: Token, verb: Token) -> bool:
    """True for a noun phrase inside a circumstance of ``verb`` that the clause takes as given,
    whatever the clause's own modality: "told Acme to stop complaining in the wake of its defeat"."""
    node = token
    while node is not verb and node.head is not node:
        if node.dep_ == "prep" and (
            node.lower_ in _GIVEN_CIRCUMSTANCE
            or (node.lower_ == "in" and any(c.dep_ == "pobj" and c.lower_ in _GIVEN_CIRCUMSTANCE_NOUNS for c in node.children))
        ):
            return True
        node = node.head
    return False
