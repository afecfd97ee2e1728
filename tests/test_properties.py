"""Property tests: whatever the text, extraction never fails and its records stay consistent.

Texts are drawn by hypothesis from news-like words (names, countries, verbs,
pronouns, titles, negation), punctuation, line breaks and arbitrary Unicode,
so that both plausible sentences and garbage reach the parser.
"""

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.api import extract_document
from kg.model import Document
from kg.nlp import load_pipeline

WORDS = (
    "Spain Portugal France Germany Macron Scholz Microsoft Siemens NATO EU the a President Prime Minister "
    "Chancellor company country it he she they them their both two sides said says signed bought did not "
    "never may could would refused to agreed with from in on after before if when and or but S-400 F-16 "
    "Paris Berlin Moscow minister officials (IS) Islamic State deal talks with of 's 1982 Monday"
).split()
PUNCTUATION = [".", ",", "!", "?", ";", ":", "-", "—", "(", ")", '"', "'", "\n", "\n\n", "  ", "\t"]

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.text(min_size=1, max_size=8),  # any Unicode, control characters included
)
texts = st.lists(token, min_size=1, max_size=60).map(" ".join)


@lru_cache(maxsize=1)
def _nlp():
    return load_pipeline()


def _extract(text: str):
    document = Document("doc.txt", text)
    return document, *extract_document(_nlp()(text), document)


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(texts)
def test_properties_statements_point_at_entities_and_offsets_match_the_text(text):
    document, entities, statements, dropped = _extract(text)
    ids = {entity.id for entity in entities}
    assert dropped >= 0
    for statement in statements:
        assert statement.subject in ids and statement.object in ids
        p = statement.provenance
        assert 0 <= p.start <= p.end <= len(text)
        assert text[p.start : p.end] == p.sentence
        assert p.document == document.id
        assert 0.0 < statement.confidence <= 1.0


@PROPERTY_SETTINGS
@given(texts)
def test_properties_mentions_lie_inside_the_document(text):
    _document, entities, _statements, _dropped = _extract(text)
    for entity in entities:
        assert entity.label.strip()
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_properties_any_bytes_are_read_or_refused_with_an_input_error(tmp_path_factory, data):
    from kg.errors import InputError
    from kg.sources import read_sources

    path = tmp_path_factory.mktemp("bytes") / "article.txt"
    path.write_bytes(data)
    try:
        sources = read_sources([path])
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        return
    (document,) = sources.documents
    assert document.text.strip()
