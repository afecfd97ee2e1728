"""Our RDF vocabulary, declared once, and the IRIs of the things we describe.

Standard vocabularies come first: entity classes are schema.org classes, names
are ``rdfs:label``/``skos:altLabel``, provenance is PROV, documents are described
with Dublin Core terms. Only what no standard vocabulary says about a statement
(negation, modality, character offsets, extractor) lives in :class:`KG`.

The vocabulary namespace is fixed; the IRIs of entities, relations, statements
and documents hang under the graph's configurable ``base`` and are made by the
``*_iri`` functions below, so every module mints them the same way::

    >>> entity_iri("https://kg.example.org/", "person/emmanuel-macron")
    rdflib.term.URIRef('https://kg.example.org/entity/person/emmanuel-macron')
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace


__all__ = [
    "KG",
    "KG_NAMESPACE",
    "SDO",
    "SKOS",
    "RDF",
    "RDFS",
    "PROV",
    "DCTERMS",
    "XSD",
    "PREFIXES",
    "OWL",
    "entity_iri",
    "predicate_iri",
    "statement_iri",
    "document_iri",
    "relation_namespace",
]

# Namespace of our own terms; independent of any graph's base so that queries
# written against one build work against every other.
KG_NAMESPACE = "https://kg.example.org/ontology#"

# Path segments under a graph's base, one per kind of thing.
ENTITY_SEGMENT = "entity/"
RELATION_SEGMENT = "relation/"
STATEMENT_SEGMENT = "statement/"
DOCUMENT_SEGMENT = "document/"

# Characters left as they are when an id becomes part of an IRI; ids made by
# kg.model only use these, anything else (spaces, quotes, ...) is %-escaped so
# that hand-made ids still give valid IRIs.
_IRI_SAFE = "/-._~:@!$&'()*+,;="


class KG(DefinedNamespace):
    """Terms of the kg vocabulary: statement qualifiers and provenance details.

    ``kg:negated``       the sentence denies the relation ("Germany did not buy ...")
    ``kg:modality``      the hedge that qualifies it ("may", "plans to", ...)
    ``kg:condition``     the clause it depends on ("if it goes ahead with the purchase")
    ``kg:eventTime``     the date phrase of the event as written ("last week", "on April 8")
    ``kg:attributedTo``  who says so: an entity IRI or, when unresolved, a literal
    ``kg:confidence``    extractor confidence in [0, 1] (xsd:decimal)
    ``kg:rule``          name of the extraction rule that read the statement ("verb-object")
    ``kg:sentence``      text of the sentence the statement was read from
    ``kg:startChar``/``kg:endChar``  character span of that sentence in the document
    ``kg:extractor``/``kg:extractorVersion``  what produced the statement
    ``kg:document``      id of the source document as given to kg (a literal)
    ``kg:contentHash``   SHA-256 of a document's text (unchanged documents are skipped in a store)
    ``kg:Document``      class of input articles
    """

    _NS = Namespace(KG_NAMESPACE)
    _fail = True

    Document: URIRef
    negated: URIRef
    modality: URIRef
    condition: URIRef
    eventTime: URIRef
    attributedTo: URIRef
    confidence: URIRef
    rule: URIRef
    sentence: URIRef
    startChar: URIRef
    endChar: URIRef
    extractor: URIRef
    extractorVersion: URIRef
    document: URIRef
    contentHash: URIRef


# Prefixes bound in every serialization (and used to shorten IRIs in tables).
PREFIXES: dict[str, str] = {
    "kg": KG_NAMESPACE,
    "schema": str(SDO),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


@lru_cache(maxsize=1 << 16)  # an entity's IRI is asked for in every statement naming it
def _under(base: str, segment: str, local: str) -> URIRef:
    return URIRef(base + segment + quote(local, safe=_IRI_SAFE))


def entity_iri(base: str, entity_id: str) -> URIRef:
    """IRI of an entity: ``base + "entity/" + id`` (the id already holds the type)."""
    return _under(base, ENTITY_SEGMENT, entity_id)


def predicate_iri(base: str, predicate_id: str) -> URIRef:
    """IRI of a relation type: ``base + "relation/" + id`` (``.../relation/withdraw-from``)."""
    return _under(base, RELATION_SEGMENT, predicate_id)


def statement_iri(base: str, statement_id: str) -> URIRef:
    """IRI of a statement's ``rdf:Statement`` node: ``base + "statement/" + id``."""
    return _under(base, STATEMENT_SEGMENT, statement_id)


def document_iri(base: str, document_id: str) -> URIRef:
    """IRI of a source document, also the name of its TriG graph: ``base + "document/" + id``.

    Document ids are file names ("news/a b.txt"); they are percent-escaped
    (``.../document/news/a%20b.txt``), not slugified, so two different names
    never share one IRI.
    """
    return _under(base, DOCUMENT_SEGMENT, document_id)


def relation_namespace(base: str) -> Namespace:
    """Namespace of the relation IRIs under ``base``, bound as prefix ``rel:`` in output files."""
    return Namespace(base + RELATION_SEGMENT)
