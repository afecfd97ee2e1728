"""Nominal rules: relations carried by a noun, its possessor and its prepositions.

News often states a relation in a noun phrase rather than a clause:
"Acme's offer for Globex", "the purchase of Skype by eBay", "U.S. support
for Kyiv", "the sale of American weapons to Taiwan", "criticised Apple's
decision". The noun names the relation; its possessor (or a name or
nationality on it) is the one who does it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...lexicon import EVENT_NOUNS, PERSON_NOUNS, RECIPROCAL_NOUNS, RELATION_NOUNS, TIME_NOUNS, TITLES, TRANSFER_NOUNS
from ..clauses import expand, named_place, preposition_words as preposition_words_of, prepositions
from ..qualifiers import NO_QUALIFIERS
from .labels import light_object, noun_words, relation_tokens, verb_label, with_preposition
from .registry import INHERITED_PENALTY, Found, Sentence, rule

FAMILY = "nominal"


# Event nouns of going somewhere: a place on them is where to ("a China trip").
_MOTION_NOUNS = frozenset({"trip", "visit", "tour", "journey", "mission", "flight", "voyage", "move", "return", "expedition"})


def _is_person_noun(noun: Token) -> bool:
    """Nouns that name a person rather than a relation: "wife", "chairman", "president"."""
    return noun.lemma_.lower() in PERSON_NOUNS or noun.lemma_.lower() in TITLES or noun.lower_ in TITLES


def _nouns(sentence: Sentence) -> list[Token]:
    """The sentence's nouns that are not people ("wife", "chairman")."""
    return [t for t in sentence.nouns if not _is_person_noun(t)]


def possessor(sentence: Sentence, noun: Token) -> Token | None:
    """The named possessor of an unnamed noun: "the continent's growth" → continent (then Europe),
    "Acme shares" → Acme."""
    if noun.pos_ != "NOUN" or sentence.entity(noun) is not None:
        return None
    for child in noun.children:
        if child.dep_ == "poss" and sentence.entity(child) is not None:
            return child
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and sentence.type_of(child) in _OWNER_TYPES:
            return child
    return None


# Kinds of entity a name on a noun owns it as: "Acme shares", "Globex's assets".
_OWNER_TYPES = frozenset({"Organization", "Corporation", "GovernmentOrganization", "Person"})


def _relations_of(noun: Token, sentence: Sentence) -> Iterator[tuple[str, Token, tuple[int, ...]]]:
    """(label, object, relation tokens) of a noun's prepositions, one level of nesting included:
    "offer for Globex", "ban on fish imports from Peru", "expansion of the country's railways"."""
    for prep, pobj in prepositions(noun):
        label = with_preposition(noun_words(noun), prep)
        yield label, pobj, (noun.i, prep.i)
        owner = possessor(sentence, pobj)
        if owner is not None:
            yield f"{label} {noun_words(pobj)} of", owner, (noun.i, prep.i, pobj.i)
        elif sentence.named(pobj) is None and pobj.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in pobj.children):
            for prep2, pobj2 in prepositions(pobj):
                yield with_preposition(f"{label} {noun_words(pobj)}", prep2), pobj2, (noun.i, prep.i, pobj.i, prep2.i)


@rule(
    "possessive-noun",
    family=FAMILY,
    construction="a possessor and its noun's preposition: \"X's trip to Y\" → X –trip to→ Y",
    confidence=0.65,
    examples=[
        ("Emmanuel Macron's trip to Beijing ended.", ["Emmanuel Macron | trip to | Beijing"]),
        ("Apple's offer for Yahoo was rejected.", ["Apple | offer for | Yahoo"]),
        ("Mr Obama's Kenya trip ended.", ["Obama | trip to | Kenya"]),
        ("Tom Reed spoke about his days at Globex Corp.", ["Tom Reed | days at | Globex"]),
    ],
    counter=[
        ("Macron's wife flew to Beijing.", ["Emmanuel Macron | wife to | Beijing"]),
        "Apple's shares rose.",
        ("The film Zeta Nights took $22m in its first three days of release in Northdale.", ["Zeta Nights | days of release in | Northdale"]),
    ],
)
def possessive_noun(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        holders = expand([c for c in noun.children if c.dep_ == "poss"])
        if not holders or (noun.lemma_.lower() in TIME_NOUNS and any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)):
            continue  # "took $2m in its first three days of release": a stretch of time ("his days in Wham" stays)
        for label, obj, relation in _relations_of(noun, sentence):
            for holder in holders:
                yield Found(holder, label, obj, NO_QUALIFIERS, 0.0, relation)
        if noun.lemma_.lower() in EVENT_NOUNS:
            # "Ms Okafor's China trip" → Okafor –trip to→ China
            places = [c for c in noun.children if c.dep_ == "compound" and sentence.type_of(c) in {"Country", "City", "Place"}]
            word = "to" if noun.lemma_.lower() in _MOTION_NOUNS else "in"
            for place in places:
                for holder in holders:
                    yield Found(holder, f"{noun_words(noun)} {word}", place, NO_QUALIFIERS, 0.0, (noun.i,))


@rule(
    "name-on-noun",
    family=FAMILY,
    construction="a name modifying an event or relation noun is its doer: 'the Microsoft bid for Yahoo'",
    confidence=0.6,
    examples=[("The Microsoft bid for Yahoo failed.", ["Microsoft | bid for | Yahoo"])],
    counter=[
        ("The Oracle shares in Seattle rose.", ["Oracle | shares in | Seattle"]),
        ("Solskjaer played in the FA Cup final win over Millwall.", ["FA Cup | win over | Millwall"]),
    ],
)
def name_on_noun(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if noun.lemma_.lower() not in EVENT_NOUNS | RELATION_NOUNS:
            continue
        if any(c.dep_ == "poss" for c in noun.children):
            continue  # "their FA Cup victory over Forest": the possessor did it, the name says where
        holders = [
            c for c in noun.children
            if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and sentence.entity(c)
            and sentence.type_of(c) in _DOERS
        ]
        for label, obj, relation in _relations_of(noun, sentence):
            for holder in holders:
                yield Found(holder, label, obj, NO_QUALIFIERS, 0.0, relation)


# Kinds of named thing that can do what an event noun names: not an event or a work ("an FA
# Cup win over Millwall" is no win by the cup).
_DOERS = frozenset({"Person", "Organization", "Corporation", "GovernmentOrganization", "Country", "City", "Place"})


@rule(
    "nationality-on-noun",
    family=FAMILY,
    construction="a nationality on a relation noun is a party: 'Japanese support for X' → Japan –support for→ X",
    confidence=0.6,
    examples=[("Japanese support for Philippine forces worried China.", ["Japan | support for | Philippine forces"])],
    counter=[("Japanese cars for Chile were shipped.", ["Japan | cars for | Chile"])],
)
def nationality_on_noun(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if noun.lemma_.lower() not in RELATION_NOUNS:
            continue
        holders = [c for c in noun.children if c.dep_ == "amod" and c.ent_type_ == "NORP"]
        for label, obj, relation in _relations_of(noun, sentence):
            for holder in holders:
                yield Found(holder, label, obj, NO_QUALIFIERS, 0.0, relation)


@rule(
    "transfer-goods",
    family=FAMILY,
    construction="the nationality of goods handed over names who hands them: 'the sale of American weapons to X'",
    confidence=0.6,
    examples=[("They discussed the sale of American weapons to Taiwan.", ["United States | sale to | Taiwan"])],
    counter=[("They discussed the sale of weapons to Taiwan.", ["United States | sale to | Taiwan"])],
)
def transfer_goods(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if noun.lemma_.lower() not in TRANSFER_NOUNS:
            continue
        suppliers = [
            c
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for goods in prep.children
            if goods.dep_ == "pobj"
            for c in goods.children
            if c.dep_ == "amod" and c.ent_type_ == "NORP"
        ]
        for prep, pobj in prepositions(noun):
            if prep.lower_ == "of":
                continue
            for supplier in suppliers:
                yield Found(supplier, with_preposition(noun_words(noun), prep), pobj, NO_QUALIFIERS, 0.0, (noun.i, prep.i))


@rule(
    "nominal-agent",
    family=FAMILY,
    construction="an event noun with its doer after 'by' and its object after 'of': "
    "'the purchase of Skype by eBay' → eBay –purchase→ Skype",
    confidence=0.65,
    examples=[("The purchase of Skype by eBay surprised analysts.", ["eBay | purchase | Skype"])],
    counter=[("The purchase of Skype surprised eBay.", ["eBay | purchase | Skype"])],
)
def nominal_agent(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        doers = [pobj for prep, pobj in prepositions(noun) if prep.lower_ == "by"]
        things = [pobj for prep, pobj in prepositions(noun) if prep.lower_ == "of"]
        for doer in doers:
            for thing in things:
                yield Found(doer, noun_words(noun), thing, NO_QUALIFIERS, 0.0, (noun.i,))


@rule(
    "possessed-object",
    family=FAMILY,
    construction="a verb on a possessed noun acts on the possessor, the noun kept: "
    "\"attacked Apple's decision\" → S –attack decision of→ Apple; \"fund the expansion of the "
    "region's railways\" → S –fund expansion of railways of→ region",
    confidence=0.6,
    examples=[
        ("Microsoft criticised Apple's decision.", ["Microsoft | criticise decision of | Apple"]),
        ("Norway will fund the expansion of Spain's railways.", ["Norway | fund expansion of railways of | Spain"]),
        ("Nokia cast doubt on Apple's claims.", ["Nokia | cast doubt on claims of | Apple"]),
    ],
    counter=[("Emmanuel Macron met Poland's President in Warsaw.", ["Emmanuel Macron | meet president of | Poland"])],
)
def possessed_object(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive or verb.lemma_.lower() == "be":
            continue  # "are at loggerheads over its decision": being does nothing to the decision
        base = verb_label(verb)
        light = light_object(verb)
        verb_base = f"{base} {noun_words(light)}" if light is not None and sentence.entity(light) is None else base
        targets = [(o, base) for o in clause.objects]
        targets += [(pobj, with_preposition(verb_base, prep)) for prep, pobj in prepositions(verb) if prep.dep_ != "agent"]
        for obj in clause.objects:  # "fund the expansion of X's railways"
            if obj.pos_ == "NOUN" and sentence.entity(obj) is None:
                targets += [(pobj, with_preposition(f"{base} {noun_words(obj)}", prep)) for prep, pobj in prepositions(obj)]
        q = sentence.qualifiers(verb)
        penalty = INHERITED_PENALTY if clause.inherited else 0.0
        for obj, label in targets:
            if _is_person_noun(obj):
                continue
            owner = possessor(sentence, obj)
            if owner is None:
                continue
            for subject in clause.subjects:
                if sentence.entity(subject) is not None and sentence.entity(subject) == sentence.entity(owner):
                    continue  # "Germany cut its deficit": its own
                yield Found(subject, f"{label} {noun_words(obj)} of", owner, q, penalty, relation_tokens(verb, obj))


@rule(
    "reciprocal-noun",
    family=FAMILY,
    construction="a noun of a relation between parties named after 'between': 'talks between X and Y' → X –talks with→ Y",
    confidence=0.65,
    examples=[("The deal followed talks between Spain and Portugal.", ["Spain | talks with | Portugal"])],
    counter=[("The deal followed talks in Madrid.", ["Spain | talks with | Portugal"])],
)
def reciprocal_noun(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if noun.lemma_.lower() not in RECIPROCAL_NOUNS and noun.lower_ not in RECIPROCAL_NOUNS:
            continue
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != "between":
                continue
            for first in (c for c in prep.children if c.dep_ == "pobj"):
                parties = [first, *(t for t in first.conjuncts if t.i > first.i)]
                for n, a in enumerate(parties):
                    for b in parties[n + 1 :]:
                        yield Found(a, f"{noun_words(noun)} with", b, NO_QUALIFIERS, 0.0, (noun.i, prep.i))


@rule(
    "appositive-noun",
    family=FAMILY,
    construction="a noun in apposition to a name, with a possessor or preposition: "
    "\"X, its broadcasting subsidiary\" → X –broadcasting subsidiary of→ owner; \"X, Europe's biggest producer\"",
    confidence=0.7,
    examples=[
        ("Hulu, Disney's streaming subsidiary, grew.", ["Hulu | streaming subsidiary of | Disney"]),
        ("Norway, a member of NATO, agreed.", ["Norway | member of | NATO"]),
    ],
    counter=[("Norway, a country in Europe, agreed.", ["Norway | country in | Europe"])],
)
def appositive_noun(sentence: Sentence) -> Iterator[Found]:
    for span in sentence.mention_spans:
        root = span.root
        if sentence.type_of(root) in {"Person", None}:
            continue  # people's roles are read by the role rules
        heads = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        for head in heads:
            words = noun_words(head, modifiers=True)
            owner = next((c for c in head.children if c.dep_ == "poss" and sentence.entity(c) is not None), None)
            if owner is not None and sentence.entity(owner) != sentence.entity(root):
                yield Found(root, f"{words} of", owner, NO_QUALIFIERS, 0.0, (head.i,))
            for prep, pobj in prepositions(head):
                if prep.lower_ in {"of", "to", "for"} and sentence.type_of(pobj) not in {"Country", "City", "Place"} | {None}:
                    yield Found(root, with_preposition(words, prep), pobj, NO_QUALIFIERS, 0.0, (head.i, prep.i))


@rule(
    "possessed-subject",
    family=FAMILY,
    construction="a possessed subject noun lets its possessor act, the noun kept: "
    "\"Acme's film releases include X\" → Acme –film releases include→ X",
    confidence=0.55,
    examples=[("Apple's decision worried investors.", ["Apple | decision worry | investors"])],
    counter=[("Disney's Bob Iger said Frozen was a hit.", ["Disney | Bob Iger say | Frozen"])],
)
def possessed_subject(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive or clause.inherited:
            continue
        q = sentence.qualifiers(verb)
        for subject in clause.subjects:
            if subject.pos_ != "NOUN" or _is_person_noun(subject) or sentence.entity(subject) is not None:
                continue  # a concept subject acts itself: "Leeds's Hindu community bought"
            owner = next((c for c in subject.children if c.dep_ == "poss" and sentence.entity(c) is not None), None)
            if owner is None:
                continue
            words = noun_words(subject, modifiers=True)
            for obj in clause.objects:
                yield Found(owner, f"{words} {verb_label(verb)}", obj, q, 0.0, relation_tokens(verb, subject))


@rule(
    "nominal-object-possessor",
    family=FAMILY,
    construction="an event noun on a possessed object: the possessor does it — "
    "\"the move of the firm's headquarters to Oslo\" → firm –move headquarters to→ Oslo",
    confidence=0.55,
    examples=[("They approved the transfer of Shell's headquarters to London.", ["Shell | transfer headquarters to | London"])],
    counter=[("They approved the transfer of headquarters to London.", ["Shell | transfer headquarters to | London"])],
)
def nominal_object_possessor(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if noun.lemma_.lower() not in EVENT_NOUNS:
            continue
        things = [pobj for prep, pobj in prepositions(noun) if prep.lower_ == "of" and pobj.pos_ == "NOUN"]
        for thing in things:
            owner = next((c for c in thing.children if c.dep_ == "poss" and sentence.entity(c) is not None), None)
            if owner is None:
                continue
            for prep, pobj in prepositions(noun):
                if prep.lower_ == "of":
                    continue
                yield Found(owner, with_preposition(f"{noun_words(noun)} {noun_words(thing)}", prep), pobj, NO_QUALIFIERS, 0.0, (noun.i, thing.i, prep.i))


# Kinds of concept a named possessor has: "Chanel's art collection", "his Florida home".
_HELD_TYPES = frozenset({"CreativeWork", "Product", "Place", "Thing", "Event"})


@rule(
    "possessor-has",
    family=FAMILY,
    construction="a named possessor of an unnamed thing has it: \"Chanel's art collection\", "
    "\"the art collection of Coco Chanel\" → Chanel –have→ art collection",
    confidence=0.6,
    examples=[
        ("The car collection of designer Coco Chanel was sold.", ["Coco Chanel | have | car collection"]),
        ("Elvis Presley's Memphis home is a museum.", ["Elvis Presley | have | Memphis home"]),
        # the possession is taken for granted: the clause's "should" and "if" are not its own
        ("If she loses, Serena Williams should be stripped of her gold medal.", ["Serena Williams | have | gold medal"]),
    ],
    counter=[
        ("Apple's decision surprised Nokia.", ["Apple | have | decision"]),
        ("The rebels seized the northern town of Kidal.", ["Kidal | have | northern town"]),
        ("In October, the Westshire Council proposed the merger of the Royal Guards and the Northdale Rifles into a single battalion.",
         ["Royal Guards | have | merger"]),
    ],
    presupposed=True,
)
def possessor_has(sentence: Sentence) -> Iterator[Found]:
    for noun in _nouns(sentence):
        if not sentence.is_concept(noun) or sentence.type_of(noun) not in _HELD_TYPES:
            continue
        if named_place(noun) is not None:
            continue  # "the northern town of Kidal" is Kidal, nobody's town
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if sentence.type_of(noun) != "Event":  # "the merger of X and Y": X is what is merged, no owner
            owners += [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                       for pobj in prep.children if pobj.dep_ == "pobj" and sentence.type_of(pobj) in {"Person", "Organization", "Corporation"}]
        for owner in owners:
            if sentence.named(owner) is None or sentence.type_of(owner) in {"Country", "City", "Place"}:
                continue
            yield Found(owner, "have", noun, NO_QUALIFIERS, 0.0, (noun.i,))


@rule(
    "holder-of-object",
    family=FAMILY,
    construction="a verb on a relation noun whose holder is named on it: 'could face U.S. sanctions' → "
    "S –face sanctions from→ United States; 'welcomed Japanese support'",
    confidence=0.6,
    examples=[("Iran could face European sanctions.", ["Iran | face sanctions from | Europe"])],
    counter=[("Iran could face tough sanctions.", ["Iran | face sanctions from | Europe"])],
)
def holder_of_object(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive or verb.lemma_.lower() == "be":
            continue
        q = sentence.qualifiers(verb)
        for obj in clause.objects:
            if obj.pos_ != "NOUN" or obj.lemma_.lower() not in RELATION_NOUNS:
                continue
            holders = [c for c in obj.children if c.dep_ in {"compound", "amod", "nmod"} and sentence.named(c) is not None]
            for holder in holders:
                for subject in clause.subjects:
                    if sentence.entity(subject) != sentence.entity(holder):
                        yield Found(subject, f"{verb_label(verb)} {noun_words(obj)} from", holder, q, 0.0, relation_tokens(verb, obj))


@rule(
    "concept-preposition",
    family=FAMILY,
    construction="an unnamed thing and what its preposition ties it to: 'a lawsuit over the collapse of "
    "Initech' → lawsuit –over collapse of→ Initech; 'the ban on arms exports to China'",
    confidence=0.55,
    examples=[
        ("The lawsuit against Nokia failed.", ["lawsuit | against | Nokia"]),
        ("The ban on imports from China ended.", ["ban | on imports from | China"]),
    ],
    counter=[("The lawsuit in December failed.", ["lawsuit | in | December"])],
)
def concept_preposition(sentence: Sentence) -> Iterator[Found]:
    for noun in sentence.tokens:
        if noun.pos_ != "NOUN" or not sentence.is_concept(noun) or sentence.type_of(noun) not in _RELATING_CONCEPTS:
            continue
        for prep, pobj in prepositions(noun):
            if prep.lower_ in {"of", "in", "by", "as", "than"} or (prep.lower_ == "at" and sentence.type_of(noun) != "Event"):
                continue  # a part, a place, a doer or a comparison: read by other rules, or none
            if prep.lower_ == "with" and noun.lemma_.lower() not in RECIPROCAL_NOUNS:
                continue  # "a deal with Iran", "a battle with cancer"; not "the embargo with China"
            if sentence.entity(pobj) is not None:
                yield Found(noun, preposition_words_of(prep), pobj, NO_QUALIFIERS, 0.0, (prep.i,))
            elif pobj.pos_ == "NOUN":
                for prep2, pobj2 in prepositions(pobj):
                    if sentence.entity(pobj2) is not None:
                        yield Found(noun, with_preposition(f"{preposition_words_of(prep)} {noun_words(pobj)}", prep2), pobj2,
                                    NO_QUALIFIERS, 0.0, (prep.i, pobj.i, prep2.i))


# Kinds of concept whose preposition says what they are about: lawsuits, bans, deals, reports.
_RELATING_CONCEPTS = frozenset({"Event", "CreativeWork"})


@rule(
    "event-on-object",
    family=FAMILY,
    construction="an object named for an event: 'won the Wimbledon title' → S –win title at→ Wimbledon; "
    "'took World Cup gold'",
    confidence=0.6,
    examples=[("Federer won the Wimbledon title again.", ["Federer | win title at | Wimbledon"])],
    counter=[("Federer won the title again.", ["Federer | win title at | Wimbledon"])],
)
def event_on_object(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive:
            continue
        q = sentence.qualifiers(verb)
        for obj in clause.objects:
            if obj.pos_ != "NOUN":
                continue
            events = [
                c for c in obj.lefts
                if c.dep_ in {"amod", "compound", "nmod"} and sentence.type_of(c) == "Event" and c.ent_type_ == "EVENT"
            ]
            for event in events:
                for subject in clause.subjects:
                    yield Found(subject, f"{verb_label(verb)} {noun_words(obj)} at", event, q, 0.0, relation_tokens(verb, obj))
