"""Canonical entities: countries, demonyms, capitals as actors, contained names."""

import pytest


def _entities(build_text, text):
    return {(e.label, e.type) for e in build_text(text).entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # country names and codes resolve to the gazetteer's common name
        ("The U.S. imposed tariffs.", ("United States", "Country")),
        ("Talks with the Russian Federation stalled.", ("Russia", "Country")),
        # a demonym stands for its country
        ("Mexican exports rose.", ("Mexico", "Country")),
        # a nationality without a country names a group with its group noun
        ("Kurdish fighters captured the town.", ("Kurdish forces", "Organization")),
        # a capital acting stands for its country
        ("Ottawa says the deal is off.", ("Canada", "Country")),
        # company suffix dropped
        ("Boeing Co said sales rose.", ("Boeing", "Corporation")),
        # a seat of power acting stands for its country
        ("The White House criticised the plan.", ("United States", "Country")),
        # the same seat as a place stays a place
        ("Reporters waited outside the White House.", ("White House", "Place")),
        # a nation's government named with capitals is the state acting
        ("The Chilean Government sued Peru.", ("Chile", "Country")),
        # a country within the United Kingdom that NER missed is still a place; "no match" describes nothing
        ("Wales were no match for France in Cardiff.", ("Wales", "Place")),
    ],
)
def test_canonical_rules(build_text, text, expected):
    assert expected in _entities(build_text, text)


def test_canonical_a_company_named_like_a_country_code_is_no_country(build_text):
    # "BT" is the telecoms firm, not Bhutan (ISO code BT)
    entities = _entities(build_text, "Adrian Hosford, director of corporate responsibility at BT, said sales rose.")
    assert not any(type_ == "Country" for _, type_ in entities), entities


def test_canonical_capital_as_place_stays_a_city(build_text):
    entities = _entities(build_text, "Leaders met at a conference in Nairobi.")
    assert ("Nairobi", "City") in entities
    assert ("Kenya", "Country") not in entities


def test_canonical_capital_as_actor_and_place_in_one_text(build_text):
    graph = build_text("Moscow and Ankara have established ties. Erdogan flew to Moscow.")
    labels = {(e.label, e.type) for e in graph.entities}
    assert ("Russia", "Country") in labels and ("Moscow", "City") in labels


def test_canonical_contained_names_merge_into_the_fullest(build_text):
    graph = build_text("Jacinda Ardern visited Fiji. Ardern later spoke to reporters.")
    people = [e for e in graph.entities if e.type == "Person"]
    assert [p.label for p in people] == ["Jacinda Ardern"]
    assert "Ardern" in people[0].aliases
    assert {m.rule for m in people[0].mentions} >= {"contained-name"}


def test_canonical_one_word_organisations_do_not_merge(build_text):
    graph = build_text("The Islamic State claimed the attack. The State Department condemned it.")
    assert not any("State" == alias for e in graph.entities for alias in e.aliases)


@pytest.mark.parametrize(
    ("text", "label", "alias"),
    [
        # an acronym in brackets after a name, and its later uses
        ("Officials of the World Health Organization (WHO) met. The WHO said cases rose.", "World Health Organization", "WHO"),
        # an acronym spelling the initials of a name in the document
        ("The European Union fined Google. The EU said more fines may follow.", "European Union", "EU"),
    ],
)
def test_canonical_acronyms_join_their_expansion(build_text, text, label, alias):
    graph = build_text(text)
    (entity,) = [e for e in graph.entities if e.label == label]
    assert alias in entity.aliases and "acronym" in {m.rule for m in entity.mentions}
    assert not any(e.label == alias for e in graph.entities)


def test_canonical_countries_and_cities_link_to_geonames_and_wikidata(build_text):
    graph = build_text("Officials from Kenya met in Nairobi.")
    kenya = next(e for e in graph.entities if e.label == "Kenya")
    nairobi = next(e for e in graph.entities if e.label == "Nairobi")
    assert any(iri.startswith("https://sws.geonames.org/") for iri in kenya.same_as)
    assert any(iri.startswith("http://www.wikidata.org/entity/Q") for iri in kenya.same_as)
    assert any(iri.startswith("https://sws.geonames.org/") for iri in nairobi.same_as)


def test_canonical_every_mention_names_its_rule(build_text):
    graph = build_text("Mexican exports rose, Mexico City said. Mexico and Canada met.")
    rules = {m.rule for e in graph.entities for m in e.mentions}
    assert "demonym" in rules and "country" in rules
    assert all(m.rule for e in graph.entities for m in e.mentions)


def test_canonical_no_alias_is_another_nodes_label(build_text):
    graph = build_text("Moscow and Ankara have established ties. Erdogan flew to Moscow.")
    russia = next(e for e in graph.entities if e.label == "Russia")
    assert "Moscow" not in russia.aliases
    assert "capital-as-actor" in {m.rule for m in russia.mentions}  # the mention is kept for the audit



def test_canonical_a_name_ending_in_a_country_or_continent_is_no_person(nlp):
    from spacy.tokens import Span

    from kg.resolve.canonical import name_evidence

    doc = nlp("Lycos Europe and Michael Jordan met.")
    lycos, jordan = Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON")
    kinds = {(type_, weight > 0) for type_, weight, kind in name_evidence(lycos) if kind == "place-suffix"}
    assert kinds == {("Organization", True), ("Person", False)}
    # a given name that is also a country's ("Jordan") says nothing
    assert not [v for v in name_evidence(jordan) if v[2] == "place-suffix"]


def test_canonical_role_holders_and_places_after_in_have_their_type(nlp):
    from spacy.tokens import Span

    from kg.resolve.canonical import name_evidence

    doc = nlp("Air Deccan's managing director spoke in Cardiff.")
    airline, city = Span(doc, 0, 2, label="PERSON"), Span(doc, 7, 8, label="ORG")
    assert ("Corporation", "organisation-role") in {(t, k) for t, _, k in name_evidence(airline)}
    assert ("City", "place-preposition") in {(t, k) for t, _, k in name_evidence(city)}
    # a small town's name is a firm's as often: "investors in Nokia" says nothing
    doc = nlp("Investors in Nokia sold shares.")
    assert not [v for v in name_evidence(Span(doc, 2, 3, label="ORG")) if v[2] == "place-preposition"]


def test_canonical_repeated_ner_labels_and_descriptor_modifiers_count_once(nlp):
    from collections import Counter

    from spacy.tokens import Span

    from kg.resolve.canonical import _ner_votes, name_evidence

    # nine identical NER labels are one name tagged nine times, not nine witnesses
    assert _ner_votes(Counter({"Person": 9})) == {"Person": 3.0}
    # "search engine" describes the firm, not the name: one descriptor, a company
    doc = nlp("Search engine firm Google has released a trial tool.")
    votes = [(t, k) for t, _, k in name_evidence(Span(doc, 3, 4, label="ORG")) if k == "descriptor"]
    assert votes == [("Corporation", "descriptor")]


def test_canonical_list_members_share_the_descriptor_and_possessed_nouns_describe_nothing(nlp):
    from kg.resolve.canonical import name_evidence

    def descriptors(text):
        doc = nlp(text)
        return {e.text: sorted(t for t, _, k in name_evidence(e) if k == "descriptor") for e in doc.ents}

    # every member of "the banks A, B and C" is a bank, not only the first
    found = descriptors("The banks Acmeco, Globexo and Initecha cut rates.")
    assert found["Globexo"] == ["Corporation"] and found["Initecha"] == ["Corporation"]
    # a noun with its own possessor is a phrase of its own: "his election" describes no Dan Varga
    assert descriptors("Following his election Dan Varga left.")["Dan Varga"] == []
    # and one noun reached two ways counts once
    assert descriptors("The singer Kara Vell toured.")["Kara Vell"] == ["Person"]


def test_canonical_honorifics_and_titles_type_only_the_name_they_stand_before(nlp):
    from kg.resolve.canonical import name_evidence

    def kinds(text, name):
        doc = nlp(text)
        span = next(e for e in doc.ents if e.text == name)
        return {k for t, _, k in name_evidence(span) if t == "Person"}

    # "Mr" three words back belongs to another name: "Mr Vell told Acme TV's reporter"
    assert "honorific" not in kinds("Mr Vell told ITN's Jonathan Dimbleby programme it works.", "ITN")
    assert "honorific" in kinds("Later Mr Dan Varga said no.", "Dan Varga")
    # a title right before a name types it, even with a given name the list lacks
    assert "title" in kinds("Home Secretary Ivo Kralj said no.", "Ivo Kralj")


@pytest.mark.parametrize(
    ("text", "name", "type_", "kind"),
    [
        # a given name opening a show's name makes no person of it
        ("Melcher also produced The Mary Hale Show for the network.", "Mary Hale Show", "CreativeWork", "name-word"),
        # a robot is a product, whatever NER said
        ("Acme said the Zeta Robot would not go on sale.", "Zeta Robot", "Product", "name-word"),
        # "the" and a plural name: a band, a party, a team
        ("He produced hits for the Byrdmen and the Rollers.", "Rollers", "Organization", "plural"),
        # the object of writing, the film one stars in
        ("He helped write Kokoloa for the band.", "Kokoloa", "CreativeWork", "created"),
        ("She starred in Night Train last year.", "Night Train", "CreativeWork", "created"),
        # where one travels to, where one is based
        ("Fans had to travel to Swansea for the games.", "Swansea", "City", "destination"),
        ("The Leeds-based athlete won again.", "Leeds", "City", "based-in"),
        # what is measured out in tonnes is a commodity
        ("India will import 7.5 million tonnes of Northgas annually.", "Northgas", "Product", "measured"),
        # names of a geographic feature, each of a list of them
        ("Firms will develop the Kestrel and Dunmore oilfields, officials said.", "Dunmore", "Place", "feature"),
        # what a kind of thing includes is of that kind, each of the list
        ("His film credits include Edge of Darkness, Vertical Limit and Far Shores.", "Far Shores", "CreativeWork", "included-in"),
        ("His film credits include Edge of Darkness, Vertical Limit and Far Shores.", "Edge of Darkness", "CreativeWork", "included-in"),
    ],
)
def test_canonical_position_in_the_sentence_types_a_name(nlp, text, name, type_, kind):
    from kg.extract.mentions import mention_spans
    from kg.resolve.canonical import name_evidence

    span = next(s for s in mention_spans(nlp(text)) if s.text == name)
    assert (type_, kind) in {(t, k) for t, _, k in name_evidence(span)}


def test_canonical_counter_examples_of_position_evidence(nlp):
    from kg.extract.mentions import mention_spans
    from kg.resolve.canonical import name_evidence

    def kinds(text, name):
        span = next(s for s in mention_spans(nlp(text)) if s.text == name)
        return {(t, k) for t, _, k in name_evidence(span)}

    # a plan named after a person is no person, nor is the modifier of a hyphened word a group
    assert ("Person", "given-name") not in kinds("The chancellor likened it to the Walter Plan of 1948.", "Walter Plan")
    assert ("Organization", "plural") not in kinds("The Leeds-based athlete won again.", "Leeds")
    # moving to a firm is a job, not a journey
    assert not {k for _, k in kinds("Tom Reed moved to Nokia in 2004.", "Nokia")} & {"destination"}
    # a noun beside the name, modifying the same head, describes the head, not the name
    assert not {k for _, k in kinds("During its investigation FBI agents downloaded 84 movies.", "FBI")} & {"descriptor"}
    # a list of anything says nothing of its members, nor does a name inside a member
    assert "included-in" not in {k for _, k in kinds("The shortlist includes Nokia, Siemens and Ericsson.", "Ericsson")}


@pytest.mark.parametrize(
    ("text", "label", "type_"),
    [
        # NER tags the same name a place (LOC), an organisation and a place again: one country
        (
            "Talks on the future of Gibraltar begin today. Gibraltar's Chief Minister Fabian Picardo "
            "will attend. Most residents of Gibraltar want to stay British.",
            "Gibraltar",
            "Country",
        ),
        # NER tags one mention of a company a nationality (NORP): still the one company
        ("Brewer Inbev said sales rose. Inbev owns Stella Artois. Inbev shares fell after Inbev warned on profits.", "Inbev", "Organization"),
    ],
)
def test_canonical_one_name_is_one_entity_whatever_ner_said(build_text, text, label, type_):
    same = [e for e in build_text(text).entities if e.label == label]
    assert [(e.label, e.type) for e in same] == [(label, type_)]
    assert "same-name" in {m.rule for m in same[0].mentions}


def test_canonical_a_surname_like_a_country_stays_the_person_s(build_text):
    graph = build_text("Michael Jordan visited Jordan in May. Jordan said the trip was a success.")
    assert {e.label for e in graph.entities if e.type == "Person"} == {"Michael Jordan"}


@pytest.mark.parametrize(
    ("text", "label", "type_"),
    [
        # a given name before an institution's word is no person
        ("Victor Wong studied at Cornell University in New York.", "Cornell University", "Organization"),
        ("Li Ruigang is president of the broadcaster Shanghai Media Group.", "Shanghai Media Group", "Corporation"),
        # "a big investor" is said of people and firms alike: no vote for a person
        ("BP, a big investor in Russia, signed a deal. BP said the deal was good.", "BP", "Organization"),
    ],
)
def test_canonical_types_from_evidence_that_says_something(build_text, text, label, type_):
    from kg.resolve.canonical import ORGANISATION_TYPES

    (entity,) = [e for e in build_text(text).entities if e.label == label]
    assert entity.type == type_ or (type_ == "Organization" and entity.type in ORGANISATION_TYPES)


def test_canonical_an_initial_and_surname_is_the_one_full_name_that_fits(build_text):
    graph = build_text(
        "Wales: Gareth Thomas, Shane Williams, Jonathan Thomas. Tries: G Thomas, S Williams, J Thomas."
    )
    people = {e.label: set(e.aliases) for e in graph.entities if e.type == "Person"}
    assert people == {"Gareth Thomas": {"G Thomas"}, "Shane Williams": {"S Williams"}, "Jonathan Thomas": {"J Thomas"}}


def test_canonical_an_initial_that_fits_two_full_names_stays_apart(build_text):
    graph = build_text("Jonathan Thomas and Jamie Thomas played. J Thomas scored.")
    assert "J Thomas" not in {a for e in graph.entities for a in e.aliases}


@pytest.mark.parametrize(
    ("text", "label", "type_"),
    [
        # a one-word name that only NER calls a person, taking a plural verb: a team
        ("Norwich have signed Dean Ashton from Crewe.", "Norwich", "Organization"),
        # a firm's name opening with a title word, at the start of a sentence
        ("General Motors sold its stake to Fiat.", "General Motors", "Corporation"),
    ],
)
def test_canonical_names_ner_gets_wrong(build_text, text, label, type_):
    from kg.resolve.canonical import ORGANISATION_TYPES

    (entity,) = [e for e in build_text(text).entities if e.label == label]
    assert entity.type == type_ or (type_ == "Organization" and entity.type in ORGANISATION_TYPES)


def test_canonical_a_one_word_person_stays_a_person(build_text):
    graph = build_text("Gerrard has signed a new deal. Gerrard said he was happy.")
    assert [e.type for e in graph.entities if e.label == "Gerrard"] == ["Person"]


def test_canonical_a_generation_suffix_is_no_surname(build_text):
    # NER cut "Jr" off one name; alone it was merged into the other name ending in "Jr"
    graph = build_text(
        "Cosby's lawyer, Walter M Phillips Jr, said the comedian was pleased. "
        "District Attorney Bruce L Castor Jr, who was in charge of the case, said detectives found nothing."
    )
    people = {e.label: e.aliases for e in graph.entities if e.type == "Person"}
    assert {"Walter M Phillips Jr", "Bruce L Castor Jr"} <= set(people)
    assert "Jr" not in {a for aliases in people.values() for a in aliases}
    assert "District Attorney" not in {e.label for e in graph.entities}


def test_canonical_a_full_name_only_ner_typed_is_the_person_its_surname_is(build_text, monkeypatch):
    # "Helmut Panke" tagged an organisation once stayed apart from "Mr Panke" (a person by his title)
    import kg.resolve.canonical as canonical

    real = canonical._canonical

    def ner_says_organisation(span):
        found = real(span)
        if found is not None and span.text == "Helmut Panke":
            return found._replace(type="Organization")
        return found

    monkeypatch.setattr(canonical, "_canonical", ner_says_organisation)
    graph = build_text("Speaking in Geneva, Helmut Panke predicted demand would soar. Mr Panke praised the Honda Accura.")
    people = {e.label: e.aliases for e in graph.entities if e.type == "Person"}
    assert "Helmut Panke" in people and "Panke" in people["Helmut Panke"]


def test_canonical_an_acronym_after_a_name_joined_by_same_name_does_not_crash(build_text):
    # a bracketed acronym after a mention whose group the same-name rule had joined raised KeyError
    graph = build_text("Inbev said profits rose. Inbev (IB) shares rose. Inbev owns Beck.")
    assert [e for e in graph.entities if e.label == "Inbev"]


def test_canonical_a_branch_named_for_a_place_is_not_the_firm(build_text):
    # met after the firm, "Globex USA" is Globex's US arm: a node of its own, while "Globex
    # International" is Globex, and a branch named first is what the short name then stands for
    graph = build_text("Globex lied to a US court, said Globex USA. Globex sold its oil unit to Initech.")
    labels = {e.label for e in graph.entities}
    assert {"Globex", "Globex USA"} <= labels, labels
    graph = build_text("Globex sold its oil unit to Initech. Globex International said profits rose.")
    assert "Globex" not in {e.label for e in graph.entities}
    graph = build_text("Globex Europe launched a campaign. Globex said it had ended the campaign.")
    assert "Globex" not in {e.label for e in graph.entities}


def test_canonical_a_longer_name_met_after_the_firm_is_a_part_of_it(build_text):
    graph = build_text("Globex took legal action to stop leaks. Members of the Globex Developer Network got the files.")
    assert {"Globex", "Globex Developer Network"} <= {e.label for e in graph.entities}
    # a headline's short name does not count, nor does the firm's full name
    graph = build_text("Globex cuts jobs\nGlobex Developer Network said it would cut jobs. Globex said sales fell.")
    assert "Globex" not in {e.label for e in graph.entities}
    graph = build_text("Globex cut 300 jobs. Globex Motor Company said sales fell.")
    assert "Globex" not in {e.label for e in graph.entities}


def test_canonical_entities_say_what_decided_their_type(build_text):
    graph = build_text("Shares in budget airline Skyjet rose. Mr Okafor met Skyjet in Lima.")
    skyjet = next(e for e in graph.entities if e.label == "Skyjet")
    assert any(line.startswith("descriptor → ") for line in skyjet.type_evidence), skyjet.type_evidence
    okafor = next(e for e in graph.entities if e.label == "Okafor")
    assert okafor.type == "Person" and any(line.startswith("honorific → Person") for line in okafor.type_evidence)
    lima = next(e for e in graph.entities if e.label == "Lima")
    assert any("City" in line for line in lima.type_evidence)
    assert all(e.type_evidence for e in graph.entities)


def test_canonical_a_name_s_own_words_vote_once_per_entity(build_text):
    # "Joy Division" written seven times is one given name, not seven against NER's labels
    graph = build_text("Ana Ruiz met Globex Corp in May. Ana Ruiz left in June. Later Ana Ruiz won a prize.")
    (ana,) = [e for e in graph.entities if e.label == "Ana Ruiz"]
    assert "given-name → Person +3" in ana.type_evidence


def test_canonical_plural_awards_are_no_group(build_text):
    graph = build_text("Kara Vell won two prizes at the Northdale Film Awards in May. The Northdale Film Awards are held yearly.")
    (awards,) = [e for e in graph.entities if e.label == "Northdale Film Awards"]
    assert awards.type == "Event"
    assert not any(line.startswith("plural → Organization") for line in awards.type_evidence)


def test_canonical_a_name_ending_in_an_event_word_is_no_person(build_text):
    graph = build_text("Tom Reed gave the Ana Ruiz Lecture in Northdale.")
    (lecture,) = [e for e in graph.entities if e.label == "Ana Ruiz Lecture"]
    assert lecture.type != "Person"
    assert not any(line.startswith("given-name") for line in lecture.type_evidence)


def test_canonical_a_big_city_listed_with_cities_is_a_city(build_text):
    # NER calls "Manchester" a person here; the list it stands in and the gazetteer say otherwise
    text = "Tom Reed is stepping up election preparations as he visits Manchester, Liverpool, Leicester, Somerset, Basingstoke and Dorset."
    types = {e.label: e.type for e in build_text(text).entities}
    assert types.get("Manchester") == "City", types


def test_canonical_a_work_kind_tagged_as_an_adjective_still_describes(nlp):
    from spacy.tokens import Span

    from kg.resolve.canonical import name_evidence

    doc = nlp("Acme are nominated twice for their recent single Vertigo.")
    assert doc[7].pos_ == "ADJ"  # "single", as the tagger reads it here
    votes = {(t, k) for t, _, k in name_evidence(Span(doc, 8, 9, label="ORG"))}
    assert ("CreativeWork", "descriptor") in votes
    # an adjective of another kind describes nothing: "their native Westshire"
    doc = nlp("They have fans in their native Westshire.")
    assert not [v for v in name_evidence(Span(doc, 6, 7, label="GPE")) if v[2] == "descriptor"]


def test_canonical_a_name_before_a_team_role_is_the_team(nlp):
    from spacy.tokens import Span

    from kg.resolve.canonical import name_evidence

    doc = nlp("Westshire manager Tom Reed praised his side.")
    assert ("Organization", "team-role") in {(t, k) for t, _, k in name_evidence(Span(doc, 0, 1, label="GPE"))}
    # the role's holder is no team
    assert not [v for v in name_evidence(Span(doc, 2, 4, label="PERSON")) if v[2] == "team-role"]
