"""The persistent store: incremental builds, replacement of changed documents, queries."""

from pathlib import Path

import pytest

from kg.api import build_into_store
from kg.errors import StoreError
from kg.graph.store import is_store, open_read_only, open_store
from kg.query import run_query

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _count(store_path: Path, query: str) -> int:
    return int(run_query(store_path, query).rows[0][0].value)


STATEMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }"


def test_store_building_the_seed_twice_changes_nothing(tmp_path):
    store = tmp_path / "store"
    _, _, first = build_into_store([SEEDS], store)
    _, summary, second = build_into_store([SEEDS], store)
    assert is_store(store)
    assert (first.added, first.skipped) == (1, 0)
    assert (second.added, second.replaced, second.skipped) == (0, 0, 1)
    assert summary.documents == 0  # the unchanged article was not parsed again
    assert second.triples == first.triples


def test_store_changed_document_replaces_its_graph(tmp_path):
    article = tmp_path / "news" / "story.txt"
    article.parent.mkdir()
    article.write_text("Spain joined NATO in 1982. Portugal signed a treaty with Brazil.", encoding="utf-8")
    store = tmp_path / "store"
    build_into_store([article.parent], store)
    treaty = 'SELECT (COUNT(*) AS ?n) WHERE { ?s rdf:predicate ?p . ?p rdfs:label "sign treaty with" }'
    assert _count(store, treaty) == 1
    before = _count(store, STATEMENTS)
    article.write_text("Spain joined NATO in 1982.", encoding="utf-8")
    _, _, report = build_into_store([article.parent], store)
    assert report.replaced == 1
    alone = tmp_path / "alone"
    build_into_store([article.parent], alone)
    assert _count(store, STATEMENTS) == _count(alone, STATEMENTS) < before
    assert _count(store, treaty) == 0


def test_store_documents_added_incrementally_share_entities(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Spain joined NATO in 1982.", encoding="utf-8")
    second.write_text("Portugal joined NATO in 1949.", encoding="utf-8")
    store = tmp_path / "store"
    build_into_store([first], store)
    _, _, report = build_into_store([first, second], store)
    assert (report.added, report.skipped) == (1, 1)
    assert _count(store, 'SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e rdfs:label "NATO" }') == 1
    assert _count(store, STATEMENTS) == 2


def test_store_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no kg store"):
        open_read_only(tmp_path)


def test_store_named_queries_match_rdflib_on_the_seed(tmp_path):
    """Acceptance: every named query gives the same rows from rdflib and from the Oxigraph store."""
    from collections import Counter

    import rdflib

    from kg.graph.namespaces import PREFIXES
    from kg.query import named_queries

    store = tmp_path / "store"
    graph, _, _ = build_into_store([SEEDS], store)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=graph.to_rdflib().serialize(format="nquads"), format="nquads")
    ends = Counter(e for s in graph.statements for e in (s.subject, s.object)).most_common(2)
    first, second = (graph.entity(e).label for e, _ in ends)
    values = {"entity": first, "a": first, "b": second}
    answered = 0
    for query in named_queries().values():
        text = query.render({name: values[name] for name, _ in query.params})
        ours = sorted(tuple("" if t is None else t.value for t in row) for row in run_query(store, text).rows)
        theirs = sorted(tuple("" if t is None else str(t) for t in row) for row in dataset.query(text, initNs=PREFIXES))
        assert ours == theirs, query.name
        answered += bool(ours)
    assert answered >= 4


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "empty-folder"])
def test_store_a_failed_first_open_leaves_nothing_that_later_runs_refuse(tmp_path, monkeypatch, existing):
    # issue 17: a first open that failed half-way (disk full) left a folder every later run refused
    import kg.graph.store as store_module

    path = tmp_path / "store"
    if existing:
        path.mkdir()
    real = store_module.ox.Store

    def full_disk(where: str):
        (Path(where) / "000001.sst").write_bytes(b"partial")  # what RocksDB had written so far
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.ox, "Store", full_disk)
    with pytest.raises(StoreError, match="No space left"):
        open_store(path)
    assert path.exists() == existing and (not existing or not any(path.iterdir()))
    monkeypatch.setattr(store_module.ox, "Store", real)
    store = open_store(path)  # the next run opens it
    assert is_store(path) and len(store) == 0
