"""Score open relation extraction on the CaRB development set.

What it measures
----------------
How well ``kg openie`` (or any system writing CaRB's tab format) recovers the
hand-made propositions of CaRB (Bhardwaj, Aggarwal and Mausam, EMNLP 2019):
precision, recall and F1 at the best confidence threshold, and the area under
the precision-recall curve (AUC), the two numbers papers report as "CaRB".

How
---
This is our own implementation of CaRB's matching, written from the benchmark's
description (``shared/eval/carb/README.md``) and the behaviour of the published
scorer; it does not import or copy that scorer.

* Every proposition becomes three parts, (relation, arg1, rest): arguments after
  the first are joined into one.
* Parts are compared on lower-cased words with punctuation and spaCy's English
  stop words removed. A reference part made only of stop words (the relation
  "is", "has been") is compared on all its words instead, so that it can match
  at all. A reference part with no words (a proposition without a second
  argument) asks for nothing.
* A system proposition matches a reference only if every part shares at least
  one word with the reference's part. Recall credit is the share of the
  reference's words it covers; precision credit is the share of its own words
  found in the reference. When the reference relation is a reporting verb
  ("said", "told", "added"), the system's arguments may also come swapped.
* Recall: each reference takes the best system proposition of its sentence,
  and one system proposition may serve several references. Precision: system
  and reference propositions are paired one to one, greedily, best precision
  first, so repeating a correct proposition earns nothing the second time.
* For every confidence the system gives, only propositions at or above it
  count; precision and recall at that threshold give one point of the curve.
  F1 is taken at the best point; AUC is the trapezoid area under the curve
  closed at (recall 0, precision 1).
* Sentences are matched between gold and system output ignoring case, spaces
  and punctuation. System output for a sentence that has no reference is
  ignored (and counted), as in CaRB.

Where we depart from the published script: it splits words on spaces only
and, despite its options, neither lower-cases nor removes stop words; it only
insists on a shared word in the relation and accepts "be" for any form of it.
We follow the benchmark's description instead, so numbers are close to, not
identical with, those of the published script.

Usage::

    python benchmarks/carb.py                    # run `kg openie` on dev.txt, score it
    python benchmarks/carb.py --system out.tsv   # score an existing output
    python benchmarks/carb.py --system out.tsv --json
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = [
    "BenchmarkError",
    "CarbScore",
    "MatchScore",
    "Proposition",
    "format_report",
    "main",
    "match_proposition",
    "normalize_sentence",
    "parse_gold",
    "parse_system",
    "score",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
CARB_DIR = REPO_ROOT.parent / "shared" / "eval" / "carb"
DEFAULT_GOLD = CARB_DIR / "dev.gold.tsv"
DEFAULT_SENTENCES = CARB_DIR / "dev.txt"

# Runs of letters and digits: "Bush's" and "Bush 's" both give "bush", "s".
WORD = re.compile(r"\w+")

# spaCy's stop words, plus the pieces that contractions leave once punctuation
# is split off ("n't" -> "n", "t"; "'s" -> "s").
STOP = frozenset(STOP_WORDS) | frozenset(piece for word in STOP_WORDS for piece in WORD.findall(word))

# Reporting verbs: "Borge said the deal was off" may come out as
# (the deal was off; said; Borge) as well as (Borge; said; the deal was off).
REPORTING_VERBS = frozenset({"say", "says", "said", "tell", "tells", "told", "add", "adds", "added"})

# Penn Treebank escapes in tokenized sentences ("-LRB- 1990 -RRB-").
PTB_ESCAPES = ("-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-")


class BenchmarkError(Exception):
    """A problem with the benchmark's inputs or with running the extractor."""


@dataclass(frozen=True)
class Proposition:
    """One proposition, gold or system: ``relation(arg1, arg2, ...)``.

    >>> Proposition("was born in", ("Obama", "Hawaii", "in 1961")).rest
    'Hawaii in 1961'
    """

    relation: str
    arguments: tuple[str, ...]
    confidence: float = 1.0

    @property
    def arg1(self) -> str:
        return self.arguments[0] if self.arguments else ""

    @property
    def rest(self) -> str:
        """The arguments after the first, joined into one as CaRB does."""
        return " ".join(argument for argument in self.arguments[1:] if argument)


class MatchScore(NamedTuple):
    """Precision and recall credit of one system proposition against one reference."""

    precision: float
    recall: float


NO_MATCH = MatchScore(0.0, 0.0)


@dataclass(frozen=True)
class CarbScore:
    """The result of scoring a system output against the gold propositions.

    ``curve`` holds (threshold, precision, recall) for each distinct confidence,
    lowest threshold first.
    """

    precision: float
    recall: float
    f1: float
    threshold: float | None
    auc: float
    sentences: int
    sentences_with_output: int
    gold_tuples: int
    system_tuples: int
    ignored_system_sentences: int
    ignored_system_tuples: int
    curve: tuple[tuple[float, float, float], ...] = field(default=(), repr=False)


# ---------------------------------------------------------------- normalising


def normalize_sentence(sentence: str) -> str:
    """The key a sentence is matched on: lower-case letters and digits only.

    >>> normalize_sentence("He said , `` yes . ''") == normalize_sentence('He said, "yes."')
    True
    """
    for escape in PTB_ESCAPES:
        sentence = sentence.replace(escape, " ")
    return "".join(char for char in sentence.lower() if char.isalnum())


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """Lower-cased words of a part, punctuation dropped."""
    return tuple(WORD.findall(text.lower()))


@lru_cache(maxsize=65536)
def _content_words(text: str) -> tuple[str, ...]:
    """Lower-cased words of a part, punctuation and stop words dropped."""
    return tuple(word for word in _words(text) if word not in STOP)


# ------------------------------------------------------------------ matching


def _match_parts(reference: Sequence[str], system: Sequence[str]) -> MatchScore:
    """Compare (relation, arg1, rest) part by part; no match unless every part shares a word."""
    shared_total = reference_total = system_total = 0
    for reference_part, system_part in zip(reference, system):
        reference_words = _content_words(reference_part)
        system_words = _content_words(system_part)
        if not reference_words and _words(reference_part):
            # Only stop words ("is", "has been"): compare every word, or nothing could match.
            reference_words = _words(reference_part)
            system_words = _words(system_part)
        if not reference_words:
            # The reference has nothing here (no second argument): words the
            # system puts here are simply not found in the reference.
            system_total += len(system_words)
            continue
        shared = sum((Counter(reference_words) & Counter(system_words)).values())
        if not shared:
            return NO_MATCH
        shared_total += shared
        reference_total += len(reference_words)
        system_total += len(system_words)
    if not reference_total:
        return NO_MATCH
    return MatchScore(shared_total / system_total, shared_total / reference_total)


def match_proposition(reference: Proposition, system: Proposition) -> MatchScore:
    """Precision and recall credit of ``system`` judged against ``reference``.

    Both are zero unless the relation, the first argument and the rest share at
    least one (non-stop) word with the reference's. A reference whose relation
    is a reporting verb also accepts the system's arguments swapped; the better
    reading (by precision, then recall) counts.

    >>> gold = Proposition("was born in", ("Barack Obama", "Hawaii"))
    >>> match_proposition(gold, Proposition("born in", ("Obama", "Hawaii")))
    MatchScore(precision=1.0, recall=0.75)
    """
    reference_parts = (reference.relation, reference.arg1, reference.rest)
    straight = _match_parts(reference_parts, (system.relation, system.arg1, system.rest))
    if not REPORTING_VERBS.intersection(_words(reference.relation)):
        return straight
    swapped = _match_parts(reference_parts, (system.relation, system.rest, system.arg1))
    return max(straight, swapped)


# ------------------------------------------------------------------- parsing


def _parse(lines: Iterable[str], *, with_confidence: bool) -> tuple[dict[str, list[Proposition]], int]:
    propositions: dict[str, list[Proposition]] = {}
    skipped = 0
    # sentence, [confidence,] relation, arg1: the least a usable line holds
    least = 4 if with_confidence else 3
    for line in lines:
        fields = line.rstrip("\r\n").split("\t")
        if not line.strip():
            continue
        if len(fields) < least or not fields[0].strip():
            skipped += 1
            continue
        confidence = 1.0
        if with_confidence:
            try:
                confidence = float(fields.pop(1))
            except ValueError:
                skipped += 1
                continue
            if confidence != confidence or confidence in (float("inf"), float("-inf")):
                skipped += 1
                continue
        sentence, relation, *arguments = (text.strip() for text in fields)
        if not relation or not arguments[0]:
            skipped += 1
            continue
        key = normalize_sentence(sentence)
        propositions.setdefault(key, []).append(Proposition(relation, tuple(arguments), confidence))
    return propositions, skipped


def parse_gold(lines: Iterable[str]) -> tuple[dict[str, list[Proposition]], int]:
    """Read gold lines ``sentence \\t relation \\t arg1 \\t arg2 ...``.

    Returns the propositions by normalised sentence and the number of lines
    skipped because they lacked a sentence, relation or first argument.
    """
    return _parse(lines, with_confidence=False)


def parse_system(lines: Iterable[str]) -> tuple[dict[str, list[Proposition]], int]:
    """Read system lines ``sentence \\t confidence \\t relation \\t arg1 \\t arg2 ...``.

    Returns the propositions by normalised sentence and the number of lines
    skipped (too few fields, a confidence that is not a finite number, an empty
    relation or first argument).
    """
    return _parse(lines, with_confidence=True)


# ------------------------------------------------------------------- scoring


def _sentence_points(
    references: Sequence[Proposition], extractions: Sequence[Proposition]
) -> list[tuple[float, float, int, float]]:
    """One sentence's contribution at each of its own confidences, lowest first.

    Each item is (confidence, precision credit, number of system propositions,
    recall credit), counting the extractions at or above that confidence.
    """
    scores = [[match_proposition(reference, extraction) for extraction in extractions] for reference in references]
    points = []
    for confidence in sorted({extraction.confidence for extraction in extractions}):
        kept = [j for j, extraction in enumerate(extractions) if extraction.confidence >= confidence]
        recall = sum(max((row[j].recall for j in kept), default=0.0) for row in scores)
        # One-to-one pairing for precision, best pair first (ties: earlier reference, earlier extraction).
        pairs = sorted((-scores[i][j].precision, i, j) for i in range(len(references)) for j in kept)
        used_references: set[int] = set()
        used_extractions: set[int] = set()
        precision = 0.0
        for negative_precision, i, j in pairs:
            if i in used_references or j in used_extractions:
                continue
            used_references.add(i)
            used_extractions.add(j)
            precision -= negative_precision
        points.append((confidence, precision, len(kept), recall))
    return points


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Mapping[str, Sequence[Proposition]], system: Mapping[str, Sequence[Proposition]]) -> CarbScore:
    """Score system propositions against gold ones, both keyed by normalised sentence.

    >>> gold = {"s": [Proposition("bought", ("Norway", "the RBS70"))]}
    >>> system = {"s": [Proposition("bought", ("Norway", "RBS70"), 0.8)]}
    >>> result = score(gold, system)
    >>> (result.precision, result.recall, result.f1, result.auc)
    (1.0, 1.0, 1.0, 1.0)
    """
    points = {
        sentence: _sentence_points(references, system[sentence])
        for sentence, references in gold.items()
        if system.get(sentence)
    }
    thresholds = sorted({point[0] for sentence_points in points.values() for point in sentence_points})
    gold_tuples = sum(len(references) for references in gold.values())

    # Sums at each global threshold. A sentence whose own confidences are
    # c1 < c2 < ... keeps the same extractions for every threshold in (c1, c2],
    # so its point at c2 is added over that whole range.
    precision_sum = [0.0] * len(thresholds)
    system_count = [0] * len(thresholds)
    recall_sum = [0.0] * len(thresholds)
    for sentence_points in points.values():
        start = 0
        for confidence, precision, count, recall in sentence_points:
            end = bisect.bisect_right(thresholds, confidence)
            for k in range(start, end):
                precision_sum[k] += precision
                system_count[k] += count
                recall_sum[k] += recall
            start = end

    curve = tuple(
        (threshold, precision_sum[k] / system_count[k] if system_count[k] else 1.0, recall_sum[k] / gold_tuples)
        for k, threshold in enumerate(thresholds)
    )
    best_threshold, best_precision, best_recall, best_f1 = None, 0.0, 0.0, 0.0
    for threshold, precision, recall in curve:
        if _f1(precision, recall) > best_f1:
            best_threshold, best_precision, best_recall = threshold, precision, recall
            best_f1 = _f1(precision, recall)

    # Recall falls as the threshold rises; close the curve at (recall 0, precision 1).
    auc = 0.0
    if curve:
        closed = [(recall, precision) for _, precision, recall in curve] + [(0.0, 1.0)]
        auc = sum((r0 - r1) * (p0 + p1) / 2 for (r0, p0), (r1, p1) in zip(closed, closed[1:]))

    ignored = [sentence for sentence in system if sentence not in gold]
    return CarbScore(
        precision=best_precision,
        recall=best_recall,
        f1=best_f1,
        threshold=best_threshold,
        auc=auc,
        sentences=len(gold),
        sentences_with_output=len(points),
        gold_tuples=gold_tuples,
        system_tuples=sum(len(extractions) for extractions in system.values()),
        ignored_system_sentences=len(ignored),
        ignored_system_tuples=sum(len(system[sentence]) for sentence in ignored),
        curve=curve,
    )


# ----------------------------------------------------------------------- I/O


def _read_lines(path: Path, what: str) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BenchmarkError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BenchmarkError(f"cannot read {what} {path}: {error}") from None


def run_extractor(sentences: Path) -> str:
    """Run ``python -m kg.cli openie SENTENCES`` from the repository root; return its output.

    Its progress messages (stderr) go straight to the terminal.
    """
    if not sentences.is_file():
        raise BenchmarkError(f"sentences file not found: {sentences}")
    command = [sys.executable, "-m", "kg.cli", "openie", str(sentences)]
    completed = subprocess.run(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    if completed.returncode:
        raise BenchmarkError(f"`{' '.join(command[1:])}` failed with exit code {completed.returncode}")
    return completed.stdout


def format_report(result: CarbScore, *, extraction_seconds: float | None, scoring_seconds: float) -> str:
    """The plain-text summary printed by :func:`main`."""
    threshold = "none" if result.threshold is None else f"{result.threshold:g}"
    timing = f"scoring {scoring_seconds:.1f} s"
    if extraction_seconds is not None:
        timing = f"extraction {extraction_seconds:.1f} s, {timing}"
    lines = [
        "CaRB (our implementation of CaRB's matching)",
        f"  precision      {result.precision:.3f}",
        f"  recall         {result.recall:.3f}",
        f"  F1             {result.f1:.3f}   (best threshold: confidence >= {threshold})",
        f"  AUC            {result.auc:.3f}",
        f"  sentences      {result.sentences} ({result.sentences_with_output} with system output)",
        f"  gold tuples    {result.gold_tuples}",
        f"  system tuples  {result.system_tuples}",
        f"  time           {timing}",
    ]
    if result.ignored_system_sentences:
        lines.append(
            f"  ignored        {result.ignored_system_tuples} system tuples of "
            f"{result.ignored_system_sentences} sentences not in the gold"
        )
    return "\n".join(lines)


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/carb.py",
        description="Score open relation extraction on CaRB (our implementation of CaRB's matching).",
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold propositions (default: %(default)s)")
    parser.add_argument(
        "--sentences",
        type=Path,
        default=DEFAULT_SENTENCES,
        help="sentences to run the extractor on when --system is not given (default: %(default)s)",
    )
    parser.add_argument(
        "--system",
        type=Path,
        help="system output to score (sentence, confidence, relation, arg1, arg2 ...); "
        "without it, `python -m kg.cli openie SENTENCES` is run",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    options = _argument_parser().parse_args(argv)
    try:
        extraction_seconds = None
        if options.system is None:
            started = time.perf_counter()
            system_lines = run_extractor(options.sentences).splitlines()
            extraction_seconds = time.perf_counter() - started
        else:
            system_lines = _read_lines(options.system, "system output")
        started = time.perf_counter()
        gold, gold_skipped = parse_gold(_read_lines(options.gold, "gold file"))
        if not gold:
            raise BenchmarkError(f"no gold propositions in {options.gold}")
        system, system_skipped = parse_system(system_lines)
        result = score(gold, system)
        scoring_seconds = time.perf_counter() - started
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    for skipped, what in ((gold_skipped, "gold"), (system_skipped, "system")):
        if skipped:
            print(f"warning: skipped {skipped} malformed {what} lines", file=sys.stderr)
    if options.json:
        report = {key: value for key, value in asdict(result).items() if key != "curve"}
        report |= {
            "skipped_gold_lines": gold_skipped,
            "skipped_system_lines": system_skipped,
            "extraction_seconds": extraction_seconds,
            "scoring_seconds": scoring_seconds,
        }
        print(json.dumps(report, indent=2))
    else:
        print(format_report(result, extraction_seconds=extraction_seconds, scoring_seconds=scoring_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
