"""Shared fixtures.

* ``small_kg``: small hand-made records that do not depend on any spaCy model
  (graph, export and query tests);
* ``nlp``, ``build_text``, ``extract``: the default pipeline, loaded once per
  session, and helpers that run the whole extraction on a short text;
* ``browser``: Debian's Chromium under Playwright (the page and endpoint tests).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The gazetteer caches its city index in the user's cache folder; the suite (and the commands it
# runs) keeps its own, so it neither reads nor leaves files in the home folder.
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")

from kg.api import build_documents
from kg.model import (
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Predicate,
    Provenance,
    Statement,
    entity_id,
    statement_id,
)

EXTRACTOR = "kg.test"
EXTRACTOR_VERSION = "0.0"

DOC_DEAL = Document(
    id="rbs70-deal.txt",
    text=(
        "Norway bought the RBS70 from Sweden. "
        "Noregur did not withdraw from NATO. "
        "Norway tested the RBS70."
    ),
    source="seeds/rbs70-deal.txt",
    title="Norway buys RBS70",
    date="2019-07-12",
)
DOC_STOCKHOLM = Document(
    id="stockholm.txt",
    text='Sweden may deliver more RBS70s, Borge said. Borge criticised NATO, "officials" said.',
)


def _statement(
    document: Document,
    sentence: str,
    subject: str,
    predicate: str,
    object_: str,
    **qualifiers,
) -> Statement:
    start = document.text.index(sentence)
    pred = Predicate.from_label(predicate)
    negated = qualifiers.get("negated", False)
    return Statement(
        id=statement_id(document.id, start, subject, pred.id, object_, negated),
        subject=subject,
        predicate=pred,
        object=object_,
        provenance=Provenance(
            document=document.id,
            sentence=sentence,
            start=start,
            end=start + len(sentence),
            extractor=EXTRACTOR,
            extractor_version=EXTRACTOR_VERSION,
        ),
        **qualifiers,
    )


def _entity(label: str, type_: str, *aliases: str, mentions: tuple[Mention, ...] = ()) -> Entity:
    return Entity(entity_id(label, type_), label, type_, aliases, mentions)


def make_small_kg() -> KnowledgeGraph:
    """Two documents, five entities, five statements.

    One statement is negated, one hedged, two attributed (to an entity, to free
    text), and two link the same pair (Norway → RBS70) so graphs have parallel edges.
    """
    norway = _entity(
        "Norway",
        "Country",
        "Norway",
        "Noregur",
        mentions=(
            Mention("Norway", 0, 6, 0, "GPE", DOC_DEAL.id),
            Mention("Noregur", 37, 44, 1, "GPE", DOC_DEAL.id, rule="alias"),
        ),
    )
    sweden = _entity("Sweden", "Country", mentions=(Mention("Sweden", 29, 35, 0, "GPE", DOC_DEAL.id),))
    borge = _entity(
        "Karin Borge",
        "Person",
        "Borge",
        "Karin Elisabet Borge",
        mentions=(Mention("Borge", 32, 37, 0, "PERSON", DOC_STOCKHOLM.id),),
    )
    rbs70 = _entity("RBS70", "Product", "RBS70s")
    nato = _entity("NATO", "Organization", "North Atlantic Treaty Organization")

    bought = "Norway bought the RBS70 from Sweden."
    withdrew = "Noregur did not withdraw from NATO."
    tested = "Norway tested the RBS70."
    deliver = "Sweden may deliver more RBS70s, Borge said."
    criticised = 'Borge criticised NATO, "officials" said.'
    statements = (
        _statement(DOC_DEAL, bought, norway.id, "buy", rbs70.id, confidence=0.9),
        _statement(DOC_DEAL, withdrew, norway.id, "withdraw from", nato.id, negated=True),
        _statement(DOC_DEAL, tested, norway.id, "test", rbs70.id),
        _statement(
            DOC_STOCKHOLM,
            deliver,
            sweden.id,
            "deliver",
            rbs70.id,
            modality="may",
            attributed_to=borge.id,
            confidence=0.75,
        ),
        _statement(
            DOC_STOCKHOLM, criticised, borge.id, "criticise", nato.id, attributed_to="officials"
        ),
    )
    return KnowledgeGraph(
        documents=(DOC_DEAL, DOC_STOCKHOLM),
        entities=(norway, sweden, borge, rbs70, nato),
        statements=statements,
    )


def with_hedged_twin(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` plus a second, hedged copy of its first statement read in "stockholm.txt"
    (so the same relation is supported twice, in two documents)."""
    from dataclasses import replace

    bought = kg.statements[0]
    again = replace(
        bought,
        id="s-bought-again",
        modality="may",
        confidence=0.5,
        provenance=replace(bought.provenance, document="stockholm.txt", start=0),
    )
    return replace(kg, statements=(*kg.statements, again))


@pytest.fixture(scope="session")
def small_kg() -> KnowledgeGraph:
    """:func:`make_small_kg`; immutable, so one instance serves the whole session."""
    return make_small_kg()


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once for the whole session."""
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def build_text(nlp):
    """Build a one-document graph from a text: ``build_text("Spain joined NATO.")``."""

    def build(text: str, doc_id: str = "test.txt") -> KnowledgeGraph:
        return build_documents([Document(doc_id, text)])

    return build


@pytest.fixture(scope="session")
def extract(build_text):
    """Statements of a text as (subject label, predicate, object label, negated, modality) tuples."""

    def run(text: str) -> set[tuple]:
        graph = build_text(text)
        return {
            (
                graph.entity(s.subject).label,
                s.predicate.label,
                graph.entity(s.object).label,
                s.negated,
                s.modality,
            )
            for s in graph.statements
        }

    return run


# --- a browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that would reach out to the network or ask for a sandbox we lack.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, once for the module; fails when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
