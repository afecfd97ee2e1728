"""Network exports: GEXF 1.3 ready for Gephi, and GraphML.

``graph.gexf`` is what a Gephi user opens to look at the story:

* one node per entity, labelled, coloured by type (the palette of the
  diagrams, :mod:`kg.export.palette`), sized by its number of mentions
  (radius grows with the square root, so area grows with the count), placed by
  a seeded force layout (:mod:`kg.export.layout`);
* one edge per :class:`~kg.graph.network.Relation`: parallel statements with
  the same subject, predicate, object and polarity are merged, the edge is
  labelled with the predicate ("not …" when negated) and weighted by the
  number of supporting statements, and carries the attributes of
  :func:`~kg.graph.network.relation_attributes` (negated, modality,
  confidence, documents, ...);
* when documents have dates (``Document.date``, ISO ``YYYY-MM-DD``), the
  graph is dynamic (``mode="dynamic" timeformat="date"``) so Gephi's timeline
  plays the story: a node lives from the date of the first dated document that
  mentions it to the last date of the graph, an edge on the date of each dated
  document that states it. Elements with no dated evidence carry no spell and
  Gephi shows them throughout. Without dates the graph is static.

networkx writes GEXF 1.1/1.2draft only (and its 1.3 header has a wrong XSI
namespace), so the file is built here with ElementTree. Namespace prefixes are
written as plain attributes rather than registered with
``ElementTree.register_namespace``, which changes a process-wide table.

``graph.graphml`` is the lossless network for analysis tools (networkx,
igraph, Cytoscape): one edge per statement, keyed by statement id, with typed
keys (``int``, ``double``, ``boolean``, ``string``) for every qualifier and
for the provenance of each statement (see :func:`kg.graph.network.to_networkx`);
the statement id is the edge id and, for readers that drop edge ids, also a
``statement_id`` attribute.

XML 1.0 cannot hold most control characters (a form feed in a scraped article
would make the file unreadable), so they are removed from ids and text first.
Both files are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx

from kg.export.layout import force_layout
from kg.export.palette import rgb, type_colour
from kg.graph.network import (
    NODE_ATTRIBUTE_TYPES,
    RELATION_ATTRIBUTE_TYPES,
    iter_nodes,
    relation_attributes,
    relations,
    to_networkx,
)
from kg.model import KnowledgeGraph

__all__ = [
    "write_gexf",
    "write_graphml",
    "gexf_tree",
    "document_dates",
    "node_size",
    "xml_safe",
    "GEXF_NAMESPACE",
    "VIZ_NAMESPACE",
]

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
GEXF_SCHEMA_LOCATION = f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd"
GEXF_VERSION = "1.3"
CREATOR = "kg"

# GEXF attribute type of each Python attribute type.
GEXF_TYPES = {str: "string", int: "integer", float: "double", bool: "boolean"}
# Node attributes written as <attvalue>s; the label is the node's own attribute.
NODE_ATTVALUES = tuple(name for name in NODE_ATTRIBUTE_TYPES if name != "label")

# Node size (Gephi draws it as the radius): BASE + PER_ROOT_MENTION × √mentions,
# so a node's area grows with its number of mentions: 0 → 5, 1 → 10, 4 → 15, 100 → 55.
NODE_SIZE_BASE = 5.0
NODE_SIZE_PER_ROOT_MENTION = 5.0

# Characters XML 1.0 does not allow: C0 controls except tab/newline/return,
# lone surrogates and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (``"a\\x0cb"`` → ``"ab"``)."""
    return _XML_ILLEGAL.sub("", text)


def node_size(mentions: int) -> float:
    """Size of a node with this many mentions (radius ∝ √mentions, plus a floor so none vanishes)."""
    return round(NODE_SIZE_BASE + NODE_SIZE_PER_ROOT_MENTION * math.sqrt(mentions), 2)


def document_dates(kg: KnowledgeGraph) -> dict[str, str]:
    """``{document id: "YYYY-MM-DD"}`` for the documents with a usable date.

    A date-time keeps its date (``"2019-07-12T08:30:00Z"`` → ``"2019-07-12"``);
    a date that is not ISO 8601 is ignored rather than guessed at.
    """
    dates = {}
    for document in kg.documents:
        if document.date:
            try:
                dates[document.id] = date.fromisoformat(document.date.strip()[:10]).isoformat()
            except ValueError:
                continue
    return dates


def _value(value: object) -> str:
    """An attribute value as GEXF text: booleans as ``true``/``false``, text made XML-safe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return xml_safe(value)
    return repr(value)


def _declare(graph: ET.Element, cls: str, attributes: Iterable[tuple[str, type]]) -> None:
    declared = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    for name, type_ in attributes:
        ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": GEXF_TYPES[type_]})


def _attvalues(element: ET.Element, data: dict[str, object], names: Iterable[str]) -> None:
    values = ET.SubElement(element, "attvalues")
    for name in names:
        ET.SubElement(values, "attvalue", {"for": name, "value": _value(data[name])})


def _spells(element: ET.Element, intervals: Iterable[tuple[str, str]]) -> None:
    spells = ET.SubElement(element, "spells")
    for start, end in intervals:
        ET.SubElement(spells, "spell", {"start": start, "end": end})


def gexf_tree(kg: KnowledgeGraph) -> ET.ElementTree:
    """The GEXF 1.3 document of ``kg`` (see the module docstring for what it holds)."""
    nodes = list(iter_nodes(kg))
    merged = relations(kg)
    dates = document_dates(kg)

    # First dated document of each node (its mentions and its statements), and the last date of all.
    first_seen: dict[str, str] = {}
    last_date = ""

    def seen(node: str, document: str) -> None:
        nonlocal last_date
        when = dates.get(document)
        if when:
            if node not in first_seen or when < first_seen[node]:
                first_seen[node] = when
            last_date = max(last_date, when)

    for entity in kg.entities:
        for mention in entity.mentions:
            seen(entity.id, mention.document)
    for statement in kg.statements:
        seen(statement.subject, statement.provenance.document)
        seen(statement.object, statement.provenance.document)
    dynamic = bool(first_seen)

    # Isolated nodes are gridded by type, then id, so each type's leftovers sit together.
    types = {node: data["type"] for node, data in nodes}
    positions = force_layout(
        sorted(types, key=lambda node: (types[node], node)),
        ((relation.subject, relation.object) for relation in merged),
    )

    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NAMESPACE,
            "xmlns:viz": VIZ_NAMESPACE,
            "xmlns:xsi": XSI_NAMESPACE,
            "xsi:schemaLocation": GEXF_SCHEMA_LOCATION,
            "version": GEXF_VERSION,
        },
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = CREATOR
    ET.SubElement(meta, "description").text = (
        f"{len(nodes)} entities, {len(merged)} relations from {len(kg.statements)} statements "
        f"in {len(kg.documents)} documents"
    )
    graph_attributes = {"defaultedgetype": "directed", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attributes |= {"timeformat": "date", "start": min(first_seen.values()), "end": last_date}
    graph = ET.SubElement(root, "graph", graph_attributes)
    _declare(graph, "node", ((name, NODE_ATTRIBUTE_TYPES[name]) for name in NODE_ATTVALUES))
    _declare(graph, "edge", RELATION_ATTRIBUTE_TYPES.items())

    node_elements = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for node, data in nodes:
        element = ET.SubElement(
            node_elements, "node", {"id": xml_safe(node), "label": xml_safe(data["label"])}
        )
        _attvalues(element, data, NODE_ATTVALUES)
        if node in first_seen:
            _spells(element, [(first_seen[node], last_date)])
        red, green, blue = rgb(type_colour(data["type"]))
        ET.SubElement(element, "viz:color", {"r": str(red), "g": str(green), "b": str(blue)})
        x, y = positions[node]
        ET.SubElement(element, "viz:position", {"x": repr(x), "y": repr(y), "z": "0.0"})
        ET.SubElement(element, "viz:size", {"value": repr(node_size(data["mentions"]))})

    edge_elements = ET.SubElement(graph, "edges", {"count": str(len(merged))})
    for relation in merged:
        element = ET.SubElement(
            edge_elements,
            "edge",
            {
                "id": relation.id,
                "source": xml_safe(relation.subject),
                "target": xml_safe(relation.object),
                "label": xml_safe(relation.label),
                "kind": relation.kind,
                "weight": repr(float(relation.weight)),
            },
        )
        _attvalues(element, relation_attributes(relation), RELATION_ATTRIBUTE_TYPES)
        documents = {s.provenance.document for s in relation.statements}
        days = sorted({dates[document] for document in documents if document in dates})
        if days:
            _spells(element, [(day, day) for day in days])

    tree = ET.ElementTree(root)
    ET.indent(tree, space="  ")
    return tree


def write_gexf(kg: KnowledgeGraph, path: Path) -> None:
    """Write ``kg`` as GEXF 1.3 for Gephi: merged relations, colours, sizes, positions, spells when dated."""
    text = ET.tostring(gexf_tree(kg).getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(text)
        stream.write("\n")


def _graphml_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """:func:`to_networkx` made ready for GraphML: XML-illegal characters removed from ids, keys
    and text, and the statement id copied into a ``statement_id`` attribute (igraph 1.0 reads the
    ``id`` of an edge wrongly, so the key alone would not survive there)."""
    source = to_networkx(kg)

    def clean(value: object) -> object:
        return xml_safe(value) if isinstance(value, str) else value

    graph = nx.MultiDiGraph(**{k: clean(v) for k, v in source.graph.items()})
    for node, data in source.nodes(data=True):
        graph.add_node(xml_safe(node), **{k: clean(v) for k, v in data.items()})
    for subject, object_, key, data in source.edges(keys=True, data=True):
        attributes = {k: clean(v) for k, v in data.items()} | {"statement_id": xml_safe(key)}
        graph.add_edge(xml_safe(subject), xml_safe(object_), key=xml_safe(key), **attributes)
    return graph


def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    """Write the per-statement multigraph as GraphML with typed keys; statement ids become edge ids."""
    nx.write_graphml(_graphml_graph(kg), path, encoding="utf-8")
