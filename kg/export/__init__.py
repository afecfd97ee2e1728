"""Export a knowledge graph to files: a registry of file name → writer, and :func:`write_all`.

Each writer is ``writer(kg, path) -> None`` and writes exactly one file at
``path`` whatever its name. The registry holds lazy proxies, so a format's
libraries (rdflib, networkx, matplotlib) are imported only when that file is
written: asking for ``statements.jsonl`` never loads matplotlib.

:func:`write_all` is all-or-nothing, also when the process is killed: the set
is written into a hidden sibling folder, which then takes the output folder's
place in one atomic step (a new folder is renamed; an existing one is swapped
with ``renameat2(RENAME_EXCHANGE)``), so the output folder holds either the
old set or the new one, never a mix. Where that cannot be done (a folder
holding files that are not kg's, the current folder, a mount point, a parent
that is not writable, a system without the exchange), every file is written
to a temporary file inside the output folder and renamed into place only
when all writes succeeded, so an error still changes nothing. Temporaries of
killed runs are removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import importlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ExportError
from kg.graph.cache import release
from kg.leftovers import is_stale
from kg.model import KnowledgeGraph

if TYPE_CHECKING:
    from kg.export.painter import Painter

__all__ = ["WRITERS", "OUTPUT_NAMES", "TEMP_PREFIX", "Writer", "foreign_entries", "write_all"]

Writer = Callable[[KnowledgeGraph, Path], None]

# file name → (module under kg.export, function); the order is the order of writing,
# cheap text formats first and pictures last.
_WRITER_TARGETS: dict[str, tuple[str, str]] = {
    "statements.jsonl": ("jsonl", "write_statements_jsonl"),
    "entities.jsonl": ("jsonl", "write_entities_jsonl"),
    "documents.jsonl": ("jsonl", "write_documents_jsonl"),
    "nodes.csv": ("tables", "write_nodes_csv"),
    "edges.csv": ("tables", "write_edges_csv"),
    "graph.ttl": ("rdf", "write_turtle"),
    "graph.nt": ("rdf", "write_ntriples"),
    "graph.jsonld": ("rdf", "write_jsonld"),
    "graph.trig": ("rdf", "write_trig"),
    "graph.gexf": ("network", "write_gexf"),
    "graph.graphml": ("network", "write_graphml"),
    "graph.html": ("html", "write_html"),
    "graph.png": ("diagram", "write_png"),
    "graph.svg": ("diagram", "write_svg"),
}

OUTPUT_NAMES: tuple[str, ...] = tuple(_WRITER_TARGETS)

# Temporary files start with this, so a crashed run's leftovers are easy to spot.
TEMP_PREFIX = ".kg-tmp-"
TEMP_TOKEN_BYTES = 8


def _lazy_writer(module: str, function: str) -> Writer:
    """A writer that imports ``kg.export.<module>`` on its first call."""

    def write(kg: KnowledgeGraph, path: Path) -> None:
        target = getattr(importlib.import_module(f"kg.export.{module}"), function)
        target(kg, path)

    write.__name__ = function
    write.__qualname__ = function
    write.__doc__ = f"Lazy proxy for :func:`kg.export.{module}.{function}`."
    return write


WRITERS: dict[str, Writer] = {
    name: _lazy_writer(module, function) for name, (module, function) in _WRITER_TARGETS.items()
}


def _one_line(error: OSError) -> str:
    """The reason of an OSError on one line ("Permission denied"), without the path."""
    text = error.strerror or str(error)
    return text.splitlines()[0] if text else type(error).__name__


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: the original error is the one worth reporting


def _remove_stale_temporaries(outdir: Path) -> None:
    """Delete what killed runs left: temporary files in ``outdir`` and staging folders beside it
    (for ``outdir`` only) whose writing process no longer runs; a live one may be another build
    writing there now."""
    for path in outdir.glob(f"{TEMP_PREFIX}*"):
        if is_stale(path.name, TEMP_PREFIX) and not path.is_dir():
            _remove_quietly(path)
    try:
        beside = list(outdir.parent.iterdir())
    except OSError:
        return  # a parent we may not list: nothing of ours can be there
    for path in beside:
        if path.name.endswith(f"-{outdir.name}") and is_stale(path.name, TEMP_PREFIX) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _temporary_name(name: str) -> str:
    """A fresh name holding our process id, so a later run knows when its writer is gone; it
    ends with ``name`` so a file keeps its suffix (not mkstemp, whose 0600 mode would stick)."""
    return f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(TEMP_TOKEN_BYTES)}-{name}"


# renameat2(2) flag that swaps two paths atomically (Linux 3.15+, most local file systems).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swap the paths ``first`` and ``second`` (both must exist) in one atomic step.

    Raises ``OSError`` with ``errno.ENOSYS`` where the system has no such call, and with the
    kernel's error (``EINVAL``: a file system without it) where the swap was refused.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


# Errors of :func:`exchange` after which the set is renamed into place file by file instead.
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EBUSY, errno.EPERM})


def _swappable(outdir: Path, writers: dict[str, Writer]) -> bool:
    """True when the whole folder may be replaced: it is new, or holds nothing but kg's export
    files (no other file, nor the temporary of a build running now), and it is neither a mount
    point nor the current folder (or one above it), which a swap would move from under the user."""
    if not outdir.exists():
        return True
    if os.path.ismount(outdir):
        return False
    here, folder = Path.cwd().resolve(), outdir.resolve()
    if folder == here or folder in here.parents:
        return False
    for entry in outdir.iterdir():
        if entry.name not in writers:
            return False
        if entry.is_dir() and not entry.is_symlink():
            return False
    return True


def foreign_entries(outdir: Path) -> list[str]:
    """Names in ``outdir`` that no kg export has (kg writes beside them): sorted, empty for none."""
    try:
        return sorted(e.name for e in outdir.iterdir() if e.name not in WRITERS and not e.name.startswith(TEMP_PREFIX))
    except OSError:
        return []


def _write_one(writers: dict[str, Writer], kg: KnowledgeGraph, name: str, path: Path, outdir: Path) -> None:
    try:
        writers[name](kg, path)
    except OSError as error:
        raise ExportError(f"cannot write {outdir / name}: {_one_line(error)}") from error


def _write_set(
    kg: KnowledgeGraph, selected: list[str], folder: Path, outdir: Path, temporary: bool, writers: dict[str, Writer],
    painter: Painter | None = None,
) -> list[tuple[Path, str]]:
    """Write each file of ``selected`` into ``folder`` (under a temporary name if asked), the
    pictures by ``painter`` meanwhile if one is given; returns (path written, export name) in
    order. On any error, removes what it wrote; an ``OSError`` becomes an
    :class:`ExportError` naming the file of ``outdir`` it was for."""
    paths = {name: folder / (_temporary_name(name) if temporary else name) for name in selected}
    written: list[tuple[Path, str]] = []
    try:
        handed: list[str] = []
        if painter is not None and writers is WRITERS:
            handed = painter.submit(kg, [(name, paths[name]) for name in selected if name in painter.names])
            written.extend((paths[name], name) for name in handed)
        for name in selected:
            if name not in handed:
                written.append((paths[name], name))
                _write_one(writers, kg, name, paths[name], outdir)
        if handed:
            try:
                left = painter.wait()
            except OSError as error:  # as the helper met it, naming the export
                raise ExportError(f"cannot write {outdir / error.filename}: {_one_line(error)}") from error
            for name in left:  # the helper died: draw what it did not finish
                _write_one(writers, kg, name, paths[name], outdir)
    except BaseException:
        if painter is not None:
            painter.close()  # stopped before removing what it may be writing
        for path, _name in written:
            _remove_quietly(path)
        raise
    return [(paths[name], name) for name in selected]


def _swap_in(
    kg: KnowledgeGraph, selected: list[str], outdir: Path, writers: dict[str, Writer], painter: Painter | None = None
) -> bool:
    """Write the set into a staging folder beside ``outdir`` and put it in ``outdir``'s place
    in one step. The export files of ``outdir`` that are not rewritten are linked into the new
    set first. False (nothing changed) when the folder cannot be swapped here."""
    staging = outdir.parent / _temporary_name(outdir.name)
    try:
        staging.mkdir()
    except OSError:
        return False  # a parent we may not write into: write inside the folder instead
    try:
        _write_set(kg, selected, staging, outdir, temporary=False, writers=writers, painter=painter)
        if not outdir.exists():
            os.rename(staging, outdir)
            return True
        for entry in outdir.iterdir():
            if entry.name in writers and entry.name not in selected:
                try:
                    os.link(entry, staging / entry.name, follow_symlinks=False)
                except OSError:
                    shutil.copy2(entry, staging / entry.name, follow_symlinks=False)
        os.chmod(staging, stat.S_IMODE(outdir.stat().st_mode))
        try:
            exchange(staging, outdir)
        except OSError as error:
            if error.errno in _NO_EXCHANGE:
                shutil.rmtree(staging, ignore_errors=True)
                return False
            raise
        shutil.rmtree(staging, ignore_errors=True)  # now the old set
        return True
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _rename_in(
    kg: KnowledgeGraph, selected: list[str], outdir: Path, writers: dict[str, Writer], painter: Painter | None = None
) -> None:
    """Write every file to a temporary one inside ``outdir``, then rename each into place."""
    written = _write_set(kg, selected, outdir, outdir, temporary=True, writers=writers, painter=painter)
    try:
        for path, name in written:
            os.replace(path, outdir / name)
    except BaseException:
        for path, _name in written:
            _remove_quietly(path)
        raise


def write_all(
    kg: KnowledgeGraph,
    outdir: Path,
    names: Iterable[str] | None = None,
    writers: dict[str, Writer] | None = None,
    painter: Painter | None = None,
) -> list[Path]:
    """Write the export files ``names`` (default: all of :data:`OUTPUT_NAMES`) into ``outdir``.

    All or nothing (see the module docstring): if any writer fails, no output file is created
    or replaced and no temporary file is left behind; a folder of kg's exports that the
    process is killed while writing holds the old set or the new one. ``OSError`` (folder not
    writable, disk full, ...) becomes :class:`~kg.errors.ExportError` with a one-line message;
    any other exception is a bug and propagates after clean-up. Export files of ``outdir`` that
    are not in ``names`` are kept.

    ``writers`` is the set to write from (file name → writer, all of them by default): the
    standard exports (:data:`WRITERS`) or another set, such as Neo4j's import files
    (:data:`kg.export.neo4j.NEO4J_WRITERS`), which then owns the folder in the same way.

    ``painter`` (:class:`kg.export.painter.Painter`, started before the parse) draws the
    pictures in a helper process while the other files are written here.

    Returns the written paths in the order of ``names``.

    >>> write_all(kg, Path("exports"), ["graph.ttl", "graph.png"])   # doctest: +SKIP
    [PosixPath('exports/graph.ttl'), PosixPath('exports/graph.png')]
    """
    writers = WRITERS if writers is None else writers
    selected = list(dict.fromkeys(writers if names is None else names))
    unknown = [name for name in selected if name not in writers]
    if unknown:
        raise ExportError(
            f"unknown export file {unknown[0]!r}; expected one of: {', '.join(writers)}"
        )

    given = outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ExportError(f"output path {outdir} exists and is not a folder")
    if outdir.is_symlink():
        outdir = Path(os.path.realpath(outdir))  # swap the folder it points at, keep the link
    outdir = outdir.absolute()
    try:
        outdir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create output folder {outdir}: {_one_line(error)}") from error

    # A target that is a folder cannot be replaced by a file: say so before writing anything,
    # not after half the set has been renamed into place.
    blocked = [name for name in selected if (outdir / name).is_dir()]
    if blocked:
        raise ExportError(f"cannot write {outdir / blocked[0]}: a folder of that name is in the way")
    _remove_stale_temporaries(outdir)

    try:
        _write_or_swap(kg, selected, outdir, writers, painter)
    finally:
        release(kg)  # what the writers computed for this graph (sorted lines, maybe on disk)
    return [given / name for name in selected]


def _write_or_swap(
    kg: KnowledgeGraph, selected: list[str], outdir: Path, writers: dict[str, Writer], painter: Painter | None
) -> None:
    try:
        if not (_swappable(outdir, writers) and _swap_in(kg, selected, outdir, writers, painter)):
            created = not outdir.exists()
            outdir.mkdir(exist_ok=True)
            try:
                _rename_in(kg, selected, outdir, writers, painter)
            except BaseException:
                if created:
                    try:
                        outdir.rmdir()  # only succeeds if we left it empty
                    except OSError:
                        pass
                raise
    except OSError as error:
        where = error.filename2 or error.filename or outdir  # a rename's target, not its hidden source
        if TEMP_PREFIX in str(where):
            where = outdir
        raise ExportError(f"cannot write {where}: {_one_line(error)}") from error
