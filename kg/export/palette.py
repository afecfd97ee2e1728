"""One colour per entity type, shared by the diagrams, the HTML view and the Gephi files.

A type keeps its colour in every output (Norway is the same green in
``graph.png`` and in Gephi), so the palette lives here and not in a module that
draws: importing it loads no plotting library.
"""

from __future__ import annotations

from kg.model import ENTITY_TYPES

__all__ = ["TYPE_COLOURS", "OTHER_COLOUR", "type_colour", "rgb"]

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


def type_colour(type_: str) -> str:
    """Hex colour of an entity type: ``"Country"`` → ``"#2ca02c"``; unknown types are grey."""
    return TYPE_COLOURS.get(type_, OTHER_COLOUR)


def rgb(colour: str) -> tuple[int, int, int]:
    """Red, green and blue (0–255) of a ``#rrggbb`` colour: ``"#2ca02c"`` → ``(44, 160, 44)``."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
