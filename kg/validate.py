"""Validate a kg graph against its SHACL shapes (``kg/data/shapes.ttl``) with pyshacl.

``kg validate SOURCE`` loads a store, an exports folder or an RDF file, merges
all its graphs into one (a statement's subject is described in the default
graph, its statement node in a document's graph) and reports every violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

__all__ = ["SHAPES_PATH", "ONTOLOGY_PATH", "Violation", "ValidationReport", "load_graph", "validate", "validate_source", "format_validation"]

SHAPES_PATH = Path(__file__).parent / "data" / "shapes.ttl"
ONTOLOGY_PATH = Path(__file__).parent / "data" / "ontology.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path and pyshacl's message."""

    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of validating one graph: how many triples were checked and what failed."""

    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations


def load_graph(source: str | Path) -> Graph:
    """All triples of ``source`` (store folder, exports folder or RDF file) merged into one rdflib graph."""
    import pyoxigraph as ox

    from .query import load_store

    store = load_store(Path(source))
    # Quads → triples: the merged graph forgets which document graph each came from.
    triples = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}
    nt = ox.serialize((ox.Triple(*t) for t in triples), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=nt, format="nt")
    return graph


def validate_source(source: str | Path) -> ValidationReport:
    """Check a store folder, exports folder or RDF file against kg's shapes, as ``kg validate`` does."""
    return validate(load_graph(source))


def validate(graph: Graph) -> ValidationReport:
    """Check ``graph`` against kg's shapes; every violation is returned, none is fatal."""
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    _, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none", abort_on_first=False)
    violations = []
    for result in results.subjects(URIRef(str(SH.resultSeverity)), None):
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or ""),
            )
        )
    return ValidationReport(len(graph), tuple(sorted(violations, key=lambda v: (v.focus, v.path, v.message))))


def format_validation(report: ValidationReport) -> str:
    """One line per violation, then a summary line."""
    lines = [f"{v.focus}  {v.path}  {v.message}" for v in report.violations]
    verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
    lines.append(f"{report.triples} triples checked against {SHAPES_PATH.name}: {verdict}")
    return "\n".join(lines)

