"""Fuzz kg with hostile inputs: article files, JSON Lines corpora, file names and SPARQL requests; count crashes and hangs (must be 0).

Five parts, run alone with ``--part`` or all together (the default, which
shares ``--inputs`` among them: 15% files, 15% jsonl, 20% names, 5% aliases,
45% sparql, as parsing an article costs tens of milliseconds and a folder of
names or a request a few):

``files``
    Each input is written to a file and goes through what ``kg build`` does
    with it: :func:`kg.sources.read_sources` (which may refuse it with an
    ``InputError``: a clean refusal, not a crash), then parsing and
    :func:`kg.api.extract_document` for every document it gave, then the
    checks every build relies on (statements point at entities, offsets inside
    the text, sentence = text slice). Inputs: random bytes; random Unicode;
    text made of news words, punctuation and control characters; mutations of
    real articles (spans deleted, duplicated, swapped, bytes flipped,
    encodings changed, huge tokens inserted); HTML pages with and without
    article text.
``jsonl``
    Each input is a corpus of a few records, read and extracted as above:
    good records (some holding U+2028, U+0085 and other characters that end a
    line for Python but may stand raw in a JSON string), hostile records (a
    lone surrogate escape such as ``"\\udfff"`` in the text, id, title, date
    or url; a line nested 100,000 levels deep; a number of 5,001 or more
    digits; a byte that is not UTF-8 in the text; lines that are not records)
    and byte-level mutations of both. Every hostile record must be skipped
    with a reason naming its line, every good one built, and every line either
    built or skipped.
``names``
    Each input is a folder of a few entries with hostile names (bytes that are
    not UTF-8, line breaks, control characters, leading dashes, names of 254
    and 255 bytes) and of hostile kinds (symbolic link loops, dangling links,
    links to devices and to the parent folder, a FIFO named ``.txt``, a folder
    named ``.txt``, folders 1,200 levels deep or past the 4,096-byte path
    limit), read with :func:`kg.sources.read_sources` as a folder or entry by
    entry: the result must be clean or a one-line ``InputError``.
``aliases``
    Each input is an aliases file of ``kg build --aliases``: CSV and JSON
    Lines overrides with odd names, values and types, byte-level mutations of
    them, random bytes, JSON nested 100,000 levels deep, a CSV field past
    csv's limit, open quotes. :func:`kg.aliases.read_aliases` must give
    overrides or a one-line ``InputError``, and the overrides must then build
    a short text with the invariants above.
``sparql``
    A real ``kg serve`` process (loopback, a free port, ``--timeout 2
    --max-memory 1024 --max-bytes 1 --workers 2``) over the exports of
    ``seeds/``, built in a temporary folder, gets one request at a time:
    random tokens of SPARQL's grammar, mutations of the named queries
    (``kg/data/queries``) and of their parameters, deep nesting and long flat
    chains, huge literals, ``SERVICE`` and ``LOAD`` attempts (aimed at a
    listening socket of our own, so that any request the server makes is
    caught), binary garbage, bad percent-encoding, odd methods, headers and
    ``Accept`` values, by GET and POST. Each goes over a raw socket, its
    writing side then shut, with a deadline of the server's timeout plus
    10 s. A *crash* is an answer 5xx with a traceback in its body, a
    connection refused, reset or closed before a whole answer, a traceback in
    the server's log (but for a worker's ``MemoryError`` at ``--max-memory``),
    or the server process dying (it is then restarted); a *hang* is no answer
    by the deadline; a *fetch* is a connection to our socket. A worker that
    dies (at ``--max-memory``, or with Oxigraph out of stack on a long query)
    is replaced by the server and its query answered with a 500: counted, not
    a crash. The server's memory, the RSS of the server, its forkserver and
    its workers together, read from ``/proc`` ten times a second, is reported
    at its peak.

The in-process parts run each input under an alarm (120 s an article file or
corpus, 30 s a folder of names), so an input that does not end counts as a
hang instead of stopping the run. Inputs are deterministic for a seed, and
input *n* of a part is the same whether the part runs alone or with the
others. Every crash, hang and fetch is printed with the input that caused it;
any makes the exit status 1. The summary is one line per part and a total.

Usage::

    python benchmarks/fuzz.py                          # 10,000 inputs over the four parts, seed 1
    python benchmarks/fuzz.py --inputs 500 --seed 7
    python benchmarks/fuzz.py --part sparql --inputs 2000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

from kg.api import extract_document
from kg.errors import InputError
from kg.model import Document
from kg.query import named_queries
from kg.sources import Sources, read_corpus, read_sources

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("files", "jsonl", "names", "aliases", "sparql")
# Share of --inputs each part gets when all run.
SHARES = {"files": 0.15, "jsonl": 0.15, "names": 0.2, "aliases": 0.05, "sparql": 0.45}
# Longest an input of an in-process part may take before it counts as a hang (seconds).
FILE_LIMIT_S = 120.0
NAMES_LIMIT_S = 30.0
PROGRESS_EVERY = 1000

WORDS = (
    "Spain Portugal France Germany Macron Scholz Microsoft NATO EU the a President Minister company it he "
    "they both sides said signed bought did not never may would refused to agreed with from in on if and "
    "S-400 Paris Berlin (IS) Islamic State deal talks of 's 1982 Monday officials"
).split()
NOISE = [".", ",", "\n", "\n\n", "\t", "\x00", "\x0b", "\u200b", "\ufeff", "\u202e", "é", "ß", "中", "🙂", '"', "(", ")"]
GOOD_TEXTS = (
    "Spain signed a trade agreement with Portugal on Monday, officials said.",
    "Turkey did not buy the S-400 missiles from Russia, the minister said on Tuesday.",
    "Microsoft may acquire a stake in the German company, according to people familiar with the talks.",
    "French President Emmanuel Macron met Chancellor Olaf Scholz in Berlin to discuss energy prices.",
)
GERMAN_TEXT = "Der Bundeskanzler traf am Montag den französischen Präsidenten in Berlin, um über Energie zu sprechen."


@dataclass
class PartResult:
    """What one part ran and found; ``detail`` says what its inputs were."""

    name: str
    inputs: int
    crashes: int = 0
    hangs: int = 0
    fetches: int = 0
    seconds: float = 0.0
    detail: str = ""

    def line(self) -> str:
        fetches = f", {self.fetches} fetch(es)" if self.name == "sparql" else ""
        return (
            f"{self.name}: {self.inputs:,} inputs ({self.detail}): {self.crashes} crash(es), "
            f"{self.hangs} hang(s){fetches} in {self.seconds:.0f} s"
        )


class _Hang(BaseException):
    """Raised by the alarm in an input that ran past its time limit (not an ``Exception``, so kg cannot swallow it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _attempt(check: Callable[[], str | None], limit: float) -> tuple[str | None, bool]:
    """Run one input's check under a time limit: (the crash found or ``None``, whether it hung)."""
    try:
        with _time_limit(limit):
            return check(), False
    except _Hang:
        return f"no result within {limit:g} s", True
    except Exception:  # noqa: BLE001 - a fuzzer counts every failure
        return traceback.format_exc(limit=-4), False


def _report(part: str, number: int, what: str, problem: str) -> None:
    print(f"{part}: failure on input {number} ({what}): {problem}", file=sys.stderr, flush=True)


def _progress(result: PartResult, done: int, started: float) -> None:
    if done % PROGRESS_EVERY == 0:
        print(
            f"  {result.name}: {done:,} inputs, {result.crashes} crash(es), {result.hangs} hang(s), "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text


def _writable(text: str) -> bool:
    """Whether an output file (UTF-8) can hold ``text``: no lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refusal_problem(error: InputError) -> str | None:
    """``None`` when ``error`` is a clean refusal: one line of text any output can hold."""
    message = str(error)
    if not message or not _one_line(message) or not _writable(message):
        return f"bad error message: {message[:300]!r}"
    return None


def _sources_problem(sources: Sources) -> str | None:
    """What in ``sources`` no output or one-line message could hold, or ``None``."""
    for document in sources.documents:
        for value in (document.id, document.text, document.source, document.title or "", document.date or ""):
            if not _writable(value):
                return f"document {document.id!r} holds a lone surrogate"
    for message in (*sources.warnings, *(s.detail for s in sources.skipped)):
        if not _one_line(message) or not _writable(message):
            return f"skip or warning not one line of text: {message[:300]!r}"
    for skipped in sources.skipped:
        if not _writable(skipped.source):
            return f"skipped source holds a lone surrogate: {skipped.source[:300]!r}"
    return None


def _extraction_problem(nlp, documents: tuple[Document, ...], aliases=None) -> str | None:
    """Parse and extract each document; describe the first broken invariant, or ``None``."""
    for document in documents:
        entities, statements, _dropped = extract_document(nlp(document.text), document, aliases)
        ids = {e.id for e in entities}
        for statement in statements:
            p = statement.provenance
            if statement.subject not in ids or statement.object not in ids:
                return "statement points at a missing entity"
            if document.text[p.start : p.end] != p.sentence:
                return "sentence is not the text slice"
    return None


# --- files -----------------------------------------------------------------------------------


def _article_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts or ["Spain signed a trade agreement with Portugal on Monday, officials said."]


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 6)):
        if not text:
            break
        i, j = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        choice = rng.randrange(6)
        if choice == 0:
            text = text[:i] + text[j:]
        elif choice == 1:
            text = text[:j] + text[i:j] + text[j:]
        elif choice == 2:
            text = text[:i] + rng.choice(NOISE) * rng.randint(1, 50) + text[i:]
        elif choice == 3:
            text = text[:i] + "x" * rng.randint(100, 5000) + text[i:]
        elif choice == 4:
            text = text[j:] + text[:i]
        else:
            text = text.replace(" ", "\n", rng.randint(1, 20))
    return text


def generate(number: int, rng: random.Random, articles: list[str]) -> tuple[str, bytes]:
    """(file suffix, content) of input ``number`` of the files part."""
    kind = number % 7
    if kind == 0:
        return ".txt", rng.randbytes(rng.randint(0, 3000))
    if kind == 1:
        return ".txt", "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(0, 500))).encode("utf-8", "surrogatepass")
    if kind == 2:
        words = [rng.choice(WORDS + NOISE) for _ in range(rng.randint(0, 300))]
        return ".txt", " ".join(words).encode("utf-8")
    if kind in (3, 4):
        text = _mutate(rng.choice(articles), rng)
        encoding = rng.choice(["utf-8", "utf-8", "cp1252", "latin-1", "utf-16"])
        return ".txt", text.encode(encoding, "replace")
    if kind == 5:
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 200)))
        page = f"<html><head><title>{rng.choice(WORDS)}</title></head><body><nav>Home | News</nav>"
        page += f"<article><p>{body}</p></article>" if rng.random() < 0.7 else ""
        page += "<footer>Cookies</footer></body></html>"
        return ".html", _mutate(page, rng).encode("utf-8", "surrogatepass") if rng.random() < 0.3 else page.encode()
    return ".txt", rng.choice(["", " ", "\n\n\n", "\x00", "a", ".", "Spain.", "\ufeff"]).encode("utf-8")


def check(nlp, path: Path) -> str | None:
    """None when the input was built or cleanly refused, else a description of the crash."""
    try:
        sources = read_sources([path])
    except InputError as error:
        return _refusal_problem(error)
    return _sources_problem(sources) or _extraction_problem(nlp, sources.documents)


def fuzz_files(count: int, seed: int, nlp) -> PartResult:
    """Article files (text, HTML, bytes) through reading and extraction."""
    rng = random.Random(f"{seed}-files")
    articles = _article_texts()
    result = PartResult("files", count)
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        for number in range(count):
            suffix, content = generate(number, rng, articles)
            path = Path(folder) / f"input-{number}{suffix}"
            path.write_bytes(content)
            problem, hung = _attempt(lambda: check(nlp, path), FILE_LIMIT_S)
            kinds[suffix] += 1
            if problem is not None:
                result.hangs += hung
                result.crashes += not hung
                _report("files", number, f"{suffix}, {len(content)} bytes", problem)
            path.unlink()
            _progress(result, number + 1, started)
    result.seconds = time.perf_counter() - started
    result.detail = ", ".join(f"{n:,} {suffix}" for suffix, n in sorted(kinds.items()))
    return result


# --- JSON Lines corpora ----------------------------------------------------------------------

# Characters raw in a JSON string that str.splitlines() takes for line ends, and others as odd.
RAW_IN_STRINGS = ("\u2028", "\u2029", "\x85", "\ufeff", "\u202e", "\u200b", "é", "中", "🙂")
LONE_SURROGATES = ("\\udfff", "\\ud800", "\\udc80", "\\udbff")
RECORD_FIELDS = ("text", "id", "title", "date", "url")
NOT_RECORDS = ("{", "null", "[1,2]", '"text"', "{'text': 'x'}", '{"text": null}', '{"text": 1}', '{"text": ""}',
               '{"text": []}', '{"text": "  "}', '{"text": "\\u2028"}', '{"id": "x"}', "1e999", "[]")
# Bytes a mutation inserts: escapes and characters that JSON or UTF-8 refuse, and some it accepts.
RECORD_NOISE = (b"\\udfff", b"\\ud800", b"\\u", b"\\u12", b"\\", b'"', b",", b":", b"{", b"}", b"[", b"]", b"\x00",
                b"\x1f", b"\x0b", b"\x0c", b"\x1c", b"\x1e", b"\xff", b"\x80", b"\xc3", b"\xed\xbf\xbf",
                "\u2028".encode(), "\x85".encode(), "\ufeff".encode(), b"null", b"true", b"1e999", b"-")
NESTING_DEPTHS = (5_000, 100_000, 100_000, 100_000)


def _good_record(tag: str, rng: random.Random) -> bytes:
    text = rng.choice(GOOD_TEXTS)
    if rng.random() < 0.4:
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(RAW_IN_STRINGS) + text[i:]
    record: dict[str, object] = {"id": tag, "text": text}
    if rng.random() < 0.5:
        record.update(title=f"Title {tag}\u2028", date="2024-05-01", url=f"https://example.org/{tag}")
    return json.dumps(record, ensure_ascii=rng.random() < 0.3).encode("utf-8")


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randrange(10)) for _ in range(count - 1))


def _hostile_record(tag: str, rng: random.Random) -> tuple[str, bytes]:
    """(which attack, line) of a record that must be skipped."""
    base = json.dumps({"id": tag, "text": rng.choice(GOOD_TEXTS)})
    attack = rng.randrange(5)
    if attack == 0:  # a lone surrogate escape in a field (a later key wins in JSON)
        name = rng.choice(RECORD_FIELDS)
        value = rng.choice(["", "Spain ", "x"]) + rng.choice(LONE_SURROGATES) + rng.choice(["", " joined NATO.", "z"])
        return f"surrogate in {name}", f'{base[:-1]}, "{name}": "{value}"}}'.encode()
    if attack == 1:
        depth = rng.choice(NESTING_DEPTHS)
        form = rng.randrange(4)
        if form == 0:
            line = f'{base[:-1]}, "n": {"[" * depth}{"]" * depth}}}'
        elif form == 1:
            line = '{"text": ' * depth + '"Spain."' + "}" * depth
        elif form == 2:
            line = "[" * depth + "]" * depth
        else:
            line = f'{base[:-1]}, "n": {"[" * depth}'
        return f"nested {depth:,} deep", line.encode()
    if attack == 2:
        number = rng.choice(["", "-"]) + _digits(rng, rng.choice([5_001, 5_001, 4_301, 10_000]))
        name = rng.choice(["n", "id", "text", "title"])
        return f"{len(number.lstrip('-'))}-digit number in {name}", f'{base[:-1]}, "{name}": {number}}}'.encode()
    if attack == 3:  # a byte that is not UTF-8, inside the text
        text = json.dumps(rng.choice(GOOD_TEXTS)).encode()
        i = rng.randrange(1, len(text) - 1)
        bad = rng.choice([b"\xff", b"\x80", b"\xc3", b"\xed\xbf\xbf", b"\xe9"])
        return "a byte not UTF-8 in text", b'{"id": "' + tag.encode() + b'", "text": ' + text[:i] + bad + text[i:] + b"}"
    return "not a record", rng.choice(NOT_RECORDS).encode()


def _mutate_record(line: bytes, rng: random.Random) -> bytes:
    """``line`` changed at the byte level (never a line break: a mutation changes a record, not the lines)."""
    for _ in range(rng.randint(1, 4)):
        i, j = sorted(rng.randrange(len(line) + 1) for _ in range(2))
        choice = rng.randrange(6)
        if choice == 0:
            line = line[:i] + line[j:]
        elif choice == 1:
            line = line[:j] + line[i:j][:2000] + line[j:]
        elif choice == 2:
            line = line[:i] + rng.choice(RECORD_NOISE) * rng.randint(1, 3) + line[i:]
        elif choice == 3:
            line = line[:i] + rng.choice([b"[", b"{", b"]", b'{"a":']) * rng.choice([10, 1_000, 5_000]) + line[i:]
        elif choice == 4:
            line = line[:i] + _digits(rng, rng.choice([100, 4_300, 5_001])).encode() + line[i:]
        else:
            line = line[j:] + line[:i]
    return line


def _tag(number: int, line: int) -> str:
    """The id of the record on ``line`` (counted from 0) of corpus ``number``."""
    return f"r{number}-{line}"


def _corpus(number: int, rng: random.Random) -> tuple[list[tuple[str, bytes]], bytes]:
    """(kind and bytes of each line, file content) of corpus ``number``; kinds are good, hostile:<attack>,
    mutated and blank."""
    lines: list[tuple[str, bytes]] = []
    for k in range(rng.randint(1, 8)):
        tag, roll = _tag(number, k), rng.random()
        if roll < 0.35:
            lines.append(("good", _good_record(tag, rng)))
        elif roll < 0.65:
            attack, line = _hostile_record(tag, rng)
            lines.append((f"hostile:{attack}", line))
        elif roll < 0.95:
            base = _good_record(tag, rng) if rng.random() < 0.5 else _hostile_record(tag, rng)[1]
            lines.append(("mutated", _mutate_record(base, rng)))
        else:
            lines.append(("blank", rng.choice([b"", b"  ", b"\t"])))
    content = rng.choice([b"\n", b"\r\n"]).join(line for _, line in lines) + rng.choice([b"", b"\n"])
    if rng.random() < 0.1:
        content = b"\xef\xbb\xbf" + content
    return lines, content


def check_corpus(nlp, path: Path, number: int, lines: list[tuple[str, bytes]]) -> str | None:
    """None when every hostile line of corpus ``number`` (at ``path``) was skipped naming its line,
    every good one built, every other line built or skipped, and the documents extracted."""
    good = {_tag(number, k) for k, (kind, _) in enumerate(lines) if kind == "good"}
    try:
        sources = read_sources([path], any_language=True)
    except InputError as error:
        if good and not (any(kind == "mutated" for kind, _ in lines) and "share the id" in str(error)):
            return f"refused a corpus with good records: {error}"
        return _refusal_problem(error)
    problem = _sources_problem(sources)
    if problem:
        return problem
    ids = {d.id for d in sources.documents}
    missing = sorted(tag for tag in good if tag not in ids and f"{tag}#1" not in ids)
    if missing:
        return f"good records not built: {missing}"
    skipped_lines = {int(s.source.rsplit(" line ", 1)[1]) for s in sources.skipped if s.reason == "bad corpus record"}
    for line_number, (kind, _) in enumerate(lines, start=1):
        if kind.startswith("hostile") and line_number not in skipped_lines:
            return f"line {line_number} ({kind}) not skipped"
    texts = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape").split("\n")
    records, built = sum(1 for line in texts if line.strip()), len(read_corpus(path))  # before pieces
    if built + len(skipped_lines) != records:
        return f"{records} lines, but {built} built and {len(skipped_lines)} skipped"
    return _extraction_problem(nlp, sources.documents)


def fuzz_corpora(count: int, seed: int, nlp) -> PartResult:
    """JSON Lines corpora with good, hostile and mutated records."""
    rng = random.Random(f"{seed}-jsonl")
    result = PartResult("jsonl", count)
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        for number in range(count):
            lines, content = _corpus(number, rng)
            path = Path(folder) / f"corpus-{number}.jsonl"
            path.write_bytes(content)
            problem, hung = _attempt(lambda: check_corpus(nlp, path, number, lines), FILE_LIMIT_S)
            kinds.update(kind.split(":")[0] for kind, _ in lines)
            if problem is not None:
                result.hangs += hung
                result.crashes += not hung
                attacks = "; ".join(kind for kind, _ in lines)
                _report("jsonl", number, f"{len(content):,} bytes: {attacks}", problem)
            path.unlink()
            _progress(result, number + 1, started)
    result.seconds = time.perf_counter() - started
    result.detail = f"{sum(kinds.values()):,} lines: " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(kinds.items()))
    return result


# --- file names ------------------------------------------------------------------------------

NAME_STEMS = (
    b"caf\xe9", b"\xff\xfe", b"\xed\xb2\x80", b"\xc0\xaf", b"\x80", b"\xe9t\xe9",
    b"new\nline", b"carriage\rreturn", b"\n", b"tab\there", b"\x1b[31mred\x1b[0m", b"bell\x07", b"\x7fdel",
    bytes(range(1, 32)).replace(b"\n", b""), b"-rf", b"--help", b"-", b"--", b"-n", b"- x",
    b".hidden", b" lead", b"trail ", b"...", "\u202eevil".encode(), "cafe\u0301".encode(), "caf\u00e9".encode(),
    "\u2028sep".encode(), "\x85".encode(), "中文".encode(), "🙂".encode(), b"#1", b"%00", b"?", b"*", b"\\",
    b"'", b'"', b"$(id)", b"`id`", b"a:b", b"CON", b"~", b"report",
)
NAME_SUFFIXES = (b".txt", b".txt", b".txt", b".html", b".htm", b".TXT", b".jsonl", b"", b".txt\n", b".txt ", b".tx\xe9", b".txt.bak")
MAX_NAME_BYTES = 255
# A chain of folders deeper than Python's recursion limit, and one whose path passes Linux's 4,096 bytes.
DEEP_LEVELS = 1_200
LONG_LEVELS = 17


def _hostile_name(rng: random.Random) -> bytes:
    suffix = rng.choice(NAME_SUFFIXES)
    if rng.random() < 0.15:  # as long as a name may be: 254 or 255 bytes, some of them two-byte letters
        filler = rng.choice([b"a", "é".encode(), b"\xe9"])
        stem = rng.choice(NAME_STEMS) + filler * MAX_NAME_BYTES
        return stem[: MAX_NAME_BYTES - rng.randrange(2) - len(suffix)] + suffix
    stem = b"".join(rng.choice(NAME_STEMS) for _ in range(rng.randint(1, 3)))
    name = (stem + suffix)[-MAX_NAME_BYTES:]
    return name if name not in (b"", b".", b"..") else b"x.txt"


def _content(rng: random.Random) -> bytes:
    roll = rng.randrange(8)
    if roll < 3:
        return " ".join(rng.sample(GOOD_TEXTS, 2)).encode("utf-8")
    if roll == 3:
        return b""
    if roll == 4:
        return bytes(range(256)) * 4
    if roll == 5:
        return "Café owner José Núñez met Spanish ministers in Madrid on Monday.".encode("cp1252")
    if roll == 6:
        return GERMAN_TEXT.encode("utf-8")
    return f"<html><body><article><p>{GOOD_TEXTS[0]} {GOOD_TEXTS[1]}</p></article></body></html>".encode()


def _unique(folder: bytes, name: bytes) -> bytes:
    path, n = os.path.join(folder, name), 0
    while os.path.lexists(path):
        n += 1
        path = os.path.join(folder, (b"%d" % n) + name[: MAX_NAME_BYTES - 8])
    return path


def _chain(top: bytes, names: list[bytes], content: bytes) -> None:
    """Folders ``names`` one inside the other under ``top`` and a file at the bottom, made through
    folder descriptors (the whole path may be past what the system takes in one name)."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        stream = os.open(b"bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(stream, content)
        os.close(stream)
    finally:
        os.close(fd)


def _make_entry(folder: bytes, rng: random.Random) -> tuple[str, bytes]:
    """Make one hostile entry in ``folder``: (what it is, its path)."""
    path = _unique(folder, _hostile_name(rng))
    roll = rng.random()
    if roll < 0.5:
        with open(path, "wb") as stream:
            stream.write(_content(rng))
        if rng.random() < 0.1:
            os.chmod(path, 0)
        return "file", path
    if roll < 0.6:
        os.mkdir(path)
        for _ in range(rng.randint(1, 2)):
            with open(_unique(path, _hostile_name(rng)), "wb") as stream:
                stream.write(_content(rng))
        return "folder", path
    if roll < 0.8:
        target = rng.choice(["self", "pair", "dangling", "sibling", "parent", "dot", "/dev/null", "/dev/zero"])
        if target == "self":
            os.symlink(os.path.basename(path), path)
        elif target == "pair":
            other = _unique(folder, (b"loop-" + _hostile_name(rng))[:MAX_NAME_BYTES])
            os.symlink(os.path.basename(other), path)
            os.symlink(os.path.basename(path), other)
        elif target == "dangling":
            os.symlink(b"missing.txt", path)
        elif target == "sibling":
            sibling = _unique(folder, b"real.txt")
            with open(sibling, "wb") as stream:
                stream.write(_content(rng))
            os.symlink(os.path.basename(sibling), path)
        elif target == "parent":
            os.symlink(b"..", path)
        elif target == "dot":
            os.symlink(b".", path)
        else:
            os.symlink(target.encode(), path)
        return f"symlink to {target}", path
    if roll < 0.87:
        os.mkfifo(path)
        return "fifo", path
    if roll < 0.92:
        os.mkdir(path)
        return "folder with a file's name", path
    os.mkdir(path)
    if rng.random() < 0.5:
        _chain(path, [b"d"] * DEEP_LEVELS, _content(rng))
        return f"{DEEP_LEVELS:,} folders deep", path
    _chain(path, [b"%02d" % n + b"x" * (MAX_NAME_BYTES - 2) for n in range(LONG_LEVELS)], _content(rng))
    return f"path of {LONG_LEVELS * 256:,} bytes", path


def check_names(paths: list[Path]) -> str | None:
    """None when reading ``paths`` gives a clean result or a one-line ``InputError``."""
    try:
        sources = read_sources(paths)
    except InputError as error:
        return _refusal_problem(error)
    return _sources_problem(sources)


def fuzz_names(count: int, seed: int) -> PartResult:
    """Folders of entries with hostile names and kinds, read by read_sources."""
    rng = random.Random(f"{seed}-names")
    result = PartResult("names", count)
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as scratch:
        for number in range(count):
            folder = os.path.join(os.fsencode(scratch), b"in-%d" % number)
            os.mkdir(folder)
            entries = [_make_entry(folder, rng) for _ in range(rng.randint(1, 5))]
            kinds.update(kind for kind, _ in entries)
            by_entry = rng.random() < 0.25
            paths = [Path(os.fsdecode(p)) for _, p in entries] if by_entry else [Path(os.fsdecode(folder))]
            problem, hung = _attempt(lambda: check_names(paths), NAMES_LIMIT_S)
            if problem is not None:
                result.hangs += hung
                result.crashes += not hung
                shown = ", ".join(f"{kind} {os.path.basename(p)!r}"[:120] for kind, p in entries)
                _report("names", number, ("entry by entry: " if by_entry else "folder: ") + shown, problem)
            outcomes["entry by entry" if by_entry else "as a folder"] += 1
            subprocess.run(["rm", "-rf", "--", folder], check=False)  # shutil.rmtree recurses: no 1,200 levels
            _progress(result, number + 1, started)
    result.seconds = time.perf_counter() - started
    result.detail = (
        f"{sum(kinds.values()):,} entries: "
        + ", ".join(f"{n:,} {kind}" for kind, n in kinds.most_common())
        + "; "
        + ", ".join(f"{n:,} read {how}" for how, n in sorted(outcomes.items()))
    )
    return result


# --- aliases files ---------------------------------------------------------------------------

# The text every aliases input is applied to: names the overrides may touch.
ALIASES_TEXT = (
    "The Sun said Acme Europe sold its stake to Globex. Acme said Marseilles beat Lyon. "
    "Ana Ruiz, who runs Globex International, met Tom Reed in Paris. He said it would buy the firm."
)
ALIAS_NAMES = ("The Sun", "Acme", "Acme Europe", "Globex", "Globex International", "Marseilles", "Ana Ruiz", "Paris", "He", "it", "the", "")


def _alias_value(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(["Person", "Organization", "corporation", "Country", "Thing", "city", "PERSON ", "Club"])
    if kind < 0.5:
        return "!" + rng.choice(ALIAS_NAMES)
    if kind < 0.8:
        return rng.choice(ALIAS_NAMES + ("News International", "Acme", "x" * rng.randint(1, 300)))
    return "".join(chr(rng.randint(1, 0x10FFFF)) for _ in range(rng.randint(0, 20)))


def _aliases_input(rng: random.Random) -> tuple[str, str, bytes]:
    """(kind, file suffix, bytes) of one hostile or ordinary aliases file."""
    kind = rng.choice(["csv", "csv", "jsonl", "jsonl", "bytes", "nested", "huge field", "quotes"])
    if kind == "bytes":
        return kind, rng.choice([".csv", ".jsonl"]), rng.randbytes(rng.randint(0, 4000))
    if kind == "nested":
        depth = rng.choice([10, 1000, 100_000])
        return kind, ".jsonl", ("[" * depth + "]" * depth + "\n").encode()
    if kind == "huge field":
        return kind, ".csv", ("Acme," + "y" * rng.choice([1000, 200_000])).encode()
    if kind == "quotes":
        return kind, ".csv", '"Acme\n,Globex\n"unclosed,\n'.encode()
    rows = []
    for _ in range(rng.randint(0, 12)):
        name, value = rng.choice(ALIAS_NAMES), _alias_value(rng)
        if kind == "csv":
            rows.append(f"{name},{value}" if rng.random() < 0.97 else ",".join([name] * rng.randint(0, 4)))
        else:
            key = rng.choice(["canonical", "not", "type"]) if rng.random() < 0.95 else rng.choice(["name", "other"])
            record = {"name": name, key: value.lstrip("!")} if rng.random() < 0.97 else rng.choice([[name], 5, None, {"name": 3}])
            rows.append(json.dumps(record))
    text = "\n".join(rows)
    if rng.random() < 0.1:
        text = _mutate(text, rng)
    return kind, ".csv" if kind == "csv" else ".jsonl", text.encode("utf-8", "surrogatepass")


def check_aliases(nlp, path: Path) -> str | None:
    """read_aliases gives overrides or a one-line InputError; the overrides then build a text cleanly."""
    from kg.aliases import read_aliases

    try:
        aliases = read_aliases(path)
    except InputError as error:
        return _refusal_problem(error)
    return _extraction_problem(nlp, (Document("aliases-test.txt", ALIASES_TEXT),), aliases)


def fuzz_aliases(count: int, seed: int, nlp) -> PartResult:
    """Aliases files (kg build --aliases): ordinary, mutated and hostile ones, read and applied."""
    rng = random.Random(f"{seed}-aliases")
    result = PartResult("aliases", count)
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as scratch:
        for number in range(count):
            kind, suffix, data = _aliases_input(rng)
            kinds[kind] += 1
            path = Path(scratch) / f"aliases-{number}{suffix}"
            path.write_bytes(data)
            problem, hung = _attempt(lambda: check_aliases(nlp, path), FILE_LIMIT_S)
            if problem is not None:
                result.hangs += hung
                result.crashes += not hung
                _report("aliases", number, f"{kind} {data[:80]!r}", problem)
            path.unlink()
            _progress(result, number + 1, started)
    result.seconds = time.perf_counter() - started
    result.detail = ", ".join(f"{n:,} {kind}" for kind, n in kinds.most_common())
    return result


# --- SPARQL endpoint -------------------------------------------------------------------------

SERVER_TIMEOUT_S = 2.0
# How long past the server's timeout an answer may take (a worker killed at the limit is replaced
# before the 503 goes out) before the request counts as hung.
HANG_MARGIN_S = 10.0
SERVER_OPTIONS = ("--max-memory", "1024", "--max-bytes", "1", "--workers", "2", "-q")
SERVER_START_S = 120.0
MEMORY_SAMPLE_S = 0.1
URL_PATTERN = re.compile(r"http://127\.0\.0\.1:(\d+)/sparql")
# Longest request target sent: past 65,536 bytes the server answers 414 and closes with the rest
# of the request unread, which resets the connection under the answer.
MAX_TARGET_BYTES = 48_000
# The server refuses a larger body (413) without reading it: such a body is declared, not sent.
MAX_BODY_BYTES = 1 << 20
LABELS = ("Turkey", "Russia")

SPARQL_WORDS = tuple(
    "SELECT ASK CONSTRUCT DESCRIBE WHERE FROM NAMED GRAPH OPTIONAL UNION MINUS FILTER BIND AS VALUES GROUP BY "
    "ORDER HAVING LIMIT OFFSET DISTINCT REDUCED SERVICE SILENT EXISTS NOT IN a UNDEF PREFIX BASE COUNT SUM MIN "
    "MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL "
    "FLOOR ROUND CONCAT SUBSTR STRLEN REPLACE UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE "
    "STRAFTER YEAR NOW UUID STRUUID MD5 SHA1 SHA256 SHA512 COALESCE IF STRLANG STRDT sameTerm isIRI isBLANK "
    "isLITERAL isNUMERIC REGEX TRIPLE SUBJECT PREDICATE OBJECT isTRIPLE LOAD INSERT DELETE DATA CLEAR DROP "
    "CREATE ADD MOVE COPY WITH USING DEFAULT ALL TO INTO ASC DESC true false".split()
)
SPARQL_SYMBOLS = tuple("{ } ( ) [ ] . ; , * / | ^ ^^ + - ! = != < > <= >= && || ? << >> {| |} ~ @ : _: $ #".split())
SPARQL_TERMS = (
    "?s", "?p", "?o", "?x", "$y", "?label", "rdfs:label", "rdf:type", "rdf:Statement", "rdf:subject", "kg:negated",
    "kg:sentence", "kg:document", "schema:Country", "skos:altLabel", "prov:wasDerivedFrom", "xsd:integer",
    "<http://example.org/x>", "<>", "<#a>", '"Turkey"', "'x'", '"""multi\nline"""', '"x"@en', '"1"^^xsd:integer',
    "1", "1.5", "-0", "1e308", "1e309", "_:b0", "[]", "()", "owl:sameAs", "ex:undeclared", ":x", "<<( ?s ?p ?o )>>",
)
QUERY_HEADS = (
    "SELECT * WHERE {", "ASK {", "CONSTRUCT { ?s ?p ?o } WHERE {", "DESCRIBE ?s WHERE {",
    "SELECT (COUNT(*) AS ?n) WHERE {", "SELECT DISTINCT ?s WHERE { GRAPH ?g {",
)
SMALL_QUERIES = (
    "ASK { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE ?e WHERE { ?e a schema:Country } LIMIT 1",
    "SELECT ?label WHERE { ?e a schema:Country ; rdfs:label ?label } ORDER BY ?label",
)
ACCEPTS = (
    "", "*/*", "application/sparql-results+json", "text/csv", "text/tab-separated-values",
    "application/sparql-results+xml", "text/turtle", "application/ld+json", "application/rdf+xml",
    "application/n-triples", "text/csv;q=0", "text/csv;q=nan", "text/csv;q=inf", "text/csv;q=-1", "text/csv;q=1e400",
    "text/csv;q=", ";;;", ",,,,", "*/*;q=abc", "application/*", "text/*;q=0.1, application/xml", "image/png",
    "text/html", "x" * 8000, ", ".join(f"text/csv;q=0.{n % 10}" for n in range(500)), "caf\xe9/\xff",
    "text/csv; charset=utf-16", "application/sparql-results+json;q=0.5;q=0.9", "TEXT/CSV", " text/csv ",
    "text/csv;level=1;q=0.9", "application/sparql-results+json;q=0, text/turtle;q=0",
)
# Lexemes that a check reading around strings, IRIs and comments could misjudge, put before a SERVICE.
TRICKY_LEXEMES = (
    '"a\\"b"', "'a\\'b'", '"""a"b"""', "'''a''b'''", "<a>", "<http://x/#frag>", "# comment\n", "# comment\r",
    "# comment\r\n", "# comment\f", "# comment\u2028", "ex:a\\#b", "ex:a\\.b", "?service", "$service",
    "ex:service", "service:x", '"SERVICE"', "<SERVICE>", "?x", "\\u0053ERVICE", "SERVICE_x", "xSERVICE", "@en",
    "^^xsd:string", "'unterminated", '"unterminated', "<unterminated", "{", "}", ".", ";", "\\", '"\\\\"',
    "'''\n'''", '"""\r"""', '"\r"', "'\r'", "<\r>", "#",
)
PERCENT_PIECES = (
    b"%", b"%2", b"%zz", b"%ff", b"%c3", b"%c3%28", b"%ed%a0%80", b"%f4%90%80%80", b"%00", b"%c0%af", b"+", b"%25",
    b"&", b"=", b";", b"SELECT", b"%20", b"*", b"%7B", b"%7D", b"ASK", b"query=", b"%u0041", b"%%", b"%0a", b"%0d",
    b"query", b"update=", b"default-graph-uri=",
)
NEST_DEPTHS = (10, 100, 255, 256, 257, 300, 1_000, 10_000, 100_000)
CHAIN_LENGTHS = (10, 100, 1_000, 10_000, 50_000)
LITERAL_SIZES = (1_000, 10_000, 100_000, 900_000)
FORM_TYPE = b"application/x-www-form-urlencoded"
QUERY_TYPE = b"application/sparql-query"
UPDATE_TYPE = b"application/sparql-update"


@dataclass(frozen=True)
class _Request:
    """One HTTP request as bytes go: ``raw`` (a garbage request line) is sent as it is."""

    kind: str
    method: bytes = b"GET"
    target: bytes = b"/sparql"
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""
    version: bytes = b"HTTP/1.1"
    raw: bytes | None = None

    def encode(self, host: bytes) -> bytes:
        if self.raw is not None:
            return self.raw
        headers = list(self.headers)
        names = {name.lower() for name, _ in headers}
        if b"host" not in names:
            headers.insert(0, (b"Host", host))
        if self.body and b"content-length" not in names:
            headers.append((b"Content-Length", b"%d" % len(self.body)))
        lines = [self.method + b" " + self.target + b" " + self.version] + [name + b": " + value for name, value in headers]
        return b"\r\n".join(lines) + b"\r\n\r\n" + self.body

    def shown(self) -> str:
        return repr(self.encode(b"HOST")[:300])


def _query_request(kind: str, sparql: str, rng: random.Random, accept: str | None = None, update: bool = False) -> _Request:
    """``sparql`` sent by GET, by a form POST or as a POST body, with some ``Accept`` header."""
    data = sparql.encode("utf-8", "surrogatepass")
    accept = rng.choice(ACCEPTS) if accept is None else accept
    headers = ((b"Accept", accept.encode("utf-8")),) if accept else ()
    name = b"update" if update else b"query"
    how = rng.random()
    if how < 0.4 and len(data) * 3 < MAX_TARGET_BYTES:
        method = b"HEAD" if rng.random() < 0.05 else b"GET"
        return _Request(kind, method, b"/sparql?" + name + b"=" + quote(data, safe="").encode(), headers)
    if how < 0.7:
        body, content_type = name + b"=" + quote_plus(data).encode(), FORM_TYPE
    else:
        body, content_type = data, UPDATE_TYPE if update else QUERY_TYPE
    headers += ((b"Content-Type", content_type),)
    if len(body) > MAX_BODY_BYTES:
        return _Request(kind, b"POST", b"/sparql", headers + ((b"Content-Length", b"%d" % len(body)),))
    return _Request(kind, b"POST", b"/sparql", headers, body)


def _named_texts() -> list[str]:
    texts = []
    for query in named_queries().values():
        texts.append(query.render({name: LABELS[n % 2] for n, (name, _) in enumerate(query.params)}))
    return texts


def _token_query(rng: random.Random) -> str:
    pool = SPARQL_WORDS + SPARQL_SYMBOLS + SPARQL_TERMS
    text = rng.choice([" ", "", "\n"]).join(rng.choice(pool) for _ in range(rng.randint(1, 60)))
    if rng.random() < 0.6:
        text = f"{rng.choice(QUERY_HEADS)} {text} {'}' * rng.randint(0, 3)}"
    return text


def _named_mutation(rng: random.Random, named: list[str]) -> str:
    """A named query with tokens deleted, repeated, swapped or replaced, characters changed, or a parameter made hostile."""
    if rng.random() < 0.15:
        query = rng.choice([q for q in named_queries().values() if q.params])
        hostile = rng.choice(['"', "\\", "\n", "} SERVICE <http://127.0.0.1:1/> {", "x" * 100_000, "\udfff", "$b", "\x00"])
        return query.render({name: rng.choice([hostile, LABELS[0]]) for name, _ in query.params})
    parts = re.findall(r"\s+|\S+", rng.choice(named))
    for _ in range(rng.randint(1, 4)):
        i, j = rng.randrange(len(parts)), rng.randrange(len(parts))
        choice = rng.randrange(8)
        if choice == 0:
            del parts[i]
        elif choice == 1:
            parts.insert(i, parts[i])
        elif choice == 2:
            parts[i], parts[j] = parts[j], parts[i]
        elif choice == 3:
            parts.insert(i, f" {rng.choice(SPARQL_WORDS + SPARQL_SYMBOLS + SPARQL_TERMS)} ")
        elif choice == 4:
            parts[i] = rng.choice(SPARQL_TERMS)
        elif choice == 5:
            parts = re.findall(r"\s+|\S+", _mutate("".join(parts), rng)) or [" "]
        elif choice == 6:
            parts.append(rng.choice([" LIMIT 100000000", " OFFSET 99999999999999999999", " LIMIT 0", " LIMIT -1"]))
        else:
            parts.insert(i, " ?a ?b ?c . ?d ?e ?f . ")  # a cross product
        if not parts:
            parts = [" "]
    return "".join(parts)


def _nesting_query(rng: random.Random) -> str:
    n = rng.choice(NEST_DEPTHS)
    form = rng.randrange(10)
    if form == 0:
        return f"SELECT * WHERE {{{'{' * n} ?s ?p ?o {'}' * n}}}"
    if form == 1:
        return f"SELECT * WHERE {{ ?s ?p ?o FILTER({'(' * n}1{')' * n}) }}"
    if form == 2:
        return f"SELECT * WHERE {{ ?s ?p {'[ ?p ' * n}?o{' ]' * n} }}"
    if form == 3:
        return f"SELECT * WHERE {{ ?s ?p {'(' * n}?o{')' * n} }}"
    if form == 4:
        return "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }"
    if form == 5:
        return "SELECT * WHERE " + rng.choice("{([") * n
    if form == 6:
        return f'SELECT * WHERE {{ ?s ?p "{"{" * n}" }}'
    if form == 7:
        line_end = rng.choice(["\n", "\r", "\r\n", "\f"])
        return f"SELECT * WHERE {{ ?s ?p ?o # comment{line_end}{'{' * n} }}"
    if form == 8:
        return "SELECT * WHERE { " + "".join(rng.choice("{([") for _ in range(n)) + " }"
    return f"SELECT * WHERE {{ ?s ?p ?o FILTER({'!(' * n}true{')' * n}) }}"


def _chain_query(rng: random.Random) -> str:
    """A query long and flat: no deep brackets, but n terms, patterns or operators one after the other."""
    n = rng.choice(CHAIN_LENGTHS)
    form = rng.randrange(12)
    if form == 0:
        return f"SELECT * WHERE {{ BIND({' + '.join(['1'] * n)} AS ?x) }}"
    if form == 1:
        return f"SELECT * WHERE {{ ?s ?p ?o FILTER({' || '.join(f'?o = {i}' for i in range(n))}) }}"
    if form == 2:
        return f"SELECT * WHERE {{ ?s ?p ?o FILTER({' && '.join(['true'] * n)}) }}"
    if form == 3:
        return f"SELECT * WHERE {{ ?s {'/'.join(['rdfs:label'] * n)} ?o }}"
    if form == 4:
        return f"SELECT * WHERE {{ ?s {'|'.join(['rdfs:label'] * n)} ?o }}"
    if form == 5:
        return "SELECT * WHERE { " + " UNION ".join(["{ ?s rdfs:label ?o }"] * n) + " }"
    if form == 6:
        return "SELECT * WHERE { ?s a rdf:Statement " + " ".join(f"OPTIONAL {{ ?s ?p{i} ?o{i} }}" for i in range(n)) + " }"
    if form == 7:
        return "SELECT * WHERE { ?s a rdf:Statement " + " ".join(["MINUS { ?s kg:negated true }"] * n) + " }"
    if form == 8:
        return "SELECT * WHERE { " + " ".join(f"?s ?p{i} ?o{i} ." for i in range(n)) + " }"
    if form == 9:
        return "SELECT * WHERE { BIND(1 AS ?x0) " + " ".join(f"BIND(?x{i} + 1 AS ?x{i + 1})" for i in range(n)) + " }"
    if form == 10:
        return f"SELECT * WHERE {{ VALUES ?x {{ {' '.join(str(i) for i in range(n))} }} }}"
    return f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o IN ({', '.join(str(i) for i in range(n))})) }}"


def _literal_query(rng: random.Random) -> str:
    n = rng.choice(LITERAL_SIZES)
    form = rng.randrange(12)
    if form == 0:
        return f'SELECT * WHERE {{ BIND("{"x" * n}" AS ?x) }}'
    if form == 1:
        return f"SELECT * WHERE {{ ?s ?p <http://example.org/{'a' * n}> }}"
    if form == 2:
        return f"SELECT ?{'v' * n} WHERE {{ ?s ?p ?{'v' * n} }}"
    if form == 3:
        return f"SELECT * WHERE {{ ?s rdfs:{'l' * n} ?o }}"
    if form == 4:
        return f'SELECT * WHERE {{ BIND("x"@{"a" * n} AS ?x) }}'
    if form == 5:
        return f"SELECT * WHERE {{ BIND({_digits(rng, rng.choice([5_001, n]))} AS ?n) }} "
    if form == 6:
        return f'SELECT * WHERE {{ BIND("{_digits(rng, 5_001)}"^^xsd:integer * 2 AS ?n) }}'
    if form == 7:
        return f"SELECT * WHERE {{ BIND(1e{_digits(rng, 5_001)} AS ?n) BIND(0.{_digits(rng, 5_001)} AS ?m) }}"
    if form == 8:
        escapes = "\\u0041" * (n // 6)
        return f'SELECT * WHERE {{ BIND("{escapes}" AS ?x) }}'
    if form == 9:
        return f"SELECT * WHERE {{ BIND('''{'y' * n}''' AS ?x) FILTER(REGEX(?x, \"(y*)*z\")) }}"
    if form == 10:  # doubling a label until the worker's memory runs out
        binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
        return f"SELECT (STRLEN(?v40) AS ?n) WHERE {{ ?e rdfs:label ?v0 {binds} }} LIMIT 1"
    return f"SELECT (GROUP_CONCAT(?l) AS ?all) WHERE {{ ?a rdfs:label ?l . ?b rdfs:label ?m . ?c rdfs:label ?k }}"


def _service_request(rng: random.Random, trap: int) -> _Request:
    """A query or update that would make the server fetch from ``trap`` if a check let it through."""
    iri = f"<http://127.0.0.1:{trap}/sparql>"
    before = " ".join(rng.choice(TRICKY_LEXEMES) for _ in range(rng.randint(0, 4)))
    gap = rng.choice([" ", "\t", "\n", "\r", "\r\n", "\f", "#c\n", "#c\r", "  "])
    keyword = rng.choice(["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service silent"])
    if rng.random() < 0.25:  # an update that fetches: refused whatever updates are allowed
        load = rng.choice(["LOAD", "load", "LOAD SILENT"])
        update = rng.choice(
            [f"{before}{gap}{load}{gap}{iri}", f"{load} {iri} INTO GRAPH <http://g>",
             f"INSERT {{ ?s ?p ?o }} WHERE {{ {before} {keyword}{gap}{iri} {{ ?s ?p ?o }} }}"]
        )
        return _query_request("service", update, rng, update=True)
    form = rng.randrange(5)
    if form == 0:
        query = f"SELECT * WHERE {{ ?s ?p ?o . {before}{gap}{keyword}{gap}{iri} {{ ?a ?b ?c }} }}"
    elif form == 1:
        query = f"SELECT * WHERE {{ FILTER EXISTS {{ {before} {keyword}{gap}{iri} {{ ?s ?p ?o }} }} }}"
    elif form == 2:
        query = f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {before} {keyword} {iri} {{ ?s ?p ?o }} }} }} }}"
    elif form == 3:
        query = f"SELECT * WHERE {{ BIND({iri} AS ?e) {before} {keyword}{gap}?e {{ ?s ?p ?o }} }}"
    else:
        query = f"SELECT * FROM {iri} FROM NAMED {iri} WHERE {{ {before} ?s ?p ?o }}"
    return _query_request("service", query, rng)


def _garbage_request(rng: random.Random) -> _Request:
    junk = rng.randbytes(rng.choice([1, 16, 256, 4_000]))
    form = rng.randrange(5)
    if form == 0:
        return _Request("garbage", b"GET", b"/sparql?query=" + quote(junk, safe="").encode())
    if form == 1:
        content_type = rng.choice([FORM_TYPE, QUERY_TYPE, UPDATE_TYPE, b"application/octet-stream"])
        return _Request("garbage", b"POST", b"/sparql", ((b"Content-Type", content_type),), junk * rng.choice([1, 100]))
    if form == 2:  # raw bytes in the request target (no space, CR or LF, which would change the request's shape)
        raw = bytes(b for b in junk if b not in b" \r\n") or b"x"
        return _Request("garbage", b"GET", b"/sparql?query=" + raw[:MAX_TARGET_BYTES])
    if form == 3:  # a request line of garbage alone; it holds a letter, or the server rightly says nothing
        line = bytes(b for b in junk if b not in b"\r\n")[:2_000]
        return _Request("garbage", raw=b"G" + line + b"\r\n")
    return _Request("garbage", b"POST", b"/sparql", ((b"Content-Type", FORM_TYPE),), b"query=" + junk)


def _encoding_request(rng: random.Random) -> _Request:
    pieces = b"".join(rng.choice(PERCENT_PIECES) for _ in range(rng.randint(1, 20)))
    form = rng.randrange(3)
    if form == 0:
        return _Request("encoding", b"GET", b"/sparql?query=" + pieces)
    if form == 1:
        return _Request("encoding", b"GET", b"/sparql?" + pieces)
    return _Request("encoding", b"POST", b"/sparql", ((b"Content-Type", FORM_TYPE),), b"query=" + pieces)


def _accept_request(rng: random.Random) -> _Request:
    accept = rng.choice(ACCEPTS) if rng.random() < 0.7 else ",".join(rng.choice(ACCEPTS)[:50] for _ in range(rng.randint(2, 20)))
    return _query_request("accept", rng.choice(SMALL_QUERIES), rng, accept=accept)


def _protocol_request(rng: random.Random) -> _Request:
    """Odd methods, targets, versions and headers around a small query."""
    query = quote(rng.choice(SMALL_QUERIES), safe="").encode()
    form = rng.randrange(8)
    if form == 0:
        method = rng.choice([b"PUT", b"DELETE", b"OPTIONS", b"PATCH", b"TRACE", b"CONNECT", b"GETT", b"get", b"HEAD"])
        return _Request("protocol", method, b"/sparql?query=" + query)
    if form == 1:
        target = rng.choice(
            [b"/", b"/index.html", b"/sparql/", b"/sparql?", b"/sparql?query", b"/sparql?query=&query=", b"//sparql",
             b"/%2e%2e/etc/passwd", b"/sparql#frag", b"*", b"http://127.0.0.1/sparql?query=" + query,
             b"/sparql?update=CLEAR%20ALL", b"/sparql?query=" + query + b"&update=x",
             b"/sparql?query=" + query + b"&default-graph-uri=not%20an%20iri",
             b"/sparql?query=" + query + b"&named-graph-uri=%3C%3E&named-graph-uri=",
             b"/sparql?query=" + query + b"&default-graph-uri=" + quote("http://example.org/\udfff".encode("utf-8", "surrogatepass")).encode(),
             b"/" + b"a" * 40_000]
        )
        return _Request("protocol", b"GET", target)
    if form == 2:
        version = rng.choice([b"HTTP/1.0", b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.1.1", b"HTTP/a.b", b"HTTP/1", b"http/1.1", b"HTTP/99999999999999999999.0"])
        return _Request("protocol", b"GET", b"/sparql?query=" + query, version=version)
    body = b"query=" + query
    if form == 3:
        length = rng.choice([b"-1", b"abc", b"99999999999999999999", b"1, 2", b"+5", b" 5", b"", b"0x10", b"1_0"])
        return _Request("protocol", b"POST", b"/sparql", ((b"Content-Type", FORM_TYPE), (b"Content-Length", length)), body)
    if form == 4:
        content_type = rng.choice(
            [b"", b"application/sparql-query; charset=latin-1", b"multipart/form-data; boundary=x",
             b"application/x-www-form-urlencoded;charset=utf-16", b"APPLICATION/X-WWW-FORM-URLENCODED", b";", b"text/plain"]
        )
        return _Request("protocol", b"POST", b"/sparql", ((b"Content-Type", content_type),), body)
    if form == 5:
        headers = rng.choice(
            [((b"Transfer-Encoding", b"chunked"),), ((b"Expect", b"100-continue"),), ((b"Host", b"evil.example"),),
             ((b"Host", b""),), ((b"Host", b"["),), ((b"Host", b"127.0.0.1:0"),), ((b"Sec-Fetch-Site", b"cross-site"),),
             ((b"Origin", b"null"),), tuple((b"X-%d" % n, b"y") for n in range(rng.choice([50, 99])))]
        )
        return _Request("protocol", b"POST", b"/sparql", ((b"Content-Type", FORM_TYPE), *headers), body)
    if form == 6:  # a declared body longer than sent: the server reads to the end of what comes
        return _Request("protocol", b"POST", b"/sparql", ((b"Content-Type", FORM_TYPE), (b"Content-Length", b"5000")), body)
    update = rng.choice(["CLEAR ALL", "DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }"])
    return _query_request("protocol", update, rng, update=True)


SPARQL_KINDS = (
    ("tokens", 20), ("named", 20), ("nesting", 8), ("chains", 8), ("literals", 6), ("service", 12),
    ("garbage", 8), ("encoding", 6), ("accept", 6), ("protocol", 6),
)
_KIND_CYCLE = tuple(kind for kind, weight in SPARQL_KINDS for _ in range(weight))


def make_request(number: int, rng: random.Random, named: list[str], trap: int) -> _Request:
    """Request ``number`` of the sparql part (kinds in a fixed cycle, contents drawn from ``rng``)."""
    kind = _KIND_CYCLE[number % len(_KIND_CYCLE)]
    if kind == "tokens":
        return _query_request(kind, _token_query(rng), rng)
    if kind == "named":
        return _query_request(kind, _named_mutation(rng, named), rng)
    if kind == "nesting":
        return _query_request(kind, _nesting_query(rng), rng)
    if kind == "chains":
        return _query_request(kind, _chain_query(rng), rng)
    if kind == "literals":
        return _query_request(kind, _literal_query(rng), rng)
    if kind == "service":
        return _service_request(rng, trap)
    if kind == "garbage":
        return _garbage_request(rng)
    if kind == "encoding":
        return _encoding_request(rng)
    if kind == "accept":
        return _accept_request(rng)
    return _protocol_request(rng)


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of process ``root`` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                stat = stream.read()
        except OSError:
            continue
        parent = int(stat[stat.rfind(b")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as stream:
                total += int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
        pending.extend(children.get(pid, ()))
    return total


class _Server:
    """A ``kg serve`` process on a free loopback port, with its log and the peak memory of its process tree."""

    def __init__(self, source: Path, log: Path, timeout: float) -> None:
        self.source, self.log, self.timeout = source, log, timeout
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.peak_rss = 0
        self._read = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        command = [sys.executable, "-m", "kg.cli", "serve", str(self.source), "--host", "127.0.0.1", "--port", "0",
                   "--timeout", f"{self.timeout:g}", *SERVER_OPTIONS]
        with self.log.open("ab") as stderr:
            self._read = self.log.stat().st_size
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            found = URL_PATTERN.search(self.new_log(peek=True))
            if found:
                self.port = int(found.group(1))
                self._read = self.log.stat().st_size
                if not self._sampler.is_alive():
                    self._sampler.start()
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise SystemExit(f"kg serve did not start: {self.new_log(peek=True)}")

    def new_log(self, peek: bool = False) -> str:
        """What the server wrote to its log since the last call."""
        with self.log.open("rb") as stream:
            stream.seek(self._read)
            data = stream.read()
        if not peek:
            self._read += len(data)
        return data.decode("utf-8", "replace")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _sample(self) -> None:
        while not self._stop.wait(MEMORY_SAMPLE_S):
            if self.alive():
                self.peak_rss = max(self.peak_rss, _tree_rss(self.process.pid))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def close(self) -> None:
        self._stop.set()
        self.stop()


class _Trap:
    """A listening loopback socket that counts connections: each is a request the server made on its own."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


def _parse_answer(data: bytes, method: bytes) -> tuple[int | None, bytes, bool]:
    """(status, body, whether the answer is whole) of the bytes an HTTP server sent; status ``None``
    for an answer without a status line (what http.server sends to a request line it cannot read)."""
    while data.startswith(b"HTTP/"):
        head, separator, rest = data.partition(b"\r\n\r\n")
        if not separator:
            return None, data, False
        try:
            status = int(head.split(b"\r\n", 1)[0].split()[1])
        except (IndexError, ValueError):
            return None, data, False
        if status == 100:
            data = rest
            continue
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if method == b"HEAD" or length is None:
            return status, rest, True
        return status, rest[:length], len(rest) >= length
    return None, data, bool(data)


def _exchange(port: int, request: _Request, deadline_s: float) -> tuple[str, int | None, bytes]:
    """Send ``request`` and read the answer: (outcome, status, body); outcome is ``ok``, ``hang`` or
    what went wrong (refused, reset, closed with no whole answer)."""
    deadline = time.monotonic() + deadline_s
    data, failure = b"", None
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=deadline_s) as connection:
            try:
                connection.sendall(request.encode(b"127.0.0.1:%d" % port))
                connection.shutdown(socket.SHUT_WR)
            except OSError as error:  # the server may answer and close before reading a refused body
                failure = f"{type(error).__name__} while sending"
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return "hang", None, data
                connection.settimeout(remaining)
                try:
                    chunk = connection.recv(1 << 16)
                except TimeoutError:
                    return "hang", None, data
                except OSError as error:
                    failure = f"{type(error).__name__} while reading"
                    break
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return f"{type(error).__name__} on connecting", None, b""
    status, body, whole = _parse_answer(data, request.method)
    if not data:
        return failure or "connection closed with no answer", None, b""
    if not whole:
        return failure or "connection closed in the middle of the answer", status, body
    return "ok", status, body


def _build_exports(folder: Path) -> Path:
    """The exports of ``seeds/``, built by ``kg build`` in ``folder``."""
    out = folder / "exports"
    command = [sys.executable, "-m", "kg.cli", "build", str(ROOT / "seeds"), "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"kg build seeds failed: {done.stderr}")
    return out


def fuzz_endpoint(count: int, seed: int, server_timeout: float) -> PartResult:
    """Generated requests, one at a time, to a real ``kg serve`` over the exports of the seeds."""
    rng = random.Random(f"{seed}-sparql")
    result = PartResult("sparql", count)
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    named = _named_texts()
    started = time.perf_counter()
    restarts = deaths = out_of_memory = 0
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        source = _build_exports(Path(folder))
        trap = _Trap()
        server = _Server(source, Path(folder) / "serve.log", server_timeout)
        server.start()
        started = time.perf_counter()  # the build and the start are not the fuzzing
        try:
            for number in range(count):
                request = make_request(number, rng, named, trap.port)
                kinds[request.kind] += 1
                fetched = trap.connections
                outcome, status, body = _exchange(server.port, request, server_timeout + HANG_MARGIN_S)
                statuses[str(status) if status is not None else "no status line"] += outcome == "ok"
                problems = []
                if outcome == "hang":
                    result.hangs += 1
                    problems.append(f"no answer within {server_timeout + HANG_MARGIN_S:g} s")
                elif outcome != "ok":
                    problems.append(outcome)
                elif status is not None and status >= 500 and b"Traceback" in body:
                    problems.append(f"{status} with a traceback: {body[-500:]!r}")
                log = server.new_log()
                died = status == 500 and b"worker died" in body  # replaced by the server: counted, not a crash
                at_limit = died and ("memory allocation of" in log or "MemoryError" in log)
                deaths += died
                out_of_memory += at_limit
                if "Traceback" in log and not at_limit:
                    problems.append(f"traceback in the server's log: {log[-1500:]}")
                if not server.alive():
                    problems.append(f"the server died (exit status {server.process.returncode}): {log[-500:]}")
                    server.start()
                    restarts += 1
                if trap.connections > fetched:
                    result.fetches += 1
                    problems.append("the server connected to our socket (a fetch)")
                result.crashes += sum(1 for p in problems if not p.startswith(("no answer", "the server connected")))
                if problems:
                    _report("sparql", number, f"{request.kind}: {request.shown()}", "; ".join(problems))
                _progress(result, number + 1, started)
        finally:
            server.close()
            trap.close()
    result.seconds = time.perf_counter() - started
    shown = ", ".join(f"{status} {n:,}" for status, n in sorted(statuses.items()) if n)
    result.detail = (
        ", ".join(f"{n:,} {kind}" for kind, n in kinds.most_common())
        + f"; statuses: {shown}; {deaths} worker(s) died and were replaced ({out_of_memory} at --max-memory, "
        + f"{deaths - out_of_memory} silently: Oxigraph out of stack)"
        + f"; peak server memory {server.peak_rss / 2**20:,.0f} MiB (RSS of server and workers)"
        + (f"; {restarts} restart(s)" if restarts else "")
    )
    return result


def _shares(total: int, parts: tuple[str, ...]) -> dict[str, int]:
    """How many of ``total`` inputs each part runs (the rest of the rounding goes to the last)."""
    if len(parts) == 1:
        return {parts[0]: total}
    counts = {part: int(total * SHARES[part]) for part in parts}
    counts[parts[-1]] += total - sum(counts.values())
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="inputs in all, shared among the parts run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument("--server-timeout", type=float, default=SERVER_TIMEOUT_S, help="kg serve --timeout (sparql part)")
    options = parser.parse_args(argv)

    parts = PARTS if options.part == "all" else (options.part,)
    counts = _shares(options.inputs, parts)
    nlp = None
    if {"files", "jsonl", "aliases"} & set(parts):
        from kg.nlp import load_pipeline

        nlp = load_pipeline()
    runners: dict[str, Callable[[int], PartResult]] = {
        "files": lambda n: fuzz_files(n, options.seed, nlp),
        "jsonl": lambda n: fuzz_corpora(n, options.seed, nlp),
        "names": lambda n: fuzz_names(n, options.seed),
        "aliases": lambda n: fuzz_aliases(n, options.seed, nlp),
        "sparql": lambda n: fuzz_endpoint(n, options.seed, options.server_timeout),
    }
    results = [runners[part](counts[part]) for part in parts]
    for result in results:
        print(result.line())
    inputs = sum(r.inputs for r in results)
    crashes, hangs, fetches = (sum(getattr(r, name) for r in results) for name in ("crashes", "hangs", "fetches"))
    seconds = sum(r.seconds for r in results)
    print(f"total: {inputs:,} inputs, seed {options.seed}: {crashes} crash(es), {hangs} hang(s), {fetches} fetch(es) in {seconds:.0f} s")
    return 1 if crashes or hangs or fetches else 0


if __name__ == "__main__":
    sys.exit(main())
