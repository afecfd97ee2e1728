"""Pictures of parts of a graph: selection and drawing (kg draw)."""

import subprocess
import sys

import pytest

from kg.draw import draw_to_file, load_exports, select
from kg.errors import ExportError, InputError
from kg.export import write_all


@pytest.fixture(scope="module")
def exports(small_kg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    write_all(small_kg, folder, ["entities.jsonl", "statements.jsonl"])
    return folder


def test_draw_exports_round_trip(small_kg, exports):
    graph = load_exports(exports)
    assert {e.id for e in graph.entities} == {e.id for e in small_kg.entities}
    assert {s.id for s in graph.statements} == {s.id for s in small_kg.statements}


def test_draw_neighbourhood_by_alias_and_hops(exports):
    graph = load_exports(exports)
    one = select(graph, entity="Noregur", hops=1)
    assert "country/norway" in {e.id for e in one.entities}
    assert all("country/norway" in (s.subject, s.object) for s in one.statements)
    zero = select(graph, entity="Norway", hops=0)
    assert [e.id for e in zero.entities] == ["country/norway"] and zero.statements == ()
    with pytest.raises(InputError, match="no entity named"):
        select(graph, entity="Atlantis")


def test_draw_filters_types_predicates_and_top(exports):
    graph = load_exports(exports)
    countries = select(graph, types=["Country"])
    assert {e.type for e in countries.entities} == {"Country"}
    buys = select(graph, predicates=["buy"])
    assert buys.statements and all("buy" in s.predicate.label for s in buys.statements)
    top = select(graph, top=2)
    assert len(top.entities) == 2


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_draw_writes_pictures(exports, tmp_path, suffix):
    path = draw_to_file(load_exports(exports), tmp_path / f"g{suffix}", title="test")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kg-tmp")]


def test_draw_rejects_unknown_format_and_empty_selection(exports, tmp_path):
    graph = load_exports(exports)
    with pytest.raises(ExportError, match="unknown picture type"):
        draw_to_file(graph, tmp_path / "g.gif")
    with pytest.raises(InputError, match="nothing to draw"):
        draw_to_file(select(graph, types=["Event"]), tmp_path / "g.png")


def test_draw_cli(exports, tmp_path):
    out = tmp_path / "n.png"
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "draw", str(exports), "-o", str(out), "--entity", "Norway", "--hops", "1"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "draw", str(tmp_path), "-o", str(out)], capture_output=True, text=True)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
