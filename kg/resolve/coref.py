"""Rule-based coreference on the parse (no coreference model installs offline).

:func:`resolve_descriptions` maps definite descriptions to the named entity
they stand for:

* a descriptor seen with a name: "oil giant Initech ... the oil giant", "the
  Stop, Think campaign ... the campaign", "Globex, a newspaper company ... the company";
* a title held by a person: "Chancellor Nina Okafor ... the chancellor";
* a kind that fits the entity's type: "the firm", "the airline" → the nearest
  company or organisation; "the singer", "the 33-year-old" → the nearest person;
  "the country" → a country; not a work, product or event ("the film", "the
  game": as often one never named as the last one named), nor a body placed
  or set apart by its modifiers ("the German-based firm", "the same league");
* in the first sentences of an article, a description that has no antecedent
  refers forward to the first compatible name ("A US company has pulled out
  ... Globex International, of Dayton, ...").

:func:`resolve_pronouns` maps a pronoun to one entity: the nearest compatible
entity mentioned before it, in its own sentence first, then the subjects and
other mentions of the two sentences before.

* "he", "his", "him", "she", "her" → a person, of that gender when something
  says it ("Mrs May", "King Harald", a given name);
* "it", "its" → a single non-person (country, organisation, product, work, event);
* "they", "their", "them" → a group named by a plural noun, else an
  organisation (British news says "the Greens are", "the Republicans say they");
* cataphora: a possessive before the speaker in a reporting sentence refers to
  the speaker ("Its sales fell, Siemens said").

:func:`resolve_plural_pronouns` maps a plural word to several entities at once:
"they", "their", "the two sides", "both" → the entities coordinated just before
("Chile and Peru ... they"), the two parties of the reporting clause a quote
hangs on, the people of the clause it depends on, or the coordinated subject
of the previous sentence.

First- and second-person pronouns depend on who is speaking and are left
alone. A word that finds no antecedent stays unresolved, and statements on it
are dropped (and counted) rather than turned into nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kg.lexicon import (
    ARRIVAL_WORDS,
    DUMMY_IT_VERBS,
    AGE_MARKERS,
    COPULAR_VERBS,
    AGREEMENT_NOUNS,
    CITY_NOUNS,
    COMPANY_NOUNS,
    COUNTRY_NOUNS,
    EXTRAPOSITION_ADJECTIVES,
    FEMALE_MARKERS,
    GENERIC_PERSON_NOUNS,
    INSTITUTION_NOUNS,
    MALE_MARKERS,
    MEDIA_NOUNS,
    OFFICIAL_NOUNS,
    ORGANISATION_NOUNS,
    PARTY_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PRODUCT_NOUNS,
    EXTRAPOSING_VERBS,
    RAISING_VERBS,
    REPORTING_VERBS,
    STATE_NOUNS,
    TIME_NOUNS,
    TITLES,
    VAGUE_MODIFIERS,
    WORK_NOUNS,
)
from kg.extract.clauses import object_controller, takes_to
from kg.extract.mentions import collective_demonym
from kg.nlp import sentence_numbers, sentences

__all__ = [
    "PRONOUN_TYPES",
    "resolve_pronouns",
    "resolve_plural_pronouns",
    "resolve_descriptions",
    "description_types",
    "is_referring_word",
    "is_expletive",
]

# Which entity types each pronoun can refer to.
_PERSON = frozenset({"Person"})
_ORGANISATIONS = frozenset({"Organization", "Corporation", "GovernmentOrganization"})
_THING = frozenset({"Country", "City", "Place", "Product", "Event", "CreativeWork"}) | _ORGANISATIONS
PRONOUN_TYPES: Mapping[str, frozenset[str]] = {
    "he": _PERSON, "him": _PERSON, "his": _PERSON, "himself": _PERSON,
    "she": _PERSON, "her": _PERSON, "hers": _PERSON, "herself": _PERSON,
    "it": _THING, "its": _THING, "itself": _THING,
    "they": _ORGANISATIONS | {"Country"}, "them": _ORGANISATIONS | {"Country"},
    "their": _ORGANISATIONS | {"Country"}, "themselves": _ORGANISATIONS | {"Country"},
}
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                   "she": "female", "her": "female", "hers": "female", "herself": "female"}

# Kinds of description and the types they refer to, in order of precedence.
_DESCRIPTION_KINDS = (
    (PERSON_NOUNS | TITLES | AGE_MARKERS, _PERSON),
    (COUNTRY_NOUNS, frozenset({"Country"})),
    (CITY_NOUNS, frozenset({"City"})),
    (STATE_NOUNS, frozenset({"Country", "GovernmentOrganization"})),
    (PARTY_NOUNS, frozenset({"Organization"})),  # a party is no company nor ministry
    (COMPANY_NOUNS, frozenset({"Corporation", "Organization"})),
    (MEDIA_NOUNS | ORGANISATION_NOUNS, _ORGANISATIONS | {"CreativeWork"}),
    (WORK_NOUNS, frozenset({"CreativeWork", "Event", "Product"})),
    (PRODUCT_NOUNS, frozenset({"Product"})),
    (AGREEMENT_NOUNS, frozenset({"Event", "CreativeWork"})),
)
# Determiners of a definite description.
_DEFINITE = frozenset({"the", "this", "that"})
# Sentences before the word's own that may hold its antecedent.
_WINDOW = 2
# Sentences before a description that may hold its antecedent by type alone.
_DESCRIPTION_WINDOW = 3
# Sentences at the start of an article where a description may point forward.
_LEAD_SENTENCES = 3
_PLURAL = frozenset({"they", "them", "their", "themselves"})
_SINGULAR_THING = frozenset({"it", "its", "itself"})
_CATAPHORIC = frozenset({"its", "his", "her", "their"})

# (first token, entity id, token indices) of each mention, in text order.
_Mention = tuple[int, str, list[int]]


def _is_plural(doc: Doc, entity_tokens: list[int]) -> bool:
    """A mention of several things: a plural common noun ("forces"), or a plural name after
    "the" ("the Rolling Stones"); a name ending in -s alone ("Jaws") is not."""
    if any(doc[i].tag_ == "NNS" for i in entity_tokens):
        return True
    first = entity_tokens[0]
    return doc[entity_tokens[-1]].tag_ == "NNPS" and first > 0 and doc[first - 1].lower_ == "the"


def _head_words(token: Token) -> set[str]:
    """The description's head and its compounds as one phrase: "the home secretary" → {"secretary", "home secretary"}."""
    compounds = [t for t in token.lefts if t.dep_ in {"compound", "amod"}]
    words = {token.lower_, token.lemma_.lower()}
    for k in range(len(compounds)):
        words.add(" ".join([*(t.lower_ for t in compounds[k:]), token.lower_]))
    if any(t.lower_ in AGE_MARKERS or t.lower_.endswith("-old") for t in token.subtree):
        words.add("year-old")
    return words


def description_types(token: Token, token_entities: Mapping[int, str] | None = None) -> tuple[frozenset[str], set[str]] | None:
    """(types it can refer to, its head words) for a definite description, else None.

    "the firm", "the media giant", "the 51-year-old designer", "the chancellor";
    not "a company", "the German company's", nor a noun with a named modifier.
    """
    if token.pos_ not in {"NOUN", "ADJ", "PROPN"} or token.tag_ not in {"NN", "JJ", "NNP"}:
        return None
    if token.pos_ == "PROPN" and token.ent_type_ != "NORP":
        return None
    determiners = [c for c in token.children if c.dep_ == "det"]
    if not determiners or determiners[0].lower_ not in _DEFINITE:
        return None
    named = token_entities or {}
    for child in token.children:
        if child.dep_ == "poss" or (child.dep_ in {"compound", "nmod"} and (child.ent_type_ in {"PERSON", "ORG", "GPE"} or child.i in named)):
            return None  # "the company's", "the BBC programme", "the F-35 program": not a description
    words = _head_words(token)
    if token.lower_ == "old" or token.lower_.endswith("-old"):
        return _PERSON, words | {"year-old"}
    if token.ent_type_ == "NORP" and token.tag_ in {"NNP", "JJ", "NN"} and not token.lower_.endswith("s"):
        if collective_demonym(token.lower_):
            return None  # "the Irish beat Italy": the side, named as a country
        return _PERSON, words  # "the American said": a person of that nationality
    for kinds, types in _DESCRIPTION_KINDS:
        if words & kinds:
            return types, words
    return None


def _possessive_description(
    doc: Doc,
    token: Token,
    token_entities: Mapping[int, str],
    entity_types: Mapping[str, str],
    by_sentence: Mapping[int, list[_Mention]],
    here: int,
    descriptors: Mapping[str, frozenset[str]],
) -> str | None:
    """"his organisation", "its parent company", "their party": the nearest organisation named before,
    other than the possessor itself (for a party, one known as a party)."""
    if token.pos_ != "NOUN" or token.tag_ != "NN" or not (_head_words(token) & (COMPANY_NOUNS | ORGANISATION_NOUNS | PARTY_NOUNS)):
        return None
    owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in {"his", "her", "its", "their"}]
    if not owners:
        return None
    owner = token_entities.get(owners[0].i)
    wanted = "party" if _head_words(token) & PARTY_NOUNS else None
    for n in range(here, max(here - 2, 0) - 1, -1):
        for first, eid, _ in reversed(by_sentence.get(n, [])):
            if first < token.i and eid != owner and entity_types.get(eid) in _ORGANISATIONS:
                if wanted is None or wanted in descriptors.get(eid, frozenset()):
                    return eid
    return None


def _has_definite_article(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children)


def _bare_or_definite(token: Token) -> bool:
    """"the awards", "police", "the former church": a definite or bare noun without a modifier
    of its own (vague adjectives aside). Not "a £5bn plan", whose article the parse hung on the
    amount."""
    if any(t.dep_ == "det" and t.lower_ not in _DEFINITE for t in token.subtree if t.i < token.i):
        return False
    for child in token.children:
        if child.dep_ == "amod" and child.lower_ in VAGUE_MODIFIERS:
            continue
        if child.dep_ in {"amod", "compound", "poss", "nummod", "nmod"}:
            return False
    return True


def is_referring_word(token: Token) -> bool:
    """True for words that stand for an entity named elsewhere: pronouns and definite descriptions."""
    if token.pos_ == "PRON" and token.lower_ in PRONOUN_TYPES:
        return not is_expletive(token)
    return description_types(token) is not None


def _opens_clause(node: Token) -> bool:
    """True when a clause hangs from ``node``: "to V" or "(that) ..." ("good to develop", "clear that")."""
    for child in node.children:
        if child.dep_ in {"xcomp", "advcl", "relcl"} and takes_to(child):
            return True
        if child.dep_ == "ccomp":
            return True
    return False


def _arrival(word: Token) -> bool:
    """A word of arrival after "made it" (:data:`~kg.lexicon.ARRIVAL_WORDS`): "to the final", "through",
    "into the team"; not "into a museum", where "it" is made into something new."""
    if word.dep_ not in {"prep", "advmod", "prt"} or word.lower_ not in ARRIVAL_WORDS:
        return False
    return not (word.lower_ == "into" and any(c.dep_ == "pobj" and any(d.lower_ in {"a", "an"} for d in c.children) for c in word.children))


def is_expletive(token: Token) -> bool:
    """True for an "it" that names nothing, the subject standing for the clause that follows:
    "it would be good to develop software", "isn't it ironic that ...", "it should be up to the
    operators to provide ...", "it seems that ...", "it is understood that ...", and "it" of a
    stretch of time ("it is the third year at ...", "it is time to act"). Not "it was able to
    cut costs", whose "it" is the firm. The object "it" of "made it to the final" names nothing either."""
    if token.lower_ == "it" and token.dep_ == "dobj" and token.head.lemma_.lower() in DUMMY_IT_VERBS:
        return any(_arrival(c) for c in token.head.children if c.i > token.i)
    if token.lower_ != "it" or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    lemma = verb.lemma_.lower()
    if lemma in RAISING_VERBS:
        return any(c.dep_ == "ccomp" for c in verb.children)  # "it seems that ..."
    if lemma in EXTRAPOSING_VERBS:
        # "it takes three years to build it", "how much energy it takes to recharge": the
        # infinitive hangs on the verb itself, not on its object ("it took the decision to close")
        return any(c.dep_ in {"xcomp", "advcl"} and takes_to(c) for c in verb.children)
    if token.dep_ == "nsubjpass":
        return verb.lower_ in EXTRAPOSITION_ADJECTIVES and any(c.dep_ == "ccomp" for c in verb.children)
    if lemma not in COPULAR_VERBS:  # "be", and "prove", "become": "it could prove difficult for Acme to ..."
        return False
    for child in verb.children:
        if child.dep_ in {"acomp", "oprd"} and child.lower_ in EXTRAPOSITION_ADJECTIVES and (_opens_clause(child) or _opens_clause(verb)):
            return True
        if child.dep_ == "attr" and child.lemma_.lower() in TIME_NOUNS:
            return True
        if child.dep_ == "prep" and child.lower_ == "up" and any(c.lower_ == "to" for c in child.children) and _opens_clause(verb):
            return True  # "it is up to the operators to provide ..."
    return False


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


def _name_heads(doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> dict[str, str]:
    """Lemma of the last word of each organisation, event or work name → its entity id (the last one named):
    "Thames Valley Police" → police, "Golden Reel Awards" → award."""
    heads: dict[str, str] = {}
    for i in sorted(token_entities):
        eid = token_entities[i]
        if entity_types.get(eid) in _ORGANISATIONS | {"Event", "CreativeWork", "Product"}:
            if i + 1 >= len(doc) or token_entities.get(i + 1) != eid:
                token = doc[i]
                if token.pos_ == "PROPN" and len(token.text) > 2:  # a name's word, not "NATO countries"
                    for form in {token.lemma_.lower(), token.lower_}:
                        heads[form] = eid
                        heads[_singular(form)] = eid
    return heads


def _plural_word(token: Token) -> bool:
    """A plural common noun: "banks"; not "police", whose singular is the same word."""
    return token.tag_ == "NNS" and token.lemma_.lower() != token.lower_


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def resolve_descriptions(
    doc: Doc,
    token_entities: Mapping[int, str],
    entity_types: Mapping[str, str],
    descriptors: Mapping[str, frozenset[str]] | None = None,
    titles: Mapping[str, frozenset[str]] | None = None,
) -> dict[int, str]:
    """Map definite-description head tokens to the named entity they refer to (see the module docstring)."""
    descriptors = descriptors or {}
    titles = titles or {}
    sentence_of, by_sentence = _mentions_by_sentence(doc, token_entities)
    first_mention: dict[str, int] = {}
    for i in sorted(token_entities):
        first_mention.setdefault(token_entities[i], i)
    name_heads = _name_heads(doc, token_entities, entity_types)
    name_words: dict[str, set[str]] = {}  # entity → the last words of its names, as written
    for i, eid in token_entities.items():
        if i + 1 >= len(doc) or token_entities.get(i + 1) != eid:
            name_words.setdefault(eid, set()).add(doc[i].lower_)
    resolved: dict[int, str] = {}
    for token in doc:
        if token.i in token_entities:
            continue
        named = name_heads.get(token.lemma_.lower()) or name_heads.get(_singular(token.lower_))
        bare_word = token.tag_ == "NN" and token.is_lower and not any(c.dep_ == "det" for c in token.children)
        if named is not None and _plural_word(token) and (token.lower_ not in name_words[named] or not _has_definite_article(token)):
            # "the banks" are several, not the one "Globex Bank"; "the awards" are the "Acme Awards", but
            # "students" are any students, not the "Westshire Union of Students"
            named = None
        if named is not None and token.pos_ == "NOUN" and _bare_or_definite(token) and not bare_word:
            # ("found fame" is no "Hollywood Walk of Fame": a bare lower-case singular is a word, not a name)
            if first_mention[named] < token.i or sentence_of[token.i] <= _LEAD_SENTENCES:
                resolved[token.i] = named  # "the awards" after "the Golden Reel Awards"; a lead's "Police"
                continue
        owned = _possessive_description(doc, token, token_entities, entity_types, by_sentence, sentence_of[token.i], descriptors)
        if owned is not None:
            resolved[token.i] = owned  # "his organisation" → the organisation named just before
            continue
        found = description_types(token, token_entities)
        if found is None:
            continue
        allowed, words = found
        here = sentence_of[token.i]
        # 1. a descriptor or title seen with a name before
        described = [
            (max(i for i in range(token.i) if token_entities.get(i) == eid), eid)
            for eid in set(token_entities.values())
            if first_mention[eid] < token.i
            and (words & descriptors.get(eid, frozenset()) or words & titles.get(eid, frozenset()))
            and entity_types.get(eid) in allowed | _ORGANISATIONS | _PERSON
        ]
        if described:
            resolved[token.i] = max(described)[1]
            continue
        # 2. the nearest entity of a fitting type, for people, bodies and places only: "the
        # film", "the game", "the project" are as often a thing the text never named as the
        # last work or event it did (a work named with its kind is found by 1: "the comedy
        # Hitch ... the comedy")
        if allowed.isdisjoint(_PERSON | _ORGANISATIONS | {"Country", "City"}):
            continue
        if allowed != _PERSON and _placed_or_set_apart(token):
            continue  # "the German-based firm", "the African nation", "the same league": not just any nearest one
        if words & INSTITUTION_NOUNS and not words - INSTITUTION_NOUNS:
            continue  # "the court" is a court named before, not the nearest organisation
        if allowed == _PERSON and token.lemma_.lower() in GENERIC_PERSON_NOUNS:
            continue  # "the boy", "the woman": someone left unnamed, unless called so above
        antecedent = _nearest(doc, token, allowed, by_sentence, here, entity_types, _DESCRIPTION_WINDOW, words)
        if antecedent is None and here <= _LEAD_SENTENCES:
            antecedent = _forward(token, allowed, by_sentence, here, entity_types)
        if antecedent is not None:
            resolved[token.i] = antecedent
    return resolved


# Adjectives that set a description's referent apart from what was named: "the same league",
# "the other team", "the one team", "the following game", "the right-hand side".
_SETTING_APART = frozenset({"same", "other", "one", "following", "next", "another", "rival", "right-hand", "left-hand", "previous", "latter", "former"})


def _placed_or_set_apart(token: Token) -> bool:
    """True for a description of a body or place whose modifiers say where it is ("the
    German-based firm", "the African nation", "the Italian stock exchange") or that it is
    another one ("the same league"): the nearest body of the type need not be it. Industry
    words are no such modifier ("the media giant", "the search giant")."""
    for child in token.children:
        if child.dep_ not in {"amod", "compound", "nmod", "npadvmod"}:
            continue
        if child.lower_ in _SETTING_APART or child.ent_type_ in {"NORP", "GPE", "LOC"}:
            return True
        if any(t.lower_ == "based" for t in child.subtree):  # "German-based", "Paris-based"
            return True
    return False


def _nearest(
    doc: Doc,
    token: Token,
    allowed: frozenset[str],
    by_sentence: Mapping[int, list[_Mention]],
    here: int,
    entity_types: Mapping[str, str],
    window: int,
    words: set[str],
) -> str | None:
    if words & TITLES and allowed == _PERSON:
        return None  # a title alone is held by someone named with it, or stays unresolved
    own = _clause_subjects(token, reporters=allowed <= _PERSON)
    own_entities = {eid for _, eid, tokens in by_sentence.get(here, []) if own & set(tokens)}
    for _, eid, tokens in reversed([m for m in by_sentence.get(here, []) if m[0] < token.i]):
        if entity_types.get(eid) in allowed and eid not in own_entities:
            return eid  # "X owns shares in the company": the company is not X
    excluded = own_entities
    for n in range(here - 1, max(here - window, 0) - 1, -1):
        candidates = by_sentence.get(n, [])
        subjects = [m for m in candidates if any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in m[2])]
        for _, eid, _ in [*subjects, *reversed(candidates)]:
            if entity_types.get(eid) in allowed and eid not in excluded:
                return eid
    return None


def _clause_subjects(token: Token, reporters: bool = False) -> set[int]:
    """Token indices of the subjects of the clause an argument stands in, and with
    ``reporters`` of the clauses that report it: in "Reed says the 30-year-old must draw
    on ...", the 30-year-old is not Reed, who speaks of someone else (a country or firm
    does speak of itself so: "Mexico said the country would join")."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
        verb = verb.head
    found = {c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}}
    while reporters and verb.dep_ == "ccomp" and verb.head != verb:
        verb = verb.head
        found |= {c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}}
    return found


def _forward(
    token: Token,
    allowed: frozenset[str],
    by_sentence: Mapping[int, list[_Mention]],
    here: int,
    entity_types: Mapping[str, str],
    prefer: frozenset[str] = frozenset(),
) -> str | None:
    """The first compatible entity after a lead description, subjects and preferred types first:
    "A US company has pulled out ..., officials said. Globex International heads ..." → Globex."""
    doc = token.doc
    candidates = []
    for n in range(here, here + 3):
        for first, eid, tokens in by_sentence.get(n, []):
            if first > token.i and entity_types.get(eid) in allowed:
                subject = any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in tokens)
                candidates.append((entity_types.get(eid) not in prefer, not subject, first, eid))
    return min(candidates)[3] if candidates else None


def resolve_lead_descriptions(
    doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]
) -> dict[int, str]:
    """Indefinite descriptions in an article's first sentences that the next sentences name:
    "A US company has pulled out ... Globex International, of Dayton, heads ..." ."""
    sentence_of, by_sentence = _mentions_by_sentence(doc, token_entities)
    resolved: dict[int, str] = {}
    for token in doc:
        if token.i in token_entities or token.tag_ != "NN":
            continue
        model = _model_named_later(token, token_entities, entity_types)
        if model is not None:
            resolved[token.i] = model
            continue
        if sentence_of[token.i] > _LEAD_SENTENCES:
            continue
        if token.dep_ not in {"nsubj", "nsubjpass"} and not (token.dep_ == "dobj" and sentence_of[token.i] <= 1):
            continue  # subjects of the lead; objects of its first sentence ("has released a trial tool")
        determiners = [c for c in token.children if c.dep_ == "det"]
        if determiners and determiners[0].lower_ not in {"a", "an"}:
            continue
        if not determiners and not any(c.dep_ in {"compound", "amod"} for c in token.children):
            continue  # a headline's "US firm" has no article
        words = _head_words(token)
        if words & OFFICIAL_NOUNS:
            continue  # "The government is being naive": which one, the lead does not say
        for kinds, types in _DESCRIPTION_KINDS:
            if words & kinds:
                prefer = frozenset({"Corporation"}) if words & COMPANY_NOUNS else frozenset()
                antecedent = _forward(token, types, by_sentence, sentence_of[token.i], entity_types, prefer)
                if antecedent is not None:
                    resolved[token.i] = antecedent
                break
    return resolved


def _model_named_later(token: Token, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> str | None:
    """For an indefinite description of a product that no model name came before ("an advanced
    missile system"), the one model (a product name with a digit) whose name later modifies the
    same noun ("the KS-9 air-defence system", "KS-9 missile systems") → KS-9; else None."""
    if not (token.lemma_.lower() in PRODUCT_NOUNS or token.lower_ in PRODUCT_NOUNS):
        return None
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children):
        return None
    lemma = token.lemma_.lower()
    doc = token.doc

    def modified(word: Token) -> str:
        """Lemma of the noun a name stands before: "F-16 fighter jet" → jet."""
        while word.dep_ in {"compound", "nmod", "nummod"} and word.head.i > word.i and word.head.pos_ in {"NOUN", "PROPN"}:
            word = word.head
        return word.lemma_.lower()

    def models(indices: range) -> set[str]:
        return {
            token_entities[i] for i in indices
            if i in token_entities and entity_types.get(token_entities[i]) == "Product"
            and any(ch.isdigit() for ch in doc[i].text)  # a model: "KS-9", "A350", not "an HIV vaccine"
            and doc[i].dep_ in {"compound", "nmod", "nummod"} and modified(doc[i]) == lemma
        }

    if models(range(token.i)):
        return None  # "the S-300 system ... a missile system": another one
    named = models(range(token.i + 1, len(doc)))
    return named.pop() if len(named) == 1 else None


def resolve_pronouns(
    doc: Doc,
    token_entities: Mapping[int, str],
    entity_types: Mapping[str, str],
    genders: Mapping[str, str] | None = None,
    concepts: frozenset[str] = frozenset(),
    skip: frozenset[int] = frozenset(),
    embedded: Mapping[int, str] | None = None,
    quotes: Sequence[tuple[int, int, str]] = (),
) -> dict[int, str]:
    """Map pronoun token indices to the entity id they refer to.

    ``token_entities`` maps the tokens of entity mentions to entity ids,
    ``entity_types`` entity ids to their schema.org type, and ``genders``
    people to "male"/"female" where their mentions say so. ``concepts`` are
    the ids of unnamed entities: a pronoun refers to one only when no named
    entity fits. Within the pronoun's sentence, subjects come first. ``embedded`` maps the
    tokens of names that a concept's phrase holds to the names' ids: candidates too. ``quotes``
    are (start, end, speaker id) of quotations (character offsets, see :mod:`kg.extract.quotes`):
    inside one, "he" or "she" is someone the speaker talks about, not the speaker, who says "I"
    ('Reed praised Vale. "He scores goals," Reed said': he is Vale).
    """
    sentence_of, by_sentence = _mentions_by_sentence(doc, token_entities)
    if embedded:
        # a name inside a concept's phrase is a mention of its own too ("Globex investors ... its bid")
        for n, mentions in _mentions_by_sentence(doc, embedded)[1].items():
            by_sentence[n] = sorted([*by_sentence.get(n, []), *mentions], key=lambda m: (m[0], -len(m[2])))
    genders = dict(genders or {})
    unsure = _unsure_people(by_sentence, entity_types, genders)
    resolved: dict[int, str] = {}
    for token in doc:
        if token.i in token_entities or token.i in skip:
            continue  # ``skip``: plural words already read as several entities
        if token.pos_ == "PRON" and token.lower_ in PRONOUN_TYPES and not is_expletive(token):
            excluded = _co_arguments(token, token_entities, resolved)
            if token.lower_ in _PRONOUN_GENDER:
                excluded |= unsure | {speaker for start, end, speaker in quotes if start < token.idx < end}
            antecedent = _antecedent(
                doc, token, token.lower_, by_sentence, sentence_of[token.i], entity_types, genders, concepts, excluded
            )
            if antecedent is not None:
                resolved[token.i] = antecedent
    return resolved


def _unsure_people(
    by_sentence: Mapping[int, list[_Mention]], entity_types: Mapping[str, str], genders: Mapping[str, str]
) -> frozenset[str]:
    """People that only one NER label says are people: named once, in one word, with no gender from
    a title, honorific or given name ("with Northdale", "moved to Westshire"). News names the person
    "he" or "she" refers to in full or again, so these are no antecedents of a gendered pronoun:
    "He is now winding down his career" is not Northdale's. (A singer known by one name, named again, stays one.)"""
    counts: dict[str, int] = {}
    named_in_full: set[str] = set()
    for mentions in by_sentence.values():
        for _, eid, tokens in mentions:
            counts[eid] = counts.get(eid, 0) + 1
            if len(tokens) > 1:
                named_in_full.add(eid)
    return frozenset(
        eid for eid, count in counts.items()
        if count == 1 and entity_types.get(eid) == "Person" and eid not in named_in_full and eid not in genders
    )


def _co_arguments(token: Token, token_entities: Mapping[int, str], resolved: Mapping[int, str]) -> frozenset[str]:
    """Entities an object pronoun cannot be: its own clause's subject ("he turned him down":
    him is not he). Reflexives and possessives can."""
    if token.dep_ == "poss":
        # "Globex, its subsidiary": a possessive is not the name its phrase stands beside
        noun = token.head
        anchors = [noun.head] if noun.dep_ == "appos" else [c for c in noun.children if c.dep_ == "appos"]
        return frozenset(token_entities[a.i] for a in anchors if a.i in token_entities)
    if token.dep_ not in {"dobj", "dative", "pobj"} or token.lower_.endswith(("self", "selves")):
        return frozenset()
    verb = token.head if token.dep_ != "pobj" else token.head.head
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return frozenset(e for c in subjects for e in (token_entities.get(c.i), resolved.get(c.i)) if e)


def _antecedent(
    doc: Doc,
    token: Token,
    word: str,
    by_sentence: Mapping[int, list[_Mention]],
    here: int,
    entity_types: Mapping[str, str],
    genders: Mapping[str, str],
    concepts: frozenset[str] = frozenset(),
    excluded: frozenset[str] = frozenset(),
) -> str | None:
    """Nearest compatible entity for ``token``: before it in its sentence (subjects first), the
    speaker, earlier subjects; named entities before concepts."""
    gender = _PRONOUN_GENDER.get(word)
    allowed = PRONOUN_TYPES[word]

    def compatible(eid: str, tokens: list[int], loose: bool, named: bool) -> bool:
        if entity_types.get(eid) not in allowed or (eid in concepts) == named or eid in excluded:
            return False
        if all(doc[i].pos_ == "ADJ" and doc[i].dep_ == "amod" for i in tokens):
            return False  # "the French news agency ... its progress": an adjective names no one to refer back to
        if _hyphened_to_participle(doc, max(tokens)):
            return False  # "the Netherlands-based company ... its acquisition": the company's, not the country's
        if gender and genders.get(eid, gender) != gender:
            return False
        if word in _PLURAL:
            return loose or _is_plural(doc, tokens)
        return word not in _SINGULAR_THING or not _is_plural(doc, tokens)

    def is_subject(mention: _Mention) -> bool:
        """A subject, or the possessor of one ("Ms Okafor's trip is part of ...": Okafor is the topic)."""
        return any(
            doc[i].dep_ in {"nsubj", "nsubjpass"} or (doc[i].dep_ == "poss" and doc[i].head.dep_ in {"nsubj", "nsubjpass"})
            for i in mention[2]
        )

    sentence = by_sentence.get(here, [])
    reporter = _reporter_of(token)
    if reporter is not None:
        # "Sir Tom Reed said he was in favour": the one who says it, if the pronoun fits
        for first, eid, tokens in sentence:
            if reporter.i in tokens and compatible(eid, tokens, True, True):
                return eid
        if word in _PLURAL and reporter.tag_ in {"NNS", "CD"} and not any(reporter.i in m[2] for m in sentence):
            return None  # "17% said they would not miss it", "analysts said they": those unnamed ones
    if word in _SINGULAR_THING and token.dep_ in {"nsubj", "nsubjpass"} and _unnamed_subject_before(doc, token, sentence):
        return None  # "The decision could undermine Nato as it damaged relations": it is the decision
    if word in _SINGULAR_THING:
        continued = _continued_subject(doc, token, here, by_sentence.get(here - 1, []))
        if continued is not None:
            # "Acme's own engine has run for years. It was also used in ...": the engine, named or not
            eid = continued[1]
            fits = eid is not None and entity_types.get(eid) in allowed and eid not in excluded
            return eid if fits else None
    controller = _object_controller_of(token)
    if controller is not None:
        # "told Acme to stop complaining about their defeat": their is Acme's, who is to stop (a
        # place told so acts: "told Westshire to stop" is its side)
        for _, eid, tokens in sentence:
            acting = entity_types.get(eid) in allowed | {"Place", "City"} and eid not in concepts and eid not in excluded
            if controller.i in tokens and acting and (not gender or genders.get(eid, gender) == gender):
                return eid
    quote = _quoted_clause(token)
    before = list(reversed([m for m in sentence if m[0] < token.i and not (quote and quote[0] <= m[0] <= quote[1])]))
    blocker = _unnamed_fitting_noun(token, word, sentence, quote)
    if blocker is not None:
        # "Jackson had shown the boy porn and plied him with wine": him is the boy, whom no name
        # stands for; nothing before the boy is a candidate, nor anything of earlier sentences
        before = [m for m in before if max(m[2]) >= blocker]
    if token.dep_ in {"nsubj", "nsubjpass"}:
        # a subject pronoun continues an earlier subject; a possessive or object the nearest name
        before = [m for m in before if is_subject(m)] + [m for m in before if not is_subject(m)]
    actor = _circumstance_subject(token)
    if actor is not None:
        # "Reed attacked Fox's record during his campaign": the time of the act is its doer's
        before = [m for m in before if actor.i in m[2]] + [m for m in before if actor.i not in m[2]]
    subject_pronoun = token.dep_ in {"nsubj", "nsubjpass"}
    earlier: list[_Mention] = []
    for n in range(here - 1, max(here - _WINDOW, 0) - 1, -1) if blocker is None else ():
        candidates = by_sentence.get(n, [])
        # an earlier sentence's own subject before the possessor of it: "Acme's engine, Zeta, ...
        # It was used": Zeta, then Acme
        own = [m for m in candidates if any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in m[2])]
        earlier += own + [m for m in candidates if is_subject(m) and m not in own] + [m for m in candidates if not is_subject(m)]
    if subject_pronoun:
        # a subject pronoun continues a subject: this sentence's, then the earlier ones', then the rest
        ordered = [m for m in before if is_subject(m)] + [m for m in earlier if is_subject(m)] + before + earlier
    else:
        ordered = before + earlier
    passes = [(False, True), (False, False)] + ([(True, True), (True, False)] if word in _PLURAL else [])
    fronted_for = _fronted_subject(token) if word in _CATAPHORIC else None
    for loose, named in passes:
        if fronted_for is not None and not loose:
            # "At their meeting in Lima, the ministers backed ...": the subject that follows
            for first, eid, tokens in sentence:
                if fronted_for.i in tokens and compatible(eid, tokens, loose, named):
                    return eid
        if word in _CATAPHORIC and not loose and not any(compatible(eid, tokens, loose, named) for _, eid, tokens in before):
            # "Its profits rose, Acme said": the speaker who follows, when nothing before fits
            # ("Globex investors unhappy with its bid ..., the agency says": Globex's bid)
            speaker = _speaker(sentences(doc)[here])
            for first, eid, tokens in sentence:
                if speaker is not None and speaker.i in tokens and first > token.i and compatible(eid, tokens, loose, named):
                    if not any(m[0] < token.i and m[1] == eid for m in sentence):
                        return eid
        for _, eid, tokens in ordered:
            if compatible(eid, tokens, loose, named):
                return eid
    return None


def _hyphened_to_participle(doc: Doc, last: int) -> bool:
    """True when the name ending at ``last`` is glued by a hyphen to a participle it modifies:
    "Netherlands-based", "US-led", "Acme-owned" describe something else."""
    return (
        last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ and not doc[last + 1].whitespace_
        and doc[last + 2].tag_ in {"VBN", "VBD", "JJ"} and doc[last + 2].lower_.endswith("ed")
    )


# Nouns of those that "they" may stand for: people, firms, bodies, countries ("students", "banks").
_AGENT_NOUNS = PERSON_NOUNS | COMPANY_NOUNS | ORGANISATION_NOUNS | COUNTRY_NOUNS
# Where a noun phrase stands as an argument a pronoun may pick up.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "conj"})


# Prepositions of a time or circumstance of an act: a possessive in their phrase is the doer's.
_CIRCUMSTANCE_PREPOSITIONS = frozenset({"during", "after", "before", "since", "throughout", "amid", "following"})


def _circumstance_subject(token: Token) -> Token | None:
    """The subject of the clause whose time or circumstance a possessive pronoun's phrase gives:
    "Reed attacked Fox's record during his campaign" → Reed (not the nearer possessor Fox)."""
    if token.dep_ != "poss":
        return None
    noun = token.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _CIRCUMSTANCE_PREPOSITIONS:
        return None
    verb = prep.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.i]
    return subjects[0] if subjects else None


def _object_controller_of(token: Token) -> Token | None:
    """The object that controls the infinitive a pronoun stands in ("told Acme to stop complaining
    about their defeat" → Acme), through infinitives and gerunds up to the first finite clause."""
    node = token
    while node.head is not node:
        node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            continue
        if node.dep_ != "xcomp" and node.dep_ != "pcomp":
            return None
        controller = object_controller(node)
        if controller is not None:
            return controller
    return None


def _unnamed_fitting_noun(token: Token, word: str, sentence: list[_Mention], quote: tuple[int, int] | None = None) -> int | None:
    """Index of the nearest noun before a personal or plural pronoun in its sentence that fits it
    and that no name stands for: "the boy" for "him", "students" for "their". A pronoun then
    refers to that noun or to something after it, never further back: "Mr Kennedy urged
    students to make their mark" is the students' mark. Not for "it" (nearly every sentence
    has a singular noun before it), reflexives, the pronoun's own clause subject ("the boy
    hurt him"), words of a quote the pronoun reports ("'... the manager ...,' he told"), nor a
    person who speaks or belongs to someone ("his spokesman said he would", "Reed's lawyer")."""
    if word in _SINGULAR_THING or word.endswith(("self", "selves")):
        return None
    gender = _PRONOUN_GENDER.get(word)
    named = {i for _, _, tokens in sentence for i in tokens}
    own = set()
    if token.dep_ in {"dobj", "dative", "pobj"}:
        verb = token.head if token.dep_ != "pobj" else token.head.head
        own = {c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}}
    doc = token.doc
    start = token.sent.start
    for i in range(token.i - 1, start - 1, -1):
        noun = doc[i]
        if noun.pos_ != "NOUN" or noun.dep_ not in _ARGUMENT_DEPS or i in own or (quote and quote[0] <= i <= quote[1]):
            continue
        if noun.ent_type_ in {"DATE", "TIME"} or noun.lemma_.lower() in TIME_NOUNS:
            continue  # "I had watched Lazio in recent weeks and saw them score": times are no referents
        if word in _PLURAL:
            agent = noun.lower_ in PEOPLE_NOUNS or noun.lemma_.lower() in _AGENT_NOUNS
            if noun.tag_ == "NNS" and (agent or word == "them"):
                return i  # a concept ("students") stays a candidate; a name before it does not
            continue  # ("the measures passed after Blunkett introduced them": any plural for "them")
        if i in named or noun.tag_ != "NN":
            continue
        lower, lemma = noun.lower_, noun.lemma_.lower()
        if lemma not in PERSON_NOUNS and lower not in PERSON_NOUNS:
            continue
        if (gender == "male" and lower in FEMALE_MARKERS) or (gender == "female" and lower in MALE_MARKERS):
            continue
        if any(c.dep_ == "poss" for c in noun.children) or (noun.dep_ == "nsubj" and noun.head.lemma_.lower() in REPORTING_VERBS):
            continue
        return i
    return None


def _fronted_subject(pronoun: Token) -> Token | None:
    """The subject a possessive pronoun looks forward to from a phrase fronted before it: "At
    their meeting, the ministers ...", "In its report, the IMF said ..."."""
    if pronoun.dep_ != "poss":
        return None
    node = pronoun
    while node.head != node and node.head.pos_ not in {"VERB", "AUX"}:
        node = node.head
    verb = node.head
    if node == verb or node.dep_ not in {"prep", "advcl", "npadvmod"}:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i > node.right_edge.i]
    return subjects[0] if subjects and node.i < subjects[0].i else None


def _continued_subject(doc: Doc, token: Token, here: int, previous: list[_Mention]) -> tuple[Token, str | None] | None:
    """For an "it" opening sentence ``here`` as its subject after a sentence whose subject is a
    singular common noun ("Acme's own engine, Zeta, has run for years. It was also used ..."): that
    noun and the entity that names it (a name beside it, a concept), or None for the entity when
    none does. The pronoun picks that subject up, not a name inside it nor one later in the
    sentence. None when the pronoun or the previous subject is otherwise."""
    if token.dep_ not in {"nsubj", "nsubjpass"} or token.head.dep_ != "ROOT" or here == 0:
        return None
    spans = sentences(doc)
    if token.i - spans[here].start > 2:  # "It ...", "But it ...", "And so it ..."
        return None
    naming = {i: eid for _, eid, tokens in previous for i in tokens}
    for subject in (c for c in spans[here - 1].root.children if c.dep_ in {"nsubj", "nsubjpass"}):
        if subject.pos_ == "NOUN" and subject.tag_ == "NN":
            return subject, naming.get(subject.i)
    return None


def _unnamed_subject_before(doc: Doc, token: Token, sentence: list[_Mention]) -> bool:
    """True when the clause an "it" subject depends on has a singular common-noun subject no entity
    names: the pronoun most likely picks that subject up."""
    named = {i for _, _, tokens in sentence for i in tokens}
    clause = token.head
    for _ in range(3):
        head = clause.head
        if head == clause:
            break
        clause = head
        for child in clause.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < token.i and child.pos_ == "NOUN" and child.tag_ == "NN":
                return child.i not in named
    return False


def _reporter_of(token: Token) -> Token | None:
    """The subject of the reporting verb whose complement clause a subject pronoun opens:
    "Reed said he would go" → Reed."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    clause = token.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
        return None
    subjects = [c for c in clause.head.children if c.dep_ == "nsubj" and c.i < token.i]
    return subjects[0] if subjects else None


def _quoted_clause(token: Token) -> tuple[int, int] | None:
    """The token span of what a pronoun speaker said: for "..., it said", the clause before it,
    whose names are what was said about, not who said it."""
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in REPORTING_VERBS:
        return None
    for child in token.head.children:
        if child.dep_ in {"ccomp", "parataxis"} and child.i < token.i:
            return child.left_edge.i, child.right_edge.i
    return None


def _speaker(sent: Span) -> Token | None:
    """Subject of a reporting verb heading the sentence: "…, Siemens said" → Siemens."""
    root = sent.root
    if root.lemma_.lower() not in REPORTING_VERBS:
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


# Plural nouns that say what kind of things they stand for: "both countries", "the two men".
_PLURAL_KINDS = {
    "countries": frozenset({"Country"}),
    "companies": _ORGANISATIONS,
    "firms": _ORGANISATIONS,
    "men": _PERSON,
    "women": _PERSON,
}


def _is_plural_reference(token: Token) -> bool:
    """"they"/"them"/"their", "both", and "the two sides"/"both sides"/"the two men"/"the pair"."""
    if token.pos_ == "PRON" and token.lower_ in _PLURAL:
        return True
    if token.lower_ == "both" and token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return True
    if token.lower_ == "pair" and any(c.lower_ == "the" for c in token.children):
        return True
    return token.lower_ in {"sides", "men", "women", "countries", "companies", "firms"} and any(
        c.lower_ in {"two", "both"} for c in token.children
    )


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
            kind = _PLURAL_KINDS.get(token.lower_)
            if kind:
                groups = [(h, m) for h, m in groups if all(entity_types.get(e) in kind for e in m)]
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
