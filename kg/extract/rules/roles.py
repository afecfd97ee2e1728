"""Role rules: person → "<title> of" → organisation or country, from titles and role nouns.

News names most roles in the noun phrase around a person's name, in every position:

* a title before the name: "French President Emmanuel Macron", "Initech chief
  executive Ana Ruiz", "former Globex chief executives Tom Reed and Jane Doe";
* an appositive: "Ana Ruiz, Acme's chairman", "Tom Reed, chairman
  of the FA", "the chairman of Acme, Ana Ruiz";
* a preposition after the name: "Prof Okafor of Yale University";
* a group of people named by their organisation: "Acme shareholders",
  "minority investors in Globex";
* family ties: "his wife Jane", "the daughter of singer Mary Hale".

Titles and role nouns come from the lexicon; the organisation is an entity of
an organisation or country type in the title's own noun phrase.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from ...lexicon import COMMUNICATION_VERBS, KINSHIP_NOUNS, LONGEST_TITLE, MEMBER_NOUNS, OFFICIAL_NOUNS, PEOPLE_NOUNS, ROLE_PREPOSITIONS, TITLES
from ..clauses import expand
from ..qualifiers import NO_QUALIFIERS
from .registry import Found, Sentence, rule

FAMILY = "roles"

# Entity types that can hold a role: "German", "U.S.", "Microsoft", "the Elysee".
ORGANISATION_TYPES = frozenset({"Organization", "Corporation", "GovernmentOrganization", "Country", "City"})
# Tokens that may stand between a title phrase and the name it introduces.
_PHRASE_POS = frozenset({"PROPN", "NOUN", "ADJ"})
_PHRASE_WORDS = frozenset({"of", "'s", "’s", "'", "’", "-", "the"})
# Dependencies through which a title's own phrase names its organisation.
_OWN_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


def _title_key(tokens: Sequence[Token]) -> str:
    return " ".join(t.lower_ for t in tokens).replace(" - ", "-")


def _title_forms(tokens: Sequence[Token]) -> set[str]:
    """The phrase as written and with its last word singular: "chief executives" → "chief executive"."""
    key = _title_key(tokens)
    forms = {key}
    if tokens and tokens[-1].tag_ in {"NNS", "NNPS"}:
        forms.add(" ".join([*(t.lower_ for t in tokens[:-1]), tokens[-1].lemma_.lower()]).replace(" - ", "-"))
    return forms


def find_title(tokens: Sequence[Token], known: frozenset[str] = TITLES) -> tuple[int, int] | None:
    """Start and end (within ``tokens``) of the longest title phrase, the last one on ties."""
    best: tuple[int, int] | None = None
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + LONGEST_TITLE + 2), start, -1):
            if _title_forms(tokens[start:end]) & known:
                if best is None or end - start >= best[1] - best[0]:
                    best = (start, end)
                break
    return best


def _title_label(tokens: Sequence[Token]) -> str:
    forms = sorted(_title_forms(tokens) & TITLES, key=len)
    return forms[0] if forms else _title_key(tokens)


def _people(sentence: Sentence) -> Iterator[Span]:
    for span in sentence.mention_spans:
        if sentence.type_of(span.root) == "Person":
            yield span


def _is_organisation(sentence: Sentence, token: Token, person: Span) -> bool:
    return token not in person and sentence.type_of(token) in ORGANISATION_TYPES


def _prename_window(sentence: Sentence, person: Span) -> list[Token]:
    """Tokens of the noun phrase before a name: "U.S. Vice President" before "Jane Doe"."""
    doc = person.doc
    window: list[Token] = []
    i = person.start - 1
    while i >= sentence.span.start:
        token = doc[i]
        if sentence.type_of(token) == "Person" and sentence.entity(token) != sentence.entity(person.root):
            break
        if token.pos_ not in _PHRASE_POS and token.lower_ not in _PHRASE_WORDS:
            break
        window.insert(0, token)
        i -= 1
    return window


def _nearest_organisation(sentence: Sentence, tokens: Sequence[Token], title: tuple[int, int], person: Span) -> Token | None:
    start, end = title
    candidates = [
        (start - k if k < start else k - end + 1, t)
        for k, t in enumerate(tokens)
        if not start <= k < end and _is_organisation(sentence, t, person)
    ]
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _titled(sentence: Sentence, person: Span) -> tuple[str, Token | None] | None:
    """The title before a name and the organisation in its phrase, if a title is there."""
    window = _prename_window(sentence, person)
    found = find_title(window)
    if found is None:
        return None
    return _title_label(window[found[0] : found[1]]), _nearest_organisation(sentence, window, found, person)


def _shares_title(sentence: Sentence, person: Span) -> Span | None:
    """The titled person a coordinated name shares a plural title with:
    "chief executives Tom Reed and Jane Doe" → Tom Reed for Jane Doe."""
    root = person.root
    if root.dep_ != "conj":
        return None
    first = sentence.mention_of(root.head)
    if first is None or sentence.type_of(first.root) != "Person":
        return None
    window = _prename_window(sentence, first)
    found = find_title(window)
    if found is None or window[found[1] - 1].tag_ not in {"NNS", "NNPS"}:
        return None
    return first


@rule(
    "title-before-name",
    family=FAMILY,
    construction="a title before a name, with the organisation or country in its phrase: "
    "'Initech chief executive Ana Ruiz' → Ana Ruiz –chief executive of→ Initech",
    confidence=0.9,
    examples=[
        ("French President Emmanuel Macron arrived.", ["Emmanuel Macron | president of | France"]),
        ("Oracle chairman Larry Ellison spoke.", ["Larry Ellison | chairman of | Oracle"]),
        (
            "Former Tesco chief executives John Smith and Mary Jones resigned.",
            ["John Smith | chief executive of | Tesco", "Mary Jones | chief executive of | Tesco"],
        ),
    ],
    counter=["President Emmanuel Macron arrived.", ("Larry Ellison and French President Emmanuel Macron met.", ["Larry Ellison | president of | France"])],
)
def title_before_name(sentence: Sentence) -> Iterator[Found]:
    for person in _people(sentence):
        source = _shares_title(sentence, person) or person
        titled = _titled(sentence, source)
        if titled is None or titled[1] is None:
            continue
        title, organisation = titled
        yield Found(person.root, f"{title} of", organisation, NO_QUALIFIERS, 0.0 if source is person else 0.05)


def _own_organisations(sentence: Sentence, head: Token, person: Span, depth: int = 0) -> list[Token]:
    """Organisations in a title's own phrase: its possessor, modifiers, and of/at/for objects."""
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in _OWN_DEPS:
            if _is_organisation(sentence, child, person):
                found.append(child)
            elif child.dep_ in {"compound", "nmod"}:
                found.extend(_own_organisations(sentence, child, person, depth + 1))
        elif child.dep_ == "prep" and child.lower_ in ROLE_PREPOSITIONS and depth < 2:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if _is_organisation(sentence, pobj, person):
                    found.append(pobj)
                else:
                    found.extend(_own_organisations(sentence, pobj, person, depth + 1))
    return found


def _appositives(person: Span) -> Iterator[Token]:
    """Heads of noun phrases in apposition to the name: "X, Germany's foreign minister," and "the minister, X"."""
    root = person.root
    for child in root.children:
        if child.dep_ == "appos" and child not in person:
            yield child
    if root.dep_ == "appos" and root.head not in person and root.head.pos_ == "NOUN":
        yield root.head


def _phrase_title(head: Token) -> str | None:
    """The title a noun phrase headed by ``head`` ends in: "the French foreign minister" → "foreign minister"."""
    tokens = [t for t in head.lefts if t.dep_ in {"compound", "amod"}] + [head]
    tokens = sorted(tokens, key=lambda t: t.i)
    for start in range(len(tokens)):
        if _title_forms(tokens[start:]) & TITLES:
            return _title_label(tokens[start:])
    return None


@rule(
    "appositive-role",
    family=FAMILY,
    construction="a role noun in apposition to a name, the organisation in its phrase: "
    "\"Jane Roe, Acme's chairman\", \"Jane Roe, chairman of Acme\", \"a Nokia spokesperson\"",
    confidence=0.85,
    examples=[
        ("Annalena Baerbock, Germany's foreign minister, spoke.", ["Annalena Baerbock | foreign minister of | Germany"]),
        ("Mark Turner, chairman of the Football Association, resigned.", ["Mark Turner | chairman of | Football Association"]),
        ("Peter Lund, a Nokia spokesperson, said so.", ["Peter Lund | spokesperson of | Nokia"]),
    ],
    counter=[("Mark Turner, the lawyer who sued Nokia, said so.", ["Mark Turner | lawyer of | Nokia"])],
)
def appositive_role(sentence: Sentence) -> Iterator[Found]:
    for person in _people(sentence):
        eid = sentence.entity(person.root)
        # the parse may give the role noun as a second subject: it stands for the person too
        standing = [t for t in sentence.tokens if t.pos_ == "NOUN" and t not in person and sentence.entity(t) == eid]
        for head in dict.fromkeys([*_appositives(person), *standing]):
            title = _phrase_title(head)
            if title is None:
                continue
            for organisation in expand(_own_organisations(sentence, head, person)):
                yield Found(person.root, f"{title} of", organisation, NO_QUALIFIERS)


@rule(
    "role-preposition",
    family=FAMILY,
    construction="a preposition after a name ties the person to an organisation: "
    "'Prof Okafor of Yale University', 'Nina Lee, from Amnesty International'",
    confidence=0.8,
    examples=[
        ("Colonel John Smith of the Pentagon Project Office spoke.", ["John Smith | colonel of | Pentagon Project Office"]),
        ("John Smith of the Pentagon Project Office spoke.", ["John Smith | of | Pentagon Project Office"]),
        ("Nina Lee, from Amnesty International, said so.", ["Nina Lee | from | Amnesty International"]),
        ("Others include Ann Berg of Zeta Group and Mary Cole, formerly of Northdale Foods.",
         ["Mary Cole | of | Northdale Foods"]),
    ],
    counter=[
        ("John Smith of Boston spoke.", ["John Smith | of | Boston"]),
        ("Others include Ann Berg of Zeta Group and Mary Cole, formerly of Northdale Foods.",
         ["Ann Berg | of | Northdale Foods"]),
    ],
)
def role_preposition(sentence: Sentence) -> Iterator[Found]:
    for person in _people(sentence):
        titled = _titled(sentence, person)
        for prep in person.root.children:
            if prep.dep_ != "prep" or prep.lower_ not in ROLE_PREPOSITIONS:
                continue
            owner = _last_conjunct_before(person.root, prep)
            if owner is not person.root:
                # "Ann Berg of Zeta and Mary Cole, formerly of Initech": the parser hung Cole's
                # phrase on the first of the list; it is the nearest name's before it
                if sentence.type_of(owner) != "Person":
                    continue
                titled = None
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if sentence.type_of(pobj) not in ORGANISATION_TYPES - {"Country", "City"}:
                    continue
                label = f"{titled[0]} {prep.lower_}" if titled and titled[1] is None else prep.lower_
                yield Found(owner, label, pobj, NO_QUALIFIERS)


def _last_conjunct_before(name: Token, prep: Token) -> Token:
    """The conjunct of ``name`` nearest before ``prep`` (``name`` itself when none stands between)."""
    conjuncts = [c for c in name.conjuncts if name.i < c.i < prep.i]
    return max(conjuncts, key=lambda c: c.i) if conjuncts else name


# Titles of companies and organisations whose holder works for an organisation the sentence names.
_ORGANISATION_TITLE_WORDS = frozenset(
    {"chief", "executive", "chairman", "chairwoman", "chairperson", "spokesman", "spokeswoman",
     "spokesperson", "founder", "president", "head", "boss", "manager", "coach", "captain", "editor", "ceo", "cfo",
     "leader", "flanker", "winger", "midfielder", "defender", "forward", "goalkeeper", "striker", "skipper",
     "physiotherapist", "player"}
)


def _addressed(token: Token, person: Span) -> bool:
    """True when ``token`` is, or is in, what the person says something to: "spokesman Jane Roe
    told Globex Radio's news programme", where the interviewer is no employer of hers."""
    node = token
    for _ in range(4):  # the noun, its phrase, the verb
        if node.head == node:
            return False
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subjects = {c.i for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}}
            return node.lemma_.lower() in COMMUNICATION_VERBS and person.root.i in subjects
    return False


@rule(
    "title-in-sentence",
    family=FAMILY,
    construction="a company title before a name with no organisation in its phrase belongs to the one "
    "organisation the sentence names: '\"A good year for Acme,\" said chief executive Jane Roe'",
    confidence=0.55,
    examples=[('"It was a good year for Tesco," said chief executive John Smith.', ["John Smith | chief executive of | Tesco"])],
    counter=[
        ('"Tesco and Asda had a good year," said chief executive John Smith.', ["John Smith | chief executive of | Tesco"]),
        ("The site of chief executive John Smith blocks overseas users.", ["John Smith | chief executive of | overseas users"]),
        # the one he speaks to is no employer
        ("Health spokesman John Smith told Globex Radio's news programme that waiting lists grew.", ["John Smith | spokesman of | Globex Radio"]),
        ('Health spokesman John Smith told Globex Radio\'s news programme: "It is a matter of principle."', ["John Smith | spokesman of | Globex Radio"]),
        # the phrase names the boss's side, though not as an organisation
        ("Leeds boss Tom Reed wants a win against Acme Corp.", ["Tom Reed | boss of | Acme"]),
    ],
)
def title_in_sentence(sentence: Sentence) -> Iterator[Found]:
    for person in _people(sentence):
        titled = _titled(sentence, person)
        if titled is None or titled[1] is not None:
            continue
        if any(sentence.named(t) for t in _prename_window(sentence, person)):
            continue  # "Leeds boss Tom Reed": the phrase names whose boss, if not as a body; look no further
        if not set(titled[0].split()) & _ORGANISATION_TITLE_WORDS:
            continue
        organisations = {
            sentence.entity(t): t
            for t in sentence.tokens
            if sentence.named(t) and sentence.type_of(t) in {"Organization", "Corporation"} and t not in person
        }  # named: "overseas users" is no body a president heads
        addressed = {sentence.entity(t) for t in sentence.tokens if t not in person and _addressed(t, person)}
        organisations = {eid: t for eid, t in organisations.items() if eid not in addressed}
        if len(organisations) == 1:
            yield Found(person.root, f"{titled[0]} of", next(iter(organisations.values())), NO_QUALIFIERS)


@rule(
    "group-role",
    family=FAMILY,
    construction="people named by their organisation hold a role in it: 'Acme shareholders' → "
    "shareholders –shareholder of→ Acme; 'minority investors in Globex' → investors –investor in→ Globex",
    confidence=0.75,
    examples=[
        ("Tesco shareholders voted against the plan.", ["Tesco shareholders | shareholder of | Tesco"]),
        ("Minority investors in Nokia sold shares.", ["minority investors | investor in | Nokia"]),
        ("Nato's newest members met.", ["newest members | member of | Nato"]),
        ("The BRC said Britain's retailers had a bad Christmas.", ["retailers | retailer in | United Kingdom"]),
    ],
    counter=[
        ("White House officials said so.", ["White House officials | official of | United States"]),
        ("Parents know what games their children play.", ["children | child of | Parents"]),
    ],
)
def group_role(sentence: Sentence) -> Iterator[Found]:
    for head in sentence.tokens:
        if head.pos_ != "NOUN" or head.lower_ not in PEOPLE_NOUNS or head.lower_ in OFFICIAL_NOUNS:
            continue
        own = sentence.entity(head)
        if own is None:
            continue
        role = head.lemma_.lower()
        # the body is named ("their children", "the parents' children" relate no body); a country
        # or city has members and allies, and is where the others are ("Britain's retailers")
        for child in head.children:
            if child.dep_ == "poss" and sentence.named(child) and sentence.type_of(child) in ORGANISATION_TYPES and sentence.entity(child) != own:
                place = sentence.type_of(child) in {"Country", "City"} and head.lower_ not in MEMBER_NOUNS
                yield Found(head, f"{role} in" if place else f"{role} of", child, NO_QUALIFIERS)  # "the EU's newest members"
            elif child.dep_ in {"compound", "nmod"} and sentence.named(child) and sentence.type_of(child) in ORGANISATION_TYPES - {"Country", "City"}:
                if sentence.entity(child) != own:
                    yield Found(head, f"{role} of", child, NO_QUALIFIERS)
            elif child.dep_ == "prep" and child.lower_ in {"of", "in", "at"}:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if sentence.named(pobj) and sentence.type_of(pobj) in ORGANISATION_TYPES - {"Country", "City"}:
                        yield Found(head, f"{role} {child.lower_}", pobj, NO_QUALIFIERS)


def _kin_of(sentence: Sentence, noun: Token) -> list[Token]:
    """The person a kinship noun is relative to: its possessor or its "of" object."""
    relatives = [c for c in noun.children if c.dep_ == "poss"]
    relatives += [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of" for pobj in prep.children if pobj.dep_ == "pobj"]
    return [t for t in relatives if sentence.type_of(t) == "Person"]


@rule(
    "kinship",
    family=FAMILY,
    construction="a family noun before, in apposition to or standing for a name relates the two people: "
    "'his wife Jane' → Jane –wife of→ him; 'John, the son of singer Mary Hale'",
    confidence=0.7,
    examples=[
        ("Paul Smith and his wife Jane Smith arrived.", ["Jane Smith | wife of | Paul Smith"]),
        ("John Hale, the son of singer Mary Hale, died.", ["John Hale | son of | Mary Hale"]),
        ("The son of singer Mary Hale, he wrote songs. John Hale died.", []),
    ],
    counter=[("Jane Smith thanked Paul Smith.", ["Jane Smith | wife of | Paul Smith"])],
)
def kinship(sentence: Sentence) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[Token, Token]] = []  # (kinship noun, the person it is)
    for person in _people(sentence):
        for t in _prename_window(sentence, person):
            if t.lower_ in KINSHIP_NOUNS:
                pairs.append((t, person.root))
        for head in _appositives(person):
            if head.lower_ in KINSHIP_NOUNS:
                pairs.append((head, person.root))
    for token in sentence.tokens:
        # "The son of singer Mary Hale, he ...": the noun stands for a person itself
        if token.lower_ in KINSHIP_NOUNS and sentence.type_of(token) == "Person":
            pairs.append((token, token))
    for noun, who in pairs:
        if (noun.i, who.i) in seen:
            continue
        seen.add((noun.i, who.i))
        for relative in _kin_of(sentence, noun):
            if sentence.entity(relative) != sentence.entity(who):
                yield Found(who, f"{noun.lemma_.lower()} of", relative, NO_QUALIFIERS)
