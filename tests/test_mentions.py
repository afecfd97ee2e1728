"""Entity mentions: NER, product codes, nationality groups and propagated names."""

from kg.extract.mentions import iter_mentions


def _mentions(nlp, text):
    return {(m.text, m.label, m.rule) for m in iter_mentions(nlp(text), "doc.txt")}


def test_mentions_keep_names_and_drop_dates_and_numbers(nlp):
    found = _mentions(nlp, "Angela Merkel met 300 workers in Berlin on Monday.")
    texts = {t for t, _, _ in found}
    assert "Angela Merkel" in texts and "Berlin" in texts
    assert "Monday" not in texts and "300" not in texts


def test_mentions_a_clock_time_s_zone_is_no_name(nlp):
    for text in ("Acme rolled out the new plane in Northdale at 2200 GMT.", "The talks begin at 1330 GMT in Westshire.", "Polls close at 0530GMT."):
        texts = {t for t, _, _ in _mentions(nlp, text)}
        assert not any("GMT" in t for t in texts), texts


def test_mentions_find_product_codes_ner_misses(nlp):
    found = _mentions(nlp, "The airline ordered more A350 and B-52 airframes, officials said.")
    assert any(t == "A350" and label == "PRODUCT" for t, label, _ in found)
    assert any(t == "B-52" and label == "PRODUCT" for t, label, _ in found)


def test_mentions_extend_nationality_to_group(nlp):
    found = _mentions(nlp, "Kurdish fighters captured the town.")
    assert ("Kurdish fighters", "GROUP", "nationality-group") in found


def test_mentions_strip_leading_article(nlp):
    found = _mentions(nlp, "The United Nations opened an office.")
    assert any(t == "United Nations" for t, _, _ in found)


def test_mentions_propagate_names_ner_missed(nlp):
    doc = nlp("Officials met Jacinda Ardern. Later, Jacinda Ardern said the talks went well.")
    mentions = [m for m in iter_mentions(doc) if m.text == "Jacinda Ardern"]
    assert len(mentions) == 2
    assert all(doc.text[m.start : m.end] == m.text for m in mentions)


def test_mentions_take_back_name_words_ner_left_off(nlp):
    # "Democrats" alone was tagged: the compounding proper noun before it is part of the name
    found = _mentions(nlp, "And Menzies Campbell, the Liberal Democrats' foreign affairs spokesman, said it was vital.")
    assert "Liberal Democrats" in {text for text, _, _ in found}
    # a title before a name stays apart
    assert "Tony Blair" in {text for text, _, _ in _mentions(nlp, "Later, Prime Minister Tony Blair spoke.")}


def test_mentions_a_title_tagged_as_an_organisation_before_a_person_is_no_name(nlp):
    from spacy.tokens import Span

    from kg.extract.mentions import mention_spans

    doc = nlp("But Home Secretary Charles Lomax says it will not work.")
    # NER sometimes tags the whole title an organisation, sometimes its first word
    for end in (2, 3):
        doc.ents = [Span(doc, 1, end, label="ORG"), Span(doc, 3, 5, label="PERSON")]
        assert [s.text for s in mention_spans(doc)] == ["Charles Lomax"]


import pytest


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("UK Coal operates 15 deep and surface mines across Durham.", "UK Coal"),
        ("English Partnerships and the office have worked hard.", "English Partnerships"),
        ("It said that Liberal Democrat chairman Matthew Taylor agreed.", "Liberal Democrat"),
    ],
)
def test_mentions_a_nation_and_the_word_ner_left_unnamed_are_one_name(nlp, text, name):
    assert name in {t for t, _, _ in _mentions(nlp, text)}


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("The German Chancellor met French President Macron.", {"German Chancellor", "French President"}),
        ("Kalan Karim, an Iraqi Kurd living in Swansea, died.", {"Iraqi Kurd"}),
        ("Russian oil firm Rosneft bid for the field.", {"Russian oil firm Rosneft", "Russian Rosneft"}),
        ("He said that Conservative British MPs agreed.", {"Conservative British"}),
    ],
)
def test_mentions_titles_descriptions_and_named_firms_are_not_joined(nlp, text, apart):
    assert not apart & {t for t, _, _ in _mentions(nlp, text)}


def test_mentions_drop_a_possessive_before_the_noun_it_possesses_however_parsed(nlp):
    # the parser reads "Radio" as the verb's recipient, yet "'s Today programme" is possessed
    texts = {t for t, _, _ in _mentions(nlp, "Michael Howard told BBC Radio 4's Today programme that the plan was wrong.")}
    assert "BBC Radio 4" in texts and "BBC Radio 4's" not in texts


def test_mentions_a_firm_and_the_country_after_it_modifying_a_noun_are_one_name(nlp):
    # "Nintendo UK general manager" is the manager of Nintendo's UK arm, not of the United Kingdom
    texts = {t for t, _, _ in _mentions(nlp, "David Yarnton, Nintendo UK general manager, told a press conference about it.")}
    assert "Nintendo UK" in texts
    texts = {t for t, _, _ in _mentions(nlp, "Acme said the UK market was weak.")}
    assert "UK" in texts and not any(t.endswith(" UK") for t in texts)


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        # a brief before a title word is no organisation
        ("Defence spokesman John Smith said the plan was wrong.", "Defence"),
        ("Health spokeswoman Jane Roe criticised Acme Corp.", "Health"),
        # a capitalised title in apposition to a person is a role, not a name
        ("Tim Reed, Group Economist at Globex Bank, said prices rose.", "Group Economist"),
        ("Jane Roe, Chief Operating Officer at Acme Corp, resigned.", "Chief Operating Officer"),
    ],
)
def test_mentions_titles_are_no_names(nlp, text, not_a_name):
    texts = {t for t, _, _ in _mentions(nlp, text)}
    assert not_a_name not in texts and texts  # the names around it are still found


@pytest.mark.parametrize(
    ("text", "name", "not_names"),
    [
        ("Globex sold the Zeta 360 to Acme.", "Zeta 360", {"Zeta"}),
        ("Acme's Orbit 2 outsold the Globex console.", "Orbit 2", {"Orbit"}),
        # a score or a year after a name is no model number
        ("Westshire 2 Northdale 1 was the final score.", None, {"Westshire 2"}),
        ("Acme 2005 results beat forecasts, Globex said.", None, {"Acme 2005"}),
    ],
)
def test_mentions_a_product_keeps_its_model_number(nlp, text, name, not_names):
    texts = {t for t, _, _ in _mentions(nlp, text)}
    assert name is None or name in texts
    assert not texts & not_names


def test_mentions_a_lower_case_word_is_no_name(nlp):
    text = "Police in Northdale found heroin and marijuana in the car of Tom Reed."
    assert any(e.text == "marijuana" for e in nlp(text).ents)  # the model takes it for a person
    texts = {t for t, _, _ in _mentions(nlp, text)}
    assert "Tom Reed" in texts and "marijuana" not in texts


def test_mentions_a_name_ends_before_a_preposition_of_the_clause(nlp):
    text = "Acme Corp sold part of Initech to Globex Corp on Monday."
    assert any(e.text == "Initech to Globex Corp" for e in nlp(text).ents)  # the model's one name
    texts = {t for t, _, _ in _mentions(nlp, text)}
    assert {"Initech", "Globex Corp"} <= texts and not any(" to " in t for t in texts)
    texts = {t for t, _, _ in _mentions(nlp, "The Bank of Westshire said it would lend money to Acme Corp.")}
    assert "Bank of Westshire" in texts  # its "of" is the name's


def test_mentions_a_headline_s_verb_opens_no_name(nlp):
    text = "Leaving Westshire\n\nAna Ruiz left Westshire in May."
    assert any(e.text.strip() == "Leaving Westshire" for e in nlp(text).ents)  # the model's name
    texts = {t for t, _, _ in _mentions(nlp, text)}
    assert "Westshire" in texts and "Leaving Westshire" not in texts


def test_mentions_a_sentence_adverb_before_a_name_is_not_part_of_it(nlp):
    texts = {t for t, _, _ in _mentions(nlp, "Nevertheless Franz Ferdinand were the only UK band to win an award this year.")}
    assert "Franz Ferdinand" in texts and not any(t.startswith("Nevertheless") for t in texts)


def test_mentions_a_nationality_noun_before_a_name_is_a_descriptor_of_a_person(nlp):
    found = _mentions(nlp, "Lleyton Hewitt will meet Frenchman Arnaud Clement in the final.")
    assert ("Arnaud Clement", "PERSON") in {(t, label) for t, label, _ in found}
    assert not any("Frenchman" in t for t, _, _ in found)
