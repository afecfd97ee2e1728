"""Pronoun resolution: statements on pronouns land on their antecedents or are dropped."""


def test_coref_possessive_it_refers_to_country(extract):
    found = extract("Bolivia defended its decision to buy Boeing jets.")
    assert ("Bolivia", "buy", "Boeing", False, None) in found


def test_coref_he_refers_to_person(extract):
    found = extract("Boris Johnson arrived late. He later met Emmanuel Macron.")
    assert ("Boris Johnson", "meet", "Emmanuel Macron", False, None) in found


def test_coref_unresolved_pronoun_never_becomes_a_node(build_text):
    graph = build_text("They said it was over. We will see what he does.")
    assert graph.statements == ()
    assert not any(e.label.lower() in {"they", "it", "we", "he"} for e in graph.entities)
