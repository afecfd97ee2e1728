"""Role statements from titles and appositives."""

import pytest

ROLES = [
    # nationality + title before the name
    ("Canadian Prime Minister Justin Trudeau spoke.", "Justin Trudeau", "prime minister of", "Canada"),
    # country code + multiword title
    ("U.S. Vice President Kamala Harris spoke.", "Kamala Harris", "vice president of", "United States"),
    # organisation + title
    ("Microsoft chairman Bill Gates praised Intel.", "Bill Gates", "chairman of", "Microsoft"),
    # title "of" a country before the name
    ("President of France Emmanuel Macron met Joe Biden.", "Emmanuel Macron", "president of", "France"),
    # appositive after the name
    ("Angela Merkel, Germany's chancellor, visited Paris.", "Angela Merkel", "chancellor of", "Germany"),
]


@pytest.mark.parametrize(("sentence", "person", "role", "organisation"), ROLES)
def test_roles_from_titles(extract, sentence, person, role, organisation):
    assert (person, role, organisation, False, None) in extract(sentence)


def test_roles_title_is_not_part_of_the_name(build_text):
    graph = build_text("President Emmanuel Macron met workers. Macron later left.")
    labels = {e.label for e in graph.entities if e.type == "Person"}
    assert labels == {"Emmanuel Macron"}
