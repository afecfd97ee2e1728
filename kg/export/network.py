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
namespace), so the file is written here, streamed line by line as ElementTree would
indent it (a corpus's GEXF is never held as a tree of elements).

``graph.graphml`` is the lossless network for analysis tools (networkx,
igraph, Cytoscape), valid against the GraphML 1.0 schema: one node per entity,
its id the kg id with ``/`` written ``:`` (an XML NMTOKEN, as the schema
requires; ``country:norway``) and the kg id itself in ``kg_id``; one edge per
statement, keyed by statement id, with typed
keys (``int``, ``double``, ``boolean``, ``string``) for every qualifier and
for the provenance of each statement (the edges of :func:`kg.graph.network.to_networkx`);
the statement id is the edge id and, for readers that drop edge ids, also a
``statement_id`` attribute.

XML 1.0 cannot hold most control characters (a form feed in a scraped article
would make the file unreadable), so they are removed from ids and text first.
Both files are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.export.layout import force_layout
from kg.export.palette import rgb, type_colour
from kg.graph.network import (
    EDGE_ATTRIBUTE_TYPES,
    NODE_ATTRIBUTE_TYPES,
    RELATION_ATTRIBUTE_TYPES,
    edge_attributes,
    iter_nodes,
    relation_attributes,
    relations,
)
from kg.model import KnowledgeGraph

__all__ = [
    "write_gexf",
    "write_graphml",
    "gexf_lines",
    "graphml_lines",
    "graphml_node_ids",
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
    """An attribute value as GEXF/GraphML text, not yet escaped: booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return repr(value)


# XML escaping of attribute values and of text, as ElementTree writes them.
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What an attribute value or a text cannot hold as it is: markup, and characters XML forbids.
_NEEDS_ESCAPE = re.compile(f'[&<>"\r\n\t{_XML_ILLEGAL.pattern[1:-1]}]')
_TEXT_SPECIAL = re.compile(f"[&<>{_XML_ILLEGAL.pattern[1:-1]}]")
_INDENT = "  "


def _attribute(value: str) -> str:
    """``value`` escaped for a double-quoted attribute, XML-illegal characters removed (most
    values need neither: checked first)."""
    return xml_safe(value).translate(_ATTRIBUTE_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def _tag(depth: int, name: str, attributes: dict[str, str], close: bool = False) -> str:
    """One indented start tag (``close``: an empty element) on its own line."""
    pairs = "".join([f' {key}="{_attribute(value)}"' for key, value in attributes.items()])
    return f"{_INDENT * depth}<{name}{pairs}{' /' if close else ''}>\n"


def _empty(depth: int, name: str, attributes: dict[str, str]) -> str:
    return _tag(depth, name, attributes, close=True)


def _end(depth: int, name: str) -> str:
    return f"{_INDENT * depth}</{name}>\n"


def _text(depth: int, name: str, text: str) -> str:
    return f"{_INDENT * depth}<{name}>{text.translate(_TEXT_ESCAPES)}</{name}>\n"


def _group(depth: int, name: str, attributes: dict[str, str], children: list[str]) -> Iterator[str]:
    """An element holding the lines ``children`` (already indented one level deeper), or empty."""
    if not children:
        yield _empty(depth, name, attributes)
        return
    yield _tag(depth, name, attributes)
    yield from children
    yield _end(depth, name)


def _declare(depth: int, cls: str, attributes: Iterable[tuple[str, type]]) -> Iterator[str]:
    declared = [_empty(depth + 1, "attribute", {"id": n, "title": n, "type": GEXF_TYPES[t]}) for n, t in attributes]
    return _group(depth, "attributes", {"class": cls, "mode": "static"}, declared)


def _attvalues(depth: int, data: dict[str, object], names: Iterable[str]) -> Iterator[str]:
    indent = _INDENT * (depth + 1)  # attribute names are ours, plain words: only the value is escaped
    values = [f'{indent}<attvalue for="{name}" value="{_attribute(_value(data[name]))}" />\n' for name in names]
    return _group(depth, "attvalues", {}, values)


def _spells(depth: int, intervals: Iterable[tuple[str, str]]) -> Iterator[str]:
    indent = _INDENT * (depth + 1)  # ISO dates: nothing to escape
    spells = [f'{indent}<spell start="{start}" end="{end}" />\n' for start, end in intervals]
    return _group(depth, "spells", {}, spells)


def gexf_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """The GEXF 1.3 document of ``kg`` (see the module docstring for what it holds), line by line,
    indented two spaces a level as ElementTree would write it; streamed, so a corpus's file is
    never held as a tree of elements."""
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

    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield _tag(0, "gexf", {
        "xmlns": GEXF_NAMESPACE,
        "xmlns:viz": VIZ_NAMESPACE,
        "xmlns:xsi": XSI_NAMESPACE,
        "xsi:schemaLocation": GEXF_SCHEMA_LOCATION,
        "version": GEXF_VERSION,
    })
    yield _tag(1, "meta", {})
    yield _text(2, "creator", CREATOR)
    yield _text(2, "description", (
        f"{len(nodes)} entities, {len(merged)} relations from {len(kg.statements)} statements "
        f"in {len(kg.documents)} documents"
    ))
    yield _end(1, "meta")
    graph_attributes = {"defaultedgetype": "directed", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attributes |= {"timeformat": "date", "start": min(first_seen.values()), "end": last_date}
    yield _tag(1, "graph", graph_attributes)
    yield from _declare(2, "node", ((name, NODE_ATTRIBUTE_TYPES[name]) for name in NODE_ATTVALUES))
    yield from _declare(2, "edge", RELATION_ATTRIBUTE_TYPES.items())

    if not nodes:
        yield _empty(2, "nodes", {"count": "0"})
    else:
        yield _tag(2, "nodes", {"count": str(len(nodes))})
    for node, data in nodes:
        yield _tag(3, "node", {"id": xml_safe(node), "label": xml_safe(data["label"])})
        yield from _attvalues(4, data, NODE_ATTVALUES)
        if node in first_seen:
            yield from _spells(4, [(first_seen[node], last_date)])
        red, green, blue = rgb(type_colour(data["type"]))
        yield _empty(4, "viz:color", {"r": str(red), "g": str(green), "b": str(blue)})
        x, y = positions[node]
        yield _empty(4, "viz:position", {"x": repr(x), "y": repr(y), "z": "0.0"})
        yield _empty(4, "viz:size", {"value": repr(node_size(data["mentions"]))})
        yield _end(3, "node")
    if nodes:
        yield _end(2, "nodes")

    if not merged:
        yield _empty(2, "edges", {"count": "0"})
    else:
        yield _tag(2, "edges", {"count": str(len(merged))})
    for relation in merged:
        edge = {
            "id": relation.id,
            "source": xml_safe(relation.subject),
            "target": xml_safe(relation.object),
            "label": xml_safe(relation.label),
            "kind": relation.kind,
            "weight": repr(float(relation.weight)),
        }
        documents = {s.provenance.document for s in relation.statements}
        days = sorted({dates[document] for document in documents if document in dates})
        yield _tag(3, "edge", edge)
        yield from _attvalues(4, relation_attributes(relation), RELATION_ATTRIBUTE_TYPES)
        if days:
            yield from _spells(4, [(day, day) for day in days])
        yield _end(3, "edge")
    if merged:
        yield _end(2, "edges")
    yield _end(1, "graph")
    yield "</gexf>\n"


def write_gexf(kg: KnowledgeGraph, path: Path) -> None:
    """Write ``kg`` as GEXF 1.3 for Gephi: merged relations, colours, sizes, positions, spells when dated."""
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(gexf_lines(kg))


GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA_LOCATION = f"{GRAPHML_NAMESPACE} {GRAPHML_NAMESPACE}/1.0/graphml.xsd"
# GraphML attribute type of each Python attribute type (``long`` for int, as networkx writes it).
GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# Edge attributes, in the order written: a statement's, and its id again for readers that
# drop edge ids (igraph 1.0 reads the ``id`` of an edge wrongly).
GRAPHML_EDGE_TYPES: dict[str, type] = {**EDGE_ATTRIBUTE_TYPES, "statement_id": str}
# Node attributes: the entity's kg id (the GraphML id must be an XML NMTOKEN, which "/" is not), then the rest.
GRAPHML_NODE_TYPES: dict[str, type] = {"kg_id": str, **NODE_ATTRIBUTE_TYPES}

# An XML NMTOKEN: one or more name characters (XML 1.0, fifth edition).
_NMTOKEN = re.compile(
    "[-.0-9:A-Z_a-z\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d"
    "\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff]+"
)


def graphml_node_ids(nodes: Iterable[str]) -> dict[str, str]:
    """kg id -> GraphML node id: the kg id with ``/`` written ``:`` (``country:norway``), which is a
    valid NMTOKEN for every kg id; ``n<position>`` for any other id that is not, or that would clash."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for position, node in enumerate(nodes):
        candidate = xml_safe(node).replace("/", ":")
        if not _NMTOKEN.fullmatch(candidate) or candidate in taken:
            candidate = f"n{position}"
            while candidate in taken:
                candidate += "_"
        ids[node] = candidate
        taken.add(candidate)
    return ids


def _text_value(value: object) -> str:
    """An attribute value as XML text, escaped, XML-illegal characters removed (checked first)."""
    text = _value(value)
    return xml_safe(text).translate(_TEXT_ESCAPES) if _TEXT_SPECIAL.search(text) else text


def _data_lines(depth: int, keys: dict[str, str], data: dict[str, object]) -> str:
    """The ``<data>`` elements of one element, in ``keys``' order (``keys``: attribute name -> key id)."""
    indent = _INDENT * depth
    return "".join([f'{indent}<data key="{key}">{_text_value(data[name])}</data>\n' for name, key in keys.items()])


def graphml_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """The GraphML document of ``kg``: one node per entity (its id made a valid NMTOKEN by
    :func:`graphml_node_ids`, the kg id kept as ``kg_id``), one edge per statement keyed by its id,
    typed keys for every attribute; XML-illegal characters removed from text. Streamed line by
    line, so a corpus's file is never held as a graph or a tree of elements."""
    keys: dict[tuple[str, str], str] = {}
    declared = [("graph", "base", str)]
    declared += [("node", name, type_) for name, type_ in GRAPHML_NODE_TYPES.items()]
    declared += [("edge", name, type_) for name, type_ in GRAPHML_EDGE_TYPES.items()]
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield (
        f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
        f'xsi:schemaLocation="{GRAPHML_SCHEMA_LOCATION}">\n'
    )
    for scope, name, type_ in declared:
        key = keys[scope, name] = f"d{len(keys)}"
        yield _empty(1, "key", {"id": key, "for": scope, "attr.name": name, "attr.type": GRAPHML_TYPES[type_]})
    node_keys = {name: keys["node", name] for name in GRAPHML_NODE_TYPES}
    edge_keys = {name: keys["edge", name] for name in GRAPHML_EDGE_TYPES}
    yield _tag(1, "graph", {"edgedefault": "directed"})
    yield _data_lines(2, {"base": keys["graph", "base"]}, {"base": kg.base})
    nodes = list(iter_nodes(kg))
    node_ids = graphml_node_ids(node for node, _data in nodes)
    for node, data in nodes:
        data = {"kg_id": node} | data
        yield _tag(2, "node", {"id": node_ids[node]}) + _data_lines(3, node_keys, data) + _end(2, "node")
    # by subject, then in reading order, as networkx lists a multigraph's edges node by node
    for statement in sorted(kg.statements, key=lambda s: s.subject):
        data = edge_attributes(statement) | {"statement_id": statement.id}
        ids = {"id": xml_safe(statement.id), "source": node_ids[statement.subject], "target": node_ids[statement.object]}
        yield _tag(2, "edge", ids) + _data_lines(3, edge_keys, data) + _end(2, "edge")
    yield _end(1, "graph")
    yield "</graphml>\n"


def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    """Write the per-statement multigraph as GraphML with typed keys; statement ids become edge ids."""
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(graphml_lines(kg))
