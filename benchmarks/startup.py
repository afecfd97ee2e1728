"""Start-up time of the ``kg`` command: what a user waits for before anything happens.

What it prints
--------------
The median and the spread of whole-process wall times, each run a fresh
interpreter, of:

* ``kg --help`` and ``kg build --help`` (issue 19 asks under 0.3 s: help must
  not load spaCy);
* ``python -c "import kg"`` (the package imports its spaCy-based API on first
  use only);
* ``python -c "pass"``, the interpreter alone, as the floor the others stand on.

The figures are wall times on this machine, so compare them with the floor of
the same run, not across runs.

Usage::

    python benchmarks/startup.py              # 7 runs each
    python benchmarks/startup.py --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]


def _wall(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args(argv)
    cases = {
        "python (floor)": [sys.executable, "-c", "pass"],
        "import kg": [sys.executable, "-c", "import kg"],
        "kg --help": [*KG, "--help"],
        "kg build --help": [*KG, "build", "--help"],
    }
    print(f"{'command':<18} {'median':>8} {'min':>8} {'max':>8}   ({options.runs} runs, whole processes)")
    for name, command in cases.items():
        times = _wall(command, options.runs)
        print(f"{name:<18} {statistics.median(times):>7.3f}s {min(times):>7.3f}s {max(times):>7.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
