"""Fuzz the reading and extraction stages with generated inputs; count crashes (must be 0).

Each input is written to a file and goes through what ``kg build`` does with
it: :func:`kg.sources.read_sources` (which may refuse it with an
``InputError``: a clean refusal, not a crash), then parsing and
:func:`kg.api.extract_document` for every document it gave, then the checks
every build relies on (statements point at entities, offsets inside the
text, sentence = text slice). Any other exception, or a failed check, is a
crash and is printed with the input that caused it.

Inputs (deterministic for a seed): random bytes; random Unicode; text made of
news words, punctuation and control characters; mutations of real articles
(spans deleted, duplicated, swapped, bytes flipped, encodings changed, huge
tokens inserted); HTML pages with and without article text; JSON Lines
corpora with good and bad records.

Usage::

    python benchmarks/fuzz.py                         # 10,000 inputs, seed 1
    python benchmarks/fuzz.py --inputs 500 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from kg.api import extract_document
from kg.errors import InputError
from kg.nlp import load_pipeline
from kg.sources import read_sources

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "Spain Portugal France Germany Macron Scholz Microsoft NATO EU the a President Minister company it he "
    "they both sides said signed bought did not never may would refused to agreed with from in on if and "
    "S-400 Paris Berlin (IS) Islamic State deal talks of 's 1982 Monday officials"
).split()
NOISE = [".", ",", "\n", "\n\n", "\t", "\x00", "\x0b", "\u200b", "\ufeff", "\u202e", "é", "ß", "中", "🙂", '"', "(", ")"]


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
    """(file suffix, content) of input ``number``."""
    kind = number % 8
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
    if kind == 6:
        lines = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.5:
                lines.append(json.dumps({"id": str(rng.randrange(10**6)), "text": _mutate(rng.choice(articles), rng)[:3000]}))
            elif roll < 0.75:
                lines.append(json.dumps({"text": rng.choice([None, 1, "", [], "  "])}))
            else:
                lines.append(rng.choice(["{", "null", "[1,2]", '"text"', "{'text': 'x'}"]))
        return ".jsonl", "\n".join(lines).encode("utf-8")
    return ".txt", rng.choice(["", " ", "\n\n\n", "\x00", "a", ".", "Spain.", "\ufeff"]).encode("utf-8")


def check(nlp, path: Path) -> str | None:
    """None when the input was built or cleanly refused, else a description of the crash."""
    try:
        sources = read_sources([path])
    except InputError as error:
        return None if str(error) and "\n" not in str(error) else f"bad error message: {error!r}"
    for document in sources.documents:
        entities, statements, _dropped = extract_document(nlp(document.text), document)
        ids = {e.id for e in entities}
        for statement in statements:
            p = statement.provenance
            if statement.subject not in ids or statement.object not in ids:
                return "statement points at a missing entity"
            if document.text[p.start : p.end] != p.sentence:
                return "sentence is not the text slice"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)

    rng = random.Random(options.seed)
    articles = _article_texts()
    nlp = load_pipeline()
    crashes: list[tuple[int, str]] = []
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        for number in range(options.inputs):
            suffix, content = generate(number, rng, articles)
            path = Path(folder) / f"input-{number}{suffix}"
            path.write_bytes(content)
            try:
                problem = check(nlp, path)
            except Exception:  # noqa: BLE001 - a fuzzer counts every failure
                problem = traceback.format_exc(limit=3)
            kinds[suffix] += 1
            if problem is not None:
                crashes.append((number, problem))
                print(f"crash on input {number} ({suffix}, {len(content)} bytes): {problem}", file=sys.stderr)
            path.unlink()
            if (number + 1) % 1000 == 0:
                print(f"{number + 1:,} inputs, {len(crashes)} crash(es), {time.perf_counter() - started:.0f} s", flush=True)
    seconds = time.perf_counter() - started
    print(f"fuzz: {options.inputs:,} inputs ({dict(kinds)}) seed {options.seed}: {len(crashes)} crash(es) in {seconds:.0f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
