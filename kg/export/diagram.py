"""Relationship diagrams (``graph.png``, ``graph.svg``) drawn with matplotlib.

The drawing is meant to be read, not to show everything: parallel statements
between the same ordered pair are merged into one arrow labelled with their
predicates (negated ones as "not …", hedged ones with their modality), an arrow
is dashed when all its statements are negated, nodes are coloured by type with
a legend, and big graphs are cut down to the :data:`MAX_NODES` most connected
entities (the title says so). The layout is the Gephi file's (each connected
component on its own, packed biggest first) with a fixed seed, so the same graph
gives the same picture.

matplotlib is used through its object API with the Agg canvas (no pyplot, no
global figure state), and only this module imports it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kg.export.layout import force_layout
from kg.export.palette import OTHER_COLOUR, TYPE_COLOURS
from kg.graph.cache import cached_for
from kg.model import KnowledgeGraph, Statement

__all__ = ["draw_graph", "prepare", "write_png", "write_svg", "MAX_NODES"]

# Largest number of entities drawn; beyond it only the most connected are shown.
MAX_NODES = 60
# Predicate labels shown on one merged arrow before "+N more".
MAX_EDGE_LABELS = 2
# Longest node label before it is cut with an ellipsis.
MAX_LABEL_CHARS = 28
LAYOUT_SEED = 7
PNG_DPI = 150
# zlib level of the PNG: 1 writes the seed's picture in 0.28 s instead of 0.37 s, 11% larger.
PNG_COMPRESSION = 1
# Figure side in inches: BASE + PER_NODE * n, capped at MAX.
FIGURE_BASE_INCHES = 6.0
FIGURE_PER_NODE_INCHES = 0.4
FIGURE_MAX_INCHES = 22.0
NODE_SIZE = 900
# The ring around the centre of a neighbourhood picture.
CENTRE_COLOUR = "#1d2733"
# Curvature of arrows, so u→v and v→u do not draw on top of each other.
ARROW_CURVATURE = "arc3,rad=0.12"


def _edge_phrase(statement: Statement) -> str:
    label = _short(statement.predicate.label)
    if statement.modality:
        label = f"{statement.modality} {label}"
    return f"not {label}" if statement.negated else label


def _merged_edge_label(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(phrases))
    shown = unique[:MAX_EDGE_LABELS]
    extra = len(unique) - len(shown)
    return "\n".join(shown + ([f"+{extra} more"] if extra else []))


def _plain(text: str) -> str:
    """``text`` drawn as it is: matplotlib reads "$...$" as mathematics ("Ca$h#Co$" would not draw)."""
    return text.replace("$", r"\$")


def _short(text: str) -> str:
    text = " ".join(text.split())  # tabs and newlines have no glyph
    return _plain(text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…")


def _diagram_graph(kg: KnowledgeGraph, max_nodes: int) -> tuple[nx.DiGraph, int]:
    """Merged directed graph of the top ``max_nodes`` entities, and the number of entities left out."""
    degree: Counter[str] = Counter()
    for statement in kg.statements:
        degree[statement.subject] += 1
        degree[statement.object] += 1
    candidates = list(degree) if degree else [e.id for e in kg.entities]
    ranked = sorted(candidates, key=lambda node: (-degree[node], node))
    kept = set(ranked[:max_nodes])

    grouped: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for statement in kg.statements:
        if statement.subject in kept and statement.object in kept:
            grouped[statement.subject, statement.object].append(statement)

    graph = nx.DiGraph()
    for node in sorted(kept):
        entity = kg.entities_by_id.get(node)
        graph.add_node(
            node,
            label=_short(entity.label if entity else node),
            type=entity.type if entity else "Thing",
        )
    for (subject, object_), statements in sorted(grouped.items()):
        graph.add_edge(
            subject,
            object_,
            label=_merged_edge_label([_edge_phrase(s) for s in statements]),
            negated=all(s.negated for s in statements),
        )
    graph.graph["statements"] = sum(len(statements) for statements in grouped.values())
    return graph, len(candidates) - len(kept)


def _heading(kg: KnowledgeGraph, graph: nx.DiGraph, title: str | None) -> str:
    """The title, then what is drawn: "20 entities, 45 statements", and of how many when not all
    are ("the 20 most connected of 300 entities; 12 of 57 statements")."""
    drawn, statements = len(graph), graph.graph.get("statements", 0)
    everything = len(kg.entities_by_id.keys() | {n for s in kg.statements for n in (s.subject, s.object)})
    if drawn == everything and statements == len(kg.statements):
        counts = f"{drawn} entities, {statements} statements"
    else:
        counts = f"{drawn} of {everything} entities, {statements} of {len(kg.statements)} statements drawn"
        counts += " (the most connected; entities in no statement are not drawn)" if kg.statements else ""
    return f"{title}\n{counts}" if title else counts


def _layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Node positions: kg's seeded force layout (:func:`kg.export.layout.force_layout`, as in the
    Gephi file), each connected component laid out on its own and the components packed in rows,
    biggest first, so that the main story fills the picture and a pair of entities linked only
    to each other does not fly off to a corner (ForceAtlas2 on the whole graph did that, and
    squeezed the rest: twice the overlapping labels on the seed)."""
    undirected = graph.to_undirected(as_view=True)
    return force_layout(list(graph.nodes), list(undirected.edges()), seed=LAYOUT_SEED)


def draw_graph(kg: KnowledgeGraph, *, max_nodes: int = MAX_NODES, title: str | None = None, centre: str | None = None) -> Figure:
    """Draw the relationship diagram of ``kg`` on a new matplotlib ``Figure`` and return it.

    The heading is ``title`` (if any) over a line counting what is drawn; ``centre`` (an entity
    id, for a neighbourhood) is drawn ringed. Use :func:`write_png`/:func:`write_svg` to save it;
    the figure is independent of pyplot, so drawing many never accumulates open figures.
    """
    graph, left_out = _diagram_graph(kg, max_nodes)
    side = min(FIGURE_MAX_INCHES, FIGURE_BASE_INCHES + FIGURE_PER_NODE_INCHES * len(graph))
    figure = Figure(figsize=(side, side * 0.8))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_axis_off()

    axes.set_title(_plain(_heading(kg, graph, title)))
    if len(graph) == 0:
        axes.text(0.5, 0.5, "no entities", ha="center", va="center", transform=axes.transAxes)
        return figure

    positions = _layout(graph)
    types = nx.get_node_attributes(graph, "type")
    colours = [TYPE_COLOURS.get(types[node], OTHER_COLOUR) for node in graph]

    nx.draw_networkx_nodes(graph, positions, ax=axes, node_color=colours, node_size=NODE_SIZE, alpha=0.9)
    if centre in graph:
        nx.draw_networkx_nodes(
            graph, positions, ax=axes, nodelist=[centre], node_color="none", node_size=NODE_SIZE * 2.2,
            edgecolors=CENTRE_COLOUR, linewidths=2.5,
        )
    nx.draw_networkx_labels(
        graph,
        positions,
        ax=axes,
        labels=nx.get_node_attributes(graph, "label"),
        font_size=8,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6},
    )
    for negated, style in ((False, "solid"), (True, "dashed")):
        edges = [(u, v) for u, v, data in graph.edges(data=True) if data["negated"] == negated]
        if edges:
            nx.draw_networkx_edges(
                graph,
                positions,
                ax=axes,
                edgelist=edges,
                style=style,
                node_size=NODE_SIZE,
                arrows=True,
                arrowsize=14,
                edge_color="#555555",
                connectionstyle=ARROW_CURVATURE,
            )
    nx.draw_networkx_edge_labels(
        graph,
        positions,
        ax=axes,
        edge_labels=nx.get_edge_attributes(graph, "label"),
        font_size=7,
        font_color="#333333",
        rotate=False,
        node_size=NODE_SIZE,
        connectionstyle=ARROW_CURVATURE,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
    )

    present = sorted(set(types.values()), key=lambda t: (t not in TYPE_COLOURS, t))
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=9, label=type_,
               markerfacecolor=TYPE_COLOURS.get(type_, OTHER_COLOUR), markeredgecolor="none")
        for type_ in present
    ]
    # the legend lists only what is drawn
    if any(data["negated"] for _u, _v, data in graph.edges(data=True)):
        handles.append(Line2D([], [], color="#555555", linestyle="dashed", label="negated"))
    if centre in graph:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=11, label="centre", markerfacecolor="none",
                              markeredgecolor=CENTRE_COLOUR, markeredgewidth=2))
    # Outside the drawing, so it never hides a node; the file's box (tight_box) keeps it in.
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    axes.margins(0.08)
    return figure


def _figure(kg: KnowledgeGraph) -> Figure:
    """The default diagram of ``kg``, drawn once for both the PNG and the SVG."""
    return cached_for(kg, "diagram", lambda: draw_graph(kg))


def tight_box(figure: Figure):
    """The box of everything drawn on ``figure`` (legend and title too), padded as matplotlib pads
    it, worked out once per figure from its artists' extents: ``savefig(bbox_inches="tight")``
    draws the whole figure once more for each file to find it (a third of a picture's cost)."""
    box = getattr(figure, "_kg_tight_box", None)
    if box is None:
        box = figure.get_tightbbox(figure.canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
        figure._kg_tight_box = box
    return box


def prepare(kg: KnowledgeGraph) -> None:
    """Draw the diagram of ``kg`` and find its box now, once for the PNG and the SVG (the pictures'
    helper process does it before forking a writer for each)."""
    tight_box(_figure(kg))


def write_png(kg: KnowledgeGraph, path: Path) -> None:
    """Write the diagram as PNG (format given explicitly: ``path`` may be a temporary name)."""
    figure = _figure(kg)
    figure.savefig(path, format="png", dpi=PNG_DPI, bbox_inches=tight_box(figure), pil_kwargs={"compress_level": PNG_COMPRESSION})


def write_svg(kg: KnowledgeGraph, path: Path) -> None:
    """Write the diagram as SVG, without a creation date so that rebuilding gives the same file."""
    # A fixed hash salt makes the SVG's element ids, and so the file, the same on every run.
    # Text stays text ("svg.fonttype": "none"): searchable and editable in a browser or Inkscape,
    # half the file, and a third faster to write than glyphs drawn as paths.
    figure = _figure(kg)
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "none"}):
        figure.savefig(path, format="svg", bbox_inches=tight_box(figure), metadata={"Date": None})
