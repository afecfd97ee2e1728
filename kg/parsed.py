"""A read-only snapshot of a spaCy parse as plain Python objects, read once per document.

Extraction reads the parse tree many times over: every rule asks for a token's
head, children, lemma and label, and the resolvers walk subtrees again. spaCy
builds a new ``Token`` object on every ``doc[i]``, ``token.head`` and
``token.children`` (the last scans the token's whole left subtree), and looks
each string attribute up in the string store on every read; on a news article
a token is built about forty times over. :func:`snapshot` reads every token
once into a :class:`ParsedToken` (its strings, head and children fixed), and
:class:`ParsedDoc` and :class:`ParsedSpan` stand for ``Doc`` and ``Span``.

The three classes answer the part of spaCy's API that kg uses, with spaCy's
meaning (``subtree`` in spaCy's order, ``conjuncts`` and ``Span.root`` by
spaCy's algorithm), so a function of kg reads a spaCy ``Doc`` or a snapshot
alike: tests may pass either. Attributes not copied are read from the spaCy
token on demand. Tokens are one object per position, so they compare by identity.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc, Span, Token

from .nlp import sentence_of

__all__ = ["ParsedDoc", "ParsedSpan", "ParsedToken", "make_span", "snapshot", "spacy_doc"]


# What the snapshot reads of every token, in one array; ``HEAD`` is an offset stored unsigned.
_ATTRS = [ORTH, SPACY, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, ENT_IOB, IDX, SENT_START, IS_PUNCT, IS_SPACE, HEAD]
_WRAP = 1 << 64
_IOB = ("", "I", "O", "B")
_ENT_COLUMN, _IOB_COLUMN = _ATTRS.index(ENT_TYPE), _ATTRS.index(ENT_IOB)


class _Strings(dict):
    """Hash → string of one document, each looked up in spaCy's string store once."""

    def __init__(self, strings) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        text = self[key] = self.strings[key]
        return text


class ParsedToken:
    """One token of a :class:`ParsedDoc`: spaCy's ``Token`` attributes that kg reads, copied once."""

    __slots__ = (
        "doc", "i", "idx", "text", "whitespace_", "lower_", "lemma_", "pos_", "tag_", "dep_",
        "ent_type_", "ent_iob_", "is_sent_start", "is_punct", "is_space", "head", "children", "_left_edge",
        "_right_edge", "_subtree",
    )

    def __repr__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    def __lt__(self, other: ParsedToken) -> bool:
        return self.i < other.i

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def lefts(self) -> Iterator[ParsedToken]:
        return (c for c in self.children if c.i < self.i)

    @property
    def rights(self) -> Iterator[ParsedToken]:
        return (c for c in self.children if c.i > self.i)

    @property
    def n_lefts(self) -> int:
        return sum(1 for c in self.children if c.i < self.i)

    @property
    def n_rights(self) -> int:
        return sum(1 for c in self.children if c.i > self.i)

    @property
    def left_edge(self) -> ParsedToken:
        if self._left_edge is None:  # spaCy's own edge, read when first asked (few tokens are)
            self._left_edge = self.doc.tokens[self.doc.spacy[self.i].left_edge.i]
        return self._left_edge

    @property
    def right_edge(self) -> ParsedToken:
        if self._right_edge is None:
            self._right_edge = self.doc.tokens[self.doc.spacy[self.i].right_edge.i]
        return self._right_edge

    @property
    def subtree(self) -> tuple[ParsedToken, ...]:
        """The token and its descendants, left subtrees first, as spaCy yields them."""
        if self._subtree is None:
            out: list[ParsedToken] = []
            for child in self.children:
                if child.i < self.i:
                    out.extend(child.subtree)
            out.append(self)
            for child in self.children:
                if child.i > self.i:
                    out.extend(child.subtree)
            self._subtree = tuple(out)
        return self._subtree

    @property
    def ancestors(self) -> Iterator[ParsedToken]:
        token, steps = self, 0
        while token.head is not token and steps < len(self.doc.tokens):
            token, steps = token.head, steps + 1
            yield token

    @property
    def conjuncts(self) -> tuple[ParsedToken, ...]:
        """The tokens coordinated with this one, itself excluded (spaCy's algorithm)."""
        start = self
        while start.head is not start and start.dep_ == "conj":
            start = start.head
        queue = [start]
        output = [start]
        for word in queue:
            for child in word.children:
                if child.i > word.i and child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w is not self)

    @property
    def sent(self) -> ParsedSpan:
        return self.doc.sentence(self.i)

    def nbor(self, i: int = 1) -> ParsedToken:
        j = self.i + i
        if not 0 <= j < len(self.doc.tokens):
            raise IndexError(f"token {self.i} has no neighbour at {i}")
        return self.doc.tokens[j]

    def is_ancestor(self, descendant: ParsedToken) -> bool:
        return any(a is self for a in descendant.ancestors)

    def __getattr__(self, name: str):
        # attributes not copied (is_stop, like_num, shape_, ...) come from spaCy's token
        value = getattr(self.doc.spacy[self.i], name)
        if isinstance(value, (Token, Span, Doc)):
            raise AttributeError(f"ParsedToken.{name} would return a spaCy object")
        return value


class ParsedSpan:
    """A slice of a :class:`ParsedDoc` with a label, as spaCy's ``Span``."""

    __slots__ = ("doc", "start", "end", "label_", "_root")

    def __init__(self, doc: ParsedDoc, start: int, end: int, label: str | int = "") -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self._root: ParsedToken | None = None
        self.label_ = doc.spacy.vocab.strings[label] if isinstance(label, int) else label

    def _key(self) -> tuple:
        return (self.start_char, self.end_char, self.label)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParsedSpan) and other.doc is self.doc and other._key() == self._key()

    def __lt__(self, other: ParsedSpan) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __iter__(self) -> Iterator[ParsedToken]:
        return iter(self.doc.tokens[self.start : self.end])

    def __getitem__(self, i: int | slice) -> ParsedToken | ParsedSpan:
        if isinstance(i, slice):
            start, stop, _ = i.indices(len(self))
            return ParsedSpan(self.doc, self.start + start, self.start + max(start, stop))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"index {i} out of span of {len(self)} tokens")
        return self.doc.tokens[self.start + i]

    @property
    def label(self) -> int:
        return self.doc.spacy.vocab.strings.add(self.label_)

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.end > self.start else self._edge_char()

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self._edge_char()
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    def _edge_char(self) -> int:
        tokens = self.doc.tokens
        return tokens[self.start].idx if self.start < len(tokens) else len(self.doc.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char : self.end_char]

    @property
    def text_with_ws(self) -> str:
        return self.text + (self.doc.tokens[self.end - 1].whitespace_ if self.end > self.start else "")

    @property
    def root(self) -> ParsedToken:
        """The token of the span nearest the root of the tree; the first such (spaCy's algorithm)."""
        if self._root is None:
            self._root = self._find_root()
        return self._root

    def _find_root(self) -> ParsedToken:
        tokens = self.doc.tokens
        for i in range(self.start, self.end):
            if tokens[i].head is tokens[i]:
                return tokens[i]
        best, root = len(tokens), None
        for i in range(self.start, self.end):
            if self.start <= tokens[i].head.i < self.end:
                continue
            depth, token = 0, tokens[i]
            if (token.is_punct or token.is_space) and not token.children:
                depth = len(tokens) - 1  # a bare mark is the root only when nothing else can be
            while token.head is not token and depth < len(tokens) - 1:
                token, depth = token.head, depth + 1
            if depth < best:
                best, root = depth, tokens[i]
        return tokens[self.start] if root is None else root

    @property
    def sent(self) -> ParsedSpan:
        return self.doc.sentence(self.start)

    @property
    def ents(self) -> tuple[ParsedSpan, ...]:
        return tuple(e for e in self.doc.ents if e.start >= self.start and e.end <= self.end)


class ParsedDoc:
    """A parsed document as plain objects: tokens, named entities and sentences (see the module)."""

    __slots__ = ("spacy", "tokens", "ents", "sents", "user_data", "_text")

    def __init__(self, doc: Doc) -> None:
        self.spacy = doc
        self._text = None
        self.user_data: dict = {}
        rows = doc.to_array(_ATTRS).tolist() if len(doc) else []
        name = _Strings(doc.vocab.strings)
        tokens, starts = [], []
        for i, (orth, space, lower, lemma, pos, tag, dep, ent, iob, idx, start, punct, space_, head) in enumerate(rows):
            p = ParsedToken.__new__(ParsedToken)
            p.doc, p.i, p.idx, p.text, p.whitespace_ = self, i, idx, name[orth], " " if space else ""
            p.lower_, p.lemma_, p.pos_, p.tag_, p.dep_ = name[lower], name[lemma], name[pos], name[tag], name[dep]
            p.ent_type_, p.ent_iob_, p.is_punct, p.is_space = name[ent], _IOB[iob], bool(punct), bool(space_)
            p.is_sent_start = i == 0 or start == 1
            if p.is_sent_start:
                starts.append(i)
            p.head = i + (head - _WRAP if head >= _WRAP >> 1 else head)  # unsigned offsets
            p._left_edge = p._right_edge = p._subtree = None
            p.children = []
            tokens.append(p)
        for p in tokens:
            head = p.head = tokens[p.head]
            if head is not p:
                head.children.append(p)
        for p in tokens:
            p.children = tuple(p.children)
        self.tokens = tokens
        self.ents = tuple(self._entities(rows, name))
        self.sents = tuple(ParsedSpan(self, a, b) for a, b in zip(starts, [*starts[1:], len(tokens)]))

    def _entities(self, rows: list[list[int]], name: _Strings) -> Iterator[ParsedSpan]:
        """The named entities from the tokens' IOB tags, as spaCy's ``Doc.ents`` reads them."""
        start, label = -1, 0
        for i, row in enumerate(rows):
            iob, ent = row[_IOB_COLUMN], row[_ENT_COLUMN]
            if iob == 3 and ent:  # B
                if start != -1 and label:
                    yield ParsedSpan(self, start, i, name[label])
                start, label = i, ent
            elif iob != 1:  # O, unset, or B without a label
                if start != -1 and label:
                    yield ParsedSpan(self, start, i, name[label])
                start, label = -1, 0
        if start != -1 and label:
            yield ParsedSpan(self, start, len(rows), name[label])

    @property
    def text(self) -> str:
        if self._text is None:  # spaCy's Doc.text joins its tokens too, building each on the way
            self._text = "".join([part for t in self.tokens for part in (t.text, t.whitespace_)])
        return self._text

    @property
    def vocab(self):
        return self.spacy.vocab

    def sentence(self, i: int) -> ParsedSpan:
        return self.sents[sentence_of(self, i)]  # kg.nlp's index, built once per document

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[ParsedToken]:
        return iter(self.tokens)

    def __getitem__(self, i: int | slice) -> ParsedToken | ParsedSpan:
        if isinstance(i, slice):
            start, stop, _ = i.indices(len(self.tokens))
            return ParsedSpan(self, start, max(start, stop))
        return self.tokens[i]

    def __repr__(self) -> str:
        return self.text


def snapshot(doc: Doc | ParsedDoc) -> ParsedDoc:
    """The :class:`ParsedDoc` of ``doc`` (a snapshot is returned as it is)."""
    return doc if isinstance(doc, ParsedDoc) else ParsedDoc(doc)


def spacy_doc(doc: Doc | ParsedDoc) -> Doc:
    """The spaCy ``Doc`` behind ``doc``, for what needs spaCy itself (the phrase matcher)."""
    return doc.spacy if isinstance(doc, ParsedDoc) else doc


def make_span(doc: Doc | ParsedDoc, start: int, end: int, label: str) -> Span | ParsedSpan:
    """A labelled span of ``doc`` of the doc's own kind."""
    if isinstance(doc, ParsedDoc):
        return ParsedSpan(doc, start, end, label)
    return Span(doc, start, end, label=label)
