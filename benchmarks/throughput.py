"""Throughput of ``kg build`` against spaCy's own ``nlp.pipe`` on a corpus, in one run.

What it prints
--------------
* **raw parse**: words/s of ``nlp.pipe`` alone, on spaCy's own pipeline as
  ``spacy.load`` gives it, with the batch size ``kg build`` uses (documents
  read the same way), nothing else done. ``kg build`` parses with the same
  pipeline changed by :func:`kg.nlp.load_pipeline`: a paragraph-boundary
  component added, and the attribute ruler and lemmatizer replaced by kg's
  equivalents (:mod:`kg.ruler`, :mod:`kg.lemmas`: the same annotations,
  several times faster), and its layers multiplying matrices with numpy's BLAS
  on one thread instead of BLIS (:func:`kg.nlp.use_numpy_matmul`: the same
  parse, a third faster here);
* **raw parse, numpy matmul**: the raw parse again with only that last change,
  so the ratio of kg's own work (reading, extraction, graph, exports) to the
  parse it rests on is printed too;
* **kg build**: words/s end to end (reading, parsing, extraction, assembling
  the graph, writing every export file) with ``-j 1``;
* their **ratio** (issue 15 asks >= 0.80, issue 20 >= 0.90) and build time / raw time (<= 1.3);
* the cumulative time at 500, 1,000, ... documents for both, and the time per
  1,000 words in each segment, to show whether cost grows linearly;
* **-j 2**: the same two measurements with two processes (``nlp.pipe(n_process=2)``
  and ``kg build -j 2``);
* **peak RSS** of the process running the build (a fresh child process per
  build, so one measurement does not inherit another's peak).

Words are spaCy tokens, counted the same way for both. Each build runs in its
own child process (``multiprocessing`` with ``fork``) and reports its figures
back; the raw parses run in children too, so every measurement starts from the
same state (model loaded inside the measured time in neither).

Usage::

    python benchmarks/throughput.py                       # ../shared/corpus/bbc, all 2,225 articles (~10 min on 2 cores)
    python benchmarks/throughput.py --limit 300 --no-parallel
    python benchmarks/throughput.py CORPUS_FOLDER

The corpus is read, never copied: do not commit it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from threadpoolctl import threadpool_limits

from kg.api import timed_build
from kg.nlp import DEFAULT_MODEL, load_pipeline, use_numpy_matmul
from kg.runner import BATCH_SIZE
from kg.sources import iter_source_files, read_documents

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
CHECKPOINT_EVERY = 500
MIB = 1 << 20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB


def _checkpoints(total: int) -> list[int]:
    return [n for n in range(CHECKPOINT_EVERY, total, CHECKPOINT_EVERY)] + [total]


def raw_parse(files: list[Path], model: str, jobs: int, numpy_matmul: bool = False) -> dict:
    """``nlp.pipe`` over the documents' texts with spaCy's own pipeline, loaded before the clock
    starts; with ``numpy_matmul``, its layers multiplying with numpy's BLAS on one thread as kg's do."""
    documents = read_documents(files)
    nlp = spacy.load(model)
    if numpy_matmul:
        use_numpy_matmul(nlp)
        threadpool_limits(limits=1, user_api="blas")  # this child process only
    marks = set(_checkpoints(len(documents)))
    times: dict[int, tuple[float, int]] = {}
    words = 0
    started = time.perf_counter()
    texts = (d.text for d in documents)
    for count, doc in enumerate(nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs), start=1):
        words += len(doc)
        if count in marks:
            times[count] = (time.perf_counter() - started, words)
    return {"seconds": time.perf_counter() - started, "words": words, "times": times, "peak_mb": _peak_rss_mb()}


def full_build(files: list[Path], model: str, jobs: int) -> dict:
    """``kg build FILES -o TMP -j JOBS`` through the API, timed from reading to the last export file."""
    load_pipeline(model)  # loaded before the clock starts, as for the raw parse
    # documents, not files: a file over the piece size is read as several documents
    marks = set(_checkpoints(len(read_documents(files))))
    times: dict[int, tuple[float, int]] = {}
    state = {"count": 0, "words": 0, "parsed": 0.0}
    started = time.perf_counter()

    def on_result(result) -> None:
        state["count"] += 1
        state["words"] += result.words
        if state["count"] in marks:
            times[state["count"]] = (time.perf_counter() - started, state["words"])

    def on_export() -> None:
        state["parsed"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="kg-throughput-") as outdir:
        graph, _summary = timed_build(files, outdir, model=model, jobs=jobs, on_result=on_result, on_export=on_export)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "parse_extract_seconds": state["parsed"],
        "export_seconds": seconds - state["parsed"],
        "words": state["words"],
        "times": times,
        "peak_mb": _peak_rss_mb(),
        "statements": len(graph.statements),
        "entities": len(graph.entities),
    }


def _child(connection, function, args) -> None:
    connection.send(function(*args))
    connection.close()


def in_child(function, *args) -> dict:
    """Run ``function(*args)`` in a fresh forked process (its own peak RSS) and return its result."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, function, args))
    process.start()
    send.close()
    result = receive.recv()
    process.join()
    return result


def _segments(times: dict[int, tuple[float, int]]) -> list[str]:
    rows, previous = [], (0, 0.0, 0)
    for count in sorted(times):
        seconds, words = times[count]
        per_kword = (seconds - previous[1]) / max(1, words - previous[2]) * 1000
        rows.append(f"{count:>6,} docs {seconds:8.1f} s  ({per_kword * 1000:6.1f} ms per 1,000 words in this segment)")
        previous = (count, seconds, words)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of articles (default: the BBC corpus)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N files (sorted by path)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--no-parallel", action="store_true", help="skip the -j 2 measurements")
    options = parser.parse_args(argv)

    if not options.corpus.is_dir():
        print(f"error: corpus folder {options.corpus} not found", file=sys.stderr)
        return 2
    files = sorted(iter_source_files([options.corpus]))
    if options.limit:
        files = files[: options.limit]
    print(f"corpus: {options.corpus} ({len(files):,} documents), model {options.model}, batch size {BATCH_SIZE}", flush=True)

    raw = in_child(raw_parse, files, options.model, 1)
    print(f"raw nlp.pipe   -j 1: {raw['words']:,} words in {raw['seconds']:.1f} s = {raw['words'] / raw['seconds']:,.0f} words/s, peak RSS {raw['peak_mb']:,.0f} MB", flush=True)
    same = in_child(raw_parse, files, options.model, 1, True)
    print(f"raw nlp.pipe   -j 1, numpy matmul: {same['words'] / same['seconds']:,.0f} words/s ({same['seconds']:.1f} s)", flush=True)
    build = in_child(full_build, files, options.model, 1)
    print(
        f"kg build       -j 1: {build['words']:,} words in {build['seconds']:.1f} s = {build['words'] / build['seconds']:,.0f} words/s "
        f"(parse+extract {build['parse_extract_seconds']:.1f} s, graph+exports {build['export_seconds']:.1f} s), "
        f"peak RSS {build['peak_mb']:,.0f} MB; {build['statements']:,} statements, {build['entities']:,} entities",
        flush=True,
    )
    ratio = (build["words"] / build["seconds"]) / (raw["words"] / raw["seconds"])
    print(f"end-to-end / raw throughput: {ratio:.2f}x   build time / raw parse time: {build['seconds'] / raw['seconds']:.2f}x")
    print(f"end-to-end / raw throughput with the same matmul: {same['seconds'] / build['seconds']:.2f}x (kg's own work beyond the parse)")
    print("cost growth, raw nlp.pipe:")
    print("\n".join("  " + row for row in _segments(raw["times"])))
    print("cost growth, kg build (exports are written after the last document):")
    print("\n".join("  " + row for row in _segments(build["times"])), flush=True)

    if not options.no_parallel:
        raw2 = in_child(raw_parse, files, options.model, 2)
        build2 = in_child(full_build, files, options.model, 2)
        print(f"raw nlp.pipe   -j 2: {raw2['words'] / raw2['seconds']:,.0f} words/s ({raw2['seconds']:.1f} s; x{raw['seconds'] / raw2['seconds']:.2f} vs -j 1)")
        print(
            f"kg build       -j 2: {build2['words'] / build2['seconds']:,.0f} words/s ({build2['seconds']:.1f} s; x{build['seconds'] / build2['seconds']:.2f} vs -j 1), "
            f"peak RSS {build2['peak_mb']:,.0f} MB (main process; each worker is a separate process)"
        )
        print(f"end-to-end / raw throughput at -j 2: {(build2['words'] / build2['seconds']) / (raw2['words'] / raw2['seconds']):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
