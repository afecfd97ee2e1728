"""Extraction on the news development set and on the seed article: the figures of every closing note.

What it measures
----------------
How well kg's extraction generalises beyond the article it was first built
on. It builds the 24 BBC articles of the development set
(``../shared/eval/news``, each gold file naming its article in the corpus
``../shared/corpus/bbc``) and scores them exactly as ``kg eval GOLD_DIR BUILD``
does: a per-article table and micro-averaged recall, required recall, pair
precision, entity recall, junk nodes, fragmented entities and statements per
1,000 words, then the same figures per extraction rule. It then builds
``seeds/`` and scores it against ``tests/data/seed_gold.jsonl``.

How
---
Documents are read with :func:`kg.sources.read_sources` and built in this
process with :func:`kg.api.build_documents` (the default pipeline, loaded
before the clock starts); the statements, entities and documents are turned
into the records of ``statements.jsonl``, ``entities.jsonl`` and
``documents.jsonl`` in memory (no files are written) and scored with
:mod:`kg.evaluate`. Nothing of ``../shared`` is copied into the repository.

Usage::

    python benchmarks/news_dev.py                       # both sets, tables and per-rule counts
    python benchmarks/news_dev.py --json                # the same as JSON
    python benchmarks/news_dev.py --gold DIR --corpus DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.api import build_documents  # noqa: E402
from kg.evaluate import evaluate_articles, format_set_report, gold_files, load_gold  # noqa: E402
from kg.export.jsonl import document_record, entity_record, statement_record  # noqa: E402
from kg.nlp import DEFAULT_MODEL, load_pipeline  # noqa: E402
from kg.sources import read_sources  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "eval" / "news"
DEFAULT_CORPUS = SHARED / "corpus" / "bbc"
SEED_GOLD = ROOT / "tests" / "data" / "seed_gold.jsonl"
SEEDS = ROOT / "seeds"


def records(graph):
    """The statements, entities and documents of ``graph`` as their JSON Lines records."""
    counts: dict[str, int] = {}
    for statement in graph.statements:
        counts[statement.provenance.document] = counts.get(statement.provenance.document, 0) + 1
    return (
        [statement_record(s, graph) for s in graph.statements],
        [entity_record(e) for e in graph.entities],
        [document_record(d, counts.get(d.id, 0)) for d in graph.documents],
    )


def score(golds, inputs, model):
    """Build ``inputs`` and score the build against ``golds``: (report, seconds, words)."""
    documents = read_sources(inputs).documents
    started = time.perf_counter()
    graph = build_documents(documents, model=model)
    seconds = time.perf_counter() - started
    statements, entities, docs = records(graph)
    report = evaluate_articles([load_gold(g) for g in golds], statements, entities, docs)
    return report, seconds, sum(d["words"] for d in docs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of gold files (default: %(default)s)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder their articles are in (default: %(default)s)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args(argv)

    load_pipeline(args.model)  # loaded before any clock starts
    golds = gold_files([args.gold])
    articles = []
    for gold in golds:
        document = load_gold(gold).document
        if not document:
            parser.error(f"{gold}: no 'document' in its meta line")
        path = args.corpus / document
        if not path.is_file():
            parser.error(f"{gold}: article {path} not found (see --corpus)")
        articles.append(path)
    dev, dev_seconds, dev_words = score(golds, articles, args.model)
    seed, seed_seconds, seed_words = score([SEED_GOLD], [SEEDS], args.model)
    if args.json:
        print(json.dumps({
            "development": {**dev.to_dict(by_rule=True), "seconds": dev_seconds, "words": dev_words},
            "seed": {**seed.to_dict(by_rule=True), "seconds": seed_seconds, "words": seed_words},
        }, indent=2))
        return 0
    print(f"News development set: {len(golds)} articles, {dev_words:,} words, built in {dev_seconds:.1f} s")
    print(format_set_report(dev, by_rule=True))
    print()
    print(f"Seed: {seed_words:,} words, built in {seed_seconds:.1f} s")
    print(format_set_report(seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
