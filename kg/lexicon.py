"""Every word list kg uses, one per concept, loaded from ``kg/data/lexicon.json``.

Each list in the data file says what it is for and gives an example; this
module exposes it as an upper-case ``frozenset`` constant of the same name
(``reporting_verbs`` → :data:`REPORTING_VERBS`). Stages import their lists from
here, so no concept has two lists, and a change to a list shows in one place.

>>> "say" in REPORTING_VERBS
True

The lists hold general English and general knowledge only; nothing in them
names words of a particular article.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

__all__ = ["LISTS", "words", "describe"]

_FILE = "lexicon.json"


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("kg").joinpath("data", _FILE).read_text(encoding="utf-8")
    return json.loads(text)


def words(name: str) -> frozenset[str]:
    """The words of list ``name`` (``KeyError`` naming the known lists if there is none)."""
    lists = _data()["lists"]
    if name not in lists:
        raise KeyError(f"no word list {name!r} in {_FILE}; known: {', '.join(sorted(lists))}")
    return frozenset(lists[name]["words"])


def describe(name: str) -> tuple[str, str]:
    """What list ``name`` is for, and its example."""
    entry = _data()["lists"][name]
    return entry["about"], entry["example"]


# Every list, by name.
LISTS: Mapping[str, frozenset[str]] = MappingProxyType({name: words(name) for name in _data()["lists"]})

# Function words and cues of the clause.
RELATIVE_PRONOUNS = LISTS["relative_pronouns"]
NEGATION_WORDS = LISTS["negation_words"]
NEGATING_DETERMINERS = LISTS["negating_determiners"]
NEGATIVE_PRONOUNS = LISTS["negative_pronouns"]
MODAL_AUXILIARIES = LISTS["modal_auxiliaries"]
CONDITIONAL_MARKS = LISTS["conditional_marks"]
ADVERBIAL_PREPOSITIONS = LISTS["adverbial_prepositions"]
ADVERBIAL_PHRASE_NOUNS = LISTS["adverbial_phrase_nouns"]
MANNER_PREPOSITIONS = LISTS["manner_prepositions"]
LIST_NOUNS = LISTS["list_nouns"]
NAMING_PLACE_NOUNS = LISTS["naming_place_nouns"]
LOCATIVE_PREPOSITIONS = LISTS["locative_prepositions"]
RECIPROCAL_PREPOSITIONS = LISTS["reciprocal_prepositions"]
ACTOR_PREPOSITIONS = LISTS["actor_prepositions"]
ROLE_PREPOSITIONS = LISTS["role_prepositions"]
ACRONYM_SKIPPED_WORDS = LISTS["acronym_skipped_words"]
GROUP_DETERMINERS = LISTS["group_determiners"]

# Verbs.
REPORTING_VERBS = LISTS["reporting_verbs"]
PROMISE_VERBS = LISTS["promise_verbs"]
# Verbs of communication: a warning "if X" was still given.
COMMUNICATION_VERBS = REPORTING_VERBS | PROMISE_VERBS
DIRECTIVE_VERBS = LISTS["directive_verbs"]
WANTING_VERBS = LISTS["wanting_verbs"]
ATTITUDE_VERBS = LISTS["attitude_verbs"]
RECIPROCAL_VERBS = LISTS["reciprocal_verbs"]
MODAL_CONTROLLERS = LISTS["modal_controllers"]
NEGATING_CONTROLLERS = LISTS["negating_controllers"]
NOT_YET_ADVERBS = LISTS["not_yet_adverbs"]
HEARSAY_VERBS = LISTS["hearsay_verbs"]
HEARSAY_NOUNS = LISTS["hearsay_nouns"]
HEDGE_ADVERBS = LISTS["hedge_adverbs"]
TEAM_ROLE_NOUNS = LISTS["team_role_nouns"]
NEGATING_NOUNS = LISTS["negating_nouns"]
NATIONALITY_NOUNS = LISTS["nationality_nouns"]
SELDOM_ADVERBS = LISTS["seldom_adverbs"]
ENGLISH_ONLY_FUNCTION_WORDS = LISTS["english_only_function_words"]
ASPECTUAL_VERBS = LISTS["aspectual_verbs"]
TIME_ZONES = LISTS["time_zones"]
ABSOLUTE_PREPOSITIONS = LISTS["absolute_prepositions"]
PORTFOLIO_WORDS = LISTS["portfolio_words"]
DUMMY_IT_VERBS = LISTS["dummy_it_verbs"]
PREPOSITIONAL_CONTROL = LISTS["prepositional_control"]
ARRIVAL_WORDS = LISTS["arrival_words"]
REALISING_VERBS = LISTS["realising_verbs"]
MOTION_VERBS = LISTS["motion_verbs"]
JOURNEY_VERBS = LISTS["journey_verbs"]
LIGHT_VERBS = LISTS["light_verbs"]
COPULAR_VERBS = LISTS["copular_verbs"]
CONTEST_NOUNS = LISTS["contest_nouns"]
EXTRAPOSITION_ADJECTIVES = LISTS["extraposition_adjectives"]
RAISING_VERBS = LISTS["raising_verbs"]
EXTRAPOSING_VERBS = LISTS["extraposing_verbs"]
VERB_IDIOMS = LISTS["verb_idioms"]
TIME_NOUNS = LISTS["time_nouns"]
PAST_ONLY_FORMS = LISTS["past_only_forms"]
PERSON_VERBS = LISTS["person_verbs"]
CREATION_VERBS = LISTS["creation_verbs"]

# Nouns.
RECIPROCAL_NOUNS = LISTS["reciprocal_nouns"]
RELATION_NOUNS = LISTS["relation_nouns"]
TRANSFER_NOUNS = LISTS["transfer_nouns"]
EVENT_NOUNS = LISTS["event_nouns"]
PURPOSE_NOUNS = LISTS["purpose_nouns"]
ARMED_FORCE_NOUNS = LISTS["armed_force_nouns"]
OFFICIAL_NOUNS = LISTS["official_nouns"]
STATE_NOUNS = LISTS["state_nouns"]
MEMBER_NOUNS = LISTS["member_nouns"]
BODY_KIND_NOUNS = LISTS["body_kind_nouns"]
COMPANY_NOUNS = LISTS["company_nouns"]
ORGANISATION_NOUNS = LISTS["organisation_nouns"]
INSTITUTION_NOUNS = LISTS["institution_nouns"]
MEDIA_NOUNS = LISTS["media_nouns"]
PARTY_NOUNS = LISTS["party_nouns"]
PERSON_NOUNS = LISTS["person_nouns"]
PEOPLE_NOUNS = LISTS["people_nouns"]
WORK_NOUNS = LISTS["work_nouns"]
LAW_NOUNS = LISTS["law_nouns"]
AGREEMENT_NOUNS = LISTS["agreement_nouns"]
PRODUCT_NOUNS = LISTS["product_nouns"]
PLACE_NOUNS = LISTS["place_nouns"]
GEOGRAPHIC_NOUNS = LISTS["geographic_nouns"]
COUNTRY_NOUNS = LISTS["country_nouns"]
CITY_NOUNS = LISTS["city_nouns"]
CONSTITUENT_COUNTRIES = LISTS["constituent_countries"]
COUNTRY_CODE_NAMES = LISTS["country_code_names"]
CONTAINMENT_NOUNS = LISTS["containment_nouns"]
ABSTRACT_NOUNS = LISTS["abstract_nouns"]
VAGUE_MODIFIERS = LISTS["vague_modifiers"]
MEASURE_NOUNS = LISTS["measure_nouns"]
UNIT_NOUNS = LISTS["unit_nouns"]
AGE_MARKERS = LISTS["age_markers"]

# Names and people.
TITLES = LISTS["titles"]
ORGANISATION_ROLE_NOUNS = LISTS["organisation_role_nouns"]
KINSHIP_NOUNS = LISTS["kinship_nouns"]
GENERIC_PERSON_NOUNS = LISTS["generic_person_nouns"]
HONORIFICS = LISTS["honorifics"] | {f"{h}." for h in LISTS["honorifics"] if " " not in h}
MALE_MARKERS = LISTS["male_markers"]
FEMALE_MARKERS = LISTS["female_markers"]
COMPANY_SUFFIXES = LISTS["company_suffixes"]
COMPANY_NAME_WORDS = LISTS["company_name_words"]
GOVERNMENT_NAME_WORDS = LISTS["government_name_words"]
ORGANISATION_NAME_WORDS = LISTS["organisation_name_words"]
INSTITUTION_NAME_WORDS = LISTS["institution_name_words"]
EVENT_NAME_WORDS = LISTS["event_name_words"]
PLACE_NAME_WORDS = LISTS["place_name_words"]
PRODUCT_NAME_WORDS = LISTS["product_name_words"]
WORK_NAME_WORDS = LISTS["work_name_words"]

# Page furniture around an article (kg.furniture).
PHOTO_CREDIT_SOURCES = LISTS["photo_credit_sources"]
CALL_TO_ACTION_VERBS = LISTS["call_to_action_verbs"]
WEB_FURNITURE_WORDS = LISTS["web_furniture_words"]
FURNITURE_LINES = LISTS["furniture_lines"]
BYLINE_WORDS = LISTS["byline_words"]

# Nouns of the same kind, each mapped to the first of its group: "company" → "firm".
HEAD_SYNONYMS = MappingProxyType(
    {word: group.split("=")[0] for group in LISTS["head_synonyms"] for word in group.split("=")}
)

# The longest title, in words: how far a title phrase is looked for.
LONGEST_TITLE = max(len(t.split()) for t in TITLES)
