"""Qualifiers: negation, modality, condition, attribution and event time are fields, never in the predicate."""

import pytest

QUALIFIERS = [
    # condition clause kept as a field, not in the predicate
    ("Poland might face sanctions from the European Union if it ignores the court.", "face sanctions from", "condition", "if it ignores the court"),
    # event time from a date phrase on the verb
    ("Japan signed a trade pact with Vietnam last week.", "sign pact with", "time", "last week"),
    # who said it
    ("Kenya said that Uganda had attacked Tanzania.", "attack", "attributed_to", "country/kenya"),
    # the clause of a condition is hypothetical
    ("Peru warned Chile of consequences if Bolivia were to attack Chile.", "attack", "modality", "if"),
    # a denied clause is negated: "denied reports it was withdrawing"
    ("Shell denied reports it was withdrawing from Nigeria.", "withdraw from", "negated", True),
    # "according to" names the source
    ("Italy will leave the pact, according to Reuters.", "leave", "attributed_to", "organization/reuters"),
    # "no longer" and an object with "no" deny the clause
    ("Mr Bewlay was no longer with Marsh & McLennan.", "be with", "negated", True),
    ("Chelsea have had no dealings with Adriano.", "have dealings with", "negated", True),
    ("Wales were no match for France in Cardiff.", "be match for", "negated", True),
    # a possession the noun phrase takes for granted keeps none of its clause's modality or condition
    ("If she loses, Serena Williams should be stripped of her gold medal.", "have", "modality", None),
    ("If she loses, Serena Williams should be stripped of her gold medal.", "have", "condition", None),
    # an intention named by a noun or an adjective is a modality, not a fact
    ("Peru cut tariffs in a bid to woo Chile.", "woo", "modality", "bid to"),
    ("Fiat said its plans to build a plant in Chile were on hold.", "build plant in", "modality", "plan to"),
    ("Only then would Vodafone be able to support Orange.", "support", "modality", "able to"),
    # a hope, fear or expectation is its holder's, not a fact
    ("Acme Corp hopes Globex Corp will buy Initech.", "buy", "modality", "hope"),
    ("Acme Corp hopes Globex Corp will buy Initech.", "buy", "attributed_to", "corporation/acme"),
    ("Acme Corp fears Globex Corp will buy Initech.", "buy", "modality", "fear"),
    ("It is expected that Globex Corp will buy Initech.", "buy", "modality", "expect"),
    # "hoping" is lemmatised "hop" by the pipeline: the modality still reads "hope to"
    ("Tom Reed is hoping to buy Acme Corp.", "buy", "modality", "hope to"),
    # what someone does not believe or did not say is neither claimed nor denied
    ("Tom Reed does not believe that Acme Corp will buy Globex Corp.", "buy", "modality", "not believe"),
    ("Tom Reed does not believe that critics will argue that Acme Corp bought Globex Corp.", "buy", "modality", "not believe"),
    # a circumstance the clause takes as given keeps none of the clause's modality
    ("The minister wanted to raise the issue during Northdale's presidency of the Westshire League.", "presidency of", "modality", None),
    # an obligation still to be met is no fact; one met in the past is
    ("Globex Corp will now have to pay Initech.", "pay", "modality", "have to"),
    ("Acme Corp had to sell Initech in May.", "sell", "modality", None),
    # the open side of a question, asked or unknown, states nothing either; an adverbial "if" is a condition
    ("Analysts questioned whether Northdale courts have any say over Westshire firms.", "have say over", "modality", "whether"),
    ("Nobody knows whether Acme Corp bought Globex Corp and sold Initech.", "sell", "modality", "whether"),
    ("Acme Corp asked if Globex Corp would sell the plant to Initech.", "sell to", "modality", "whether"),
    ("Acme Corp will sell the plant to Initech if Globex Corp agrees.", "sell to", "modality", None),
    # a hedging adverb, or someone's view, is said or likely, not shown
    ("Tom Reed reportedly met Jane Fox in a Northdale hotel.", "meet", "modality", "reportedly"),
    ("Acme Corp allegedly bribed Globex Corp.", "bribe", "modality", "allegedly"),
    ("Tom Reed repeated his view that all mergers led to job cuts.", "lead to", "modality", "view"),
    # a question states nothing
    ("Will Vodafone buy Orange?", "buy", "modality", "question"),
    # "loath to" is a refusal
    ("HSBC is loath to fund Argentina.", "fund", "negated", True),
    # "has yet to" / "is yet to": it has not happened
    ("Westshire has yet to name a candidate for Northdale.", "name candidate for", "negated", True),
    ("The merger is yet to be approved by Initech.", "approve", "negated", True),
    ("Globex signed a deal with Initech, and Acme has yet to comment.", "sign deal with", "negated", False),
    # a passive verb of saying or believing: hearsay, and not part of the relation
    ("The Zafi virus is thought to have spread widely in Italy.", "spread in", "modality", "thought to"),
    ("Globex is said to have bought Initech.", "buy", "modality", "said to"),
    # a clause of allegations or reports is not shown to be true
    ("Acme sacked Jane Roe after allegations that she had violated the Globex agreement.", "violate", "modality", "allegation"),
    ("Shares rose on reports that Acme had bought Globex.", "buy", "modality", "report"),
    ("The report that Acme published criticised Globex.", "publish", "modality", None),  # a relative clause
    ("In a report published for the Globex Council, Acme criticised Initech.", "be published for", "modality", None),
]


@pytest.mark.parametrize(
    ("sentence", "predicate"),
    [("Fiat sold no more than half of its stake to Ferrari.", "sell stake to"), ("Fiat no doubt sold its stake to Ferrari.", "sell stake to")],
)
def test_qualifiers_no_that_denies_nothing(build_text, sentence, predicate):
    found = [s for s in build_text(sentence).statements if s.predicate.label == predicate]
    assert found and not any(s.negated for s in found)


@pytest.mark.parametrize(("sentence", "predicate", "field", "value"), QUALIFIERS)
def test_qualifiers_are_fields(build_text, sentence, predicate, field, value):
    graph = build_text(sentence)
    found = [s for s in graph.statements if s.predicate.label == predicate]
    assert found, [s.predicate.label for s in graph.statements]
    assert all(getattr(s, field) == value for s in found)
    assert str(value) not in found[0].predicate.label


def test_qualifiers_conditional_statement_is_not_asserted(build_text):
    graph = build_text("Poland might face sanctions from the European Union if it ignores the court.")
    assert graph.statements and not any(s.asserted for s in graph.statements)


def test_qualifiers_warning_with_a_condition_still_happened(build_text):
    graph = build_text("Peru warned Chile of consequences if Bolivia were to attack Chile.")
    (warning,) = [s for s in graph.statements if s.predicate.label == "warn"]
    assert warning.condition is None and warning.asserted


def test_qualifiers_reported_speech_is_attributed(build_text):
    graph = build_text("Vodafone said it would buy Kabel Deutschland.")
    (statement,) = [s for s in graph.statements if s.predicate.label == "buy"]
    assert statement.attributed_to == graph.entity(statement.subject).id
    assert statement.modality == "would"


def test_qualifiers_noun_phrase_relations_take_the_clause_setting_but_not_its_negation(build_text):
    hedged = build_text("Poland might face sanctions from the European Union.")
    (from_eu,) = [s for s in hedged.statements if s.rule == "concept-preposition"]
    assert from_eu.modality == "might" and not from_eu.negated
    refused = build_text("Globex did not accept Apple's offer for Yahoo.")
    offers = [s for s in refused.statements if s.predicate.label == "offer for"]
    assert offers and not any(s.negated for s in offers)


def test_qualifiers_inverted_reporting_clause_is_the_source(build_text):
    # "..., predicts the report by Acme": the parser makes "predicts" a second verb of Globex's
    graph = build_text("Globex Corp will buy Initech next year, predicts the report by Acme Corp.")
    predicates = {s.predicate.label: s for s in graph.statements}
    assert "buy" in predicates and predicates["buy"].attributed_to is not None
    assert graph.entity(predicates["buy"].attributed_to).label == "report"
    assert not any(p.startswith("predict") for p in predicates)



def test_qualifiers_a_quotation_s_later_sentences_are_its_speaker_s(build_text):
    for text in (
        'Tom Reed said: "Globex will buy Initech. Acme will sell Zeta to Initech."',
        '"Globex will buy Initech," Tom Reed said. "Acme will sell Zeta to Initech."',
    ):
        sells = [s for s in build_text(text).statements if s.predicate.label == "sell"]
        assert sells and all(s.attributed_to == "person/tom-reed" for s in sells), text
    # the writer's own sentence after the quotation is nobody's quote
    sells = [s for s in build_text('"Globex will buy Initech," Tom Reed said. Acme will sell Zeta to Initech.').statements if s.predicate.label == "sell"]
    assert sells and all(s.attributed_to is None for s in sells)


def test_qualifiers_quotations_pair_their_marks():
    from kg.extract.quotes import quotations

    text = '"One," he said. "Two. Three." Four.\n"Five ... six. "Seven." Eight "x" y'
    spans = [text[a : b + 1] for a, b in quotations(text)]
    # a quotation whose close was lost ends where the next one opens
    assert spans == ['"One,"', '"Two. Three."', '"Seven."', '"x"']


def test_qualifiers_a_thing_the_clause_says_was_never_made_is_negated(extract):
    # "no X", or a new X that a negated clause denies: there is no such agreement
    for text in ("Acme said it had not reached an agreement with Globex.", "Acme has no agreement with Globex."):
        agreements = {(p, negated) for s, p, o, negated, _ in extract(text) if s == "agreement" and o == "Globex"}
        assert agreements == {("with", True)}, text
    # a known thing is still there when the clause is negated
    found = extract("Acme did not accept the offer for Globex.")
    assert ("offer", "for", "Globex", False, None) in found


def test_qualifiers_an_act_there_is_none_of_is_negated(extract):
    # the infinitive says what there is nothing or no reason for
    assert ("Globex", "do with", "Acme", True, "should") in extract("Globex should have nothing to do with Acme.")
    sued = {negated for s, p, o, negated, _ in extract("Acme had no reason to sue Globex.") if p == "sue"}
    assert sued == {True}
    # an act the noun does not deny keeps its polarity
    bought = {negated for s, p, o, negated, _ in extract("Acme found a way to buy Globex.") if p == "buy"}
    assert bought <= {False}


def test_qualifiers_a_verb_sharing_an_infinitive_shares_its_setting(extract):
    refused = extract("Acme refused to buy Globex and sell Initech.")
    assert {(p, negated) for _, p, _, negated, _ in refused} == {("buy", True), ("sell", True)}
    planned = extract("Acme plans to buy Globex and sell Initech.")
    assert {(p, modality) for _, p, _, _, modality in planned} == {("buy", "plan to"), ("sell", "plan to")}
    # a verb with its own auxiliary keeps its own; the first verb's own "not" is its own
    own = extract("Acme bought Globex and did not sell Initech.")
    assert {(p, negated) for _, p, _, negated, _ in own} == {("buy", False), ("sell", True)}
    persuaded = extract("Acme persuaded Globex not to sell Initech and buy Zeta Corp instead.")
    assert {(p, negated) for _, p, _, negated, _ in persuaded if p in {"sell", "buy"}} <= {("sell", True), ("buy", False)}


def test_qualifiers_seldom_is_kept_as_modality(extract):
    assert {m for _, p, _, _, m in extract("Acme rarely sells shares to Globex.") if p == "sell to"} == {"rarely"}
    assert {m for _, p, _, _, m in extract("Acme has hardly ever sold shares to Globex.") if p == "sell to"} == {"hardly ever"}


def test_qualifiers_a_past_tense_after_an_infinitive_is_its_own(extract):
    found = extract("Tom Reed tried at least twice to hack Acme's network and took names and numbers of 400 Globex customers.")
    assert {m for _, p, _, _, m in found if p.startswith("take")} == {None}


def test_qualifiers_a_gerund_completing_a_verb_takes_its_polarity(extract):
    found = extract("Acme is not planning on letting go of Globex without a fight.")
    assert {negated for s, p, o, negated, _ in found if o == "Globex"} == {True}
    found = extract("Acme did not succeed in selling Globex.")
    assert {negated for s, p, o, negated, _ in found if o == "Globex"} == {True}
    # a circumstance is not completed: "after selling X" happened whatever the main clause says
    found = extract("After selling Globex, Acme did not buy Initech.")
    assert {(p, negated) for s, p, o, negated, _ in found if o == "Globex"} == {("sell", False)}


def test_qualifiers_an_act_a_negating_noun_denies_is_negated(extract):
    found = extract("Globex Corp is still burdened by its failure to pay its creditors at the end of 2001.")
    assert {negated for s, p, o, negated, _ in found if p == "pay"} == {True}


def test_qualifiers_what_is_not_allowed_or_let_is_negated(extract):
    assert {(p, negated) for _, p, _, negated, _ in extract("Westshire did not allow Acme to buy Globex.") if p == "buy"} == {("buy", True)}
    assert {(p, negated) for _, p, _, negated, _ in extract("Westshire did not let Acme buy Globex.") if p == "buy"} == {("buy", True)}
    assert {(p, negated) for _, p, _, negated, _ in extract("Westshire let Acme buy Globex.") if p == "buy"} == {("buy", False)}


def test_qualifiers_a_command_not_to_let_something_happen_does_not_deny_it(extract):
    # "don't let them wreck it" warns that they would; it does not say they will not
    found = extract('Labour\'s slogan will be: "Westshire\'s working, don\'t let the Tories wreck it again".')
    assert {negated for s, p, o, negated, _ in found if p == "wreck"} == {False}
