"""Propositions read off the dependency parse, one rule per construction.

Each rule turns a piece of syntax into :class:`~kg.model.Proposition` records
whose arguments are token indices of argument heads; mapping those heads to
entities is the job of :mod:`kg.statements`. A rule emits every candidate its
construction licenses (``continue dispute`` and ``continue dispute with``);
candidates whose arguments are not entities are dropped later.

Labels are spaCy's English (ClearNLP) dependency labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Proposition
from ..nlp import sentences

__all__ = [
    "Clause",
    "clause_of",
    "iter_clauses",
    "iter_propositions",
    "REPORTING_VERBS",
    "DIRECTIVE_VERBS",
    "MODAL_AUXILIARIES",
    "MODAL_CONTROLLERS",
    "NEGATING_CONTROLLERS",
]

# Subjects: "Germany buys" (nsubj), "the deal was signed" (nsubjpass), "It is said" (expl).
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Direct objects: "Germany bought missiles", "Macron told Scholz" (dative read as dobj).
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})
# Copular complements: "X is a member of Y" (attr), "X is not compatible with Y" (acomp).
COMPLEMENT_DEPS = frozenset({"attr", "acomp"})
# Relative pronouns standing for the noun a relative clause modifies: "missiles that are ...".
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})

# Prepositions that introduce circumstances, not arguments: "despite US pressure", "after the war".
ADVERBIAL_PREPOSITIONS = frozenset(
    {
        "despite", "after", "before", "during", "since", "until", "till", "although", "because",
        "amid", "amidst", "like", "unlike", "than", "including", "besides", "except",
        "throughout", "upon", "per", "via", "whether", "if",
    }
)

# Nouns of handing goods over, whose goods' nationality names the one who hands them:
# "the sale of American weapons to Taiwan".
TRANSFER_NOUNS = frozenset({"supply", "sale", "delivery", "export", "shipment", "transfer", "provision"})

# Nouns naming a relation between parties, whose nationality adjective is a party:
# "U.S. support for X", "Japanese sanctions on Y", "French pressure on Z".
RELATION_NOUNS = frozenset(
    {
        "support", "aid", "backing", "sanction", "pressure", "attack", "strike", "investment", "relation",
        "tie", "talk", "cooperation", "dispute", "war", "deal", "agreement", "alliance", "opposition",
        "criticism", "threat", "offensive", "invasion", "recognition",
    }
)

# Entity kinds that are circumstances, never arguments: "in December", "by 5%", "for $3m".
NON_ARGUMENT_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})

# Prepositions that place a named thing: "Kurdish forces in Syria", "the embassy at Kabul".
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "inside", "within"})

# Verbs of saying: "X said (that) CLAUSE" attributes CLAUSE to X.
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "add", "claim", "announce", "state", "insist", "report", "deny", "confirm",
        "believe", "think", "argue", "suggest", "note", "write", "declare", "explain", "stress",
        "acknowledge", "admit", "allege", "assert", "maintain", "reply", "respond", "predict",
    }
)

# Verbs that demand an action of someone: "Washington demanded that Berlin call off the deal"
# relates the demander to the one asked; the demanded clause is not a fact.
DIRECTIVE_VERBS = frozenset({"demand", "urge", "ask", "order", "request", "press", "push", "require", "call"})

# Reciprocal predicates: with coordinated subjects they relate the subjects to each
# other ("Paris and Rome have established ties", "Biden and Xi talked").
RECIPROCAL_VERBS = frozenset(
    {"meet", "talk", "agree", "negotiate", "cooperate", "clash", "fight", "discuss", "compete", "ally", "reconcile", "quarrel", "trade"}
)
RECIPROCAL_NOUNS = frozenset(
    {"tie", "relation", "relationship", "talk", "agreement", "deal", "treaty", "pact", "accord", "partnership", "alliance", "dispute", "truce", "ceasefire"}
)

# Conjunctions that make an adverbial clause a condition: "if it goes ahead", "unless".
CONDITIONAL_MARKS = frozenset({"if", "unless"})

# Verbs of communication: "warned X of consequences if ..." was said whatever the condition.
COMMUNICATION_VERBS = REPORTING_VERBS | {"warn", "threaten", "caution", "promise", "vow", "pledge"}

# Modal auxiliaries kept as modality: "Berlin could face sanctions".
MODAL_AUXILIARIES = frozenset({"may", "might", "could", "can", "must", "should", "would", "shall"})

# Verbs and adjectives whose infinitive complement is only planned or expected:
# "plans to buy", "is set to come online", "wants to remain".
MODAL_CONTROLLERS = frozenset(
    {"plan", "set", "expect", "intend", "want", "hope", "aim", "try", "seek", "threaten", "consider", "likely", "going"}
)

# Controllers whose complement does not happen: "unable to reach", "refused to sign", "failed to agree".
NEGATING_CONTROLLERS = frozenset({"unable", "refuse", "fail", "decline", "reject"})

# Verbs that bring about the noun an infinitive hangs on, so that the noun's content happens
# only if they do: "reach an agreement to X", "make a decision to X", "sign a deal to X".
REALISING_VERBS = frozenset(
    {"reach", "make", "take", "sign", "conclude", "strike", "approve", "finalize", "finalise", "accept", "announce", "win", "secure"}
)

# Negation words attached to a verb or its auxiliaries: "not", "n't", "never".
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
# Determiners that negate a subject: "No one can demand", "Neither side agreed".
NEGATING_DETERMINERS = frozenset({"no", "neither"})
# Pronouns that are themselves negative: "nobody", "none", "nothing".
NEGATIVE_PRONOUNS = frozenset({"nobody", "none", "nothing", "noone"})

# How sure each construction is; statements keep it as their confidence.
CONFIDENCE = {
    "active": 0.9,
    "passive-agent": 0.85,
    "prepositional": 0.8,
    "reciprocal": 0.75,
    "copular": 0.75,
    "light-noun": 0.7,
    "nominal": 0.65,
    "located": 0.5,
    "directive": 0.7,
}
# Lowered when the subject had to be inherited (conjunct, control, relative clause).
INHERITED_SUBJECT_PENALTY = 0.1


def _conjuncts(token: Token) -> list[Token]:
    """The token and everything coordinated with it: "the United States and other NATO countries"."""
    return [token, *(t for t in token.conjuncts if t.i > token.i or t.dep_ == "conj")]


def _expand(tokens: list[Token]) -> list[Token]:
    seen: dict[int, Token] = {}
    for token in tokens:
        for t in _conjuncts(token):
            seen.setdefault(t.i, t)
    return list(seen.values())


def _relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "that" in "missiles that are ..." → "missiles"."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = token.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    if clause.dep_ == "relcl":
        antecedent = clause.head
        if antecedent.dep_ == "attr":
            # "Celeski is a footballer who plays for X": the one who plays is Celeski.
            subjects = [c for c in antecedent.head.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                return subjects[0]
        return antecedent
    return None


def _own_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subjects attached to ``verb`` itself, and whether they are passive subjects."""
    active = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    chosen, is_passive = (active, False) if active else (passive, bool(passive))
    resolved = []
    for subject in chosen:
        antecedent = _relative_antecedent(subject)
        resolved.append(antecedent if antecedent is not None else subject)
    return _expand(resolved), is_passive


def _inherited_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subjects a verb without its own subject takes from the clause it hangs on.

    * conjoined verbs share the subject: "Washington has demanded ... and has suspended ...";
    * controlled infinitives take the controller's: "Germany wants to remain", "unable to reach";
    * an infinitive on a noun takes the noun's possessor, or the subject of the verb
      governing the noun: "its decision to purchase", "withdrawing from an agreement to buy";
    * participial adverbial clauses take the main subject: "Macron said, adding ...";
    * gerunds after prepositions too: "risked it by making reckless decisions".
    """
    if depth > 4:
        return [], False
    subjects, passive = _own_subjects(verb)
    if subjects:
        return subjects, passive
    head = verb.head
    if head == verb:
        return [], False
    if verb.dep_ in {"conj", "xcomp", "advcl"} and head.pos_ in {"VERB", "AUX"}:
        return _inherited_subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.head.pos_ in {"VERB", "AUX"}:
        # A gerund after a preposition shares the clause's subject: "X risks it by making
        # reckless decisions", "the pipeline will carry gas to Y crossing the sea".
        return _inherited_subjects(head.head, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ":
        # "unable to reach": the adjective's clause holds the subject.
        return _inherited_subjects(head.head, depth + 1) if head.head != head else ([], False)
    if verb.dep_ == "acl" and verb.tag_ in {"VBG", "VBN"}:
        # A participle on a noun is said of that noun: "a statue overlooking the river",
        # "missiles made in France" (passive).
        return [head], verb.tag_ == "VBN"
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        possessors = [c for c in head.children if c.dep_ == "poss"]
        if possessors:
            return _expand(possessors), False
        governor = head.head
        if head.dep_ == "pobj" and governor.dep_ == "prep":
            governor = governor.head
        if head.dep_ in {"dobj", "pobj", "attr"} and governor.pos_ in {"VERB", "AUX"}:
            return _inherited_subjects(governor, depth + 1)
    return [], False


def _is_negated(verb: Token) -> bool:
    """True when the clause of ``verb`` is negated: "is not withdrawing", "No one can demand", "unable to reach"."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ in {"advmod", "aux"} and child.lower_ in NEGATION_WORDS):
            return True
        if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
            if child.lower_ in NEGATIVE_PRONOUNS:
                return True
            if any(d.dep_ == "det" and d.lower_ in NEGATING_DETERMINERS for d in child.children):
                return True
    head = verb.head
    if verb.dep_ == "xcomp" and head != verb:
        if head.lemma_.lower() in NEGATING_CONTROLLERS:
            return not _is_negated(head)  # "not unable to" is a double negative
        if head.pos_ == "ADJ":  # "not been able to create"
            return _is_negated(head.head) if head.head != head else False
        if head.pos_ in {"VERB", "AUX"}:
            return _is_negated(head)
    governor = _noun_infinitive_governor(verb)
    if governor is not None:
        lemma = governor.lemma_.lower()
        # "refused an offer to buy": the offered act does not happen; "unable to reach an
        # agreement to set up X" nor does the agreed one. "not withdrawing from an agreement
        # to buy" keeps the buying: only verbs that bring the noun about pass their negation on.
        if lemma in NEGATING_CONTROLLERS:
            return not _is_negated(governor)
        if lemma in REALISING_VERBS:
            return _is_negated(governor)
    # Conjoined verbs keep their own polarity: "are not compatible ... and are seen as a threat".
    return False


def _noun_infinitive_governor(verb: Token) -> Token | None:
    """The verb governing the noun an infinitive hangs on: "reach an agreement to set up" → reach."""
    if verb.dep_ != "acl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    noun = verb.head
    governor = noun.head
    if noun.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if noun.dep_ in {"dobj", "pobj", "attr", "nsubjpass"} and governor.pos_ in {"VERB", "AUX"}:
        return governor
    return None


def _modality(verb: Token) -> str | None:
    """The modal qualifier of ``verb``'s clause: "could face" → "could", "is set to come" → "set to"."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_.lower() in MODAL_AUXILIARIES:
            return child.lemma_.lower()  # "ca" of "can't" has the lemma "can"
    head = verb.head
    if verb.dep_ == "xcomp" and head != verb:
        lemma = head.lemma_.lower()
        if lemma in MODAL_CONTROLLERS:
            return f"{lemma} to"
        return _modality(head) if head.pos_ in {"VERB", "AUX"} else None
    governor = _noun_infinitive_governor(verb)
    return _modality(governor) if governor is not None else None


def _verb_label(verb: Token, passive: bool) -> str:
    """Normalised predicate words of a verb: lemma plus particle ("call off"); passives read "be angered"."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if passive:
        return " ".join(["be", verb.lower_, *particles])
    return " ".join([verb.lemma_.lower(), *particles])


def _prepositions(token: Token) -> Iterator[tuple[Token, Token]]:
    """(preposition, object) pairs hanging on ``token`` that can carry an argument."""
    for prep in token.children:
        if prep.dep_ not in {"prep", "agent"} or prep.lower_ in ADVERBIAL_PREPOSITIONS:
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                if pobj.ent_type_ in NON_ARGUMENT_ENTITIES:
                    continue  # "in December" is a time; a name coordinated with it is a misparse
                for obj in _conjuncts(pobj):
                    yield prep, obj
            elif pobj.dep_ == "pcomp":
                # A gerund or a misparsed noun: "carry gas to Germany crossing the sea" (pcomp "crossing",
                # with "Germany" as its compound) still names its argument through its modifiers.
                yield prep, pobj


def _objects(verb: Token) -> list[Token]:
    """Direct objects of ``verb``, or those of the verb coordinated after it that it shares them with:
    "signed and ratified the treaty" gives "signed" the treaty too."""
    own = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if own:
        return own
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in conj.children):
            return [c for c in conj.children if c.dep_ in OBJECT_DEPS]
    return []


def _owned_by_name(noun: Token) -> bool:
    """True when a named possessor owns the noun: "Norway's participation" (a pronoun, "its deal", may be the subject's)."""
    return any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children)


def _noun_phrase_label(noun: Token) -> str:
    return noun.lemma_.lower()


def _attribution(verb: Token) -> int | None:
    """Head token of who said the clause of ``verb``: "..., Scholz said" → Scholz."""
    clause = verb
    for _ in range(6):
        head = clause.head
        if head == clause:
            return None
        if clause.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in REPORTING_VERBS:
            subjects, _ = _own_subjects(head)
            if subjects:
                return subjects[0].i
            subjects, _ = _inherited_subjects(head)
            return subjects[0].i if subjects else None
        if clause.dep_ not in {"conj", "xcomp", "ccomp", "advcl", "relcl", "acl"}:
            return None
        clause = head
    return None


def _directive(verb: Token) -> str | None:
    """The directive verb a clause is demanded by: "demanded that Berlin call off" → "demand"."""
    head = verb.head
    if verb.dep_ == "ccomp" and head != verb and head.lemma_.lower() in DIRECTIVE_VERBS:
        return head.lemma_.lower()
    if verb.dep_ == "conj" and head != verb:
        return _directive(head)
    return None


@dataclass(frozen=True)
class Clause:
    """What the parse says about one verb's clause, shared by every rule that reads it.

    ``subjects`` are argument heads (inherited when the verb has none of its own,
    then ``inherited`` is True); ``attributed_to`` is the head token of who said it.
    """

    verb: Token
    subjects: tuple[Token, ...]
    passive: bool
    inherited: bool
    negated: bool
    modality: str | None
    attributed_to: int | None
    condition: str | None = None
    time: str | None = None


def _conditional_mark(verb: Token) -> str | None:
    """The conditional conjunction of an adverbial clause: "if" in "if it goes ahead"."""
    if verb.dep_ != "advcl":
        return None
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS]
    return marks[0] if marks else None


def _condition(verb: Token) -> str | None:
    """Text of the condition a clause depends on: "could face sanctions if it goes ahead" → "if it goes ahead ..."."""
    if verb.lemma_.lower() in COMMUNICATION_VERBS:
        return None  # a warning "if X" was still given: the condition belongs to what was said
    for child in verb.children:
        if child.pos_ in {"VERB", "AUX"} and _conditional_mark(child):
            return child.doc[child.left_edge.i : child.right_edge.i + 1].text
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


def _time(verb: Token) -> str | None:
    """The date phrase of a clause's event: "said on April 8" → "April 8", "warned last week" → "last week"."""
    for child in verb.children:
        if child.ent_type_ == "DATE" and child.dep_ in {"npadvmod", "tmod", "advmod"}:
            return _date_text(child)
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "DATE":
                    return _date_text(pobj)
    return None


def clause_of(verb: Token) -> Clause:
    """Analyse the clause headed by ``verb``: subjects, voice, polarity, modality and source."""
    subjects, passive = _own_subjects(verb)
    inherited = not subjects
    if inherited:
        subjects, inherited_passive = _inherited_subjects(verb)
        # Only a conjoined participle shares the passive voice: "was signed and ratified".
        passive = inherited_passive and verb.dep_ == "conj" and verb.tag_ == "VBN"
    return Clause(
        verb=verb,
        subjects=tuple(subjects),
        passive=passive or any(c.dep_ == "auxpass" for c in verb.children),
        inherited=inherited,
        negated=_is_negated(verb),
        modality=_modality(verb) or _directive(verb) or _hypothetical(verb),
        attributed_to=_attribution(verb),
        condition=_condition(verb),
        time=_time(verb),
    )


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


def iter_clauses(sent: Span) -> Iterator[Clause]:
    """Every verb clause of a sentence, in text order."""
    for token in sent:
        if token.pos_ in {"VERB", "AUX"}:
            yield clause_of(token)


def _clause_propositions(clause: Clause, sentence: int) -> Iterator[Proposition]:
    verb, subjects, passive = clause.verb, list(clause.subjects), clause.passive
    penalty = INHERITED_SUBJECT_PENALTY if clause.inherited else 0.0
    negated, modality, attributed = clause.negated, clause.modality, clause.attributed_to
    condition, time = clause.condition, clause.time

    def make(subject: Token, label: str, obj: Token, rule: str) -> Proposition:
        return Proposition(
            sentence=sentence,
            subject=subject.i,
            predicate=label,
            object=obj.i,
            negated=negated,
            modality=modality,
            attributed_to=attributed,
            confidence=round(CONFIDENCE[rule] - penalty, 3),
            rule=rule,
            condition=condition,
            time=time,
        )

    agents = [obj for prep, obj in _prepositions(verb) if prep.dep_ == "agent"]
    if passive and agents:
        # "Germany has been angered by U.S. support" → support –anger→ Germany.
        for agent in agents:
            for theme in subjects:
                yield make(agent, verb.lemma_.lower(), theme, "passive-agent")
        return
    base = _verb_label(verb, passive)
    yield from (make(a, label, b, "reciprocal") for a, label, b in _reciprocal(verb, subjects, base))
    for subject in subjects:
        for obj in _expand(_objects(verb)):
            yield make(subject, base, obj, "active")
            # Light noun + preposition: "continued a dispute with Germany", "call off its deal with France";
            # not someone else's: "suspended Norway's participation in the program".
            if not _owned_by_name(obj):
                for prep, pobj in _prepositions(obj):
                    yield make(subject, f"{base} {_noun_phrase_label(obj)} {prep.lower_}", pobj, "light-noun")
        has_nominal = any(c.dep_ == "attr" for c in verb.children)
        for prep, pobj in _prepositions(verb):
            if not has_nominal:  # "remain a partner in NATO" is read with its nominal below
                yield make(subject, f"{base} {prep.lower_}", pobj, "prepositional")
            # "are at loggerheads with Germany", "seen as a threat to F-35 jets";
            # not "backing fighters in their battle against X", where the battle is theirs.
            if any(c.dep_ == "poss" for c in pobj.children):
                continue
            for prep2, pobj2 in _prepositions(pobj):
                label = f"{base} {prep.lower_} {_noun_phrase_label(pobj)} {prep2.lower_}"
                yield make(subject, label, pobj2, "light-noun")
        for complement in (c for c in verb.children if c.dep_ in COMPLEMENT_DEPS):
            # "X is a member of Y", "X is not compatible with Y".
            for prep, pobj in _prepositions(complement):
                label = f"{base} {complement.lemma_.lower()} {prep.lower_}"
                yield make(subject, label, pobj, "copular")
            if complement.dep_ == "attr":
                # The preposition may hang on the verb: "remain a partner in NATO".
                for prep, pobj in _prepositions(verb):
                    label = f"{base} {complement.lemma_.lower()} {prep.lower_}"
                    yield make(subject, label, pobj, "copular")
        for ccomp in (c for c in verb.children if c.dep_ == "ccomp"):
            # "Washington has demanded that Berlin call off ..." → Washington –demand→ Berlin.
            if verb.lemma_.lower() in DIRECTIVE_VERBS:
                for inner in _own_subjects(ccomp)[0]:
                    yield make(subject, base, inner, "directive")


def _reciprocal(verb: Token, subjects: list[Token], base: str) -> Iterator[tuple[Token, str, Token]]:
    """Pairs of coordinated subjects of a reciprocal predicate, each with the predicate label.

    "Paris and Rome have established strong ties" → (Paris, "establish tie", Rome);
    "Biden and Xi talked about trade" → (Biden, "talk", Xi).
    """
    if len(subjects) < 2:
        return

    def has_partner(token: Token) -> bool:  # "talked with X", "a dispute with X": the partner is named
        return any(c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in token.children)

    label = None
    if verb.lemma_.lower() in RECIPROCAL_VERBS and not has_partner(verb):
        label = base
    else:
        nouns = [
            c for c in verb.children
            if c.dep_ in OBJECT_DEPS and c.lemma_.lower() in RECIPROCAL_NOUNS and not has_partner(c)
        ]
        if nouns:
            label = f"{base} {nouns[0].lemma_.lower()}"
    if label is None:
        return
    for n, first in enumerate(subjects):
        for second in subjects[n + 1 :]:
            yield first, label, second


def _located_propositions(token: Token, sentence: int) -> Iterator[Proposition]:
    """Where a named thing is: "Kurdish forces in Syria" → (forces, "in", Syria).

    Only names and nationality groups are placed; an event noun's prepositional
    phrase says where the event was ("U.S. support in Syria"), not its owner.
    """
    if token.pos_ != "PROPN" and not any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in token.children):
        return
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPOSITIONS:
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                yield Proposition(
                    sentence=sentence,
                    subject=token.i,
                    predicate=prep.lower_,
                    object=pobj.i,
                    confidence=CONFIDENCE["located"],
                    rule="located",
                )


def _nominal_propositions(noun: Token, sentence: int) -> Iterator[Proposition]:
    """Relations carried by a noun and its possessor: "Scholz's trip to Paris", "U.S. support for X"."""
    holders = [c for c in noun.children if c.dep_ == "poss"]
    holders += [c for c in noun.children if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN"]
    if noun.lemma_.lower() in RELATION_NOUNS:
        # "Japanese support for Manila": a nationality on a relation noun is its holder.
        holders += [c for c in noun.children if c.dep_ == "amod" and c.ent_type_ == "NORP"]
    if noun.lemma_.lower() in TRANSFER_NOUNS:
        # "the supply of Russian military products to X": the goods' nationality is the supplier.
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            for goods in (c for c in prep.children if c.dep_ == "pobj"):
                holders += [c for c in goods.children if c.dep_ == "amod" and c.ent_type_ == "NORP"]
    if not holders:
        return
    for holder in _expand(holders):
        for prep, pobj in _prepositions(noun):
            yield Proposition(
                sentence=sentence,
                subject=holder.i,
                predicate=f"{noun.lemma_.lower()} {prep.lower_}",
                object=pobj.i,
                confidence=CONFIDENCE["nominal"],
                rule="nominal",
            )


def iter_propositions(doc: Doc) -> Iterator[Proposition]:
    """Yield every proposition the parse of ``doc`` supports, sentence by sentence.

    >>> [(doc[p.subject].text, p.predicate, doc[p.object].text) for p in iter_propositions(doc)]  # doctest: +SKIP
    [('Germany', 'withdraw from', 'agreement'), ...]
    """
    for index, sent in enumerate(sentences(doc)):
        yield from _sentence_propositions(sent, index)


def _sentence_propositions(sent: Span, index: int) -> Iterator[Proposition]:
    for clause in iter_clauses(sent):
        yield from _clause_propositions(clause, index)
    for token in sent:
        if token.pos_ == "NOUN":
            yield from _nominal_propositions(token, index)
        if token.pos_ in {"NOUN", "PROPN"}:
            yield from _located_propositions(token, index)
