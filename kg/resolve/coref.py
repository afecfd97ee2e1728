"""Rule-based pronoun resolution on the parse (no coreference model installs offline).

A pronoun takes the nearest compatible entity mentioned before it, looking in
its own sentence first and then in the previous two, preferring the subject of
an earlier sentence over other mentions there:

* "he", "his", "him", "she", "her" → a person;
* "it", "its" → a single non-person (country, organisation, product, place);
* "they", "their", "them" → a group entity (an organisation named by a group
  noun, such as "Kurdish forces"), or, by :func:`resolve_plural_pronouns`,
  several entities at once: the ones coordinated just before ("Chile and Peru
  said they ..."), or the two people of the clause it depends on ("Biden told
  Xi as they met").

First- and second-person pronouns ("we", "I", "you") in quotes depend on who is
speaking and are left alone. A pronoun that finds no antecedent stays
unresolved, and statements on it are dropped rather than turned into nodes.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Token

__all__ = ["PRONOUN_TYPES", "resolve_pronouns", "resolve_plural_pronouns"]

# Which entity types each pronoun can refer to.
_PERSON = frozenset({"Person"})
_THING = frozenset({"Country", "City", "Place", "Organization", "Corporation", "GovernmentOrganization", "Product", "Event"})
_GROUP = frozenset({"Organization"})
PRONOUN_TYPES: Mapping[str, frozenset[str]] = {
    "he": _PERSON, "him": _PERSON, "his": _PERSON, "himself": _PERSON,
    "she": _PERSON, "her": _PERSON, "hers": _PERSON, "herself": _PERSON,
    "it": _THING, "its": _THING, "itself": _THING,
    "they": _GROUP, "them": _GROUP, "their": _GROUP, "themselves": _GROUP,
}

# Sentences before the pronoun's own that may hold its antecedent.
_WINDOW = 2
# A plural pronoun only refers to a group whose name is plural ("forces", "rebels").
_PLURAL = frozenset({"they", "them", "their", "themselves"})


def _is_plural(doc: Doc, entity_tokens: list[int]) -> bool:
    return any(doc[i].tag_ in {"NNS", "NNPS"} for i in entity_tokens)


def resolve_pronouns(doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> dict[int, str]:
    """Map pronoun token indices to the entity id they refer to.

    ``token_entities`` maps the tokens of entity mentions to entity ids and
    ``entity_types`` entity ids to their schema.org type.
    """
    sentence_of = {}
    for n, sent in enumerate(doc.sents):
        for token in sent:
            sentence_of[token.i] = n
    # Mentions as (first token, entity id, token indices), in text order.
    mentions: list[tuple[int, str, list[int]]] = []
    for i in sorted(token_entities):
        eid = token_entities[i]
        if mentions and mentions[-1][1] == eid and mentions[-1][2][-1] == i - 1:
            mentions[-1][2].append(i)
        else:
            mentions.append((i, eid, [i]))
    by_sentence: dict[int, list[tuple[int, str, list[int]]]] = {}
    for mention in mentions:
        by_sentence.setdefault(sentence_of[mention[0]], []).append(mention)
    resolved: dict[int, str] = {}
    for token in doc:
        if token.pos_ != "PRON" or token.lower_ not in PRONOUN_TYPES or token.i in token_entities:
            continue
        antecedent = _antecedent(doc, token, by_sentence, sentence_of[token.i], entity_types)
        if antecedent is not None:
            resolved[token.i] = antecedent
    return resolved


def _antecedent(
    doc: Doc,
    pronoun: Token,
    by_sentence: Mapping[int, list[tuple[int, str, list[int]]]],
    here: int,
    entity_types: Mapping[str, str],
) -> str | None:
    """Nearest compatible entity before ``pronoun``: its own sentence first, then earlier subjects."""
    allowed = PRONOUN_TYPES[pronoun.lower_]

    def compatible(eid: str, tokens: list[int]) -> bool:
        if entity_types.get(eid) not in allowed:
            return False
        if pronoun.lower_ in _PLURAL:
            return _is_plural(doc, tokens)
        return pronoun.lower_ not in {"it", "its", "itself"} or not _is_plural(doc, tokens)

    before = [m for m in by_sentence.get(here, ()) if m[0] < pronoun.i]
    for _, eid, tokens in reversed(before):
        if compatible(eid, tokens):
            return eid
    for n in range(here - 1, max(here - _WINDOW, 0) - 1, -1):
        candidates = by_sentence.get(n, [])
        subjects = [m for m in candidates if any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in m[2])]
        for _, eid, tokens in [*subjects, *reversed(candidates)]:
            if compatible(eid, tokens):
                return eid
    return None


def _coordinated(doc: Doc, token_entities: Mapping[int, str], tokens: range) -> list[tuple[str, ...]]:
    """Groups of coordinated entity mentions among ``tokens``: "Chile and Peru" → (chile, peru)."""
    groups = []
    for i in tokens:
        token = doc[i]
        if i in token_entities and token.dep_ != "conj" and any(c.dep_ == "conj" for c in token.children):
            members = [token_entities[t.i] for t in (token, *token.conjuncts) if t.i in token_entities]
            members = list(dict.fromkeys(members))
            if len(members) > 1:
                groups.append((token, tuple(members)))
    return groups


def resolve_plural_pronouns(
    doc: Doc, token_entities: Mapping[int, str], entity_types: Mapping[str, str]
) -> dict[int, tuple[str, ...]]:
    """Map plural pronouns to the several entities they stand for.

    * the latest coordination of entities before it in its sentence ("Chile and
      Peru ... their"), or the coordinated subject of the previous sentence;
    * in a clause hanging on another ("Biden told Xi as they met"), the people of
      that clause.
    """
    sentences = list(doc.sents)
    resolved: dict[int, tuple[str, ...]] = {}
    for n, sent in enumerate(sentences):
        for token in sent:
            if token.pos_ != "PRON" or token.lower_ not in _PLURAL or token.i in token_entities:
                continue
            groups = _coordinated(doc, token_entities, range(sent.start, token.i))
            if groups:
                resolved[token.i] = groups[-1][1]
                continue
            clause = token.head
            if token.dep_ == "nsubj" and clause.dep_ in {"advcl", "ccomp", "conj"}:
                main = clause.head
                people = [
                    token_entities[t.i]
                    for t in main.subtree
                    if t.i < token.i and t.i in token_entities and entity_types.get(token_entities[t.i]) == "Person"
                    and t.head.i == main.i
                ]
                people = list(dict.fromkeys(people))
                if len(people) > 1:
                    resolved[token.i] = tuple(people)
                    continue
            if n > 0:
                previous = [(head, members) for head, members in _coordinated(doc, token_entities, range(sentences[n - 1].start, sentences[n - 1].end)) if head.dep_ in {"nsubj", "nsubjpass"}]
                if previous:
                    resolved[token.i] = previous[-1][1]
    return resolved
