"""Clauses: what the parse says about one verb — its subjects, objects, prepositions and voice.

Every clausal rule reads the same :class:`Clause`, so subjects inherited
through coordination, control, relative clauses and participles are found in
one place. Labels are spaCy's English (ClearNLP) dependency labels.

* own subjects: "Germany buys" (nsubj), "the deal was signed" (nsubjpass);
* a relative pronoun stands for its antecedent: "Saab, which sold jets" → Saab;
* inherited subjects: conjoined verbs share theirs ("signed and ratified"),
  controlled infinitives take the controller's ("wants to remain"), participles
  on a noun are said of it ("missiles made in France"), an infinitive on a noun
  takes the noun's possessor ("its decision to buy").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    ABSTRACT_NOUNS,
    ADVERBIAL_PHRASE_NOUNS,
    ADVERBIAL_PREPOSITIONS,
    ABSOLUTE_PREPOSITIONS,
    DIRECTIVE_VERBS,
    PREPOSITIONAL_CONTROL,
    HEARSAY_VERBS,
    MANNER_PREPOSITIONS,
    NAMING_PLACE_NOUNS,
    MEASURE_NOUNS,
    PAST_ONLY_FORMS,
    PERSON_NOUNS,
    PURPOSE_NOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    TITLES,
    VERB_IDIOMS,
    WANTING_VERBS,
)
from ..nlp import is_headline, sentence_of, sentences

__all__ = [
    "Clause",
    "title_read_as_verb",
    "hyphen_joined",
    "clause_of",
    "iter_clauses",
    "conjuncts",
    "expand",
    "transparent",
    "preposition_words",
    "own_subjects",
    "inherited_subjects",
    "objects",
    "prepositions",
    "is_verb",
    "headline_passive",
    "SUBJECT_DEPS",
    "PASSIVE_SUBJECT_DEPS",
    "OBJECT_DEPS",
    "COMPLEMENT_DEPS",
    "NON_ARGUMENT_ENTITIES",
]

# Subjects: "Germany buys" (nsubj), "What he said matters" (csubj).
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Passive subjects: "the deal was signed".
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Direct objects: "Germany bought missiles", "Macron told Scholz" (dative read as dobj).
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})
# Copular complements: "X is a member of Y" (attr), "X is not compatible with Y" (acomp).
COMPLEMENT_DEPS = frozenset({"attr", "acomp"})
# Entity kinds that are circumstances, never arguments: "in December", "by 5%", "for $3m".
NON_ARGUMENT_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
# Prepositions whose gerund is done by the governing verb's object: "accused X of ducking",
# "stopped X from leaving", "blamed X for losing", "talked X into staying".
_OBJECT_CONTROL_PREPOSITIONS = frozenset({"of", "from", "for", "into"})
# Verbs whose object does what their infinitive says: "urged Berlin to halt", "allowed X to link";
# not "shocked the Americans to win gold", where the subject won.
OBJECT_CONTROL_VERBS = DIRECTIVE_VERBS | WANTING_VERBS | {"tell", "persuade", "convince", "force", "invite", "warn", "remind"}
# How many clauses up a subject is looked for.
_MAX_DEPTH = 5


def is_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"}


def named_place(token: Token) -> Token | None:
    """The name a kind of place is "of": "the (northern) city of Northdale" → Northdale; None else."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in NAMING_PLACE_NOUNS:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            names = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            if names:
                return names[0]
    return None


def transparent(token: Token) -> Token:
    """The noun a quantity or partitive passes its role to: "millions of tonnes of gas" → gas.

    The argument of "imported millions of tonnes of gas" is the gas; "a series of
    deals" is deals. Numbers and the measure nouns of the lexicon are skipped
    through their "of" phrase, at most a few times.
    """
    for _ in range(4):
        named = named_place(token)
        if named is not None:
            return named  # "in the city of Northdale" is in Northdale
        if token.ent_type_ in {"MONEY", "QUANTITY", "PERCENT", "CARDINAL"}:
            # "agreed a $168m (£89m) settlement deal": the amount heads the phrase in the parse
            described = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if described:
                token = described[0]
                continue
        if token.pos_ != "NUM" and token.lower_ not in MEASURE_NOUNS and token.lemma_.lower() not in MEASURE_NOUNS:
            return token
        following = [
            pobj
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        if not following:
            return token
        token = following[0]
    return token


def conjuncts(token: Token) -> list[Token]:
    """The token and everything coordinated after it: "the United States and other NATO countries"."""
    return [token, *(t for t in token.conjuncts if t.i > token.i or t.dep_ == "conj")]


def expand(tokens: list[Token]) -> list[Token]:
    """Tokens with their conjuncts, each once, in first-seen order."""
    seen: dict[int, Token] = {}
    for token in tokens:
        for t in conjuncts(transparent(token)):
            seen.setdefault(t.i, t)
    return list(seen.values())


def relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "that" in "missiles that are ..." → "missiles"."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = token.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    if clause.dep_ == "relcl":
        antecedent = clause.head
        if antecedent.dep_ == "attr":
            # "Celeski is a footballer who plays for X": the one who plays is Celeski.
            subjects = [c for c in antecedent.head.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                return subjects[0]
        return antecedent
    return None


def own_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subjects attached to ``verb`` itself (relative pronouns replaced), and whether they are passive."""
    active = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    chosen, is_passive = (active, False) if active else (passive, bool(passive))
    resolved = []
    for subject in chosen:
        antecedent = relative_antecedent(subject)
        resolved.append(antecedent if antecedent is not None else subject)
    return expand(resolved), is_passive


def _has_aux(verb: Token) -> bool:
    return any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def hyphen_joined(doc: Doc, i: int) -> bool:
    """True when token ``i`` is joined to token ``i - 2`` by a hyphen with no space on either side:
    one word the tokenizer split ("line-up", "co-operation", "longest-serving")."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


def takes_to(verb: Token) -> bool:
    """True for an infinitive: "to" stands before the verb ("to buy", "plans to sell")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def idiom_object(noun: Token) -> bool:
    """True for the object noun of a verb idiom (:data:`~kg.lexicon.VERB_IDIOMS`): "followed suit",
    "took place", "broke new ground" — part of the relation, no argument."""
    return noun.dep_ == "dobj" and f"{noun.head.lemma_.lower()} {noun.lemma_.lower()}" in VERB_IDIOMS


def inverted_report(verb: Token) -> Token | None:
    """The reporting verb after a comma that the parser coordinated with ``verb``, its speaker
    after it: "Globex will buy Acme, predicts the report by Initech" → "predicts". It says who
    said the clause; it is no second act of the clause's subject ("Globex predicts the report")
    and shares none of its objects. None without one, or where "and" joins them ("bought Acme
    and said ...")."""
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i < verb.i or conj.lemma_.lower() not in REPORTING_VERBS:
            continue
        if conj.i == 0 or conj.doc[conj.i - 1].text != ",":
            continue
        if any(c.dep_ == "cc" and verb.i < c.i < conj.i for c in verb.children):
            continue
        if any(c.dep_ in SUBJECT_DEPS and c.i < conj.i for c in conj.children):
            continue
        if reporter_of_inverted(conj) is not None:
            return conj
    return None


def reporter_of_inverted(report: Token) -> Token | None:
    """The speaker after an inverted reporting verb: "..., says Tom Reed", "..., predicts the report"."""
    return next((c for c in report.children if c.dep_ in SUBJECT_DEPS | {"dobj"} and c.i > report.i), None)


def inherited_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subjects a verb without its own subject takes from the clause it hangs on.

    * conjoined verbs share the subject: "Washington has demanded ... and has suspended ...";
    * controlled infinitives take the controller's: "Germany wants to remain", "unable to reach";
      with an object, the object controls: "urged Berlin to halt" → Berlin;
    * an infinitive on a noun takes the noun's possessor, its by-phrase, the noun itself
      when it is a plan or campaign, or else the subject of the verb governing the noun:
      "its decision to purchase", "an attempt by Initech to gain", "a plan to fight the
      epidemic", "withdrawing from an agreement to buy";
    * a purpose infinitive on a passive takes the agent: "used by the US to rebuild Europe";
    * participial adverbial clauses take the main subject: "Macron said, adding ...";
    * gerunds after prepositions too: "risked it by making reckless decisions";
    * a participle on a noun is said of the noun: "a statue overlooking the river".
    """
    if depth > _MAX_DEPTH:
        return [], False
    subjects, passive = own_subjects(verb)
    if subjects:
        return subjects, passive
    if depth > 0:
        absolute = absolute_subject(verb)
        if absolute is not None:
            return expand([absolute]), False  # "with Ann Berg jumping a record to claim gold": she claims it
    head = verb.head
    if head == verb:
        return [], False
    if verb.dep_ in {"xcomp", "advcl"} and is_verb(head) and takes_to(verb):
        agents = [pobj for prep in head.children if prep.dep_ == "agent" for pobj in prep.children if pobj.dep_ == "pobj"]
        if agents:
            return expand(agents), False  # "the plan used by the United States to rebuild Europe"
    if verb.dep_ == "xcomp" and is_verb(head):
        controller = object_controller(verb)
        if controller is not None:
            return expand([controller]), False  # "urged Berlin to halt the project"
        return inherited_subjects(head, depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and is_verb(head):
        antecedent = _reduced_relative_antecedent(verb, head)
        if antecedent is not None:
            return [antecedent], False  # "issued a statement saying ...": the statement says it
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and head.tag_ in {"VBG", "VBP", "VBZ"} and not _has_aux(verb):
        # "is launching a service ..., called Acme Pages": a participle the parser coordinated
        # with a verb of another tense describes a noun; it is no second act of the subject
        return [], False
    if verb.dep_ == "conj" and inverted_report(head) is verb:
        return [], False  # "Globex will buy Acme, predicts the report": the report is no object of Globex's
    if verb.dep_ in {"conj", "advcl"} and is_verb(head):
        return inherited_subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and is_verb(head.head):
        governor = head.head
        controllers = [c for c in governor.children if c.dep_ == "dobj" and c.pos_ in {"PROPN", "NOUN", "PRON"}]
        if controllers and head.lower_ in _OBJECT_CONTROL_PREPOSITIONS:
            return expand(controllers[:1]), False  # "accused Okafor of ducking the issue": Okafor ducks
        return inherited_subjects(governor, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ":
        # "unable to reach": the adjective's clause holds the subject.
        return inherited_subjects(head.head, depth + 1) if head.head != head else ([], False)
    if verb.dep_ == "acl" and verb.tag_ in {"VBG", "VBN"}:
        # A participle on a noun is said of that noun: "missiles made in France" (passive).
        return [head], verb.tag_ == "VBN"
    if verb.dep_ in {"acl", "relcl"} and takes_to(verb):
        possessors = [c for c in head.children if c.dep_ == "poss"]
        if possessors:
            return expand(possessors), False
        doers = [pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "by" for pobj in prep.children if pobj.dep_ == "pobj"]
        if doers:
            return expand(doers), False  # "an attempt by Initech to gain protection"
        if head.lemma_.lower() in PURPOSE_NOUNS or head.lower_ in PURPOSE_NOUNS:
            return [head], False  # "a plan to fight the epidemic": the plan does it
        noun = head
        while noun.dep_ in {"appos", "conj"} and noun.head != noun:
            noun = noun.head  # "signed a $40bn (£21bn) deal to import": the amount heads the phrase
        governor = noun.head
        if noun.dep_ == "pobj" and governor.dep_ == "prep":
            governor = governor.head
        if noun.dep_ in {"dobj", "pobj", "attr"} and is_verb(governor):
            return inherited_subjects(governor, depth + 1)
    return [], False


def _reduced_relative_antecedent(participle: Token, governor: Token) -> Token | None:
    """The governor's object a participle right after it describes, when no comma parts them:
    "investigating a leaflet posted to homes opposing plans" → the leaflet opposes; with a
    comma ("reported a loss, citing demand") the participle is the subject's. Names, times
    and abstract nouns ("spent the day reading") take no such modifier."""
    for obj in governor.children:
        if obj.dep_ != "dobj" or not obj.i < participle.i:
            continue
        if obj.pos_ != "NOUN":
            return None  # a name is specific already: "sued Nokia citing patents" is the suer's citing
        if obj.ent_type_ in NON_ARGUMENT_ENTITIES or obj.lemma_.lower() in ABSTRACT_NOUNS:
            return None
        between = participle.doc[obj.i : participle.i]
        if any(t.is_punct for t in between):
            return None
        return obj
    return None


def objects(verb: Token) -> list[Token]:
    """Direct objects of ``verb``, or those of the verb coordinated after it that shares them:
    "signed and ratified the treaty" gives "signed" the treaty too. A relative pronoun object
    stands for its antecedent: "the software that Acme offered" → screensaver."""
    own = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if any(c.dep_ == "dobj" for c in own):
        # "labelled the deal an eye-opener": the object's complement says what it is, no second object
        own = [c for c in own if c.dep_ != "oprd"]
    if own:
        resolved = []
        for obj in own:
            antecedent = relative_antecedent(obj) if obj.dep_ == "dobj" else None
            resolved.append(antecedent if antecedent is not None else obj)
        return resolved
    if any(c.dep_ in COMPLEMENT_DEPS for c in verb.children):
        return []  # "remain a partner or risk the security": the copular verb has its complement
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in conj.children) and conj is not inverted_report(verb):
            return [c for c in conj.children if c.dep_ in OBJECT_DEPS]
    return []


def prepositions(token: Token) -> Iterator[tuple[Token, Token]]:
    """(preposition, object) pairs hanging on ``token`` that can carry an argument.

    Circumstantial prepositions ("despite", "after") and times ("in December")
    are left out; coordinated objects each give a pair. A two-word preposition
    is read as one ("out of", "because of" is circumstantial).
    """
    for prep in token.children:
        dative = prep.dep_ == "dative" and prep.pos_ == "ADP"  # "lend to Argentina": the parser's "to" of a recipient
        if (prep.dep_ not in {"prep", "agent"} and not dative) or prep.lower_ in ADVERBIAL_PREPOSITIONS:
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                if pobj.ent_type_ in NON_ARGUMENT_ENTITIES:
                    continue  # "in December" is a time; a name coordinated with it is a misparse
                if _adverbial_phrase(pobj):
                    continue  # "in contrast to Airbus", "as part of Microsoft's plans": a circumstance
                if prep.lower_ in MANNER_PREPOSITIONS and _bare_noun(pobj):
                    continue  # "joined Celtic on loan", "walked out in protest": a manner, not an argument
                if _absolute(prep, pobj):
                    continue  # ", with senior staff earning $1m": a circumstance of the sentence
                for obj in conjuncts(transparent(pobj)):
                    if opens_next_clause(obj):
                        break  # "players in Reed and Vale and Berg showed ...": Berg is no player
                    yield prep, obj
            elif pobj.dep_ == "prep" and pobj.i == prep.i + 1:
                # "out of Peru", "away from the talks": the second preposition carries the object.
                for inner in pobj.children:
                    if inner.dep_ == "pobj" and inner.ent_type_ not in NON_ARGUMENT_ENTITIES:
                        for obj in conjuncts(inner):
                            yield prep, obj
            elif pobj.dep_ == "pcomp":
                # A misparsed noun: "carry gas to Germany crossing the sea" (pcomp "crossing",
                # with "Germany" as its compound) still names its argument.
                if pobj.pos_ in {"NOUN", "PROPN"}:
                    yield prep, pobj
                else:
                    for name in (c for c in pobj.children if c.dep_ == "compound" and c.pos_ == "PROPN"):
                        yield prep, name


def _absolute(prep: Token, pobj: Token) -> bool:
    """", with X V-ing ...": an absolute clause set off by a comma (:data:`~kg.lexicon.ABSOLUTE_PREPOSITIONS`),
    its noun the subject of a participle; not "met with officials representing the union"."""
    if prep.lower_ not in ABSOLUTE_PREPOSITIONS or prep.i == 0 or prep.doc[prep.i - 1].text != ",":
        return False
    return any(c.dep_ == "acl" and c.tag_ in {"VBG", "VBN"} for c in pobj.children)


# Dependents that make a noun a phrase of its own rather than a bare noun.
_PHRASE_DEPS = frozenset({"det", "poss", "amod", "compound", "nummod", "nmod", "prep", "acl", "relcl", "conj", "appos", "quantmod"})


def _bare_noun(noun: Token) -> bool:
    """A singular common noun standing alone: "(on) loan", "(in) protest", not "the loan", "a loan deal"."""
    return noun.pos_ == "NOUN" and noun.tag_ == "NN" and not any(c.dep_ in _PHRASE_DEPS for c in noun.children)


def hearsay_controller(verb: Token) -> Token | None:
    """The passive verb of saying or believing an infinitive hangs on, whose subject is the
    infinitive's: "Acme is thought to have bought Globex" → "thought" (Acme bought Globex, as
    hearsay); None otherwise ("Acme thought to buy Globex" is Acme's own thought)."""
    head = verb.head
    if verb.dep_ != "xcomp" or head == verb or not takes_to(verb) or head.lemma_.lower() not in HEARSAY_VERBS:
        return None
    passive = head.tag_ == "VBN" and any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)
    return head if passive else None


def object_controller(verb: Token) -> Token | None:
    """The object that does what an infinitive says, for a verb of asking, wanting or making:
    "urged Berlin to halt the project" → Berlin (not the one who urged), "called on Berlin to halt
    it" → Berlin (:data:`~kg.lexicon.PREPOSITIONAL_CONTROL`); else None."""
    head = verb.head
    if verb.dep_ != "xcomp" or head == verb or not is_verb(head) or not takes_to(verb):
        return None
    lemma = head.lemma_.lower()
    if lemma in OBJECT_CONTROL_VERBS:
        controllers = [c for c in head.children if c.dep_ in {"dobj", "dative"} and c.pos_ in {"PROPN", "NOUN", "PRON"}]
        if controllers:
            return controllers[0]
    for prep in head.children:  # "called on Acme to withdraw": Acme withdraws
        if prep.dep_ == "prep" and prep.i < verb.i and f"{lemma} {prep.lower_}" in PREPOSITIONAL_CONTROL:
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"PROPN", "NOUN", "PRON"}]
            if objects:
                return objects[0]
    return None


def _adverbial_phrase(noun: Token) -> bool:
    """A bare noun of a set phrase and its own preposition: "(in) contrast to", "(as) part of"."""
    return (
        noun.lower_ in ADVERBIAL_PHRASE_NOUNS
        and not any(c.dep_ in {"det", "poss", "amod", "compound"} for c in noun.children)
        and any(c.dep_ == "prep" for c in noun.children)
    )


def preposition_words(prep: Token) -> str:
    """The words of a preposition, two-word ones whole: "out of", "away from", "in"."""
    following = [c for c in prep.children if c.dep_ == "prep" and c.i == prep.i + 1]
    if following:
        return f"{prep.lower_} {following[0].lower_}"
    return prep.lower_


@dataclass(frozen=True)
class Clause:
    """One verb's clause: its subjects (inherited when it has none), voice and objects.

    ``inherited`` is True when the subjects come from another clause (coordination,
    control, relative clause): the statements read from it are a little less sure.
    """

    verb: Token
    subjects: tuple[Token, ...]
    passive: bool
    inherited: bool
    objects: tuple[Token, ...]

    @property
    def agents(self) -> list[Token]:
        """The by-phrase objects of a passive: "was angered by Belarus" → Belarus."""
        return [obj for prep, obj in prepositions(self.verb) if prep.dep_ == "agent"]


def clause_of(verb: Token) -> Clause:
    """Analyse the clause headed by ``verb``."""
    subjects, passive = own_subjects(verb)
    inherited = not subjects
    reclaimed = reclaimed_subject(verb) if inherited or all(s.lower_ in _FLOATING for s in subjects) else None
    if reclaimed is None and inherited:
        reclaimed = absolute_subject(verb)
    if reclaimed is not None:
        subjects, passive, inherited = expand([reclaimed]), False, False
    elif inherited:
        subjects, inherited_passive = inherited_subjects(verb)
        # Only a conjoined participle shares the passive voice: "was signed and ratified".
        passive = inherited_passive and verb.dep_ in {"conj", "acl"} and verb.tag_ == "VBN"
    passive = passive or any(c.dep_ == "auxpass" for c in verb.children) or headline_passive(verb)
    found = expand(objects(verb))
    for conj in (c for c in verb.children if c.dep_ == "conj" and is_verb(c)):
        taken = reclaimed_subject(conj)
        if taken is not None:  # the next clause's subject is no object of this one
            found = [o for o in found if o.i < taken.i or o.dep_ != "conj"]
    return Clause(
        verb=verb,
        subjects=tuple(s for s in subjects if s.i != verb.i),
        passive=passive,
        inherited=inherited,
        objects=tuple(found),
    )


def absolute_subject(verb: Token) -> Token | None:
    """The subject of an absolute clause the parser split from its "with": in "ended with Ann Berg
    finally jumping a record to claim gold", "jumping" hangs elsewhere and "Ann Berg" on "with";
    the name just before the participle (adverbs aside) is its subject."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    doc = verb.doc
    j = verb.i - 1
    while j > 0 and doc[j].dep_ == "advmod" and doc[j].head is verb:
        j -= 1
    noun = doc[j]
    preposition = noun.head
    if noun.dep_ != "pobj" or noun.pos_ not in {"NOUN", "PROPN"} or preposition.lower_ not in ABSOLUTE_PREPOSITIONS:
        return None
    return noun if preposition.i < noun.i < verb.i and verb not in preposition.subtree else None


# Quantifiers that float after the subject they count, parsed as a subject of their own: "X and Y both did".
_FLOATING = frozenset({"both", "all", "each"})


def reclaimed_subject(verb: Token) -> Token | None:
    """The (first) subject of a coordinated clause that the parser took for more objects of the
    first: "Acme bought the plant and Initech sold its shares" parses Initech as a second object
    of "bought" and "sold" with no subject; the names just before the verb, from the one
    coordinated with the object, are its subjects. None when ``verb`` has a subject (other than
    a floating "both") or is no such clause."""
    if verb.dep_ != "conj" or any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and c.lower_ not in _FLOATING for c in verb.children):
        return None
    first = verb.head
    doc = verb.doc
    j = verb.i - 1
    while j > first.i and (doc[j].head is verb or doc[j].dep_ in {"advmod", "punct"} or doc[j].lower_ in _FLOATING):
        j -= 1  # "Jim Fox and Ann Lee both did", "Initech has since sold"
    noun = doc[j]
    if noun.dep_ != "conj" or noun.pos_ not in {"NOUN", "PROPN"} or noun.i <= first.i:
        return _opened_after_and(verb, first, j)
    opener = noun  # the conjunct that opens the clause: "Jason Robinson" of "... and Jason Robinson and Josh Lewsey both did"
    while opener.head.dep_ == "conj" and opener.head is not opener:
        opener = opener.head
    obj = opener.head
    if opener.dep_ == "conj" and obj.dep_ == "pobj" and first in obj.ancestors and noun is not opener:
        # "has players in Reed and Vale and Berg showed she can ...": in a list inside a phrase
        # only the last name, after the last "and", opens the clause
        return noun
    if opener.dep_ != "conj" or obj.dep_ not in OBJECT_DEPS or obj.head is not first:
        return None
    return opener


def opens_next_clause(noun: Token) -> bool:
    """True when ``noun``, a conjunct of a list, is in fact the subject of the coordinated clause
    that follows it (see :func:`reclaimed_subject`): no member of the list before it."""
    if noun.dep_ != "conj":
        return False
    doc = noun.doc
    k = noun.right_edge.i + 1
    while k < len(doc) and (doc[k].dep_ in {"advmod", "aux", "neg"} or doc[k].lower_ in _FLOATING) and doc[k].head.i > noun.i:
        k += 1
    return k < len(doc) and is_verb(doc[k]) and doc[k].dep_ == "conj" and reclaimed_subject(doc[k]) is noun


# Words that may open a noun phrase before its head noun.
_NOUN_PHRASE_OPENERS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod"})


def _opened_after_and(verb: Token, first: Token, last: int) -> Token | None:
    """The subject of a coordinated clause whose noun phrase the parser hung on a noun of the first
    clause: in "... during the summer and speculation of a switch to Westshire has again arisen",
    "speculation" is parsed as a conjunct of "summer"; the noun phrase between "and" and the verb
    (``last`` its last word) holds no verb, and its head opens the clause."""
    doc = verb.doc
    k = last
    while k > first.i and doc[k].dep_ != "cc":
        if doc[k].pos_ in {"VERB", "AUX"} or doc[k].is_punct:
            return None
        k -= 1
    opener = k + 1
    while opener < last and doc[opener].dep_ in _NOUN_PHRASE_OPENERS:
        opener += 1
    head = doc[opener]
    if k <= first.i or head.dep_ != "conj" or head.pos_ not in {"NOUN", "PROPN"} or head.head.i >= k:
        return None
    return head if first in head.ancestors else None


def headline_passive(verb: Token) -> bool:
    """True for a headline's participle after its subject: headlines drop "is" and report
    events in the present, so "Minister attacked over cuts" and "Oil firm fined" are passives.
    Not a form that is only a simple past ("Shares fell"), nor one that is also the present
    ("Storms hit coast"), nor a quoted claim ("Star 'rejected role'")."""
    if verb.dep_ != "ROOT" or verb.tag_ not in {"VBD", "VBN"} or verb.lower_ in PAST_ONLY_FORMS:
        return False
    if verb.lower_ == verb.lemma_.lower() or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    doc = verb.doc
    index = sentence_of(doc, verb.i)
    if not is_headline(doc, index):
        return False
    return not any(t.is_quote for t in sentences(doc)[index] if t.i < verb.i)


def iter_clauses(sent: Span) -> Iterator[Clause]:
    """Every verb clause of a sentence, in text order (not a title the tagger read as a verb)."""
    for token in sent:
        if is_verb(token) and not title_read_as_verb(token):
            yield clause_of(token)


def title_read_as_verb(token: Token) -> bool:
    """True for a title or role noun the tagger made a verb, as a name before it shows: "plus
    France captain Fabien Pelous" (no verb takes a name as its compound, and "captain" would
    be "captains" after one)."""
    return (
        token.tag_ in {"VB", "VBP"}
        and token.lemma_.lower() in TITLES | PERSON_NOUNS
        and token.i > 0
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == token.i - 1 for c in token.children)
    )
