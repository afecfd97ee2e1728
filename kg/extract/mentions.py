"""Mentions of named things in a parsed ``Doc``: named entities, repaired, plus what NER misses.

Sources, in order of trust:

* spaCy's named entities of the kinds that can be graph nodes (people,
  organisations, places, products, events, works, laws, nationalities), with
  their edges repaired: a bracketed acronym cut off ("World Health
  Organization (WHO"), leading descriptors trimmed ("Doctors Ana" → "Ana",
  "Newest EU" → "EU"), coordinated names split ("Gazprom, Rosneft" and
  "Gazprom and Rosneft" when each is named alone too), a word that opens a
  title dropped ("Home" of "Home Secretary Jane Doe");
* product and model codes NER often misses: "A380", "F-35", "B-52";
* groups named by a nationality and an armed-force noun ("Basque fighters");
* acronyms in brackets after a name ("World Health Organization (WHO)");
* proper-noun runs NER missed ("Shakira earned more"), labelled ``NAME``: their
  type is decided later from the evidence of all their mentions;
* repeats of a name NER found elsewhere in the document but missed here, and
  the surname of a person named in full ("Doe said").

Dates, numbers, quantities and money never become mentions.
"""

from __future__ import annotations

import calendar

import re
from collections.abc import Iterator

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    ABSTRACT_NOUNS,
    ARMED_FORCE_NOUNS,
    COMPANY_NAME_WORDS,
    COMPANY_NOUNS,
    HONORIFICS,
    NATIONALITY_NOUNS,
    ORGANISATION_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PORTFOLIO_WORDS,
    TIME_ZONES,
    TITLES,
    VAGUE_MODIFIERS,
    WORK_NOUNS,
)
from ..model import Mention
from ..nlp import sentence_of
from ..parsed import make_span, spacy_doc
from ..resolve.names import is_given_name

__all__ = ["NODE_LABELS", "PRODUCT_LABEL", "GROUP_LABEL", "NAME_LABEL", "iter_mentions", "mention_spans", "collective_demonym"]

# NER labels that can name a node (DATE, CARDINAL, MONEY, ... never do).
NODE_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

# Label of a product/model code found by pattern: "A380", "F-35", "B-52".
PRODUCT_LABEL = "PRODUCT"
# Label of a nationality + armed-force phrase: "Basque fighters".
GROUP_LABEL = "GROUP"
# Label of a proper-noun run NER missed; its type comes from evidence.
NAME_LABEL = "NAME"

# Product/model codes: 1-3 capital letters and a number, hyphenated ("F-35", "B-52") or of
# three or more digits ("A380"), optional final letter; not a year ("FY2023") nor "COP26".
_PRODUCT_CODE = re.compile(r"[A-Z]{1,3}(-\d{2,4}|\d{3,4})[A-Z]?")
_YEAR_LIKE = re.compile(r"(19|20)\d\d")

# Tokens trimmed off the edges of an entity span: "the United States", "Germany's".
_TRIM_DEPS = frozenset({"det", "case", "punct", "predet"})
# Words that describe rather than name, when they open an entity span: "Doctors Ana".
_DESCRIPTOR_WORDS = PERSON_NOUNS | PEOPLE_NOUNS | COMPANY_NOUNS | ORGANISATION_NOUNS | WORK_NOUNS | VAGUE_MODIFIERS
# Labels whose names are propagated to untagged repeats in the same document.
_PROPAGATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
# Names of days and months (English, from the standard library): proper nouns, never names of things.
_CALENDAR = frozenset(name.lower() for name in (*calendar.day_name, *calendar.month_name) if name)


def _trim(span: Span) -> Span | None:
    """The span without determiners, punctuation and a possessive "'s" at its edges; a name that
    ends in "'s" and possesses nothing keeps it ("at McDonald's", "Harrod's said")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].dep_ in _TRIM_DEPS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].dep_ in _TRIM_DEPS or doc[end - 1].is_punct or doc[end - 1].is_space):
        possessed = end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"}  # "Acme Radio's Morning programme", however parsed
        if doc[end - 1].dep_ == "case" and doc[end - 1].head.dep_ != "poss" and not possessed and end - 1 > start:
            break
        end -= 1
    if start == end:
        return None
    return make_span(doc, start, end, span.label_)


def _is_descriptor(token: Token) -> bool:
    """A word that describes rather than names: lower case, or a descriptor noun, vague adjective
    or verb capitalised only because it opens a sentence or a headline ("Doctors Ana", "Newest
    EU", "Entering Northdale"); "New York" keeps its "New"."""
    if token.is_lower:
        return True
    if not token.is_sent_start and not (token.i > 0 and token.doc[token.i - 1].is_quote):
        return False
    if token.tag_ in {"VBG", "VBN", "VBD"}:
        return True  # a headline's verb before a name: "Entering Northdale"
    if token.tag_ in {"RB", "RBR", "RBS"} and token.dep_ == "advmod" and token.head.pos_ in {"VERB", "AUX"}:
        return True  # a sentence adverb before a name: "Nevertheless Tom Reed were ..."
    superlative = token.lower_.endswith("est") and len(token.text) > 5  # "Newest", "Biggest"
    return superlative or token.lower_ in _DESCRIPTOR_WORDS or token.lemma_.lower() in _DESCRIPTOR_WORDS


def _all_lower_case(span: Span) -> bool:
    """True for a span with no capital letter and no digit: a common word NER took for a name
    ("antenna", "endgame"); "eBay", "iPod" and "3com" are names."""
    return not any(ch.isupper() or ch.isdigit() for ch in span.text)


def _trim_descriptors(span: Span) -> Span:
    """Drop descriptor words that open a name: "Doctors Ana" → "Ana", "Newest EU" → "EU",
    and words before a given name in a person's name: "Pop Idol Tom Reed" → "Tom Reed"."""
    doc, start, end = span.doc, span.start, span.end
    if end - start >= 2 and doc[start].text in NATIONALITY_NOUNS and doc[start + 1].pos_ == "PROPN":
        return make_span(doc, start + 1, end, "PERSON")  # "Frenchman Arnaud Clement": a person, so described
    if span.label_ == "ORG" and doc[end - 1].lower_ in COMPANY_NAME_WORDS:
        return span  # "General Motors", "United Airlines": a firm's name, even opening a sentence
    while start < end - 1 and _is_descriptor(doc[start]) and doc[start].lower_ not in HONORIFICS:
        start += 1
    if span.label_ == "PERSON" and end - start > 2:
        words = [t for t in doc[start:end]]
        known = HONORIFICS | TITLES
        for k in range(1, len(words) - 1):
            before = words[:k]
            if is_given_name(words[k].text) and not any(is_given_name(t.text) or t.lower_ in known for t in before):
                start += k
                break
    return make_span(doc, start, end, span.label_) if (start, end) != (span.start, span.end) else span


def _with_given_name(span: Span) -> Span:
    """A person's name with the given name NER left out: "Ana" + "Garcia Ruiz"."""
    doc = span.doc
    start = span.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_ and is_given_name(doc[start - 1].text):
        start -= 1
    return make_span(doc, start, span.end, span.label_) if start != span.start else span


def _with_name_words(span: Span) -> Span:
    """A name with the capitalised words NER left off its front: "Liberal" + "Democrats",
    when they are proper nouns compounding into the name, in mid-sentence, and neither
    titles, honorifics nor other names ("Prime Minister X", "US X" stay apart)."""
    doc = span.doc
    start = span.start
    while start > 0:
        before = doc[start - 1]
        if (
            before.pos_ != "PROPN" or before.ent_type_ or before.dep_ != "compound"
            or not span.start <= before.head.i < span.end or not before.text[:1].isupper()
            or before.lower_ in TITLES or before.lower_ in HONORIFICS or before.is_sent_start
        ):
            break
        start -= 1
    return make_span(doc, start, span.end, span.label_) if start != span.start else span


# Words before a product and its model number: "the Zeta 360", "its Orbit 2", "Acme's".
_MODEL_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "new"})


def _with_model_number(span: Span) -> Span:
    """A product name and the model number after it, which NER and the proper-noun runs leave off:
    "the Zeta 360", "its Orbit 2". Only after a determiner or possessive, so that a score
    ("Westshire 2 Northdale 1") or a year ("Acme 2005 results") is never taken into a name."""
    doc = span.doc
    end = span.end
    if end >= len(doc) or span.start == 0:
        return span
    number = doc[end]
    if number.dep_ != "nummod" or not span.start <= number.head.i < end or not number.text.isdigit() or len(number.text) > 4:
        return span
    if len(number.text) == 4 and number.text[:2] in {"19", "20"}:
        return span  # a year
    before = doc[span.start - 1]
    if before.lower_ not in _MODEL_DETERMINERS and not (before.tag_ == "POS" or before.dep_ == "poss"):
        return span
    return make_span(doc, span.start, end + 1, span.label_)


def _title_continued(span: Span) -> Span:
    """A name NER cut at a capitalised small word: "Farmers" + "Against Hunger"."""
    doc = span.doc
    end = span.end
    if end < len(doc) and _title_word(doc, end - 1) and doc[end].text[:1].isupper():
        end += 1  # NER stopped after the small word: "Farmers Against" + "Hunger"
    while end + 1 < len(doc) and _title_word(doc, end) and not doc[end + 1].ent_type_:
        end += 2
    while end < len(doc) and _capitalised_proper(doc[end]):
        end += 1
    return make_span(doc, span.start, end, span.label_) if end != span.end else span


def _split_at_clause_words(span: Span) -> list[Span]:
    """The names of a span NER ran over a preposition of the clause: "Initech to Globex Corp" in
    "sold part of Initech to Globex Corp", where "to" is the verb's, not the name's; "Bank of
    Westshire" keeps its "of", whose head is inside the name."""
    doc = span.doc
    cuts = [
        t.i for t in span
        if t.pos_ == "ADP" and t.is_lower and t.i not in (span.start, span.end - 1) and not span.start <= t.head.i < span.end
    ]
    if not cuts:
        return [span]
    parts, start = [], span.start
    for cut in [*cuts, span.end]:
        if cut > start and any(t.pos_ == "PROPN" and t.lower_ not in _CALENDAR for t in doc[start:cut]):
            parts.append(make_span(doc, start, cut, span.label_))  # ("the Commons on Monday": no Monday)
        start = cut + 1
    return parts or [span]


def _split_coordination(span: Span, named_alone: set[str]) -> list[Span]:
    """Names coordinated inside one entity span, each on its own: "Gazprom, Rosneft" always,
    "Gazprom and Rosneft" when each part is named alone elsewhere in the document; never "&"."""
    doc = span.doc
    cuts = [t.i for t in span if t.text == "," or (t.lower_ == "and" and t.dep_ == "cc")]
    if not cuts:
        return [span]
    parts: list[Span] = []
    start = span.start
    for cut in [*cuts, span.end]:
        if cut > start:
            parts.append(make_span(doc, start, cut, span.label_))
        start = cut + 1
    if len(parts) < 2 or not all(any(t.pos_ == "PROPN" for t in p) for p in parts):
        return [span]
    has_and = any(doc[c].lower_ == "and" for c in cuts)
    if has_and and not all(p.text in named_alone for p in parts):
        return [span]
    return parts


def _opens_title(span: Span) -> bool:
    """A name word that opens or is a title before a person: "Home" or "Home Secretary" of "Home
    Secretary Jane Doe"; a brief before a title word: "Defence" of "Defence spokesman"."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    if span.text.lower() in PORTFOLIO_WORDS and doc[span.end].lower_ in TITLES:
        return True
    for n in range(0, 4):
        words = " ".join(t.lower_ for t in doc[span.start : min(len(doc), span.end + n)])
        if words in TITLES and span.end + n < len(doc) and doc[span.end + n].ent_type_ == "PERSON":
            return True
    return False


def _describes_person(span: Span) -> bool:
    """A nationality used as a singular noun describes a person, not the country: "the American said".
    Not one whose noun is the people, or the side, as a whole: "the Irish beat Italy", "the French"."""
    doc = span.doc
    root = span.root
    if root.dep_ in {"amod", "compound"} or root.tag_ in {"NNPS", "NNS"} or root.lower_.endswith("s"):
        return False
    if collective_demonym(root.lower_):
        return False
    return span.start > 0 and doc[span.start - 1].lower_ in {"the", "a", "an"}


def collective_demonym(word: str) -> bool:
    """A nationality word that, as a noun, means the whole people or side: "Irish", "French",
    "Chinese" ("the Irish" are not one Irishman, as "the American" is one American)."""
    return word.endswith(("sh", "ch", "ese"))


def _is_product_code(token: Token) -> bool:
    """True for a token shaped like a product or model code: "S-300", "A380", "F-16"."""
    return bool(_PRODUCT_CODE.fullmatch(token.text)) and not _YEAR_LIKE.search(token.text)


def _group_span(norp: Span) -> Span | None:
    """Extend a nationality to its armed-force noun: "Basque" in "Basque fighters" → "Basque fighters"."""
    head = norp.root.head
    if norp.root.dep_ not in {"amod", "compound"} or head.i <= norp.root.i:
        return None
    if head.lower_ not in ARMED_FORCE_NOUNS and head.lemma_.lower() not in ARMED_FORCE_NOUNS:
        return None
    if head.pos_ != "NOUN":
        return None
    start = norp.start
    for left in head.lefts:
        if left.ent_type_ == "NORP" and left.i < start:
            start = left.i
    return make_span(norp.doc, start, head.i + 1, GROUP_LABEL)


def _is_acronym_token(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


def _parenthetical_acronyms(doc: Doc, spans: list[Span], taken: set[int]) -> list[Span]:
    """An acronym in brackets right after a name, with the name's label: "World Health Organization (WHO)"."""
    found = []
    for span in spans:
        i = span.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and i + 1 not in taken:
            if _is_acronym_token(doc[i + 1]):
                found.append(make_span(doc, i + 1, i + 2, span.label_))
                taken.add(i + 1)
    return found


def _propagated(doc: Doc, spans: list[Span], taken: set[int]) -> list[Span]:
    """Untagged repeats of names tagged elsewhere in ``doc``, with the label they had there."""
    patterns: dict[str, Span] = {}
    for span in spans:
        named = any(t.pos_ == "PROPN" for t in span) or (len(span) == 1 and _is_acronym_token(span[0]))
        if span.label_ in _PROPAGATED_LABELS and named:
            patterns.setdefault(span.text, span)
        if span.label_ == "NORP" and len(span) == 1 and span.text[:1].isupper():
            # "the Republicans ... Republican senator": one group, singular or plural
            text = span.text
            for variant in (text, text[:-1] if text.endswith("s") else text + "s"):
                patterns.setdefault(variant, span)
    for span in spans:
        # A surname alone refers back to the full name: "Jacinda Ardern ... Ardern said".
        if span.label_ == "PERSON" and len(span) > 1 and span[-1].pos_ == "PROPN":
            patterns.setdefault(span[-1].text, make_span(doc, span.end - 1, span.end, span.label_))
    if not patterns:
        return []
    matcher = PhraseMatcher(doc.vocab)
    for text, span in patterns.items():
        # a Doc of the words alone: PhraseMatcher compares ORTH, and as_doc() copies every attribute
        words = [token.text for token in span] if text == span.text else [text]
        matcher.add(text, [Doc(doc.vocab, words=words)])
    found: list[Span] = []
    for match_id, start, end in sorted(matcher(spacy_doc(doc)), key=lambda m: (m[1], -m[2])):
        if any(i in taken for i in range(start, end)):
            continue
        label = patterns[doc.vocab.strings[match_id]].label_
        found.append(make_span(doc, start, end, label))
        taken.update(range(start, end))
    return found


def _capitalised_proper(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.ent_type_ and any(ch.isalpha() for ch in token.text)


def _could_name(token: Token) -> bool:
    """A proper noun that may be a name by itself: not a calendar word, stop word, title or descriptor."""
    lower = token.lower_
    if not _capitalised_proper(token):
        return False
    if lower in _CALENDAR or token.is_stop or lower in HONORIFICS or lower in ABSTRACT_NOUNS:
        return False
    return len(token.text.strip(".")) > 1


def _named_mid_sentence(doc: Doc) -> set[str]:
    """Words written capitalised inside a sentence with no determiner before them: names,
    even when they are also common words or titles ("than Sting last year")."""
    found = set()
    for token in doc:
        if token.is_sent_start or not token.text[:1].isupper() or token.pos_ != "PROPN":
            continue
        before = doc[token.i - 1]
        if before.is_quote or before.is_punct and before.text not in {",", ";"} or before.lower_ in _DETERMINERS:
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.text[:1].isupper() and following.pos_ == "PROPN":
            continue  # "King Harald": a title before a name
        if following is not None and following.lower_ == "of" and token.lower_ in TITLES:
            continue  # "President of France": a title
        found.add(token.lower_)
    return found


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that"})


def _title_word(doc: Doc, i: int) -> bool:
    """A capitalised function word between capitalised words, as titles write them: "At" in "World At One"."""
    token = doc[i]
    if i + 1 >= len(doc) or not token.text[:1].isupper() or token.lower_ not in _TITLE_FUNCTION_WORDS:
        return False
    following = doc[i + 1]
    return following.text[:1].isupper() and following.pos_ in {"PROPN", "NUM", "NOUN"} and not following.ent_type_


def _role_of_person(span: Span) -> bool:
    """A capitalised title in apposition to a person is a role, not a name: "Group Economist" and
    "Chief Operating Officer" of "Jane Roe, Chief Operating Officer at Acme" (the title ends the run)."""
    words = [t.lower_ for t in span]
    ends_in_title = any(" ".join(words[k:]) in TITLES for k in range(len(words)))
    root = span.root
    return ends_in_title and root.dep_ == "appos" and root.head.ent_type_ == "PERSON"


def _proper_noun_runs(doc: Doc, taken: set[int]) -> list[Span]:
    """Runs of proper nouns NER left untagged: "Shakira", "Okafor", "Acme Corporation".

    A run of several proper nouns is a name unless all its words are calendar
    words, titles or honorifics; a single one must be able to name by itself
    (:func:`_could_name`). A title alone ("President") or after a determiner
    ("the Prince") is no name.
    """
    found: list[Span] = []
    names = _named_mid_sentence(doc)
    i = 0
    while i < len(doc):
        number_name = (
            doc[i].pos_ == "NUM" and doc[i].text[:1].isupper() and i + 1 < len(doc) and _capitalised_proper(doc[i + 1])
        )  # "Five Live", "Channel Four" start with a number word
        if i in taken or not (_capitalised_proper(doc[i]) or number_name):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end not in taken:
            if _capitalised_proper(doc[end]):
                end += 1
            elif _title_word(doc, end) and end + 1 not in taken:
                end += 2  # "World At One", "Stop The War": a capitalised small word inside a title
            else:
                break
        span = make_span(doc, i, end, NAME_LABEL)
        words = " ".join(t.lower_ for t in span)
        before = doc[i - 1] if i > 0 else None
        if len(span) == 1:
            plain = not _is_descriptor(span[0]) and words not in TITLES
            keep = _could_name(span[0]) and (plain or (words in names and not (before is not None and before.lower_ in _DETERMINERS)))
        else:
            keep = not all(t.lower_ in _CALENDAR | HONORIFICS | TITLES or t.is_stop for t in span) and not _role_of_person(span)
        titled = words in TITLES and (
            (before is not None and before.lower_ in _DETERMINERS) or (end < len(doc) and doc[end].pos_ == "PROPN")
        )
        if keep and not titled:
            numbered = _with_model_number(span)
            if numbered.end != span.end:  # a name and its model number name a product: "the Zeta 360"
                span = make_span(doc, numbered.start, numbered.end, PRODUCT_LABEL)
            end = span.end
            found.append(span)
            taken.update(range(i, end))
        i = end
    return found


# Kinds of thing a title names when written before it: "the Stop, Think campaign".
_KIND_NOUNS = frozenset({"campaign", "website", "site", "album", "song", "film", "programme", "program",
                         "show", "series", "scheme", "project", "tour", "festival", "slogan", "book", "novel"})
# Function words a title of a work may hold: "Gone with the Wind", "Death in Venice".
_TITLE_FUNCTION_WORDS = frozenset(
    {"of", "in", "the", "a", "an", "with", "and", "on", "at", "to", "for", "from", "is", "not", "against", "over", "under", "into", "by", "v", "vs"}
)


def _titled_work(doc: Doc, start: int) -> int | None:
    """End of a title of a work that starts at ``start`` right after a work noun ("the Spanish
    drama Death in Venice", "the movie Jaws"): capitalised words and the function words
    between them."""
    if start == 0 or doc[start - 1].lemma_.lower() not in WORK_NOUNS or not doc[start].text[:1].isupper():
        return None
    end = start
    while end < len(doc):
        token = doc[end]
        if token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "NUM", "ADV"}:
            end += 1
        elif token.lower_ in _TITLE_FUNCTION_WORDS and end + 1 < len(doc) and doc[end + 1].text[:1].isupper():
            end += 1
        else:
            break
    return end if end > start else None


def _titles_before_kind(doc: Doc) -> list[Span]:
    """Titles written before the kind of thing they name, commas and all: "the Stop, Think
    campaign", "the Stop, Think website" — NER cuts them at the comma."""
    found = []
    for head in doc:
        if head.pos_ != "NOUN" or head.lemma_.lower() not in _KIND_NOUNS:
            continue
        start = head.i
        while start > 0:
            before = doc[start - 1]
            if before.text[:1].isupper() and before.pos_ in {"PROPN", "VERB", "NOUN", "ADJ", "PART", "ADV"} and before.tag_ != "POS":
                start -= 1
            elif before.text == "," and start >= 2 and doc[start - 2].text[:1].isupper() and start < head.i:
                start -= 1
            else:
                break
        words = [t for t in doc[start : head.i] if t.text != ","]
        if len(words) >= 2 and any(t.text == "," for t in doc[start : head.i]) and not doc[start].is_sent_start:
            found.append(make_span(doc, start, head.i, "WORK_OF_ART"))
    return found


def _work_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans that a title of a work found by :func:`_titled_work` replaces, merged into it."""
    merged: list[Span] = []
    for span in spans:
        end = _titled_work(doc, span.start)
        if end is not None and end > span.end:
            merged.append(make_span(doc, span.start, end, "WORK_OF_ART"))
        else:
            merged.append(span)
    return merged


def mention_spans(doc: Doc) -> list[Span]:
    """All mention spans of ``doc``, repaired, without overlaps, in text order."""
    named_alone = {ent.text for ent in doc.ents if not any(t.lower_ in {"and", ","} for t in ent)}
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in NODE_LABELS:
            continue
        brackets = [t.i for t in ent if t.text == "("]
        if brackets and brackets[0] > ent.start:
            # NER sometimes swallows a bracketed acronym: "World Health Organization (WHO";
            # the name ends before the bracket, the acronym is found as such below.
            ent = make_span(doc, ent.start, brackets[0], ent.label_)
        span = _trim(ent)
        if span is None:
            continue
        span = _trim_descriptors(span)
        if _all_lower_case(span):
            continue  # a common noun NER tagged a person: a name has a capital or a digit
        if span.label_ == "PERSON":
            span = _with_given_name(span)
        else:
            span = _with_model_number(_with_name_words(span))
        if span.label_ in {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "FAC"}:
            span = _title_continued(span)
        if span.label_ in {"ORG", "GPE", "NORP"} and _opens_title(span):
            continue
        if span.label_ == "NORP" and _describes_person(span):
            continue
        for part in (p for whole in _split_at_clause_words(span) for p in _split_coordination(whole, named_alone)):
            part = _trim(part)
            if part is None:
                continue
            if part.label_ == "NORP":
                part = _group_span(part) or part
            spans.append(part)
    taken = {i for span in spans for i in range(span.start, span.end)}
    for token in doc:
        if token.i not in taken and _is_product_code(token):
            spans.append(make_span(doc, token.i, token.i + 1, PRODUCT_LABEL))
            taken.add(token.i)
    spans.extend(_parenthetical_acronyms(doc, spans, taken))
    spans.extend(_propagated(doc, spans, taken))
    spans.extend(_proper_noun_runs(doc, taken))
    spans = _work_titles(doc, spans)
    titles = _titles_before_kind(doc)
    if titles:
        inside = {i for t in titles for i in range(t.start, t.end)}
        spans = [s for s in spans if not any(i in inside for i in range(s.start, s.end))] + titles
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue  # overlap: the earlier, longer span wins
        if _clock_time(span):
            continue
        kept.append(span)
    return _join_nation_names(doc, kept)


_CLOCK = re.compile(r"\d{1,4}(?::\d\d)?([a-z]+)?")


def _clock_time(span: Span) -> bool:
    """True for a clock time NER took for a name: "GMT" of "at 1330 GMT", "0100 GMT", "0530GMT"
    (:data:`~kg.lexicon.TIME_ZONES`): numbers, marks and time zones, with a time zone and a number."""
    zone = number = False
    for token in span:
        word = token.lower_
        clock = _CLOCK.fullmatch(word)
        if word in TIME_ZONES or (clock is not None and clock.group(1) in TIME_ZONES):
            zone = True
            number = number or clock is not None
        elif token.like_num or clock is not None:
            number = True
        elif not token.is_punct:
            return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    return zone and (number or (before is not None and before.like_num))


def _join_nation_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A country or nationality word and the capitalised word NER left unnamed right after it,
    that it modifies, are one name: "UK Coal", "English Partnerships", "Liberal Democrat" (a
    nationality of no country after a word). Not "Russian oil firm Rosneft", where NER named
    the firm, nor "French President", a title."""
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if span.text.lower().rstrip(".") in _GENERATION_SUFFIXES:
            # "Bruce L Castor Jr" cut before "Jr": the suffix is the name's, and alone names no one
            if previous is not None and previous.label_ == "PERSON" and span.start - previous.end <= 1:
                joined[-1] = make_span(doc, previous.start, span.end, "PERSON")
            continue
        if previous is not None and _branch_of(doc, previous, span):
            joined[-1] = make_span(doc, previous.start, span.end, "ORG")  # "Globex UK general manager"
            continue
        if (
            previous is not None
            and previous.end == span.start
            and len(previous) == len(span) == 1
            and _plain_word(previous[0])
            and _plain_word(span[0])
            and (previous.root.head.i == span.start or span.root.head.i == previous.start)
            and not (span.end < len(doc) and doc[span.end].pos_ == "PROPN")
            and not (previous.start > 0 and doc[previous.start - 1].lower_ in {"a", "an"})  # "an Iraqi Kurd": a description
        ):
            if previous.label_ in {"GPE", "NORP"} and span.label_ == "NAME":
                joined[-1] = make_span(doc, previous.start, span.end, "ORG")  # "UK Coal", "English Partnerships"
                continue
            if previous.label_ in {"NAME", "ORG"} and span.label_ == "NORP" and not previous[0].is_sent_start:
                from ..resolve.gazetteer import load_gazetteer  # (resolve imports this module)

                if load_gazetteer().country_for_demonym(span.text) is None:  # not "Conservative British MP"
                    joined[-1] = make_span(doc, previous.start, span.end, "NORP")  # "Liberal Democrat"
                    continue
        joined.append(span)
    return joined


def _branch_of(doc: Doc, firm: Span, place: Span) -> bool:
    """A firm's name and a country or continent right after it that together modify a noun: its
    branch there ("Globex UK general manager", "Acme Europe president"), one name, not the
    firm's manager of the United Kingdom."""
    if firm.end != place.start or firm.label_ not in {"ORG", "NAME"} or place.label_ not in {"GPE", "LOC"} or len(place) > 2:
        return False
    if firm.root.head.i != place.root.i or place.root.dep_ not in {"compound", "nmod"} or place.root.head.i < place.end:
        return False
    if place.root.head.pos_ != "NOUN":
        return False
    from ..resolve.gazetteer import load_gazetteer, region_for_name  # (resolve imports this module)

    region = region_for_name(place.text)
    return load_gazetteer().country_for_name(place.text) is not None or (region is not None and not region.country_iso2)


def _plain_word(token: Token) -> bool:
    """A capitalised word that can join a name: no title, honorific, compass word or code
    ("Chancellor", "East", "XV", "Under-21" stay apart)."""
    lower = token.lower_
    return (
        token.text[:1].isupper()
        and token.is_alpha
        and not (token.is_upper and len(token) > 2)
        and lower not in TITLES
        and lower not in HONORIFICS
        and lower not in _COMPASS_WORDS
    )


# Suffixes that end a person's name and name no one alone.
_GENERATION_SUFFIXES = frozenset({"jr", "jnr", "sr", "snr", "ii", "iii", "iv"})
# Words of a region's name: "Oldham East", "Surrey South West" are no organisation.
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western"})


def iter_mentions(doc: Doc, document_id: str = "", spans: list[Span] | None = None) -> Iterator[Mention]:
    """Yield a :class:`Mention` for every span (default: :func:`mention_spans`), with its sentence index."""
    for span in mention_spans(doc) if spans is None else spans:
        if span.label_ == GROUP_LABEL:
            rule = "nationality-group"
        elif span.label_ == NAME_LABEL:
            rule = "proper-noun"
        elif len(span) == 1 and span.start >= 1 and doc[span.start - 1].text == "(" and not span[0].ent_type_:
            rule = "acronym"
        elif span[0].ent_type_:
            rule = "ner"
        else:
            rule = "pattern" if span.label_ == PRODUCT_LABEL else "propagated"
        yield Mention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            sentence=sentence_of(doc, span.start),
            label=span.label_,
            document=document_id,
            rule=rule,
        )
