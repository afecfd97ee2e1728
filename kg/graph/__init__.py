"""Graph assembly: statements → RDF (:mod:`kg.graph.rdf`) and networkx (:mod:`kg.graph.network`).

The submodules are imported on use, so importing :mod:`kg.graph` loads neither
rdflib nor networkx.
"""

__all__: list[str] = []
