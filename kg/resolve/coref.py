"""Rule-based coreference on the parse (no coreference model installs offline).

:func:`resolve_pronouns` maps a referring word to one entity: the nearest
compatible entity mentioned before it, in its own sentence first, then the
subjects and other mentions of the two sentences before.

* "he", "his", "him", "she", "her" → a person, of that gender when a word
  before one of the person's mentions tells it ("Mrs May", "King Charles");
* "it", "its" → a single non-person (country, organisation, product, place);
* "they", "their", "them" → a group entity named by a plural noun ("Kurdish forces");
* definite descriptions: "the company", "the airline", "the bank" → a company
  or organisation, "the country" → a country, "the city" → a city;
* cataphora: a possessive before the speaker in a reporting sentence refers to
  the speaker ("Its sales fell, Siemens said"; "His plan failed, Scholz said").

:func:`resolve_plural_pronouns` maps a plural word to several entities at once:
"they", "their", "the two sides", "both" → the entities coordinated just before
("Chile and Peru ... they"), the two parties of the reporting clause a quote
hangs on ("The two sides must cooperate, Biden told Xi"), the people of the
clause it depends on ("Biden told Xi as they met"), or the coordinated subject
of the previous sentence.

First- and second-person pronouns ("we", "I", "you") depend on who is speaking
and are left alone. A word that finds no antecedent stays unresolved, and
statements on it are dropped (and counted) rather than turned into nodes.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from kg.nlp import sentence_numbers, sentences

__all__ = [
    "PRONOUN_TYPES",
    "DESCRIPTION_TYPES",
    "resolve_pronouns",
    "resolve_plural_pronouns",
    "is_referring_word",
]

# Which entity types each pronoun can refer to.
_PERSON = frozenset({"Person"})
_THING = frozenset({"Country", "City", "Place", "Organization", "Corporation", "GovernmentOrganization", "Product", "Event"})
_GROUP = frozenset({"Organization"})
_COMPANY = frozenset({"Corporation", "Organization"})
PRONOUN_TYPES: Mapping[str, frozenset[str]] = {
    "he": _PERSON, "him": _PERSON, "his": _PERSON, "himself": _PERSON,
    "she": _PERSON, "her": _PERSON, "hers": _PERSON, "herself": _PERSON,
    "it": _THING, "its": _THING, "itself": _THING,
    "they": _GROUP, "them": _GROUP, "their": _GROUP, "themselves": _GROUP,
}

# Definite descriptions that refer back to a named entity: "the company said".
DESCRIPTION_TYPES: Mapping[str, frozenset[str]] = {
    "company": _COMPANY, "firm": _COMPANY, "airline": _COMPANY, "carrier": _COMPANY, "bank": _COMPANY,
    "group": _COMPANY, "maker": _COMPANY, "manufacturer": _COMPANY, "retailer": _COMPANY,
    "insurer": _COMPANY, "lender": _COMPANY, "broadcaster": _COMPANY, "club": _COMPANY,
    "organisation": _GROUP, "organization": _GROUP, "alliance": _GROUP, "bloc": _GROUP,
    "country": frozenset({"Country"}), "nation": frozenset({"Country"}),
    "city": frozenset({"City"}), "capital": frozenset({"City"}),
}

# Words before a name that tell a person's gender ("Mrs May", "King Charles", "the
# spokeswoman, Jane Doe"); a pronoun of the other gender never refers to that person.
MALE_MARKERS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "duke", "chairman", "spokesman", "father", "brother", "son", "husband", "businessman"})
FEMALE_MARKERS = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "duchess", "chairwoman", "spokeswoman", "mother", "sister", "daughter", "wife", "businesswoman"}
)
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                   "she": "female", "her": "female", "hers": "female", "herself": "female"}
# Tokens before a mention searched for a gender marker.
_MARKER_WINDOW = 3

# Sentences before the word's own that may hold its antecedent.
_WINDOW = 2
# A plural pronoun only refers to a group whose name is plural ("forces", "rebels").
_PLURAL = frozenset({"they", "them", "their", "themselves"})
_SINGULAR_THING = frozenset({"it", "its", "itself"})
# Possessives that may point forward to the speaker: "Its profits fell, the bank said".
_CATAPHORIC = frozenset({"its", "his", "her", "their"})
# Verbs whose subject is the speaker of a sentence-initial quote.
_REPORTING = frozenset({"say", "tell", "add", "announce", "state", "insist", "claim", "report", "confirm"})

# (first token, entity id, token indices) of each mention, in text order.
_Mention = tuple[int, str, list[int]]


def _is_plural(doc: Doc, entity_tokens: list[int]) -> bool:
    return any(doc[i].tag_ in {"NNS", "NNPS"} for i in entity_tokens)


def _description_types(token: Token) -> frozenset[str] | None:
    """Types a definite description can refer to: "the company" (and nothing more) → companies."""
    if token.pos_ != "NOUN" or token.tag_ != "NN":
        return None
    types = DESCRIPTION_TYPES.get(token.lower_)
    if types is None:
        return None
    modifiers = [c for c in token.children if c.dep_ in {"det", "amod", "compound", "nmod", "poss", "nummod"}]
    if [c.lower_ for c in modifiers] != ["the"]:
        return None  # "a company", "the German company", "the company's"
    return types


def is_referring_word(token: Token) -> bool:
    """True for words that stand for an entity named elsewhere: pronouns and definite descriptions."""
    return (token.pos_ == "PRON" and token.lower_ in PRONOUN_TYPES) or _description_types(token) is not None


def _mentions_by_sentence(doc: Doc, token_entities: Mapping[int, str]) -> tuple[list[int], dict[int, list[_Mention]]]:
    sentence_of = sentence_numbers(doc)  # token index -> sentence number
    mentions: list[_Mention] = []
    for i in sorted(token_entities):
        eid = token_entities[i]
        if mentions and mentions[-1][1] == eid and mentions[-1][2][-1] == i - 1:
            mentions[-1][2].append(i)
        else:
            mentions.append((i, eid, [i]))
    by_sentence: dict[int, list[_Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(sentence_of[mention[0]], []).append(mention)
    return sentence_of, by_sentence


def resolve_pronouns(doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> dict[int, str]:
    """Map pronoun and definite-description token indices to the entity id they refer to.

    ``token_entities`` maps the tokens of entity mentions to entity ids and
    ``entity_types`` entity ids to their schema.org type.
    """
    sentence_of, by_sentence = _mentions_by_sentence(doc, token_entities)
    genders = _genders(doc, by_sentence)
    resolved: dict[int, str] = {}
    for token in doc:
        if token.i in token_entities:
            continue
        if token.pos_ == "PRON" and token.lower_ in PRONOUN_TYPES:
            allowed, word = PRONOUN_TYPES[token.lower_], token.lower_
        else:
            allowed, word = _description_types(token), "it"
            if allowed is None:
                continue
        antecedent = _antecedent(doc, token, word, allowed, by_sentence, sentence_of[token.i], entity_types, genders)
        if antecedent is not None:
            resolved[token.i] = antecedent
    return resolved


def _antecedent(
    doc: Doc,
    token: Token,
    word: str,
    allowed: frozenset[str],
    by_sentence: Mapping[int, list[_Mention]],
    here: int,
    entity_types: Mapping[str, str],
    genders: Mapping[str, str],
) -> str | None:
    """Nearest compatible entity for ``token``: before it in its sentence, the speaker, earlier subjects."""
    gender = _PRONOUN_GENDER.get(word)

    def compatible(eid: str, tokens: list[int]) -> bool:
        if entity_types.get(eid) not in allowed:
            return False
        if gender and genders.get(eid, gender) != gender:
            return False
        if word in _PLURAL:
            return _is_plural(doc, tokens)
        return word not in _SINGULAR_THING or not _is_plural(doc, tokens)

    sentence = by_sentence.get(here, [])
    for _, eid, tokens in reversed([m for m in sentence if m[0] < token.i]):
        if compatible(eid, tokens):
            return eid
    if word in _CATAPHORIC:
        speaker = _speaker(sentences(doc)[here])
        for first, eid, tokens in sentence:
            if speaker is not None and speaker.i in tokens and first > token.i and compatible(eid, tokens):
                return eid
    for n in range(here - 1, max(here - _WINDOW, 0) - 1, -1):
        candidates = by_sentence.get(n, [])
        subjects = [m for m in candidates if any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in m[2])]
        for _, eid, tokens in [*subjects, *reversed(candidates)]:
            if compatible(eid, tokens):
                return eid
    return None


def _genders(doc: Doc, by_sentence: Mapping[int, list[_Mention]]) -> dict[str, str]:
    """Entity id → "male"/"female" where a word before one of its mentions says so ("Mrs May")."""
    genders: dict[str, str] = {}
    for mentions in by_sentence.values():
        for first, eid, _ in mentions:
            before = {t.lower_ for t in doc[max(0, first - _MARKER_WINDOW) : first]}
            if before & MALE_MARKERS:
                genders.setdefault(eid, "male")
            elif before & FEMALE_MARKERS:
                genders.setdefault(eid, "female")
    return genders


def _speaker(sent: Span) -> Token | None:
    """Subject of a reporting verb heading the sentence: "…, Siemens said" → Siemens."""
    root = sent.root
    if root.lemma_.lower() not in _REPORTING:
        return None
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    return subjects[0] if subjects else None


def _coordinated(doc: Doc, token_entities: Mapping[int, str], start: int, end: int) -> list[tuple[Token, tuple[str, ...]]]:
    """Coordinated entity mentions between ``start`` and ``end``: "Chile and Peru" → (head, (chile, peru))."""
    groups = []
    for i in range(start, end):
        token = doc[i]
        if i in token_entities and token.dep_ != "conj" and any(c.dep_ == "conj" for c in token.children):
            members = tuple(dict.fromkeys(token_entities[t.i] for t in (token, *token.conjuncts) if t.i in token_entities))
            if len(members) > 1:
                groups.append((token, members))
    return groups


def _is_plural_reference(token: Token) -> bool:
    """"they"/"them"/"their", "both", and "the two sides"/"both sides"."""
    if token.pos_ == "PRON" and token.lower_ in _PLURAL:
        return True
    if token.lower_ == "both" and token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return True
    return token.lower_ == "sides" and any(c.lower_ in {"two", "both"} for c in token.children)


def _reporting_parties(token: Token, token_entities: Mapping[int, str]) -> tuple[str, ...]:
    """Speaker and addressee of the reporting clause a quote hangs on: "…, Biden told Xi"."""
    clause = token.head
    while clause.dep_ not in {"ccomp", "parataxis"} and clause.head != clause:
        clause = clause.head
    if clause.dep_ not in {"ccomp", "parataxis"}:
        return ()
    reporting = clause.head
    parties = [
        token_entities[c.i]
        for c in reporting.children
        if c.dep_ in {"nsubj", "dobj", "dative"} and c.i in token_entities
    ]
    return tuple(dict.fromkeys(parties)) if len(set(parties)) > 1 else ()


def resolve_plural_pronouns(
    doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]
) -> dict[int, tuple[str, ...]]:
    """Map plural references ("they", "both", "the two sides") to the several entities they stand for."""
    resolved: dict[int, tuple[str, ...]] = {}
    spans = sentences(doc)
    for n, sent in enumerate(spans):
        for token in sent:
            if token.i in token_entities or not _is_plural_reference(token):
                continue
            groups = _coordinated(doc, token_entities, sent.start, token.i)
            parties = _reporting_parties(token, token_entities)
            if parties:
                resolved[token.i] = parties
                continue
            if groups:
                resolved[token.i] = groups[-1][1]
                continue
            people = _clause_people(token, token_entities, entity_types)
            if people:
                resolved[token.i] = people
                continue
            if n > 0:
                previous = spans[n - 1]
                subjects = [
                    members
                    for head, members in _coordinated(doc, token_entities, previous.start, previous.end)
                    if head.dep_ in {"nsubj", "nsubjpass"}
                ]
                if subjects:
                    resolved[token.i] = subjects[-1]
    return resolved


def _clause_people(token: Token, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> tuple[str, ...]:
    """The people of the clause a subordinate "they" hangs on: "Biden told Xi as they met"."""
    clause = token.head
    if token.dep_ != "nsubj" or clause.dep_ not in {"advcl", "ccomp", "conj"}:
        return ()
    main = clause.head
    people = tuple(
        dict.fromkeys(
            token_entities[c.i]
            for c in main.children
            if c.i < token.i and c.i in token_entities and entity_types.get(token_entities[c.i]) == "Person"
        )
    )
    return people if len(people) > 1 else ()
