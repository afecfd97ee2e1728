"""Read input articles into :class:`~kg.model.Document` records.

Inputs are files or folders of ``.txt`` files. Every problem a user can cause
(missing path, empty or binary file, folder without articles) is reported as an
:class:`~kg.errors.InputError` *before* any work starts, so a bad batch never
leaves half-written outputs behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Document

__all__ = ["TEXT_SUFFIXES", "iter_source_files", "read_document", "read_documents"]

# File suffixes read as plain-text articles when a folder is given.
TEXT_SUFFIXES = frozenset({".txt"})

# A file whose first block holds a NUL byte, or too many control characters, is binary.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v")


def iter_source_files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the article files named by ``inputs``: files as given, folders expanded.

    Folders are searched recursively for :data:`TEXT_SUFFIXES`, in sorted order so a
    build does not depend on the file system's listing order.
    """
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {path}")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            if not found:
                raise InputError(f"no .txt files in folder: {path}")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise InputError(f"not a regular file or folder: {path}")


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _ALLOWED_CONTROLS)
    return bool(head) and controls / len(head) > _MAX_CONTROL_SHARE


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); fall back to Windows-1252/Latin-1, which real news files use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Read one article file into a :class:`Document`; its id is the file name unless given.

    Raises :class:`InputError` for unreadable, binary, empty or whitespace-only files.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if _looks_binary(data):
        raise InputError(f"not a text file (binary content): {path}")
    text = _decode(data)
    if not text.strip():
        raise InputError(f"empty input file: {path}")
    return Document(id=doc_id or path.name, text=text, source=str(path))


def read_documents(inputs: Iterable[str | Path]) -> list[Document]:
    """Read every article named by ``inputs`` (files or folders), checking them all first.

    Document ids are file names; when two files share a name, each of those gets
    its path relative to the folder all inputs share instead, so ids stay unique
    and do not depend on the current folder. A file named twice is read once.
    """
    paths: list[Path] = []
    seen: set[Path] = set()
    for path in iter_source_files(inputs):
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            paths.append(resolved)
    if not paths:
        raise InputError("no input files given")
    counts: dict[str, int] = {}
    for p in paths:
        counts[p.name] = counts.get(p.name, 0) + 1
    common = Path(os.path.commonpath([p.parent for p in paths]))
    return [read_document(p, p.name if counts[p.name] == 1 else p.relative_to(common).as_posix()) for p in paths]
