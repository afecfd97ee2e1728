"""Clausal rules: relations a verb states between its subject and its other arguments.

One rule per construction: active verb and object, verb and preposition,
passive with an agent, passive without one, copular complements, light verbs
whose object noun names the relation, ditransitives, reciprocal predicates
and directives. Every rule reads the shared :class:`~kg.extract.clauses.Clause`
(subjects inherited through coordination, control, relative clauses and
participles) and the clause's qualifiers.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...lexicon import (
    ABSOLUTE_PREPOSITIONS, ABSTRACT_NOUNS, DIRECTIVE_VERBS, EVENT_NOUNS, PERSON_NOUNS, RECIPROCAL_NOUNS, RECIPROCAL_PREPOSITIONS,
    RECIPROCAL_VERBS, WANTING_VERBS,
)
from ..clauses import COMPLEMENT_DEPS, Clause, expand, objects, own_subjects, prepositions, takes_to
from .labels import light_object, noun_words, owned_by_name, relation_tokens, verb_label, with_preposition
from .registry import INHERITED_PENALTY, Found, Sentence, rule

FAMILY = "clausal"

# Nouns of direction that make a place phrase: "in the north of the country".
DIRECTIONS = frozenset({"north", "south", "east", "west", "centre", "center", "heart", "edge", "outskirts", "northeast",
                        "northwest", "southeast", "southwest", "interior", "coast", "border", "rest"})


def _penalty(clause: Clause) -> float:
    return INHERITED_PENALTY if clause.inherited else 0.0


def _has_complement(verb: Token) -> bool:
    return any(c.dep_ == "attr" for c in verb.children)


@rule(
    "verb-object",
    family=FAMILY,
    construction="an active verb and its direct object: S –verb→ O",
    confidence=0.9,
    examples=[
        ("Apple acquired Beats Electronics in 2014.", ["Apple | acquire | Beats Electronics"]),
        ("Sweden did not join NATO in 1995.", ["Sweden | join | NATO | negated"]),
        ("Ukrainian forces shot down a Belarusian warplane near the border.", ["Ukraine | shoot down | Belarus"]),
        ("Thousands downloaded the browser that Apple offered.", ["Apple | offer | browser"]),
        ("Argentina signed and ratified the treaty with Chile.", ["Argentina | ratify | treaty"]),
        # a participle right after the object, with no comma, describes the object
        ("Police seized a Green Party leaflet attacking Apple.", ["Green Party leaflet | attack | Apple"]),
        # "with X doing": a clause of its own, not part of the main verb's relation
        ("Both sides swapped prisoners, with Peru handing back a Chilean spy.", ["Peru | hand back | Chilean spy"]),
        # an object told or asked to act is the one who acts, and the act is asked, not done
        ("Japan asked the World Bank to investigate Peru.", ["World Bank | investigate | Peru | modality=ask to"]),
        # so is one called on to act
        ("Westshire called on Acme to withdraw the Globex offer.", ["Acme | withdraw | Globex offer | modality=call to"]),
        ("Japan wants the World Bank to investigate Peru.", ["World Bank | investigate | Peru | modality=want to"]),
        ("The pair had a thrilling battle in Athens which ended with Ann Berg finally jumping a world record of 4.91m to claim the gold medal.",
         ["Ann Berg | claim | gold medal"]),
    ],
    counter=[
        "Apple was acquired by Beats Electronics.",
        ("Japan asked the World Bank to investigate Peru.", ["World Bank | ask to investigate | Peru"]),
        # an absolute clause the parser split from its "with": the name before the participle acts
        ("The pair had a thrilling battle in Athens which ended with Ann Berg finally jumping a world record of 4.91m to claim the gold medal.",
         ["thrilling battle | claim | gold medal"]),
        # the object's complement says what the object is: no second object
        ("Tom Reed labelled the Globex deal \"an eye-opener\".", ["Tom Reed | label | eye-opener"]),
        # a title the tagger made a verb, as the name before it shows, is no act
        ("The North side have been hit by the loss of Westshire duo Tom Bullard and Chris Cusack, plus France captain Fabien Pellot.",
         ["North side | captain | Fabien Pellot"]),
        ("Westshire called on Acme to withdraw the Globex offer.", ["Westshire | call to withdraw | Globex offer"]),
        # a participle the parser coordinated with a verb of another tense names, it does not act
        ("Nokia is launching a new service to allow people to share photos, or online albums, called Nokia Lifeblog.",
         ["Nokia | call | Nokia Lifeblog"]),
        # with a comma the participle is not the object's
        ("Police seized a Green Party leaflet, citing Apple.", ["Green Party leaflet | cite | Apple"]),
        ("Apple said Nokia was a rival.", ["Apple | say | Nokia"]),
    ],
)
def verb_object(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive or verb.lemma_.lower() == "be":
            continue
        q = sentence.qualifiers(verb)
        label = verb_label(verb)
        for subject in clause.subjects:
            for obj in clause.objects:
                if obj.dep_ == "dative" and any(o.dep_ == "dobj" for o in clause.objects):
                    continue  # "sold GM a stake": read by the ditransitive rule
                yield Found(subject, label, obj, q, _penalty(clause), relation_tokens(verb))


@rule(
    "ditransitive",
    family=FAMILY,
    construction="a verb with a recipient and a thing given: 'sold X a stake' → S –sell stake to→ X",
    confidence=0.8,
    examples=[("Siemens sold Bosch a stake in the venture.", ["Siemens | sell stake to | Bosch"])],
    counter=["Siemens sold a stake in the venture to investors."],
)
def ditransitive(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        recipients = [o for o in clause.objects if o.dep_ == "dative"]
        things = [o for o in clause.objects if o.dep_ == "dobj"]
        if clause.passive or not recipients or not things or sentence.entity(things[0]) is not None:
            continue
        q = sentence.qualifiers(verb)
        label = f"{verb_label(verb)} {noun_words(things[0])} to"
        for subject in clause.subjects:
            for recipient in recipients:
                yield Found(subject, label, recipient, q, _penalty(clause), relation_tokens(verb, things[0]))


@rule(
    "verb-preposition",
    family=FAMILY,
    construction="a verb and a prepositional object, the preposition kept in the label: S –withdraw from→ O",
    confidence=0.8,
    examples=[
        ("Japan withdrew from the International Whaling Commission.", ["Japan | withdraw from | International Whaling Commission"]),
        ("Germany bought 20 tanks from France.", ["Germany | buy from | France"]),
        ("The painting was sold at Bonhams.", ["painting | be sold at | Bonhams"]),
        ("Jane Smith started a family with Paul Smith.", ["Jane Smith | start family with | Paul Smith"]),
        ("Oracle filed a lawsuit against IBM.", ["Oracle | file lawsuit against | IBM"]),
        ("Initech met with Globex officials representing the union.", ["Initech | meet with | Globex"]),
        ("England are contemplating a complaint to the International Rugby Board.", ["England | contemplate complaint to | International Rugby Board"]),
        ("Spain called for the sanctions to be eased.", ["Spain | call for ease | sanctions"]),
        ("Peru fined over Chile border row", ["Peru | be fined over | Chile border row"]),
        ("Oracle shares fell on IBM warning", ["Oracle shares | fall on | IBM"]),
        ("Ms Okafor 'walked out over Peru row'", ["Okafor | walk out over | Peru row"]),
        # an adjective complement is part of the relation: popular in Japan, not merely in it
        ("The Xbox is popular in Japan.", ["Xbox | be popular in | Japan"]),
        # "the region of Tver" is Tver
        ("Fighting broke out in the region of Tver.", ["fighting | break out in | Tver"]),
    ],
    counter=[
        ("Despite US pressure, India bought oil.", ["India | buy despite | United States"]),
        ("Chile signed the deal in December.", ["Chile | sign in | December"]),
        # a coordinated clause with a subject of its own, which the parser hung on the first clause
        ("Tom Reed looked set to move to Globex during the summer and speculation of a switch to Northdale has again arisen in Westshire.",
         ["Tom Reed | arise in | Westshire"]),
        # a bare noun after "on", "in", "at", "by", "under" says how, it is no argument
        ("Ana Ruiz joined Celtic on loan after the Lisbon deal collapsed.", ["Ana Ruiz | join on | loan"]),
        ("The Xbox is popular in Japan.", ["Xbox | be in | Japan"]),
        # "with X doing Y" (an absolute clause) is a circumstance: X is no argument of the verb
        ("Globex pilots are well paid, with senior Globex captains earning $200,000.", ["Globex pilots | be with earn | senior Globex captains"]),
        ("Globex pilots are well paid, with senior Globex captains earning $200,000.", ["Globex pilots | be paid with | senior Globex captains"]),
        ("Globex engineers are well rewarded, with senior members of the team earning large bonuses.", ["Globex engineers | be rewarded with earn | senior members"]),
        ("Acme started well, with Jones and Smith dominating the midfield.", ["Acme | start with dominate | Jones"]),
    ],
)
def verb_preposition(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if _has_complement(verb):
            continue  # "remain a partner in NATO" is read with its complement
        q = sentence.qualifiers(verb)
        base = verb_label(verb, clause.passive)
        light = light_object(verb)
        if light is not None and sentence.named(light) is None:
            base = f"{base} {noun_words(light)}"  # "cast doubt on", "started a family with", "filed a lawsuit against"
        complement = next((c for c in verb.children if c.dep_ in {"acomp", "oprd"} and c.pos_ == "ADJ"), None)
        if complement is not None:
            base = f"{base} {complement.lower_}"  # "is popular in Japan", "are proving useful in": not "be in"
        for subject in clause.subjects:
            for prep, pobj in prepositions(verb):
                if prep.dep_ == "agent" or (prep.i < verb.i and prep.i < subject.i):
                    continue  # "In Monday's speech, Mr Okafor doubled ...": a fronted circumstance
                yield Found(subject, with_preposition(base, prep), pobj, q, _penalty(clause), relation_tokens(verb, prep))
            # "called for the sanctions to be eased": the preposition's clause has its own subject
            # (not "with staff earning $1m": an absolute clause is a circumstance, its subject no argument)
            clauses = [(prep, inner) for prep in verb.children if prep.dep_ == "prep" and prep.lower_ not in ABSOLUTE_PREPOSITIONS
                       for inner in prep.children if inner.dep_ in {"pcomp", "advcl"} and inner.pos_ in {"VERB", "AUX"}]
            clauses += [(mark, inner) for inner in verb.children if inner.dep_ == "advcl"
                        for mark in inner.children if mark.dep_ == "mark" and mark.lower_ == "for"]
            for prep, inner in clauses:
                for inner_subject in own_subjects(inner)[0]:
                    label = f"{base} {prep.lower_} {inner.lemma_.lower()}"
                    yield Found(subject, label, inner_subject, q, _penalty(clause), relation_tokens(verb, prep, inner))


@rule(
    "passive-agent",
    family=FAMILY,
    construction="a passive with its by-phrase, read as the active: 'X was V-ed by Y' → Y –V→ X",
    confidence=0.85,
    examples=[
        ("Chile was irritated by Peru.", ["Peru | irritate | Chile"]),
        ("The Prado Museum, run by Ana Ruiz, reopened.", ["Ana Ruiz | run | Prado Museum"]),
        ("Plans to close the Dagenham plant were condemned by Unison.", ["Unison | condemn plans to close | Dagenham plant"]),
    ],
    counter=[("Poland was angered in 2019.", ["2019 | anger | Poland"])],
)
def passive_agent(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        if not clause.passive:
            continue
        verb = clause.verb
        q = sentence.qualifiers(verb)
        for agent in clause.agents:
            for theme in clause.subjects:
                yield Found(agent, verb_label(verb), theme, q, _penalty(clause), relation_tokens(verb))
                # "Moves to lift the ban have been condemned by X" → X –condemn moves to lift→ ban
                if theme.pos_ == "NOUN" and sentence.named(theme) is None:
                    for inner in (c for c in theme.children if c.dep_ in {"acl", "relcl"} and takes_to(c)):
                        label = f"{verb_label(verb)} {noun_words(theme)} to {verb_label(inner)}"
                        for thing in expand(objects(inner)):
                            yield Found(agent, label, thing, q, _penalty(clause), relation_tokens(verb, theme, inner))


@rule(
    "copular-complement",
    family=FAMILY,
    construction="a copular or complement clause with a preposition or possessor: S –be member of→ O",
    confidence=0.75,
    examples=[
        ("Greece is a member of NATO.", ["Greece | be member of | NATO"]),
        ("Brazil is not compatible with Chile.", ["Brazil | be compatible with | Chile | negated"]),
        ("Nokia is a subsidiary company of Microsoft.", ["Nokia | be subsidiary company of | Microsoft"]),
        ("Norway is Europe's largest gas exporter.", ["Norway | be gas exporter of | Europe"]),
    ],
    counter=["Greece is a country."],
)
def copular_complement(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        complements = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS]
        if not complements:
            continue
        q = sentence.qualifiers(verb)
        for complement in complements:
            base = f"{verb_label(verb, clause.passive)} {noun_words(complement, modifiers=complement.pos_ == 'NOUN')}"
            relation = relation_tokens(verb, complement)
            for subject in clause.subjects:
                for prep, pobj in prepositions(complement):
                    yield Found(subject, with_preposition(base, prep), pobj, q, _penalty(clause), relation)
                if complement.dep_ != "attr":
                    continue
                # The preposition may hang on the verb: "remain a partner in NATO".
                for prep, pobj in prepositions(verb):
                    yield Found(subject, with_preposition(base, prep), pobj, q, _penalty(clause), relation)
                # A possessor of the complement: "Norway is Europe's second-biggest producer".
                for owner in (c for c in complement.children if c.dep_ == "poss"):
                    yield Found(subject, f"{base} of", owner, q, _penalty(clause), relation)


@rule(
    "light-verb",
    family=FAMILY,
    construction="a verb whose object noun names the relation, with the noun's preposition: "
    "'held talks with X' → S –hold talks with→ X",
    confidence=0.7,
    examples=[
        ("India held talks with Iran.", ["India | hold talks with | Iran"]),
        ("Vodafone took a stake in Verizon.", ["Vodafone | take stake in | Verizon"]),
        ("The Chilean government called off its deal with Huawei.", ["Chile | call off deal with | Huawei"]),
        ("Japan signed a deal to import coal from Australia.", ["Japan | sign deal to import coal from | Australia"]),
        ("Local farmers are raising money to build a new stadium.", ["farmers | raise money to build | new stadium"]),
    ],
    counter=[
        ("Finland suspended Norway's participation in the programme.", ["Finland | suspend participation in | programme"]),
        # the last name of a list that opens the next clause is no member of the list
        ("Westshire have some very good creative players in Tom Reed and Sam Vale and Ann Berg showed she can change the face of a game.",
         ["Westshire | have players in | Ann Berg"]),
    ],
)
def light_verb(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        if clause.passive:
            continue
        q = sentence.qualifiers(verb)
        base = verb_label(verb)
        for subject in clause.subjects:
            for obj in clause.objects:
                if obj.pos_ not in {"NOUN", "PROPN"} or owned_by_name(obj) or sentence.entity(obj) and obj.pos_ == "PROPN":
                    continue
                for prep, pobj in prepositions(obj):
                    yield Found(
                        subject, with_preposition(f"{base} {noun_words(obj)}", prep), pobj, q, _penalty(clause),
                        relation_tokens(verb, obj, prep),
                    )
                # "signed a deal to import gas from Iran": the deal's infinitive, done by the subject;
                # "raising money to open a mosque": the verb's purpose, read with its object
                purposes = [c for c in verb.children if c.dep_ == "advcl" and takes_to(c)] if sentence.entity(obj) is None else []
                for inner in [*(c for c in obj.children if c.dep_ in {"acl", "relcl"} and takes_to(c)), *purposes]:
                    label = f"{base} {noun_words(obj)} to {verb_label(inner)}"
                    for thing in expand(objects(inner)):
                        yield Found(subject, label, thing, q, _penalty(clause), relation_tokens(verb, obj, inner))
                        for prep, pobj in prepositions(thing):  # "... to import coal from Australia"
                            yield Found(subject, with_preposition(f"{label} {noun_words(thing)}", prep), pobj, q,
                                        _penalty(clause), relation_tokens(verb, obj, inner, thing, prep))
                    for prep, pobj in prepositions(inner):
                        yield Found(subject, with_preposition(label, prep), pobj, q, _penalty(clause), relation_tokens(verb, obj, inner, prep))


@rule(
    "preposition-noun",
    family=FAMILY,
    construction="a verb, a preposition and a noun that names the relation with its own preposition: "
    "'are at loggerheads with X', 'seen as a threat to X'",
    confidence=0.65,
    examples=[
        ("Peru is at loggerheads with Chile.", ["Peru | be at loggerheads with | Chile"]),
        ("The tool offers links in emails to Apple.", ["tool | offer links in emails to | Apple"]),
        ("Johnny Cash died after a long fight with heart disease.", ["Johnny Cash | die after fight with | heart disease"]),
    ],
    counter=[
        ("Villagers backed rebels in their fight against Peru.", ["Villagers | back in fight against | Peru"]),
        ("Boeing, in contrast to Airbus, hopes airlines will fly smaller aircraft.", ["Boeing | hop in contrast to | Airbus"]),
        ("The Westshire Club agreed to a moratorium on repayments for poor countries.", ["Westshire Club | agree on repayments for | poor countries"]),
    ],
)
def preposition_noun(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        q = sentence.qualifiers(verb)
        base = verb_label(verb, clause.passive)
        things = [o for o in clause.objects if o.dep_ == "dobj" and o.pos_ == "NOUN" and sentence.named(o) is None]
        if things:
            base = f"{base} {noun_words(things[0])}"  # "offers links in emails to X"
        for subject in clause.subjects:
            for prep, pobj in [*prepositions(verb), *_event_circumstances(verb)]:
                if prep.dep_ == "agent" or any(c.dep_ == "poss" for c in pobj.children):
                    continue  # "their battle against X" is theirs
                if prep.dep_ == "prep" and _after_another_phrase(verb, prep):
                    continue  # "agreed to a moratorium on repayments for X": on what the moratorium is, not the agreeing
                if pobj.pos_ != "NOUN" or sentence.named(pobj) is not None:
                    continue  # a concept names the relation too: "was behind hits by the Beatles"
                if pobj.lemma_.lower() in ABSTRACT_NOUNS or pobj.lemma_.lower() in DIRECTIONS:
                    continue  # "in the north of the country", "at the end of the year": where, not what
                for prep2, pobj2 in prepositions(pobj):
                    label = with_preposition(f"{with_preposition(base, prep)} {noun_words(pobj)}", prep2)
                    yield Found(subject, label, pobj2, q, _penalty(clause), relation_tokens(verb, prep, pobj, prep2))


def _after_another_phrase(verb: Token, prep: Token) -> bool:
    """True when ``prep`` follows straight on another prepositional phrase of ``verb``: the parser
    hangs "on repayments" of "agreed to a moratorium on repayments" on the verb, though it tells
    what the moratorium is about; the phrase is the noun's, and a relation read from it alone
    would drop the noun that carries its sense."""
    if prep.lower_ not in _NOUN_PREPOSITIONS:
        return False  # "played for England in the defeat by X": where and when hang on the verb
    for other in verb.children:
        if other.dep_ == "prep" and other.i < prep.i and other.right_edge.i == prep.i - 1:
            if any(c.dep_ == "pobj" and c.pos_ == "NOUN" for c in other.children):
                return True
    return False


# Prepositions that tell what a noun is about, so that after a noun they most often belong to it.
_NOUN_PREPOSITIONS = frozenset({"of", "on", "over", "about"})


def _event_circumstances(verb: Token) -> Iterator[tuple[Token, Token]]:
    """Circumstantial prepositions whose object is an event with its own party: "died after a long
    battle with cancer", "resigned after a row with the board"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"after", "before", "during", "following", "amid"}:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in RECIPROCAL_NOUNS | EVENT_NOUNS:
                    yield prep, pobj


def _particle_changes(verb: Token) -> bool:
    """True when a particle makes the verb another one, done to an object rather than between
    the subjects: "drew up proposals", "played down the risk" (not "split up", "teamed up")."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if not particles:
        return False
    return particles != ["up"] or any(c.dep_ == "dobj" for c in verb.children)


# Kinds of thing that can be the other party of a reciprocal verb ("met the minister", "fought Globex").
_PARTNER_TYPES = frozenset({"Person", "Organization", "Corporation", "GovernmentOrganization", "Country", "City", "SportsTeam"})


def _has_partner(token: Token) -> bool:
    """"talked with X", "a dispute with X": the partner is named, so the subjects are not each other's."""
    return any(c.dep_ == "prep" and c.lower_ in RECIPROCAL_PREPOSITIONS for c in token.children)


@rule(
    "reciprocal",
    family=FAMILY,
    construction="coordinated subjects of a reciprocal predicate relate to each other: 'X and Y clashed'",
    confidence=0.75,
    examples=[
        ("The Republicans and the Democrats have clashed over taxes.", ["Republicans | clash | Democrats"]),
        ("Madrid and Lisbon have established strong ties.", ["Spain | establish ties | Portugal"]),
    ],
    counter=[
        ("Paris and Lisbon signed a treaty with Madrid.", ["France | sign | Portugal"]),
        ("Northdale, Westshire and the Acme Foundation have drawn up proposals to fund vaccines.", ["Northdale | draw up | Acme Foundation"]),
        ("John Smith and Mary Jones were talked into the deal.", ["John Smith | be talked | Mary Jones"]),
        ("John Smith and Mary Jones met the minister of Westshire.", ["John Smith | meet | Mary Jones"]),
        ("John Smith and Mary Jones met the minister.", ["John Smith | meet | Mary Jones"]),
    ],
)
def reciprocal(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        subjects = list(clause.subjects)
        if len(subjects) < 2 or clause.passive:
            continue  # "X and Y were talked into it" is done to both, not between them
        base = verb_label(verb, clause.passive)
        label = None
        if verb.lemma_.lower() in RECIPROCAL_VERBS and not _has_partner(verb) and not _particle_changes(verb):
            if any(sentence.type_of(o) in _PARTNER_TYPES or o.lemma_.lower() in PERSON_NOUNS for o in clause.objects):
                continue  # "Reed and Berg met the minister": the one met is the partner, not each other
            label = base
        else:
            nouns = [o for o in clause.objects if o.lemma_.lower() in RECIPROCAL_NOUNS and not _has_partner(o)]
            if nouns:
                label = f"{base} {noun_words(nouns[0])}"
        if label is None:
            continue
        q = sentence.qualifiers(verb)
        for n, first in enumerate(subjects):
            for second in subjects[n + 1 :]:
                yield Found(first, label, second, q, 0.0, relation_tokens(verb))


@rule(
    "directive",
    family=FAMILY,
    construction="a directive or wanting verb relates the one demanding to the one asked: "
    "'X demanded that Y halt', 'X wanted Y to end', 'X expects Y to be lifted'",
    confidence=0.7,
    examples=[
        ("Berlin has demanded that Warsaw halt the project.", ["Germany | demand | Poland"]),
        ("Spain said it wanted the sanctions to end.", ["Spain | want | sanctions"]),
    ],
    counter=[
        ("Berlin has said that Warsaw halted the project.", ["Germany | say | Poland"]),
        (
            "Northdale and Westshire want the Acme budget to be capped at 1% - the Globex Commission has urged an increase to 1.26%.",
            ["Globex Commission | urge | Westshire"],
        ),
    ],
)
def directive(sentence: Sentence) -> Iterator[Found]:
    for clause in sentence.clauses:
        verb = clause.verb
        lemma = verb.lemma_.lower()
        if lemma not in DIRECTIVE_VERBS | WANTING_VERBS:
            continue
        q = sentence.qualifiers(verb)
        asked = []
        for inner in (c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i):
            # what is demanded follows the demand: a clause before it is a sentence of its own the
            # parser hung on it ("X want the budget capped - the Commission has urged an increase")
            own = own_subjects(inner)[0]
            if inner.dep_ == "ccomp" or own:
                asked.extend(own)  # "demanded that Warsaw halt", "wanted it to end" (it parsed as the subject)
        for asked_one in (a for a in asked if a.pos_ != "PRON"):  # "wanted it to end": it is too often a guess
            for subject in clause.subjects:
                yield Found(subject, verb_label(verb), asked_one, q, _penalty(clause), relation_tokens(verb))
