"""One huge input file: is it built in pieces, in bounded memory?

Writes a single plain-text file of ``--megabytes`` MB (default 50) made of the
articles of a corpus one after the other (paragraphs kept), then runs
``kg build FILE -o TMP -j JOBS`` as a child process and prints its wall time,
words/s, the number of pieces the file was cut into, the statements found and
the child's peak RSS. The corpus is read, never copied into the repository.

Usage::

    python benchmarks/big_input.py                       # 50 MB from ../shared/corpus/bbc, -j 2
    python benchmarks/big_input.py --megabytes 5 --jobs 1
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.sources import MAX_PIECE_CHARS

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
MIB = 1 << 20


def write_big_file(corpus: Path, path: Path, megabytes: float) -> int:
    """Concatenate the corpus's articles (cycling) into ``path`` until it holds ``megabytes`` MB; return its size."""
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(corpus.rglob("*.txt")) if p.name.lower() != "readme.txt"]
    target = int(megabytes * MIB)
    size = 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            for text in texts:
                chunk = text.strip() + "\n\n"
                out.write(chunk)
                size += len(chunk.encode("utf-8"))
                if size >= target:
                    break
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args(argv)
    if not options.corpus.is_dir():
        print(f"error: corpus folder {options.corpus} not found", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="kg-big-") as folder:
        big = Path(folder) / "big.txt"
        size = write_big_file(options.corpus, big, options.megabytes)
        words = len(big.read_text(encoding="utf-8").split())
        out = Path(folder) / "out"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", str(big), "-o", str(out), "-j", str(options.jobs)],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MIB
        if done.returncode != 0:
            print(f"kg build failed ({done.returncode}): {done.stderr.strip()}", file=sys.stderr)
            return 1
        with (out / "statements.jsonl").open(encoding="utf-8") as lines:
            statements = [json.loads(line) for line in lines if line.strip()]
        documents = {statement["document"] for statement in statements}
        print(f"input: one file of {size / MIB:.1f} MB, {words:,} words; pieces of at most {MAX_PIECE_CHARS:,} characters")
        print(f"kg build -j {options.jobs}: {seconds:.0f} s, {words / seconds:,.0f} words/s; exit {done.returncode}")
        print(f"statements: {len(statements):,} from {len(documents):,} pieces; peak RSS of the largest process: {peak_mb:,.0f} MB")
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
