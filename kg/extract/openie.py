"""Open extraction: (arg1, relation, arg2, ...) tuples, as CaRB scores them.

Knowledge-graph statements need arguments that are entities; open extraction
keeps every argument phrase. It renders the propositions the rule inventory
(:mod:`kg.extract.rules`) read for the graph — each argument head widened to
its phrase, the relation in the words of the text ("has not called off"), and,
for a clause, the verb's other prepositional and time phrases as further
arguments:

* verb-object: "Tom joined the company in 1941" → (Tom; joined; the company; in 1941);
* verb-preposition: "He taught at the University until 1985" → (He; taught at; the University; until 1985);
* copular-complement: "The missiles are not compatible with NATO systems" →
  (The missiles; are not compatible with; NATO systems);
* passive-agent, in the text's order: "The deal was signed by Chile" → (The deal; was signed by; Chile);
* reported speech with its claim: "It said financing would consist of ..." →
  (It; said; financing would consist of ...);
* nominal, role and place rules keep their label as the relation: "Apple's
  offer for Yahoo" → (Apple; offer for; Yahoo).

The graph rules take only arguments that can be things, so a clause whose
object is a number, an adjective or a description ("rose to five pence",
"became very ill", "Celeski is an Australian footballer") is also read as a
clause (:func:`_clause_tuples`); both kinds share one pool, one tuple per
subject and object (see :func:`iter_open_propositions`). Last come the
constructions a graph cannot hold at all:

* complement clause: "This finding indicated that compounds could carry current"
  → (This finding; indicated that; compounds could carry current);
* appositive with a description: "Celeski, a midfielder," → (Celeski; is; a midfielder);
* a title before a name: "President Obama" → (Obama; is; President);
* a possessive: "the RSNO's base" → (the RSNO; has; base),

the last three only where no stated tuple already related the two phrases.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..lexicon import TITLES
from ..model import OpenProposition, Proposition
from ..nlp import sentences
from .clauses import COMPLEMENT_DEPS, OBJECT_DEPS, Clause, iter_clauses
from .qualifiers import qualifiers_of
from .rules.labels import relation_tokens

__all__ = ["iter_open_propositions", "phrase_span", "render", "OPEN_CONFIDENCE"]

# Children cut off an argument phrase: clauses and coordination hanging on its head
# ("missiles that are ..." → "missiles"; "Chile and Peru" → "Chile", "Peru").
PHRASE_CUT_DEPS = frozenset({"relcl", "appos", "cc", "conj", "advcl", "parataxis", "ccomp", "mark", "dep"})

# Clauses cut wherever they hang inside an argument phrase.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "parataxis", "ccomp"})

# Extra arguments after arg2: prepositional phrases and time or manner modifiers of the verb.
EXTRA_ARGUMENT_DEPS = frozenset({"prep", "agent", "npadvmod"})

# Relations the text leaves unsaid: "Celeski, a midfielder" (is), "the RSNO's base" (has).
IMPLICIT_RELATIONS = {"appositive": "is", "copular": "is", "title": "is", "possessive": "has"}

# How sure each open-only construction is; the same scale as the rules' confidences.
OPEN_CONFIDENCE = {
    "transitive": 0.9,
    "prepositional": 0.8,
    "copular": 0.8,
    "passive": 0.85,
    "complement": 0.7,
    "appositive": 0.6,
    "possessive": 0.5,
    "title": 0.5,
}
# Lowered when the subject is inherited (conjunct, control, relative clause).
INHERITED_PENALTY = 0.1
# Lowered for long arguments, which are often over-long.
LONG_ARGUMENT_TOKENS = 12
LONG_ARGUMENT_PENALTY = 0.1
# The most confidence a tuple whose relation no verb states may keep (see iter_open_propositions).
IMPLIED_CONFIDENCE = 0.5

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


def _prep_phrase(prep: Token) -> tuple[int, int] | None:
    """The whole prepositional phrase, "in 1941", "until he switched over to Merck"."""
    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    if not objects:
        return None
    start, end = phrase_span(objects[0])
    return min(prep.i, start), max(end, prep.i + 1)


def _extras(verb: Token, used: set[int]) -> list[tuple[int, int]]:
    """Phrases of the verb that no argument or relation word holds: "in 1941", "last week"."""
    extras = []
    for child in verb.children:
        if child.dep_ not in EXTRA_ARGUMENT_DEPS:
            continue
        phrase = phrase_span(child) if child.dep_ == "npadvmod" else _prep_phrase(child)
        if phrase is not None and not used & set(range(*phrase)):
            extras.append(phrase)
    return extras


def _verb_of(doc: Doc, relation: Sequence[int]) -> Token | None:
    """The verb that heads a relation's words: "called" of "has not called off"."""
    verbs = [doc[i] for i in relation if doc[i].pos_ in {"VERB", "AUX"}]
    heads = [v for v in verbs if v.head.i not in relation or v.head == v]
    return heads[0] if heads else (verbs[0] if verbs else None)


def _claim(head: Token, verb: Token | None) -> tuple[int, int] | None:
    """The clause an argument stands in, when that clause is what the verb says: "It said
    financing would consist of ..." → "financing would consist of ..."."""
    if verb is None:
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and head in c.subtree and head != c), None)
    if clause is None:
        return None
    start = clause.left_edge.i
    if clause.doc[start].dep_ == "mark":
        start += 1
    return start, clause.right_edge.i + 1


def _argument(doc: Doc, head: Token, relation: Sequence[int], verb: Token | None = None) -> tuple[int, int]:
    """The phrase of an argument head, cut where the relation's own words start inside it:
    a participle on its own subject ("missiles made in France" → "missiles"); the subject of
    a reported clause stands with its clause."""
    claim = _claim(head, verb)
    if claim is not None:
        return claim
    start, end = phrase_span(head)
    inside = [i for i in relation if start <= i < end and i > head.i]
    if inside:
        end = max(head.i + 1, doc[min(inside)].left_edge.i)
    return start, end


def _relation_words(doc: Doc, proposition: Proposition, verb: Token | None) -> tuple[int, ...]:
    """The relation's words as the text says them: the rule's words, the controlling verb of
    an infinitive ("wants to remain") and the preposition that introduces the second argument
    ("compatible with", "signed by")."""
    words = set(proposition.relation)
    if verb is not None:
        # a preposition fronted before the verb opens an argument, not the relation: "On May 26 it occurred"
        words -= {i for i in words if i < verb.i and verb.doc[i].dep_ in {"prep", "agent"}}
    if verb is not None and verb.dep_ == "xcomp" and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i < verb.i:
        controller = verb.head
        words |= {controller.i, *(c.i for c in controller.children if c.dep_ in {"aux", "auxpass", "neg"})}
    obj = doc[proposition.object]
    prep = obj.head
    if verb is not None and obj.dep_ == "pobj" and prep.dep_ in {"prep", "agent"} and prep.i > verb.i and prep.head.i in words:
        words.add(prep.i)
    return tuple(sorted(words))


def _apart(span: tuple[int, int], other: Token) -> tuple[int, int]:
    """An argument phrase without the other argument inside it: "the producer in Scott" → "the
    producer" when Scott is the other argument, "Acme's core technologies" → "core technologies"."""
    start, end = span
    if not start <= other.i < end:
        return span
    inner_start, inner_end = phrase_span(other)
    if other.head.dep_ in {"prep", "agent"} and other.dep_ == "pobj":
        inner_start = min(inner_start, other.head.i)
    if inner_start > start:
        return start, inner_start
    if inner_end < end:
        following = inner_end + 1 if other.doc[inner_end].dep_ == "case" else inner_end
        return following, end
    return span


def _rendered(doc: Doc, proposition: Proposition) -> OpenProposition:
    verb = _verb_of(doc, proposition.relation)
    relation = _relation_words(doc, proposition, verb)
    first, second = doc[proposition.subject], doc[proposition.object]
    if verb is not None and second.i < verb.i < first.i:
        first, second = second, first  # the text's order: "The treaty was signed by Chile"
        if first.head.dep_ in {"prep", "agent"}:
            relation = tuple(sorted({*relation, first.head.i}))
        prepositions = [c.i for c in verb.children if c.dep_ in {"agent", "prep"} and second in c.subtree]
        relation = tuple(sorted({*relation, *prepositions}))
    arg1 = _apart(_argument(doc, first, relation), second)
    arg2 = _apart(_argument(doc, second, relation, verb), first)
    if second.dep_ == "pobj" and second.head.i not in relation and second.head.i == arg2[0] - 1:
        arg2 = (second.head.i, arg2[1])  # the preposition left out of the relation opens the argument
    if verb is not None and _claim(second, verb) is not None:
        relation = tuple(sorted({*relation, *(c.i for c in second.head.children if c.dep_ == "mark" and c.i < second.i)}))
    args = [arg2]
    if verb is not None:
        used = set(relation) | set(range(*arg1)) | set(range(*arg2))
        args += _extras(verb, used)
    confidence = proposition.confidence
    if _claim(second, verb) is not None:
        confidence = max(confidence, OPEN_CONFIDENCE["complement"])  # rendered as a complement clause
    if any(end - start > LONG_ARGUMENT_TOKENS for start, end in [arg1, *args]):
        confidence -= LONG_ARGUMENT_PENALTY
    return OpenProposition(
        sentence=proposition.sentence,
        arg1=arg1,
        relation=relation,
        args=tuple(args),
        confidence=round(max(confidence, 0.05), 3),
        negated=proposition.negated,
        modality=proposition.modality,
        rule=proposition.rule,
        label="" if relation else proposition.predicate,
    )


def _clause_extras(verb: Token, skip: set[int]) -> list[tuple[int, int]]:
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
    relation = relation_tokens(verb)
    head = verb
    inner = _controlled(verb)
    if inner is not None:
        relation += relation_tokens(inner)  # "wants" + "to remain"
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
    for subject in clause.subjects:
        if subject.i == verb.i:
            continue
        if objects:
            extras = _clause_extras(head, set())
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
                    yield make(subject, rel, [phrase_span(pobj), *_clause_extras(head, set())], "copular")
                else:
                    yield make(subject, relation, [phrase_span(complement), *_clause_extras(head, set())], "copular")
        elif preps:
            first = preps[0]
            pobj = next(c for c in first.children if c.dep_ in {"pobj", "pcomp"})
            rule = "passive" if first.dep_ == "agent" else "prepositional"
            extras = _clause_extras(head, {first.i})
            for each in [pobj, *(c for c in pobj.conjuncts if c.dep_ == "conj")]:
                yield make(subject, [*relation, first.i], [phrase_span(each), *extras], rule)


def _complement_tuples(sent: Span, sentence: int) -> Iterator[OpenProposition]:
    """"X indicated that Y ..." → (X; indicated that; Y ...): a clause as the second argument."""
    for clause in iter_clauses(sent):
        verb = clause.verb
        for ccomp in (c for c in verb.children if c.dep_ == "ccomp"):
            marks = [c.i for c in ccomp.children if c.dep_ == "mark"]
            start, end = ccomp.left_edge.i, ccomp.right_edge.i + 1
            if marks and marks[0] == start:
                start += 1
            words = {*relation_tokens(verb), *marks}
            if verb.dep_ == "xcomp" and verb.head.pos_ in {"VERB", "AUX"}:
                words |= set(relation_tokens(verb.head))  # "seeking to show that"
            relation = tuple(sorted(words))
            for subject in clause.subjects:
                if subject.i != verb.i and not start <= subject.i < end:
                    yield OpenProposition(sentence, phrase_span(subject), relation, ((start, end),), OPEN_CONFIDENCE["complement"], rule="complement")


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


def _verbs(doc: Doc, found: OpenProposition) -> list[int]:
    return [i for i in found.relation if doc[i].pos_ in {"VERB", "AUX"}]


def iter_open_propositions(doc: Doc, propositions: Sequence[Proposition]) -> Iterator[OpenProposition]:
    """The open-extraction tuples of ``doc``: the rules' ``propositions`` rendered, the clause
    readings whose arguments no rule takes, then the open-only constructions of the module
    docstring.

    Rule candidates and clause readings (:func:`_clause_tuples`: numbers, adjectives and other
    arguments that are not things) form one pool. A clause gives one n-ary tuple per subject
    and object: tuples are taken with the fewest relation words first ("joined" before
    "joined in"), and a later one of the same subject and verb whose second argument an
    earlier tuple already holds is left out (India; held talks with; Iran) is in (India;
    held; talks with Iran); "retained to act as" is in "to act as"). A tuple whose relation no verb
    states ("Apple's offer for Yahoo", titles, places) is implied: open extraction benchmarks
    rarely annotate those, so it keeps at most ``IMPLIED_CONFIDENCE``.
    """
    seen: set[tuple] = set()
    related: set[tuple[tuple[int, int], tuple[int, int]]] = set()  # (arg1, arg2) of stated tuples
    held: dict[tuple[tuple[int, int], int], set[int]] = {}  # (arg1, verb) → tokens of its arguments

    def fresh(found: OpenProposition) -> bool:
        key = (found.arg1, found.relation, found.label, found.args)
        if key in seen:
            return False
        seen.add(key)
        return True

    def is_held(found: OpenProposition, verbs: list[int]) -> bool:
        second = set(range(*found.args[0]))
        return any(second <= held.get((found.arg1, i), set()) for i in verbs)

    def hold(found: OpenProposition, verbs: list[int]) -> None:
        related.add((found.arg1, found.args[0]))
        # the second argument as written; further arguments with their conjuncts ("in 1982
        # for sculptors and painters" holds the painters)
        tokens = set(range(*found.args[0]))
        tokens.update(t.i for start, end in found.args[1:] for k in range(start, end) for t in doc[k].subtree)
        for i in verbs:
            held.setdefault((found.arg1, i), set()).update(tokens)

    pool = [_rendered(doc, p) for p in propositions]
    pool += [found for index, sent in enumerate(sentences(doc)) for clause in iter_clauses(sent) for found in _clause_tuples(clause, index)]
    for found in sorted(pool, key=lambda f: (len(f.relation) or 99, -f.confidence, f.arg1, f.args)):
        verbs = _verbs(doc, found)
        if not verbs:
            found = replace(found, confidence=min(found.confidence, IMPLIED_CONFIDENCE))
        elif is_held(found, verbs):
            continue
        if fresh(found):
            if verbs:
                hold(found, verbs)
            yield found
    for index, sent in enumerate(sentences(doc)):
        for found in _complement_tuples(sent, index):
            if not any((found.arg1, i) in held for i in _verbs(doc, found)) and fresh(found):
                yield found
        for found in [*_appositive_tuples(sent, index), *_possessive_tuples(sent, index), *_title_tuples(sent, index)]:
            if (found.arg1, found.args[0]) not in related and fresh(found):
                related.add((found.arg1, found.args[0]))
                yield found


def render(doc: Doc, proposition: OpenProposition) -> tuple[str, str, list[str]]:
    """Texts of a tuple: (arg1, relation, [arg2, ...]); implicit relations read "is" or "has"."""
    arg1 = doc[proposition.arg1[0] : proposition.arg1[1]].text
    relation = " ".join(doc[i].text for i in proposition.relation) or proposition.label or IMPLICIT_RELATIONS[proposition.rule]
    args = [doc[start:end].text for start, end in proposition.args]
    return arg1, relation, args
