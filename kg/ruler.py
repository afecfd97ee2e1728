"""spaCy's attribute ruler, indexed: the same rules, the same result, a fraction of the time.

The English pipelines' ``attribute_ruler`` maps fine tags to coarse ones and
fixes a few words' morphology ("its" -> ``Poss=Yes``, "n't" -> ``Polarity=Neg``)
with about 180 one- and two-token ``Matcher`` patterns. spaCy's ``Matcher``
tries every pattern at every token, which makes the ruler cost nearly as much as the
whole dependency parser (about 15% of parsing a news article with
``en_core_web_sm``). Every one of those patterns is a fixed-length sequence
of attribute tests, nearly all with an equality among them, so they can be
looked up instead of tried: each pattern is filed under the value one of its
first token's equalities asks for (``LOWER`` before ``TAG`` before the rest),
a token looks up its own values, and only those few patterns are checked.

The rules applied, and the order they are applied in, are spaCy's: every match
is found on the unmodified tokens first, then the attributes of the matching
rules are set in the order the rules were added (a later rule wins), through
spaCy's own ``set_token_attrs``. Tests are equality, ``IN``, ``NOT_IN`` and
``REGEX`` on string attributes and flags. A ruler using anything else a
pattern can say (operators, morphology or length tests, fuzzy matching,
extension attributes) is left as spaCy built it: :func:`index_attribute_ruler`
returns ``None`` and :func:`kg.nlp.load_pipeline` keeps spaCy's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import IDS
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["IndexedAttributeRuler", "index_attribute_ruler"]

# Attributes a pattern may test here: string-valued ones compared by hash ...
_STRING_ATTRIBUTES = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE"})
# ... and flags compared as 0 / 1.
_FLAG_ATTRIBUTES = frozenset(
    {"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP"}
    | {"IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"}
)
# The attribute a pattern is filed under, most selective first (a flag splits tokens in two at best).
_INDEX_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "POS", "ENT_TYPE", *sorted(_FLAG_ATTRIBUTES))


class _Unsupported(Exception):
    """A pattern says something the index does not model: keep spaCy's ruler."""


@dataclass(frozen=True)
class _Test:
    """One attribute test of one pattern token, on the attribute's hash (as the ``Matcher`` compares).

    ``allowed`` for equality and ``IN``, ``refused`` for ``NOT_IN``, ``regex``
    for ``REGEX`` (searched in the attribute's text, as spaCy does).
    """

    attribute: str
    allowed: frozenset[int] | None = None
    refused: frozenset[int] = frozenset()
    regex: re.Pattern | None = None

    def accepts(self, value: int, text: Callable[[int], str]) -> bool:
        if self.allowed is not None and value not in self.allowed:
            return False
        if value in self.refused:
            return False
        return self.regex is None or self.regex.search(text(value)) is not None


def _hashes(attribute: str, values: object, strings) -> frozenset[int]:
    if not isinstance(values, list | tuple):
        raise _Unsupported(attribute)
    return frozenset(_hash(attribute, value, strings) for value in values)


def _hash(attribute: str, value: object, strings) -> int:
    if attribute in _FLAG_ATTRIBUTES and isinstance(value, bool):
        return int(value)
    if attribute in _STRING_ATTRIBUTES and isinstance(value, str):
        # StringStore.add is what the Matcher uses: symbol names (POS values) map to their ids.
        return strings.add(value)
    raise _Unsupported(attribute)


def _test(attribute: str, value: object, strings) -> _Test:
    if not isinstance(value, dict):
        return _Test(attribute, allowed=frozenset({_hash(attribute, value, strings)}))
    if len(value) != 1:
        raise _Unsupported(attribute)
    ((predicate, argument),) = value.items()
    if predicate == "IN":
        return _Test(attribute, allowed=_hashes(attribute, argument, strings))
    if predicate == "NOT_IN":
        return _Test(attribute, refused=_hashes(attribute, argument, strings))
    if predicate == "REGEX" and attribute in _STRING_ATTRIBUTES and isinstance(argument, str):
        return _Test(attribute, regex=re.compile(argument))
    raise _Unsupported(attribute)


def _token_tests(spec: dict, strings) -> tuple[_Test, ...]:
    tests = []
    for key, value in spec.items():
        if not isinstance(key, str):
            raise _Unsupported(key)
        attribute = key.upper()
        tests.append(_test("ORTH" if attribute == "TEXT" else attribute, value, strings))
    # the test a rule is filed under comes first: an equality on the most selective attribute
    return tuple(sorted(tests, key=_rank))


def _rank(test: _Test) -> int:
    if test.allowed is None or test.attribute not in _INDEX_ORDER:
        return len(_INDEX_ORDER)
    return _INDEX_ORDER.index(test.attribute)


@dataclass(frozen=True)
class _Rule:
    """One pattern of one ruler entry, ready to check at a token its index lookup found."""

    order: int  # the entry's position in the ruler: later entries win
    length: int  # pattern tokens
    target: int  # offset of the token to set, from the match start
    checks: tuple[tuple[int, int, _Test], ...]  # (token offset, column, test) left after the lookup


@dataclass(frozen=True)
class IndexedAttributeRuler:
    """The rules of one spaCy ``AttributeRuler``, filed by their first token's most selective value."""

    attributes: tuple[str, ...]  # the attributes read from every Doc, in column order
    # index[column][value] -> rules whose first token requires that attribute == value
    index: tuple[tuple[int, dict[int, tuple[_Rule, ...]]], ...]
    unindexed: tuple[_Rule, ...]  # rules whose first token has no equality to file them under (a REGEX)
    attrs: tuple[dict, ...]  # the normalised attributes each ruler entry sets

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """``(entry, token)`` for every rule matching ``doc``, sorted as spaCy applies them."""
        if not len(doc) or not self.attributes:
            return []
        rows = doc.to_array([IDS[name] for name in self.attributes]).tolist()
        length = len(rows)
        text = doc.vocab.strings.__getitem__
        found: set[tuple[int, int]] = set()
        for start, row in enumerate(rows):
            candidates = list(self.unindexed)
            for column, by_value in self.index:
                candidates.extend(by_value.get(row[column], ()))
            for rule in candidates:
                if start + rule.length <= length and (
                    not rule.checks
                    or all(test.accepts(rows[start + offset][column], text) for offset, column, test in rule.checks)
                ):
                    found.add((rule.order, start + rule.target))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        for entry, token in self.matches(doc):
            set_token_attrs(doc[token], self.attrs[entry])
        return doc


def _patterns(ruler, strings) -> list[tuple[int, int, tuple[tuple[_Test, ...], ...]]]:
    """``(entry, target offset, tests per token)`` for every pattern of ``ruler``; raises _Unsupported."""
    patterns = []
    for order in range(len(ruler.attrs)):
        if "_" in ruler.attrs[order]:
            raise _Unsupported("_")  # extension attributes: spaCy sets them its own way
        for pattern in ruler.matcher.get(str(order))[1]:
            tests = tuple(_token_tests(spec, strings) for spec in pattern)
            target = ruler.indices[order]
            target = target + len(tests) if target < 0 else target
            if not tests or not 0 <= target < len(tests):
                raise _Unsupported("index")  # spaCy raises on such a pattern: let it
            patterns.append((order, target, tests))
    return patterns


def index_attribute_ruler(ruler) -> IndexedAttributeRuler | None:
    """Index the rules of spaCy ``AttributeRuler`` ``ruler``, or ``None`` when one cannot be indexed."""
    try:
        patterns = _patterns(ruler, ruler.vocab.strings)
    except _Unsupported:
        return None
    attributes = sorted({test.attribute for *_, tests in patterns for token in tests for test in token})
    column = {name: n for n, name in enumerate(attributes)}
    index: dict[int, dict[int, list[_Rule]]] = {}
    unindexed = []
    for order, target, tests in patterns:
        first = tests[0][0] if tests[0] else None
        filed = first is not None and _rank(first) < len(_INDEX_ORDER)
        checks = tuple(
            (offset, column[test.attribute], test)
            for offset, token in enumerate(tests)
            for test in token
            if not (filed and test is first)
        )
        rule = _Rule(order, len(tests), target, checks)
        if not filed:
            unindexed.append(rule)
            continue
        for value in first.allowed:
            index.setdefault(column[first.attribute], {}).setdefault(value, []).append(rule)
    frozen = tuple((n, {value: tuple(found) for value, found in by_value.items()}) for n, by_value in index.items())
    return IndexedAttributeRuler(tuple(attributes), frozen, tuple(unindexed), tuple(ruler.attrs))
