"""Sorting more lines than memory should hold: sorted runs written to disk, then merged.

The RDF exports are written from every quad of the graph as a sorted line (so
the same graph always gives the same bytes). A corpus has millions of them;
held as Python strings they cost several kilobytes per statement. Past a
threshold (:func:`kg.graph.rdf.nquads_lines`) they are sorted here instead:
:class:`Runs` writes them in sorted runs of :data:`RUN_LINES` to files
in a private folder, and :func:`merged` reads the runs back merged and without
repeats, a line at a time, as the ``sort`` command does.

The folder is named ``kg-sort-<pid>-...`` in the system's temporary folder and
removed when its :class:`SpillFolder` is no longer used; one left by a killed
run is removed by the next (see :mod:`kg.leftovers`).
"""

from __future__ import annotations

import heapq
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path

from kg.leftovers import is_stale

__all__ = ["RUN_LINES", "Runs", "SpillFolder", "merged", "read_lines"]

# Lines sorted in memory at a time (~25 MB of quads).
RUN_LINES = 100_000
PREFIX = "kg-sort-"


class SpillFolder:
    """A private temporary folder, removed with everything in it when this object is collected
    (or at exit); folders of killed runs are removed on creation."""

    def __init__(self) -> None:
        base = tempfile.gettempdir()
        for name in os.listdir(base):
            if is_stale(name, PREFIX):
                shutil.rmtree(os.path.join(base, name), ignore_errors=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    def remove(self) -> None:
        self._remove()


def _write_run(lines: list[str], path: Path) -> Path:
    lines.sort()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)
    return path


class Runs:
    """Lines added one by one, written as sorted runs of at most ``run_lines`` lines to
    ``folder/name-0``, ``name-1``, ...; :meth:`close` gives the runs' paths for :func:`merged`."""

    def __init__(self, folder: Path, name: str, run_lines: int = RUN_LINES) -> None:
        self._folder, self._name, self._run_lines = folder, name, run_lines
        self._chunk: list[str] = []
        self._runs: list[Path] = []

    def add(self, line: str) -> None:
        """Add one line (ending in a newline)."""
        self._chunk.append(line)
        if len(self._chunk) >= self._run_lines:
            self._flush()

    def _flush(self) -> None:
        self._runs.append(_write_run(self._chunk, self._folder / f"{self._name}-{len(self._runs)}"))
        self._chunk = []

    def close(self) -> list[Path]:
        if self._chunk or not self._runs:
            self._flush()
        return list(self._runs)


def read_lines(path: Path) -> Iterator[str]:
    """The lines of a file written here, a line at a time."""
    # only "\n" ends a line: a literal may hold "\r" or U+2028 unescaped
    with path.open(encoding="utf-8", newline="\n") as lines:
        yield from lines


def merged(runs: list[Path]) -> Iterator[str]:
    """The lines of the sorted ``runs``, merged in order, each distinct line once."""
    previous = None
    for line in heapq.merge(*(read_lines(run) for run in runs)):
        if line != previous:
            yield line
            previous = line
