"""Tests for kg.export.painter: the pictures drawn by a helper process beside the build."""

from __future__ import annotations

import errno

import pytest

from kg.errors import ExportError
from kg.export import WRITERS, write_all
from kg.export import painter as painter_module
from kg.export.painter import PICTURE_NAMES, Painter


@pytest.fixture
def painter():
    started = Painter.start()
    if started is None:
        pytest.fail("no helper process on this machine: the painter needs Linux and two cores")
    yield started
    started.close()


def _pictures(folder):
    return {name: (folder / name).read_bytes() for name in PICTURE_NAMES}


def test_painter_draws_the_same_bytes_as_the_parent(small_kg, tmp_path, painter, monkeypatch):
    write_all(small_kg, tmp_path / "here")

    def not_here(kg, path):
        raise AssertionError("the parent drew a picture")

    for name in PICTURE_NAMES:  # the helper, forked before, keeps the real writers
        monkeypatch.setitem(WRITERS, name, not_here)
    write_all(small_kg, tmp_path / "beside", painter=painter)
    assert _pictures(tmp_path / "beside") == _pictures(tmp_path / "here")


def test_painter_that_died_leaves_the_pictures_to_the_parent(small_kg, tmp_path, painter):
    painter._process.kill()
    painter._process.join()
    write_all(small_kg, tmp_path / "out", painter=painter)
    write_all(small_kg, tmp_path / "here")
    assert _pictures(tmp_path / "out") == _pictures(tmp_path / "here")


def test_painter_error_is_a_one_line_export_error_and_nothing_is_written(small_kg, tmp_path, monkeypatch):
    def full_disk(kg, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    import kg.export.diagram as diagram

    monkeypatch.setattr(diagram, "write_svg", full_disk)  # before the fork: the helper has it too
    with Painter.start() as painter:
        with pytest.raises(ExportError, match=r"cannot write .*graph\.svg: No space left on device$"):
            write_all(small_kg, tmp_path / "out", painter=painter)
        assert not (tmp_path / "out").exists()
        assert [p.name for p in tmp_path.iterdir()] == []
    assert not painter._process.is_alive()


def test_painter_is_stopped_when_another_file_fails(small_kg, tmp_path, monkeypatch):
    import kg.export.tables as tables

    def broken(kg, path):
        raise ValueError("a bug in another writer")

    monkeypatch.setattr(tables, "write_nodes_csv", broken)
    painter = Painter.start()
    with pytest.raises(ValueError, match="a bug"):
        write_all(small_kg, tmp_path / "out", painter=painter)
    assert not painter._process.is_alive()  # stopped before the staging folder was removed
    assert [p.name for p in tmp_path.iterdir()] == []
    painter.close()


def test_painter_is_not_started_where_it_cannot_help(monkeypatch):
    monkeypatch.setattr(painter_module, "_cores", lambda: 1)
    assert Painter.start() is None
    monkeypatch.setattr(painter_module.sys, "platform", "darwin")
    monkeypatch.setattr(painter_module, "_cores", lambda: 8)
    assert Painter.start() is None


def test_painter_is_not_handed_a_big_graph(small_kg, monkeypatch, painter, tmp_path):
    monkeypatch.setattr(painter_module, "MAX_STATEMENTS", len(small_kg.statements) - 1)
    assert painter.submit(small_kg, [("graph.png", tmp_path / "graph.png")]) == []


def test_build_draws_its_pictures_beside_and_leaves_no_helper_behind(tmp_path):
    import multiprocessing

    from kg.api import timed_build

    article = tmp_path / "article.txt"
    article.write_text("Acme bought Globex in 2020. Globex sued Initech in Northdale.", encoding="utf-8")
    graph, _summary = timed_build([article], tmp_path / "out")
    assert graph.statements
    assert (tmp_path / "out" / "graph.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / "out" / "graph.svg").read_text(encoding="utf-8")
    assert multiprocessing.active_children() == []


def test_painter_gets_a_graph_that_was_queried(small_kg, tmp_path, painter):
    # querying keeps an Oxigraph store on the graph, which cannot be copied to the helper
    from dataclasses import replace

    graph = replace(small_kg)
    assert graph.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").rows
    assert sorted(painter.submit(graph, [(name, tmp_path / name) for name in PICTURE_NAMES])) == sorted(PICTURE_NAMES)
    assert painter.wait() == []
    assert (tmp_path / "graph.png").read_bytes().startswith(b"\x89PNG")
