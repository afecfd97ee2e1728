"""Concept entities (kg.resolve.concepts): one node per unnamed thing an article relates."""


def _concepts(graph):
    return {e.label: e for e in graph.entities if any(m.rule == "concept" for m in e.mentions)}


def _with_predicate(graph, predicate):
    return [s for s in graph.statements if s.predicate.label == predicate]


def _concept_of(graph, predicate):
    (statement,) = [s for s in graph.statements if s.predicate.label == predicate]
    return graph.entity(statement.object).label


def test_concepts_a_definite_repeat_is_the_same_thing(build_text):
    graph = build_text("Chile signed a copper export deal with Peru. Bolivia criticised the deal.")
    assert _concept_of(graph, "criticise") == "copper export deal"


def test_concepts_a_new_indefinite_one_is_another_thing(build_text):
    graph = build_text(
        "Chile signed a copper export deal with Peru in May. Later Chile signed an agreement with Bolivia."
    )
    labels = {graph.entity(s.object).label for s in graph.statements if s.predicate.label == "sign"}
    assert labels == {"copper export deal", "agreement"}


def test_concepts_the_lead_names_what_the_headline_said(build_text):
    graph = build_text("Copper export deal collapses\n\nChile cancelled a deal with Peru on Monday.")
    assert _concept_of(graph, "cancel").lower() == "copper export deal"


def test_concepts_heads_compare_by_kind(build_text):
    graph = build_text("Chinese firms bought stakes in Peru. Chile courted the Chinese companies.")
    investors = _with_predicate(graph, "buy stakes in")
    courted = _with_predicate(graph, "court")
    assert investors and courted and investors[0].subject == courted[0].object


def test_concepts_differently_named_ones_are_two(build_text):
    graph = build_text("Ana Ruiz lost her British passport. Ana Ruiz travelled on her Zambian passport.")
    assert {"British passport", "Zambian passport"} <= set(_concepts(graph))


def test_concepts_keep_hyphened_words_in_their_label(build_text):
    graph = build_text("A campaign by Lycos Europe to target spam-related websites was halted.")
    assert "spam-related websites" in _concepts(graph)


def test_concepts_the_same_sum_is_the_same_thing(build_text):
    graph = build_text("Peru proposed a £5.5bn rail project. Chile agreed to fund a £5.5bn plan with Peru.")
    projects = [e for e in _concepts(graph).values() if e.label == "rail project"]
    assert projects and "plan" in projects[0].aliases


def test_concepts_singular_bodies_of_people_are_organisations(nlp):
    from kg.resolve.concepts import concept_type

    def head_type(text, word):
        return concept_type(next(t for t in nlp(text) if t.text == word))

    assert head_type("The British relay team beat them.", "team") == "Organization"
    assert head_type("A Los Angeles grand jury indicted two men.", "jury") == "Organization"
    assert head_type("The town's Muslim community raised money.", "community") == "Organization"
    # a trend, a building or a medium is none
    assert head_type("The Pop movement grew.", "movement") == "Thing"
    assert head_type("The city hospital closed.", "hospital") != "Organization"


def test_concepts_a_new_kind_of_one_after_modified_ones_is_another(build_text):
    graph = build_text("Peru won coveted medals in Lima. The gold sailing medal went to Chile.")
    won = _with_predicate(graph, "win")
    went = _with_predicate(graph, "go to")
    assert won and went and won[0].object != went[0].subject


def test_concepts_a_name_after_the_head_compares_as_one_before_it(build_text):
    graph = build_text("Small investors in Initech sold their stakes to Globex. Peru courted the small Initech shareholders.")
    courted = _with_predicate(graph, "court")
    investors = _with_predicate(graph, "investor in")
    assert courted and investors and courted[0].object == investors[0].subject


def test_concepts_a_bare_noun_is_its_container_s_content_only(build_text):
    # "the settlement" is the "settlement deal"; "the budget" is no "budget deficit"
    graph = build_text("Chile agreed a settlement deal with Peru. Bolivia praised the settlement.")
    assert _concept_of(graph, "praise") == "settlement deal"
    graph = build_text("Peru blamed the budget deficit on Chile. Bolivia praised the budget.")
    assert _concept_of(graph, "praise") == "budget"


def test_concepts_a_hyphened_modifier_stays_whole(build_text):
    # "high" and "low" alone are too vague to name a thing; hyphened to a word they are part of one
    graph = build_text("The Cabir virus only affects high-end handsets. Globex sells low-cost laptops and big tablets.")
    labels = set(_concepts(graph))
    assert {"high-end handsets", "low-cost laptops"} <= labels, labels
    assert "tablets" in labels and not any(label.startswith(("end ", "cost ")) for label in labels)


def test_concepts_a_bare_plural_is_no_group_named_before(build_text):
    graph = build_text("Chile banned budget airlines in May. Airlines attacked the law in June.")
    banned = _with_predicate(graph, "ban")
    attacked = _with_predicate(graph, "attack")
    assert banned and attacked and banned[0].object != attacked[0].subject
    assert graph.entity(attacked[0].subject).label == "airlines"  # no capital from the sentence


def test_concepts_a_bare_plural_is_no_single_thing(build_text):
    graph = build_text("Chile sold a web service to Peru. Bolivia bought services from Chile.")
    sold = _with_predicate(graph, "sell")
    bought = _with_predicate(graph, "buy")
    assert sold and bought and sold[0].object != bought[0].object


def test_concepts_a_repeated_bare_plural_is_the_same_group(build_text):
    graph = build_text("Airlines attacked the law in June. Peru banned airlines in July.")
    attacked = _with_predicate(graph, "attack")
    banned = _with_predicate(graph, "ban")
    assert attacked and banned and attacked[0].subject == banned[0].object


def test_concepts_keep_a_name_s_number(build_text):
    assert "Zeta 60 software" in _concepts(build_text("Acme's Zeta 60 software is licensed by Globex Corp."))


def test_concepts_a_word_is_not_cut_at_its_hyphen(build_text):
    graph = build_text("Tom Reed reached the semi-finals in Northdale. Acme Corp offered co-operation to Globex Corp.")
    labels = set(_concepts(graph))
    assert {"semi-finals", "co-operation"} <= labels, labels
    assert not {"finals", "operation"} & labels


def test_concepts_a_singular_is_not_an_earlier_plural(build_text):
    # "the animation award" is one of "the awards", not all of them
    graph = build_text(
        "The Northdale critics named Summer Rain the best film of the year. "
        "The awards will be handed out on 13 January at a ceremony in Las Vegas. Blue Road won the animation award."
    )
    handed = [s for s in graph.statements if s.predicate.label == "be handed out at"]
    assert handed and graph.entity(handed[0].subject).label == "awards", [graph.entity(s.subject).label for s in handed]


def test_concepts_a_measure_written_as_one_word_stays_whole(build_text):
    graph = build_text("Tom Reed won the 4x100m relay in Athens. Acme agreed a $168m deal with Globex Corp.")
    labels = {e.label for e in graph.entities}
    assert "4x100m relay" in labels and "m relay" not in labels
    assert "deal" in labels  # an amount of money is no part of the name
