"""Surviving bad input and crashes: skipped files, odd names, huge sentences, SIGKILL mid-build."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api import build_documents
from kg.errors import InputError
from kg.model import Document
from kg.sources import read_sources

COUNTRIES = ["Spain", "Portugal", "France", "Germany", "Italy", "Poland", "Greece", "Norway", "Sweden", "Denmark"]


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n + 3) % len(COUNTRIES)]
        (folder / f"{n:03}.txt").write_text(f"{a} signed a trade agreement with {b} in {1950 + n}.", encoding="utf-8")
    return folder


def _quads(store: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(store)).quads_for_pattern(None, None, None, None))


def _chain(top: Path, names: list[bytes], text: bytes) -> None:
    """Folders ``names`` one inside the other under ``top`` and ``bottom.txt`` holding ``text`` in the
    last, made through folder descriptors: the whole path may be longer than the system takes."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        stream = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(stream, text)
        os.close(stream)
    finally:
        os.close(fd)


def _documents_in(store: Path) -> int:
    try:
        return sum(1 for _ in ox.Store.read_only(str(store)).named_graphs())
    except (OSError, RuntimeError):
        return 0  # not created yet, or files replaced by the writer while opening: look again


def test_robustness_cli_skips_bad_files_counts_them_and_builds_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Spain joined NATO in 1982.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin.txt").write_bytes("Café owner José Núñez met Spanish ministers in Madrid.".encode("cp1252"))
    (folder / "german.txt").write_text(
        "Der Bundeskanzler traf am Montag den französischen Präsidenten in Berlin, um über Energie zu sprechen.",
        encoding="utf-8",
    )
    done = _kg("build", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "built 2 document(s)" in done.stderr
    assert "skipped 3 input(s): 1 binary, 1 empty, 1 not English" in done.stderr
    assert "warning:" in done.stderr and "latin.txt" in done.stderr
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_robustness_file_names_with_spaces_and_accents_give_valid_rdf(tmp_path):
    folder = tmp_path / "in put"
    folder.mkdir()
    (folder / "Über die Lage – report #1.txt").write_text("Spain signed a trade agreement with Portugal.", encoding="utf-8")
    done = _kg("build", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name, fmt in (("graph.nt", ox.RdfFormat.N_TRIPLES), ("graph.trig", ox.RdfFormat.TRIG), ("graph.ttl", ox.RdfFormat.TURTLE)):
        quads = list(ox.parse(path=str(tmp_path / "out" / name), format=fmt))
        assert quads
    identifiers = [q.object.value for q in ox.parse(path=str(tmp_path / "out" / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
                   if q.predicate.value.endswith("/identifier")]
    assert identifiers == ["Über die Lage – report #1.txt"]


def test_robustness_a_folder_1200_levels_deep_is_read(tmp_path):
    # issue 17 (benchmarks/fuzz.py): Path.rglob recursed once a level and raised RecursionError
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "top.txt").write_text("France joined NATO in 1949.", encoding="utf-8")
    _chain(folder, [b"d"] * 1_200, b"Spain joined NATO in 1982.")
    try:
        sources = read_sources([folder])
    finally:
        subprocess.run(["rm", "-rf", "--", str(folder / "d")], check=True)  # shutil.rmtree recurses too
    assert sorted(d.id for d in sources.documents) == ["bottom.txt", "top.txt"]


def test_robustness_a_file_past_the_path_length_limit_is_skipped_with_the_reason(tmp_path):
    # 17 folders of 255-byte names: listing them raised "File name too long" out of the build
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "top.txt").write_text("France joined NATO in 1949.", encoding="utf-8")
    _chain(folder, [b"%02d" % n + b"x" * 253 for n in range(17)], b"Spain joined NATO in 1982.")
    sources = read_sources([folder])
    assert [d.id for d in sources.documents] == ["top.txt"]
    (skipped,) = sources.skipped
    assert skipped.reason == "unreadable" and skipped.detail.endswith(": File name too long")


def test_robustness_a_file_name_with_a_line_break_gives_one_line_messages(tmp_path):
    # a name with a line break or a terminal escape broke the skip lines and the error into several
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Spain joined NATO in 1982.", encoding="utf-8")
    (folder / "bad\nname.txt").write_bytes(b"")
    (folder / "red\x1b[31m.txt").write_bytes(bytes(range(256)) * 4)
    sources = read_sources([folder])
    assert sorted(s.detail for s in sources.skipped) == [
        f"empty input file: {folder}/bad\\nname.txt",
        f"not a text file (binary content): {folder}/red\\x1b[31m.txt",
    ]
    with pytest.raises(InputError) as refused:
        read_sources([folder / "bad\nname.txt"])
    assert str(refused.value) == f"empty input file: {folder}/bad\\nname.txt"


def test_robustness_a_5000_word_sentence_is_built(tmp_path):
    clauses = [f"{COUNTRIES[n % 10]} signed a deal with {COUNTRIES[(n + 1) % 10]}" for n in range(720)]
    text = ", and ".join(clauses) + "."
    assert len(text.split()) > 5_000
    graph = build_documents([Document("long.txt", text)])
    for statement in graph.statements:
        p = statement.provenance
        assert text[p.start : p.end] == p.sentence


def test_robustness_sigkill_mid_build_then_rerun_gives_the_uninterrupted_store(tmp_path):
    folder = _corpus(tmp_path / "in", 60)
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(folder), "--store", str(store), "--commit-every", "2"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _documents_in(store) < 4 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    still_running = process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert still_running, "the build finished before it could be killed"
    partial = _documents_in(store)
    assert 4 <= partial < 60

    done = _kg("build", str(folder), "--store", str(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{partial} unchanged and skipped" in done.stderr

    clean = tmp_path / "clean"
    assert _kg("build", str(folder), "--store", str(clean), cwd=tmp_path).returncode == 0
    assert _quads(store) == _quads(clean)
