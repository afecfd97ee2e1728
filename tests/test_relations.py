"""Relation extraction: one row per construction, read through the whole pipeline.

Each row is (sentence, subject, predicate, object, negated, modality): the
statement the sentence must yield, with entity labels as resolved.
"""

import pytest
from spacy.tokens import Doc

from kg.extract.relations import iter_propositions

CONSTRUCTIONS = [
    # active clause with a direct object
    ("Apple acquired Beats Electronics in 2014.", "Apple", "acquire", "Beats Electronics", False, None),
    # prepositional object folded into the predicate
    ("Japan withdrew from the International Whaling Commission.", "Japan", "withdraw from", "International Whaling Commission", False, None),
    ("Germany bought 20 tanks from France.", "Germany", "buy from", "France", False, None),
    # negation
    ("Sweden did not join NATO in 1995.", "Sweden", "join", "NATO", True, None),
    # modal auxiliary
    ("Italy may leave the European Union.", "Italy", "leave", "European Union", False, "may"),
    # copular clause with a predicate nominal
    ("Greece is a member of NATO.", "Greece", "be member of", "NATO", False, None),
    # negated predicate adjective
    ("Brazil is not compatible with Chile.", "Brazil", "be compatible with", "Chile", True, None),
    # light noun: the relation is in the object noun
    ("Chile and Peru continued a dispute with Bolivia.", "Peru", "continue dispute with", "Bolivia", False, None),
    # coordination distributed over subjects
    ("Chile and Peru continued a dispute with Bolivia.", "Chile", "continue dispute with", "Bolivia", False, None),
    # controlled infinitive under a negating adjective
    ("Nigeria has been unable to reach an agreement with Ghana.", "Nigeria", "reach agreement with", "Ghana", True, None),
    # controlled infinitive under a negating verb
    ("Norway refused to recognise Kosovo.", "Norway", "recognise", "Kosovo", True, None),
    # possessor controls the infinitive of its noun
    ("Kenya's decision to buy Boeing jets angered Uganda.", "Kenya", "buy", "Boeing", False, None),
    # passive with an agent: the agent is the subject
    ("Poland has long been angered by Belarus.", "Belarus", "anger", "Poland", False, None),
    # directive verb: the one demanding and the one asked
    ("Berlin has demanded that Warsaw halt the project.", "Germany", "demand", "Poland", False, None),
    # phrasal verbs keep their particle
    ("Ukrainian forces shot down a Belarusian warplane near the border.", "Ukraine", "shoot down", "Belarus", False, None),
    ("The Chilean government called off its deal with Huawei.", "Chile", "call off deal with", "Huawei", False, None),
    # tense and aspect normalised away: "has been backing" → back
    ("Vietnam has been backing Laos.", "Vietnam", "back", "Laos", False, None),
    ("India purchased Rafale jets from France.", "India", "purchase from", "France", False, None),
    # possessive nominalisation with its preposition
    ("Emmanuel Macron's trip to Beijing ended.", "Emmanuel Macron", "trip to", "Beijing", False, None),
    # nationality on a relation noun
    ("Japanese support for Philippine forces worried China.", "Japan", "support for", "Philippine forces", False, None),
    # supplier named by the goods' nationality
    ("They discussed the sale of American weapons to Taiwan.", "United States", "sale to", "Taiwan", False, None),
    # coordinated verbs share their object
    ("Argentina signed and ratified the treaty with Chile.", "Argentina", "sign treaty with", "Chile", False, None),
    # relative clause: the antecedent is the subject
    ("Chile bought jets from Saab, which sold jets to Brazil.", "Saab", "sell to", "Brazil", False, None),
    # negation words and negative subjects
    ("Sweden never joined NATO.", "Sweden", "join", "NATO", True, None),
    # modal and planning verbs
    ("Greece must leave the European Union.", "Greece", "leave", "European Union", False, "must"),
    ("Denmark plans to buy F-35 jets from Lockheed Martin.", "Denmark", "buy", "F-35", False, "plan to"),
    ("Iran is set to buy jets from Russia.", "Iran", "buy from", "Russia", False, "set to"),
    # a title heads the phrase naming the person met
    ("Joe Biden met with President of France Emmanuel Macron.", "Joe Biden", "meet with", "Emmanuel Macron", False, None),
    # negation through an agreement that was not reached
    ("Peru and Chile were unable to reach an agreement to open an embassy in Lima.", "Chile", "open embassy in", "Lima", True, None),
]

QUALIFIERS = [
    # condition clause kept as a field, not in the predicate
    ("Poland might face sanctions from the European Union if it ignores the court.", "face sanction from", "condition", "if it ignores the court"),
    # event time from a date phrase on the verb
    ("Japan signed a trade pact with Vietnam last week.", "sign pact with", "time", "last week"),
    # who said it
    ("Kenya said that Uganda had attacked Tanzania.", "attack", "attributed_to", "country/kenya"),
    # the clause of a condition is hypothetical
    ("Peru warned Chile of consequences if Bolivia were to attack Chile.", "attack", "modality", "if"),
]


@pytest.mark.parametrize(("sentence", "predicate", "field", "value"), QUALIFIERS)
def test_relations_qualifiers_are_fields(build_text, sentence, predicate, field, value):
    graph = build_text(sentence)
    (statement,) = [s for s in graph.statements if s.predicate.label == predicate]
    assert getattr(statement, field) == value
    assert value not in statement.predicate.label


def test_relations_conditional_statement_is_not_asserted(build_text):
    graph = build_text("Poland might face sanctions from the European Union if it ignores the court.")
    assert graph.statements and not any(s.asserted for s in graph.statements)


def test_relations_warning_with_a_condition_still_happened(build_text):
    graph = build_text("Peru warned Chile of consequences if Bolivia were to attack Chile.")
    (warning,) = [s for s in graph.statements if s.predicate.label == "warn"]
    assert warning.condition is None and warning.asserted


@pytest.mark.parametrize(("sentence", "subject", "predicate", "obj", "negated", "modality"), CONSTRUCTIONS)
def test_relations_constructions(extract, sentence, subject, predicate, obj, negated, modality):
    found = extract(sentence)
    assert (subject, predicate, obj, negated, modality) in found, found


def test_relations_reported_speech_is_attributed(build_text):
    graph = build_text("Vodafone said it would buy Kabel Deutschland.")
    (statement,) = [s for s in graph.statements if s.predicate.label == "buy"]
    assert statement.attributed_to == graph.entity(statement.subject).id
    assert statement.modality == "would"


def test_relations_on_hand_built_parse():
    """The rules read labels, not a model: a hand-made parse of "Spain joined NATO" gives one proposition."""
    import spacy

    doc = Doc(
        spacy.blank("en").vocab,
        words=["Spain", "joined", "NATO", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "VERB", "PROPN", "PUNCT"],
        lemmas=["Spain", "join", "NATO", "."],
        sent_starts=[True, False, False, False],
    )
    props = list(iter_propositions(doc))
    assert [(doc[p.subject].text, p.predicate, doc[p.object].text, p.negated) for p in props] == [
        ("Spain", "join", "NATO", False)
    ]


def test_relations_hand_built_negation_and_particle():
    import spacy

    doc = Doc(
        spacy.blank("en").vocab,
        words=["Spain", "did", "not", "call", "off", "talks", "."],
        heads=[3, 3, 3, 3, 3, 3, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "prt", "dobj", "punct"],
        pos=["PROPN", "AUX", "PART", "VERB", "ADP", "NOUN", "PUNCT"],
        lemmas=["Spain", "do", "not", "call", "off", "talk", "."],
        sent_starts=[True] + [False] * 6,
    )
    (prop,) = list(iter_propositions(doc))
    assert prop.predicate == "call off" and prop.negated


def test_relations_dates_and_names_coordinated_with_them_are_no_arguments():
    """"Brown's review in December and Blair ...": a misparse coordinating a name with a date gives no relation."""
    import spacy

    words = ["Brown", "'s", "review", "in", "December", "and", "Blair"]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[2, 0, 2, 2, 3, 4, 4],
        deps=["poss", "case", "ROOT", "prep", "pobj", "cc", "conj"],
        pos=["PROPN", "PART", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
        lemmas=["Brown", "'s", "review", "in", "December", "and", "Blair"],
        ents=["B-PERSON", "O", "O", "O", "B-DATE", "O", "B-PERSON"],
        sent_starts=[True] + [False] * 6,
    )
    assert [(doc[p.subject].text, p.predicate, doc[p.object].text) for p in iter_propositions(doc)] == []
