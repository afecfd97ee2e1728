"""Network exports through networkx's writers: GEXF (Gephi) and GraphML.

Both are written from :func:`kg.graph.network.to_networkx`, whose attributes are
all scalars; in GEXF the statement id is also the edge id. XML 1.0 cannot hold
most control characters (a form feed in a scraped article would make the file
unreadable), so they are removed from ids and text attributes first.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from kg.graph.network import to_networkx
from kg.model import KnowledgeGraph

__all__ = ["write_gexf", "write_graphml", "xml_safe"]

# Characters XML 1.0 does not allow: C0 controls except tab/newline/return,
# lone surrogates and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (``"a\\x0cb"`` → ``"ab"``)."""
    return _XML_ILLEGAL.sub("", text)


def _xml_safe_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """:func:`to_networkx` with XML-illegal characters removed from ids, keys and text attributes."""
    source = to_networkx(kg)

    def clean(value: object) -> object:
        return xml_safe(value) if isinstance(value, str) else value

    graph = nx.MultiDiGraph(**{k: clean(v) for k, v in source.graph.items()})
    for node, data in source.nodes(data=True):
        graph.add_node(xml_safe(node), **{k: clean(v) for k, v in data.items()})
    for subject, object_, key, data in source.edges(keys=True, data=True):
        graph.add_edge(
            xml_safe(subject), xml_safe(object_), key=xml_safe(key), **{k: clean(v) for k, v in data.items()}
        )
    return graph


def write_gexf(kg: KnowledgeGraph, path: Path) -> None:
    """Write the multigraph as GEXF 1.2, edge ids = statement ids."""
    graph = _xml_safe_graph(kg)
    for _source, _target, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    nx.write_gexf(graph, path, encoding="utf-8", version="1.2draft")


def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    """Write the multigraph as GraphML; statement ids become edge ids."""
    nx.write_graphml(_xml_safe_graph(kg), path, encoding="utf-8")
