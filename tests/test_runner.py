"""Corpus builds: -j N worker processes, Dask, streaming into a store, resuming, determinism."""

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api import build_documents, build_into_store, timed_build
from kg.graph.rdf import oxigraph_quads
from kg.model import Document
from kg.runner import CHUNK_SIZE, run_processes

ARTICLES = {
    "a.txt": "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday.",
    "b.txt": "Spain joined NATO in 1982. Portugal joined NATO in 1949.",
    "c.txt": "Microsoft bought LinkedIn in 2016. The company did not buy Slack.",
    "d.txt": "Japan signed a trade agreement with Australia. Tokyo said it would not sign a deal with China.",
    "e.txt": "Emmanuel Macron later called Olaf Scholz about energy prices.",
    "f.txt": "Brazil and Argentina agreed to build a gas pipeline, officials said.",
}


def _documents() -> list[Document]:
    return [Document(name, text) for name, text in ARTICLES.items()]


def _write(folder: Path) -> Path:
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _store_quads(path: Path) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    return set(store.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def single():
    return build_documents(_documents())


def test_runner_two_processes_give_the_same_graph(single):
    parallel = build_documents(_documents(), jobs=2)
    assert parallel.statements == single.statements and single.statements
    assert parallel.entities == single.entities
    assert set(oxigraph_quads(parallel)) == set(oxigraph_quads(single))


def test_runner_document_order_does_not_change_the_graph(single):
    backward = build_documents(list(reversed(_documents())), jobs=2)
    assert backward.statements == single.statements
    assert backward.entities == single.entities
    assert backward.documents == single.documents


def test_runner_processes_keep_input_order_across_chunks():
    documents = [Document(f"{n:03}.txt", f"Spain joined NATO in {1900 + n}.") for n in range(2 * CHUNK_SIZE + 3)]
    results = list(run_processes(documents, jobs=2))
    assert [r.document.id for r in results] == [d.id for d in documents]
    assert all(r.words > 0 for r in results)


def test_runner_dask_local_cluster_gives_the_same_graph(single):
    on_dask = build_documents(_documents(), dask="local", jobs=2)
    assert on_dask.statements == single.statements
    assert on_dask.entities == single.entities


def test_runner_store_built_in_batches_equals_the_one_shot_dataset(tmp_path, single):
    folder = _write(tmp_path / "articles")
    store = tmp_path / "store"
    graph, summary, report = build_into_store([folder], store, commit_every=2, jobs=2)
    assert (report.added, summary.documents) == (len(ARTICLES), len(ARTICLES))
    expected = set(oxigraph_quads(graph))
    assert _store_quads(store) == expected


class Interrupted(Exception):
    pass


def test_runner_interrupted_build_resumes_where_it_stopped(tmp_path):
    folder = _write(tmp_path / "articles")
    store = tmp_path / "store"
    seen: list[str] = []

    def stop_after_three(result) -> None:
        seen.append(result.document.id)
        if len(seen) == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        build_into_store([folder], store, commit_every=2, on_result=stop_after_three)
    # the first batch of two was committed; the third document was not
    resumed: list[str] = []
    graph, summary, report = build_into_store([folder], store, commit_every=2, on_result=lambda r: resumed.append(r.document.id))
    assert report.skipped == 2 and summary.documents == len(ARTICLES) - 2
    assert not set(resumed) & set(seen[:2])
    assert set(resumed) | set(seen[:2]) == set(ARTICLES)

    uninterrupted = tmp_path / "uninterrupted"
    build_into_store([folder], uninterrupted)
    assert _store_quads(store) == _store_quads(uninterrupted)


def test_runner_rejects_zero_jobs():
    from kg.errors import InputError

    with pytest.raises(InputError):
        list(run_processes(_documents(), jobs=0))


def test_runner_timed_build_reports_each_document_and_the_export_phase(tmp_path):
    folder = _write(tmp_path / "articles")
    events: list[str] = []
    timed_build(
        [folder],
        tmp_path / "out",
        jobs=2,
        on_start=lambda documents, chars: events.append(f"start {documents}"),
        on_result=lambda result: events.append("document"),
        on_export=lambda: events.append("export"),
    )
    assert events == [f"start {len(ARTICLES)}", *["document"] * len(ARTICLES), "export"]
    assert (tmp_path / "out" / "graph.trig").is_file()


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_runner_cli_builds_with_two_jobs_and_reports_words_per_second(tmp_path):
    folder = _write(tmp_path / "articles")
    done = _kg("build", str(folder), "-o", str(tmp_path / "out"), "-j", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "words/s" in done.stderr and f"built {len(ARTICLES)} document(s)" in done.stderr


def test_runner_cli_unreachable_dask_scheduler_is_one_clear_line(tmp_path):
    folder = _write(tmp_path / "articles")
    done = _kg("build", str(folder), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "Dask scheduler" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
