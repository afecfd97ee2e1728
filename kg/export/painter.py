"""The pictures drawn by a helper process beside the build, so that one article is quick.

For one article, importing matplotlib, loading its fonts and drawing the PNG and
the SVG took about as long as parsing. A :class:`Painter` is a child process
forked before the parse: it imports :mod:`kg.export.diagram` and draws a small
figure (fonts, PNG encoder) on the second core while the parent parses, then
waits. When the graph is done, :func:`kg.export.write_all` hands it the
picture files and writes the other files itself meanwhile; the pictures are
the same bytes as drawn in the parent (same code, same matplotlib settings).

Where it cannot help (no ``fork``, one core) :meth:`Painter.start` gives
``None`` and the parent draws as before; if the child dies, the parent draws
what it did not finish. An ``OSError`` in the child is raised again in the
parent, so the usual one-line :class:`~kg.errors.ExportError` names the file.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

from kg.model import KnowledgeGraph

__all__ = ["PICTURE_NAMES", "Painter"]

# The export files the painter writes: both drawn from one figure.
PICTURE_NAMES = ("graph.png", "graph.svg")
# A graph of more statements is drawn by the parent: copying it to the helper would cost
# more memory than the overlap saves time (the diagram shows 60 entities at most anyway).
MAX_STATEMENTS = 20_000
# Seconds to wait for a child that was told to stop before killing it.
_STOP_SECONDS = 2.0


def _warm_up() -> None:
    """Import the drawing code and draw a tiny figure to memory, which loads the fonts and the
    PNG encoder: the work a first picture pays for, done while the parent parses."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import kg.export.diagram  # noqa: F401  (matplotlib, networkx, the layout)

    figure = Figure(figsize=(1, 1))
    FigureCanvasAgg(figure)
    figure.add_subplot().text(0.5, 0.5, "kg", fontsize=8)
    figure.savefig(io.BytesIO(), format="png", dpi=10)


def _write(kg: KnowledgeGraph, name: str, path: str) -> tuple:
    """Write one file; the message saying how it went (see :func:`_serve`)."""
    from kg.export import WRITERS

    try:
        WRITERS[name](kg, Path(path))
    except OSError as error:
        return ("oserror", name, error.errno, error.strerror or str(error))
    except Exception:
        return ("bug", name, traceback.format_exc())
    return ("done", name)


def _write_all(kg: KnowledgeGraph, jobs: list[tuple[str, str]], send) -> None:
    """Write ``jobs`` in order, sending each message, up to the first failure."""
    for name, path in jobs:
        message = _write(kg, name, path)
        send(message)
        if message[0] != "done":
            return


def _fork_writer(kg: KnowledgeGraph, jobs: list[tuple[str, str]]) -> tuple[int, Connection] | None:
    """Write ``jobs`` in a forked process of our own, beside this one (the figure is drawn
    already, so each picture costs only its own file); its process id and the end its messages
    come from, or ``None`` where it cannot fork."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    try:
        pid = os.fork()
    except OSError:
        reader.close()
        writer.close()
        return None
    if pid == 0:
        try:
            reader.close()
            _write_all(kg, jobs, writer.send)
        finally:
            os._exit(0)
    writer.close()
    return pid, reader


def _serve(connection: Connection) -> None:
    """The child: warm up, take one job (graph, [(file name, path)]), write the files (all but the
    first in a forked process of its own, at the same time), and report ``("done", name)`` per
    file or ``("oserror", name, errno, message)`` / ``("bug", name, text)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    try:
        _warm_up()
    except Exception:  # the parent draws the pictures itself
        return
    try:
        kg, jobs = connection.recv()
    except (EOFError, OSError):  # the parent ended or needs no pictures
        return
    from kg.export.diagram import prepare

    try:
        prepare(kg)
    except Exception:  # the writer meets it again and reports it
        pass
    beside = _fork_writer(kg, jobs[1:]) if len(jobs) > 1 else None
    if beside is None:
        _write_all(kg, jobs, connection.send)
        return
    pid, reader = beside
    # stopped by the parent (an error elsewhere): the forked writer stops too
    signal.signal(signal.SIGTERM, lambda _signal, _frame: (os.kill(pid, signal.SIGKILL), os._exit(1)))
    _write_all(kg, jobs[:1], connection.send)
    while True:
        try:
            connection.send(reader.recv())
        except EOFError:
            break
    os.waitpid(pid, 0)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Painter:
    """A helper process that writes the picture files; see the module docstring.

    Use :meth:`start` (``None`` where no helper can run), hand the job to
    :func:`kg.export.write_all`, and :meth:`close` it in any case (``with`` does).
    """

    names = PICTURE_NAMES

    def __init__(self, process: multiprocessing.process.BaseProcess, connection: Connection) -> None:
        self._process = process
        self._connection = connection
        self._pending: list[str] = []

    @classmethod
    def start(cls) -> Painter | None:
        """Fork the helper now (before the parse), or ``None`` where it would not help: no fork on
        this system, or a single core."""
        if not sys.platform.startswith("linux") or _cores() < 2:
            return None
        try:
            context = multiprocessing.get_context("fork")
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_serve, args=(child_end,), name="kg-painter", daemon=True)
            process.start()
        except (OSError, ValueError):
            return None
        child_end.close()
        return cls(process, parent_end)

    def submit(self, kg: KnowledgeGraph, jobs: list[tuple[str, Path]]) -> list[str]:
        """Hand the files ``jobs`` ((export name, path)) to the helper; returns the names it took
        (none when it is gone or the graph is big: the caller writes them)."""
        if not jobs or len(kg.statements) > MAX_STATEMENTS or not self._process.is_alive():
            return []
        try:
            self._connection.send((kg, [(name, str(path)) for name, path in jobs]))
        except (OSError, ValueError):  # the child is gone: a broken pipe
            return []
        except Exception:  # a graph that cannot be copied (pickled): drawn here
            return []
        self._pending = [name for name, _path in jobs]
        return list(self._pending)

    def wait(self) -> list[str]:
        """Wait for the files handed over; returns the names the helper did not write because it
        died (the caller writes them). Raises ``OSError`` as the helper met it (naming the export
        in ``filename``) and ``RuntimeError`` for any other failure in the helper."""
        while self._pending:
            try:
                message = self._connection.recv()
            except (EOFError, OSError):
                break  # the child died: what is left is written by the caller
            kind, name = message[0], message[1]
            if kind == "oserror":
                self._pending = []
                raise OSError(message[2], message[3], name)
            if kind == "bug":
                self._pending = []
                raise RuntimeError(f"drawing {name} failed in the helper process:\n{message[2]}")
            self._pending.remove(name)
        left, self._pending = self._pending, []
        return left

    def close(self) -> None:
        """Stop the helper (whatever it is doing: its files were waited for or are not wanted)
        and reap it."""
        self._connection.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=_STOP_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __enter__(self) -> Painter:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
