"""Read input articles into :class:`~kg.model.Document` records.

Inputs are files or folders of articles:

* ``.txt``: one article, plain text (UTF-8, or Windows-1252/Latin-1 as found in real corpora);
* ``.html``/``.htm``: one web page, its main text, title and date extracted with trafilatura;
* ``.jsonl``: a corpus, one article per line ``{"id", "text", "title", "date", "url"}``
  (only ``text`` is required); a bad line is skipped, counted and reported in one warning.

Every problem a user can cause
(missing path, empty or binary file, folder without articles) is reported as an
:class:`~kg.errors.InputError` *before* any work starts, so a bad batch never
leaves half-written outputs behind.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Document

__all__ = ["TEXT_SUFFIXES", "HTML_SUFFIXES", "CORPUS_SUFFIXES", "SOURCE_SUFFIXES", "iter_source_files", "read_document", "read_documents", "read_corpus"]

# File suffixes read when a folder is given: plain text, web pages, JSON Lines corpora.
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
CORPUS_SUFFIXES = frozenset({".jsonl"})
SOURCE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES
# Suffixes picked up inside folders: a .jsonl corpus must be named, since an exports
# folder holds .jsonl files that are not articles.
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# A file whose first block holds a NUL byte, or too many control characters, is binary.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v")


def iter_source_files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the article files named by ``inputs``: files as given, folders expanded.

    Folders are searched recursively for :data:`FOLDER_SUFFIXES`, in sorted order so a
    build does not depend on the file system's listing order.
    """
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {path}")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES)
            if not found:
                raise InputError(f"no .txt files (nor .html) in folder: {path}")
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
    if path.suffix.lower() in HTML_SUFFIXES:
        return _html_document(text, doc_id or path.name, path)
    return Document(id=doc_id or path.name, text=text, source=str(path))


def _html_document(html: str, doc_id: str, path: Path) -> Document:
    """The main text of a web page (navigation, adverts and comments dropped), with its title and date."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"no article text found in web page: {path}")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    date = metadata.date if metadata is not None else None
    return Document(id=doc_id, text=text, source=str(path), title=title or None, date=date or None)


def read_corpus(path: str | Path) -> list[Document]:
    """Articles of a JSON Lines corpus: one ``{"id", "text", "title", "date", "url"}`` object per line.

    A line that is not such an object (bad JSON, no text) is skipped; the skipped
    lines are reported in one warning. Ids default to ``FILE#LINE``.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read corpus {path}: {getattr(error, 'strerror', None) or error}") from None
    documents, skipped = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            skipped.append(f"line {number}: invalid JSON")
            continue
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str) or not text.strip():
            skipped.append(f"line {number}: no text")
            continue
        optional = {key: record.get(key) for key in ("title", "date", "url")}
        documents.append(
            Document(
                id=str(record.get("id") or f"{path.name}#{number}"),
                text=text,
                source=str(optional["url"] or path),
                title=str(optional["title"]) if optional["title"] else None,
                date=str(optional["date"]) if optional["date"] else None,
            )
        )
    if skipped:
        warnings.warn(f"{path}: skipped {len(skipped)} invalid record(s) ({skipped[0]})", stacklevel=2)
    if not documents:
        raise InputError(f"no articles in corpus {path}")
    return documents


def read_documents(inputs: Iterable[str | Path]) -> list[Document]:
    """Read every article named by ``inputs`` (files or folders), checking them all first.

    Document ids are file names; when two files share a name, each of those gets
    its path relative to the folder all inputs share instead, so ids stay unique
    and do not depend on the current folder. A file named twice is read once.
    """
    paths: list[Path] = []
    corpora: list[Path] = []
    seen: set[Path] = set()
    for path in iter_source_files(inputs):
        if path.suffix.lower() in CORPUS_SUFFIXES:
            corpora.append(path)
            continue
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            paths.append(resolved)
    if not paths and not corpora:
        raise InputError("no input files given")
    counts: dict[str, int] = {}
    for p in paths:
        counts[p.name] = counts.get(p.name, 0) + 1
    documents = []
    if paths:
        common = Path(os.path.commonpath([p.parent for p in paths]))
        documents = [read_document(p, p.name if counts[p.name] == 1 else p.relative_to(common).as_posix()) for p in paths]
    for corpus in corpora:
        documents.extend(read_corpus(corpus))
    ids = [d.id for d in documents]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"two articles share the id {duplicate!r}; ids must be unique")
    return documents
