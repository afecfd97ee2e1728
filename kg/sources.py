"""Read input articles into :class:`~kg.model.Document` records.

Inputs are files or folders of articles, or ``-`` for an article on standard input (id ``stdin``):

* ``.txt``: one article, plain text (UTF-8, or Windows-1252/Latin-1 as found in real corpora);
* ``.html``/``.htm``: one web page, its main text, title and date extracted with trafilatura;
* ``.jsonl``: a corpus, one article per line ``{"id", "text", "title", "date", "url"}``
  (only ``text`` is required); a bad line is skipped, counted and reported in one warning.

Inputs are all read and checked before any work starts. A path that does not
exist, a folder without articles or two articles with one id stop the build
with an :class:`~kg.errors.InputError`. A file that cannot be used (empty,
binary, a web page without article text, an article not in English, a bad
corpus line) is *skipped* with its reason, and the rest of the batch goes on;
the build's summary counts what was skipped and why. Lines of page furniture
(photo credits, bylines, "Join our channel" banners, navigation) are blanked
before parsing and counted (:mod:`kg.furniture`). Text that is not valid
UTF-8 is read as Windows-1252/Latin-1 with a warning naming the file. An
article longer than :data:`MAX_PIECE_CHARS` is cut into pieces at paragraph
breaks (ids ``name#1``, ``name#2``...), so memory and parse time stay bounded.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .furniture import without_furniture
from .lexicon import ENGLISH_ONLY_FUNCTION_WORDS
from .model import Document

__all__ = [
    "TEXT_SUFFIXES",
    "HTML_SUFFIXES",
    "CORPUS_SUFFIXES",
    "SOURCE_SUFFIXES",
    "MAX_PIECE_CHARS",
    "Skipped",
    "Sources",
    "iter_source_files",
    "read_document",
    "read_documents",
    "read_sources",
    "read_corpus",
    "split_document",
    "detect_language",
    "read_stdin",
    "STDIN",
]

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

# A web page whose main text has fewer words than this is navigation, not an article.
_MIN_PAGE_WORDS = 8
# Articles longer than this (characters) are cut into pieces: spaCy's parser needs about
# 1 GB of working memory per 100,000 characters (and refuses 1,000,000); a long news
# feature is 10,000-20,000 characters.
MAX_PIECE_CHARS = 20_000
# Language detection reads this much of a text (a paragraph or two: enough for langid, in a
# third of the time 3,000 took), and decides only on texts at least this long.
_LANGUAGE_SAMPLE_CHARS = 1_000
_LANGUAGE_MIN_CHARS = 40
# A text is taken as not English when the detector gives English less than this probability.
_MIN_ENGLISH_PROBABILITY = 0.1
# English-based creoles the detector confuses with news English.
_CONFUSED_WITH_ENGLISH = ("pcm",)
# A sample of at least this many words of which at least this share are function words no
# other language has (lexicon english_only_function_words) is English without the detector,
# whose model takes 0.4 s and 120 MB to load. BBC news: 14% typically, 2 of 2,225 under 6%;
# spaCy's example sentences of 70 other languages: under 3%.
_ENGLISH_CHECK_MIN_WORDS = 20
_MIN_ENGLISH_FUNCTION_SHARE = 0.06
_WORD = re.compile(r"[^\W\d_]+")
# The input name that reads an article from standard input, and the id and source it gets.
STDIN = "-"
STDIN_ID = "stdin"
# Where a record of a JSON Lines corpus ends.
_LINE_BREAK_IN_CORPUS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Skipped:
    """An input left out of the build and why: ``reason`` is a short category, ``detail`` the message."""

    source: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Sources:
    """What reading the inputs gave: the documents, the inputs skipped and warnings for the user."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    furniture: int = 0  # lines of page furniture left out (kg.furniture)


class _Unusable(InputError):
    """An input file that cannot be used; the batch skips it (``reason`` names the kind)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def iter_source_files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the article files named by ``inputs``: files as given, folders expanded.

    Folders are searched recursively for :data:`FOLDER_SUFFIXES`, in sorted order so a
    build does not depend on the file system's listing order.
    """
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {_shown(str(path))}")
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                raise InputError(f"no .txt files (nor .html) in folder: {_shown(str(path))}")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise InputError(f"not a regular file or folder: {_shown(str(path))}")


def _folder_files(folder: Path) -> list[Path]:
    """The files under ``folder`` with :data:`FOLDER_SUFFIXES`, sorted.

    The walk keeps a list of folders still to list instead of recursing (a folder
    1,200 levels deep overflowed :meth:`Path.rglob`'s recursion) and does not enter
    folders behind symbolic links, so a link loop ends it. An entry that cannot be
    examined (a link loop, a link to nowhere) is no article. A folder that cannot be
    listed (its path past the system's 4,096 bytes, no permission) is given as it is,
    so that reading it skips it with the reason instead of stopping the build.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError:
            found.append(current)
            continue
        for entry in entries:
            path = current / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file() and path.suffix.lower() in FOLDER_SUFFIXES:
                    found.append(path)
            except OSError:
                continue
    return sorted(found)


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _ALLOWED_CONTROLS)
    return bool(head) and controls / len(head) > _MAX_CONTROL_SHARE


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM), else Windows-1252/Latin-1, which real news files use;
    returns the text and the fallback encoding used (``None`` for UTF-8)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _utf16(data: bytes) -> str | None:
    """The text of UTF-16 data that opens with a byte-order mark (Windows "Unicode" files), else
    ``None``: checked before the binary sniff, as UTF-16 holds a NUL byte in every ASCII letter."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        return None


def readable_path(text: str) -> str:
    """A file name as text that every output can hold. A name that is not UTF-8 ("caf\\xe9.txt",
    from an old Windows or Latin-1 system) reaches Python with lone surrogates, which no UTF-8
    file can store; its bytes are read as Windows-1252 (else Latin-1), as article text is."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _decode(os.fsencode(text))[0]


def _shown(text: str) -> str:
    """A file name as one line of a message: :func:`readable_path`, with line breaks and other
    characters that are not printable written as escapes ("new\\nline.txt"), so that a name cannot
    break a message into lines or send codes to the terminal."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in readable_path(text))


def _read_file(path: Path, doc_id: str) -> tuple[Document, str | None]:
    """One article file and a warning about its encoding, if any; raises :class:`_Unusable`."""
    shown = _shown(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Unusable(f"cannot read {shown}: {exc.strerror or exc}", "unreadable") from None
    return _article(data, readable_path(doc_id), readable_path(str(path)), shown, path.suffix.lower(), str(path))


def read_stdin() -> bytes:
    """Everything on standard input, as bytes (an article, a query, sentences): ``-`` as an input."""
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read() if stream is not None else sys.stdin.read().encode("utf-8", "surrogateescape")


def _article(data: bytes, doc_id: str, name: str, shown: str, suffix: str, raw_name: str) -> tuple[Document, str | None]:
    """The article in ``data`` (a file's or standard input's bytes); raises :class:`_Unusable`."""
    text, fallback = _utf16(data), None
    if text is None:
        if _looks_binary(data):
            raise _Unusable(f"not a text file (binary content): {shown}", "binary")
        text, fallback = _decode(data)
    warning = f"{shown}: not valid UTF-8, read as {fallback}" if fallback else None
    if name != raw_name:
        warning = "; ".join(filter(None, [warning, f"{shown}: file name not valid UTF-8, read as Windows-1252 or Latin-1"]))
    if not text.strip():
        raise _Unusable(f"empty input file: {shown}", "empty")
    if suffix in HTML_SUFFIXES:
        return _html_document(text, doc_id, name, shown), warning
    return Document(id=doc_id, text=text, source=name), warning


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Read one article file into a :class:`Document`; its id is the file name unless given.

    Raises :class:`InputError` for unreadable, binary, empty or whitespace-only files.
    """
    path = Path(path)
    return _read_file(path, doc_id or path.name)[0]


def _html_document(html: str, doc_id: str, path: str, shown: str) -> Document:
    """The main text of a web page (navigation, adverts and comments dropped), with its title and
    date; ``shown`` is ``path`` as messages write it."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < _MIN_PAGE_WORDS:
        # what is left of a page of menus and footers: "Home | News"
        raise _Unusable(f"no article text found in web page: {shown}", "no article text")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    date = metadata.date if metadata is not None else None
    return Document(id=doc_id, text=text, source=path, title=title or None, date=date or None)


def read_corpus(path: str | Path) -> list[Document]:
    """Articles of a JSON Lines corpus: one ``{"id", "text", "title", "date", "url"}`` object per line.

    Lines that are not such objects are left out (:func:`read_sources` reports them).
    Ids default to ``FILE#LINE``.
    """
    return _read_corpus(Path(path))[0]


def _read_corpus(path: Path) -> tuple[list[Document], list[Skipped]]:
    shown = _shown(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _Unusable(f"cannot read corpus {shown}: {error.strerror or error}", "unreadable") from None
    # Records end at a line break ("\n", "\r\n", "\r"), which JSON keeps out of strings; str.splitlines()
    # would also cut at U+2028, U+0085 and others that a JSON string may hold raw. A byte that is not
    # UTF-8 spoils only its record: it is decoded as a lone surrogate, which the checks below refuse.
    lines = _LINE_BREAK_IN_CORPUS.split(data.decode("utf-8-sig", "surrogateescape"))
    documents, skipped = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{shown} line {number}"
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # bad JSON, a number past Python's 4,300 digits, nesting too deep
            skipped.append(Skipped(where, "bad corpus record", f"{where}: invalid JSON"))
            continue
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str) or not text.strip():
            skipped.append(Skipped(where, "bad corpus record", f"{where}: no text"))
            continue
        optional = {key: record.get(key) for key in ("title", "date", "url")}
        try:
            document = Document(
                id=str(record.get("id") or f"{readable_path(path.name)}#{number}"),
                text=text,
                source=str(optional["url"] or readable_path(str(path))),
                title=str(optional["title"]) if optional["title"] else None,
                date=str(optional["date"]) if optional["date"] else None,
            )
            # JSON may escape a lone surrogate ("\\udfff"), which no output file can hold
            for value in (document.id, document.text, document.source, document.title or "", document.date or ""):
                value.encode("utf-8")
        except UnicodeEncodeError:
            skipped.append(
                Skipped(where, "bad corpus record", f"{where}: text that is not valid Unicode (a lone surrogate, or a byte not UTF-8)")
            )
            continue
        except (ValueError, RecursionError):  # an id or title too deep or too long to write as text
            skipped.append(Skipped(where, "bad corpus record", f"{where}: an id, title, date or url that is not text"))
            continue
        documents.append(document)
    if not documents:
        raise _Unusable(f"no articles in corpus {shown}", "empty")
    return documents, skipped


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.nb_classes if code not in _CONFUSED_WITH_ENGLISH])
    return identifier


def _plainly_english(sample: str) -> bool:
    """True when ``sample`` is long enough and English-only function words are common in it."""
    words = _WORD.findall(sample.lower())
    if len(words) < _ENGLISH_CHECK_MIN_WORDS:
        return False
    return sum(word in ENGLISH_ONLY_FUNCTION_WORDS for word in words) >= _MIN_ENGLISH_FUNCTION_SHARE * len(words)


def detect_language(text: str) -> str | None:
    """The language of ``text`` (ISO 639-1 code) when it is clearly not English, else ``None``.

    py3langid (a model shipped in the package, nothing downloaded) reads the
    first few thousand characters; short texts are not judged, and a text is
    called foreign only when another language comes first *and* English gets
    under 10% probability, so a short English text full of names is kept. A
    text where function words only English has ("the", "which", "were") are
    common is English without loading the model (most news in English is).
    """
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < _LANGUAGE_MIN_CHARS or _plainly_english(sample):
        return None
    ranks = dict(_language_identifier().rank(sample))
    best = max(ranks, key=ranks.get)
    if best == "en" or ranks.get("en", 0.0) >= _MIN_ENGLISH_PROBABILITY:
        return None
    return best


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s")
_SPACE = re.compile(r"\s")


def _cut(text: str, limit: int) -> int:
    """Where to end a piece of at most ``limit`` characters: the last paragraph break, else
    line break, sentence end or space in its second half; else ``limit``."""
    for pattern in (_PARAGRAPH_BREAK, _LINE_BREAK, _SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, limit // 2, limit)]
        if ends:
            return ends[-1]
    return limit


def split_document(document: Document, limit: int = MAX_PIECE_CHARS) -> list[Document]:
    """``document`` itself, or its pieces of at most ``limit`` characters when it is longer.

    Pieces end at paragraph breaks where possible and are documents of their
    own (``name#1``, ``name#2``, ...; offsets count from the piece's start),
    with the title, date and source of the whole.
    """
    if len(document.text) <= limit:
        return [document]
    pieces, text, number = [], document.text, 0
    while text:
        end = len(text) if len(text) <= limit else _cut(text, limit)
        piece, text = text[:end], text[end:]
        if piece.strip():
            number += 1
            pieces.append(
                Document(f"{document.id}#{number}", piece, source=document.source, title=document.title, date=document.date)
            )
    return pieces


def read_sources(inputs: Iterable[str | Path], *, any_language: bool = False) -> Sources:
    """Read every article named by ``inputs`` (files, folders, ``.jsonl`` corpora), checking them all first.

    Unusable files and records are skipped and listed; articles not in English
    are skipped too unless ``any_language``. Document ids are file names; when
    two files share a name, each of those gets its path relative to the folder
    all inputs share instead, so ids stay unique and do not depend on the
    current folder. A file named twice is read once. Raises
    :class:`InputError` when a path is missing, ids clash, or nothing is left.
    """
    inputs = list(inputs)
    stdin = any(str(i) == STDIN for i in inputs)  # "-": the article on standard input
    inputs = [i for i in inputs if str(i) != STDIN]
    paths: list[Path] = []
    given: dict[Path, Path] = {}  # resolved → the path as named: sources stay as the user wrote them
    corpora: list[Path] = []
    for path in iter_source_files(inputs):
        if path.suffix.lower() in CORPUS_SUFFIXES:
            corpora.append(path)
            continue
        resolved = path.resolve()
        if resolved not in given:
            given[resolved] = path
            paths.append(resolved)
    if not paths and not corpora and not stdin:
        raise InputError("no input files given")
    counts: dict[str, int] = {}
    for p in paths:
        counts[p.name] = counts.get(p.name, 0) + 1
    read: list[Document] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    if stdin:
        try:
            document, warning = _article(read_stdin(), STDIN_ID, STDIN_ID, "standard input", ".txt", STDIN_ID)
            read.append(document)
            if warning:
                warnings.append(warning)
        except _Unusable as error:
            skipped.append(Skipped(STDIN_ID, error.reason, str(error)))
    if paths:
        common = Path(os.path.commonpath([p.parent for p in paths]))
        for p in paths:
            try:
                document, warning = _read_file(given[p], p.name if counts[p.name] == 1 else p.relative_to(common).as_posix())
            except _Unusable as error:
                skipped.append(Skipped(readable_path(str(p)), error.reason, str(error)))
                continue
            read.append(document)
            if warning:
                warnings.append(warning)
    for corpus in corpora:
        try:
            documents, bad = _read_corpus(corpus)
        except _Unusable as error:
            skipped.append(Skipped(readable_path(str(corpus)), error.reason, str(error)))
            continue
        read.extend(documents)
        skipped.extend(bad)
    documents: list[Document] = []
    furniture = 0
    for document in read:
        text, dropped = without_furniture(document.text)
        if dropped:
            furniture += dropped
            if not text.strip():
                source = document.source or document.id
                skipped.append(Skipped(source, "no article text", f"{_shown(source)}: only page furniture, no article text"))
                continue
            document = replace(document, text=text)
        language = None if any_language else detect_language(document.text)
        if language is not None:
            source = document.source or document.id
            skipped.append(
                Skipped(source, "not English", f"{_shown(source)}: text in '{language}', not English (build it anyway with --any-language)")
            )
            continue
        documents.extend(split_document(document))
    if not documents:
        if skipped:
            raise InputError(skipped[0].detail if len(skipped) == 1 else f"no usable article: {len(skipped)} input(s) skipped, first: {skipped[0].detail}")
        raise InputError("no input files given")
    ids = [d.id for d in documents]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"two articles share the id {duplicate!r}; ids must be unique")
    return Sources(tuple(documents), tuple(skipped), tuple(warnings), furniture)


def read_documents(inputs: Iterable[str | Path], *, any_language: bool = False) -> list[Document]:
    """The documents of :func:`read_sources` (what was skipped is dropped silently)."""
    return list(read_sources(inputs, any_language=any_language).documents)
