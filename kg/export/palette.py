"""One colour per entity type, shared by the diagrams, the HTML view and the Gephi files.

A type keeps its colour in every output (Norway is the same green in
``graph.png`` and in Gephi), so the palette lives here and not in a module that
draws: importing it loads no plotting library.
"""

from __future__ import annotations

from kg.model import ENTITY_TYPES

__all__ = ["TYPE_COLOURS", "OTHER_COLOUR", "COMMUNITY_COLOURS", "type_colour", "community_colour", "rgb"]

# One fixed colour per schema.org type (tab20 palette), grey for anything else.
TYPE_COLOURS: dict[str, str] = dict(
    zip(
        ENTITY_TYPES,
        (
            "#1f77b4",  # Person
            "#ff7f0e",  # Organization
            "#ffbb78",  # Corporation
            "#d62728",  # GovernmentOrganization
            "#2ca02c",  # Country
            "#98df8a",  # City
            "#bcbd22",  # Place
            "#9467bd",  # Product
            "#e377c2",  # Event
            "#17becf",  # CreativeWork
            "#c7c7c7",  # Thing
        ),
        strict=True,
    )
)
OTHER_COLOUR = "#7f7f7f"


# Colours of the largest communities (1, 2, ...: Okabe-Ito and Paul Tol's "bright", told apart
# also by colour-blind readers); the others are grey.
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#f0e442", "#4477aa", "#ee6677", "#228833", "#aa3377", "#66ccee",
)


def community_colour(community: int) -> str:
    """Hex colour of community number ``community`` (1 is the largest); grey past the palette."""
    return COMMUNITY_COLOURS[community - 1] if 1 <= community <= len(COMMUNITY_COLOURS) else OTHER_COLOUR


def type_colour(type_: str) -> str:
    """Hex colour of an entity type: ``"Country"`` → ``"#2ca02c"``; unknown types are grey."""
    return TYPE_COLOURS.get(type_, OTHER_COLOUR)


def rgb(colour: str) -> tuple[int, int, int]:
    """Red, green and blue (0–255) of a ``#rrggbb`` colour: ``"#2ca02c"`` → ``(44, 160, 44)``."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
