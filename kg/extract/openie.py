"""Open extraction: n-ary (arg1, relation, arg2, ...) tuples over every clause, as CaRB scores them.

Knowledge-graph statements need arguments that are entities; open extraction
keeps every argument phrase. Both read the same :class:`~kg.extract.relations.Clause`
analysis, so subjects, passives, negation and modality agree between them.

One tuple per clause and subject:

* transitive: "Tom joined the company in 1941" → (Tom; joined; the company; in 1941);
* prepositional: "He taught at the University until 1985" → (He; taught at; the University; until 1985);
* copular: "Celeski is an Australian footballer" → (Celeski; is; an Australian footballer),
  "missiles that are not compatible with NATO systems" → (missiles; are not compatible with; NATO systems);
* complement clause: "This finding indicated that compounds could carry current"
  → (This finding; indicated that; compounds could carry current);
* controlled verb: "Chile wants to remain a partner" → (Chile; wants to remain; a partner);
* passive with agent: "The deal was signed by Chile" → (The deal; was signed by; Chile);
* appositive: "Celeski, a midfielder," → (Celeski; is; a midfielder).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..model import OpenProposition
from ..lexicon import TITLES
from .clauses import COMPLEMENT_DEPS, OBJECT_DEPS, Clause, iter_clauses
from .qualifiers import qualifiers_of

__all__ = ["iter_open_propositions", "phrase_span", "OPEN_CONFIDENCE"]

# Children cut off an argument phrase: clauses and coordination hanging on its head
# ("missiles that are ..." → "missiles"; "Chile and Peru" → "Chile", "Peru").
PHRASE_CUT_DEPS = frozenset({"relcl", "appos", "cc", "conj", "advcl", "parataxis", "ccomp", "mark", "dep"})

# Clauses cut wherever they hang inside an argument phrase.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "parataxis", "ccomp"})

# Relation words attached to the verb: auxiliaries, negation and particles ("has not called off").
RELATION_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})

# Extra arguments after arg2: prepositional phrases and time or manner modifiers of the verb.
EXTRA_ARGUMENT_DEPS = frozenset({"prep", "agent", "npadvmod"})

# Relations the text leaves unsaid: "Celeski, a midfielder" (is), "the RSNO's base" (has).
IMPLICIT_RELATIONS = {"appositive": "is", "title": "is", "possessive": "has"}

# How sure each construction is; shared scale with the knowledge-graph statements.
OPEN_CONFIDENCE = {
    "transitive": 0.9,
    "prepositional": 0.8,
    "copular": 0.8,
    "passive-agent": 0.85,
    "complement": 0.7,
    "appositive": 0.6,
    "possessive": 0.5,
    "title": 0.5,
}
# Lowered when the subject is inherited, and for long arguments that are often over-long.
INHERITED_PENALTY = 0.1
LONG_ARGUMENT_TOKENS = 12
LONG_ARGUMENT_PENALTY = 0.1


def phrase_span(head: Token, cut: frozenset[str] = PHRASE_CUT_DEPS) -> tuple[int, int]:
    """Token span of the phrase headed by ``head``, without clauses and conjuncts hanging on it.

    The span is the contiguous run of kept subtree tokens around the head, trimmed of
    punctuation at both ends.
    """
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in cut:
            dropped.update(t.i for t in child.subtree)
    for token in head.subtree:
        # Clauses deeper inside the phrase go too: "an influence on Buchan, who described it ...".
        if token != head and token.dep_ in CLAUSE_DEPS:
            dropped.update(t.i for t in token.subtree)
    kept = sorted(t.i for t in head.subtree if t.i not in dropped)
    start = end = head.i
    position = kept.index(head.i)
    for i in reversed(kept[:position]):
        if i != start - 1:
            break
        start = i
    for i in kept[position + 1 :]:
        if i != end + 1:
            break
        end = i
    doc = head.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "case"):
        end -= 1  # and the possessive "'s" of "the RSNO's"
    return start, end + 1


def _relation_tokens(verb: Token) -> list[int]:
    return sorted([verb.i, *(c.i for c in verb.children if c.dep_ in RELATION_DEPS)])


def _prep_phrase(prep: Token) -> tuple[int, int] | None:
    """The whole prepositional phrase, "in 1941", "until he switched over to Merck"."""
    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    if not objects:
        return None
    start, end = phrase_span(objects[0])
    return min(prep.i, start), max(end, prep.i + 1)


def _extras(verb: Token, skip: set[int]) -> list[tuple[int, int]]:
    extras = []
    for child in verb.children:
        if child.i in skip or child.dep_ not in EXTRA_ARGUMENT_DEPS:
            continue
        if child.dep_ == "npadvmod":
            extras.append(phrase_span(child))
        else:
            phrase = _prep_phrase(child)
            if phrase is not None:
                extras.append(phrase)
    return extras


def _controlled(verb: Token) -> Token | None:
    """The infinitive a verb controls: "wants to remain" → remain (when the verb has no object)."""
    if any(c.dep_ in OBJECT_DEPS for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
            return child
    return None


def _clause_tuples(clause: Clause, sentence: int) -> Iterator[OpenProposition]:
    verb = clause.verb
    controller = verb.head
    if verb.dep_ == "xcomp" and controller.pos_ in {"VERB", "AUX"} and _controlled(controller) == verb:
        return  # read together with its controller: "wants to remain"
    relation = _relation_tokens(verb)
    head = verb
    inner = _controlled(verb)
    if inner is not None:
        relation += _relation_tokens(inner)  # "wants" + "to remain"
        head = inner
    penalty = INHERITED_PENALTY if clause.inherited else 0.0
    qualifiers = qualifiers_of(verb)

    def make(subject: Token, rel: list[int], args: list[tuple[int, int]], rule: str) -> OpenProposition:
        arg1 = phrase_span(subject)
        if arg1[0] <= verb.i < arg1[1] and verb.i > subject.i:
            # A participle on its own subject: "missiles made in France" → arg1 "missiles".
            arg1 = (arg1[0], max(subject.i + 1, verb.left_edge.i))
        confidence = OPEN_CONFIDENCE[rule] - penalty
        if any(end - start > LONG_ARGUMENT_TOKENS for start, end in [arg1, *args]):
            confidence -= LONG_ARGUMENT_PENALTY
        return OpenProposition(
            sentence=sentence,
            arg1=arg1,
            relation=tuple(sorted(set(rel))),
            args=tuple(args),
            confidence=round(max(confidence, 0.05), 3),
            negated=qualifiers.negated,
            modality=qualifiers.modality,
            rule=rule,
        )

    objects = [c for c in head.children if c.dep_ in OBJECT_DEPS]
    objects += [c for o in objects for c in o.conjuncts if c.dep_ == "conj"]
    complements = [c for c in head.children if c.dep_ in COMPLEMENT_DEPS]
    # Only a preposition after the verb joins the relation ("taught at"); one before it
    # ("Following his death, a statue was erected") stays an extra argument.
    preps = [c for c in head.children if c.dep_ in {"prep", "agent"} and c.i > head.i and _prep_phrase(c) is not None]
    complement_clauses = [c for c in head.children if c.dep_ == "ccomp"]
    for subject in clause.subjects:
        if subject.i == verb.i:
            continue
        if objects:
            extras = _extras(head, set())
            for obj in objects:
                yield make(subject, relation, [phrase_span(obj), *extras], "transitive")
        elif complements:
            for complement in complements:
                linked = [c for c in complement.children if c.dep_ == "prep" and _prep_phrase(c) is not None]
                if complement.pos_ == "ADJ" and linked:
                    # "are not compatible with NATO systems"
                    prep = linked[0]
                    pobj = next(c for c in prep.children if c.dep_ in {"pobj", "pcomp"})
                    rel = [*relation, *range(complement.i, prep.i + 1)]
                    yield make(subject, rel, [phrase_span(pobj), *_extras(head, set())], "copular")
                else:
                    yield make(subject, relation, [phrase_span(complement), *_extras(head, set())], "copular")
        elif preps:
            first = preps[0]
            pobj = next(c for c in first.children if c.dep_ in {"pobj", "pcomp"})
            rule = "passive-agent" if first.dep_ == "agent" else "prepositional"
            extras = _extras(head, {first.i})
            for each in [pobj, *(c for c in pobj.conjuncts if c.dep_ == "conj")]:
                yield make(subject, [*relation, first.i], [phrase_span(each), *extras], rule)
        elif complement_clauses:
            for ccomp in complement_clauses:
                marks = [c.i for c in ccomp.children if c.dep_ == "mark"]
                start, end = ccomp.left_edge.i, ccomp.right_edge.i + 1
                if marks and marks[0] == start:
                    start += 1
                yield make(subject, [*relation, *marks], [(start, end)], "complement")


def _appositive_tuples(sent: Span, sentence: int) -> Iterator[OpenProposition]:
    for token in sent:
        if token.dep_ == "appos" and token.head.pos_ in {"PROPN", "NOUN"}:
            yield OpenProposition(  # no relation word in the text: rendered as "is"
                sentence=sentence,
                arg1=phrase_span(token.head),
                relation=(),
                args=(phrase_span(token),),
                confidence=OPEN_CONFIDENCE["appositive"],
                rule="appositive",
            )


def _possessive_tuples(sent: Span, sentence: int) -> Iterator[OpenProposition]:
    """"The RSNO's base" → (The RSNO; has; base): a possessor has what it possesses."""
    for token in sent:
        if token.dep_ == "poss" and token.pos_ in {"PROPN", "NOUN"} and token.head.pos_ in {"NOUN", "PROPN"}:
            owned = token.head
            start, end = phrase_span(owned)
            yield OpenProposition(
                sentence=sentence,
                arg1=phrase_span(token),
                relation=(),
                args=((max(start, token.right_edge.i + 1), end),),
                confidence=OPEN_CONFIDENCE["possessive"],
                rule="possessive",
            )


def _title_tuples(sent: Span, sentence: int) -> Iterator[OpenProposition]:
    """"President Bush" → (Bush; is; President): a title before a name says what the person is."""
    known = TITLES
    for token in sent:
        if token.dep_ == "compound" and token.lower_ in known and token.head.ent_type_ == "PERSON" and token.i < token.head.i:
            name_start = token.i + 1
            yield OpenProposition(
                sentence=sentence,
                arg1=(name_start, token.head.i + 1),
                relation=(),
                args=((token.i, token.i + 1),),
                confidence=OPEN_CONFIDENCE["title"],
                rule="title",
            )


def iter_open_propositions(doc: Doc) -> Iterator[OpenProposition]:
    """Yield the open-extraction tuples of every sentence of ``doc``."""
    for index, sent in enumerate(doc.sents):
        for clause in iter_clauses(sent):
            yield from _clause_tuples(clause, index)
        yield from _appositive_tuples(sent, index)
        yield from _possessive_tuples(sent, index)
        yield from _title_tuples(sent, index)


def render(doc: Doc, proposition: OpenProposition) -> tuple[str, str, list[str]]:
    """Texts of a tuple: (arg1, relation, [arg2, ...]); appositives read "is"."""
    arg1 = doc[proposition.arg1[0] : proposition.arg1[1]].text
    relation = " ".join(doc[i].text for i in proposition.relation) or IMPLICIT_RELATIONS[proposition.rule]
    args = [doc[start:end].text for start, end in proposition.args]
    return arg1, relation, args
