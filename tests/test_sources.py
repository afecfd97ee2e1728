"""Reading articles: files, folders, encodings and the errors users cause."""

import json
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import MAX_PIECE_CHARS, detect_language, read_document, read_documents, read_sources, split_document
from kg.model import Document


def test_sources_reads_files_and_folders_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    documents = read_documents([tmp_path])
    assert [d.id for d in documents] == ["a.txt", "b.txt"]
    assert documents[0].text == "First article."


def test_sources_decodes_latin1_files(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café owner José Núñez spoke.".encode("latin-1"))
    assert read_document(path).text == "Café owner José Núñez spoke."


def test_sources_strips_utf8_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHello world.".encode("utf-8"))
    assert read_document(path).text == "Hello world."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_sources_decodes_utf16_files_with_a_byte_order_mark(tmp_path, codec):
    # Windows "Unicode" text: a NUL byte after every ASCII letter, which once read as binary
    path = tmp_path / "unicode.txt"
    text = "Café owner José Núñez met Ana Ruiz in Madrid."
    data = text.encode(codec)
    if codec != "utf-16":  # the plain codec writes its own mark; the others need one
        data = ("\ufeff" + text).encode(codec)
    path.write_bytes(data)
    assert read_document(path).text == text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty input file"),
        ("blank.txt", b"  \n\t \n", "empty input file"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
    ],
)
def test_sources_rejects_unusable_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_documents([path])


def test_sources_rejects_missing_path(tmp_path):
    with pytest.raises(InputError, match="input not found"):
        read_documents([tmp_path / "nope.txt"])


def test_sources_rejects_folder_without_articles(tmp_path):
    (tmp_path / "readme.md").write_text("no articles here", encoding="utf-8")
    with pytest.raises(InputError, match="no .txt files"):
        read_documents([tmp_path])


def test_sources_keeps_ids_unique_for_same_file_names(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story from {folder}.", encoding="utf-8")
    ids = [d.id for d in read_documents([tmp_path])]
    assert ids == ["x/story.txt", "y/story.txt"]


def test_sources_reads_a_file_named_twice_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Spain joined NATO.", encoding="utf-8")
    assert [d.id for d in read_documents([path, tmp_path / "." / "a.txt", tmp_path])] == ["a.txt"]


def test_sources_html_page_gives_its_main_text_title_and_date(tmp_path):
    page = tmp_path / "story.html"
    body = " ".join(["Spain joined NATO in 1982 after a long debate in the Cortes."] * 6)
    page.write_text(
        "<html><head><title>Spain joins NATO</title>"
        '<meta property="article:published_time" content="2019-05-30"></head>'
        "<body><nav>Home | Sport | Weather</nav><article><h1>Spain joins NATO</h1>"
        f"<p>{body}</p></article><footer>Cookie policy</footer></body></html>",
        encoding="utf-8",
    )
    (document,) = read_documents([tmp_path])
    assert "Spain joined NATO" in document.text and "Cookie policy" not in document.text
    assert document.title == "Spain joins NATO" and document.date == "2019-05-30"


def test_sources_jsonl_corpus_with_metadata_and_bad_lines(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"id": "a1", "text": "Spain joined NATO.", "title": "T", "date": "2020-01-02", "url": "https://example.org/a1"}\n'
        "not json\n"
        '{"id": "a2", "title": "no text"}\n'
        '{"text": "Portugal joined NATO."}\n',
        encoding="utf-8",
    )
    sources = read_sources([corpus])
    documents = sources.documents
    assert [s.detail.split(": ")[-1] for s in sources.skipped] == ["invalid JSON", "no text"]
    assert [d.id for d in documents] == ["a1", "corpus.jsonl#4"]
    assert documents[0].date == "2020-01-02" and documents[0].source == "https://example.org/a1"


def test_sources_folders_do_not_read_jsonl_files(tmp_path):
    (tmp_path / "statements.jsonl").write_text('{"text": "not an article"}\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Spain joined NATO.", encoding="utf-8")
    assert [d.id for d in read_documents([tmp_path])] == ["a.txt"]


def test_sources_duplicate_ids_are_an_error(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "x", "text": "A."}\n{"id": "x", "text": "B."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="share the id"):
        read_documents([corpus])


def test_sources_bad_files_are_skipped_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Spain joined NATO in 1982.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "boilerplate.html").write_text(
        "<html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><footer>Cookies</footer></body></html>",
        encoding="utf-8",
    )
    sources = read_sources([tmp_path])
    assert [d.id for d in sources.documents] == ["good.txt"]
    reasons = {Path(s.source).name: s.reason for s in sources.skipped}
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "boilerplate.html": "no article text"}


def test_sources_invalid_utf8_is_read_with_a_warning_naming_the_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café owner José Núñez spoke to Reuters in Madrid.".encode("cp1252"))
    sources = read_sources([path])
    assert sources.documents[0].text.startswith("Café owner José")
    assert len(sources.warnings) == 1 and "latin.txt" in sources.warnings[0] and "not valid UTF-8" in sources.warnings[0]
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text("Café owner José Núñez spoke.", encoding="utf-8")
    assert read_sources([utf8]).warnings == ()


FOREIGN = {
    "de": "Der Bundeskanzler traf am Montag den französischen Präsidenten in Berlin, um über die Energiepreise zu sprechen.",
    "es": "El presidente del gobierno se reunió el lunes con el canciller alemán para hablar de los precios de la energía.",
    "fr": "Le président français a rencontré lundi le chancelier allemand à Berlin pour parler des prix de l'énergie.",
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_sources_articles_not_in_english_are_skipped_unless_forced(tmp_path, language):
    (tmp_path / "english.txt").write_text("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin.", encoding="utf-8")
    (tmp_path / f"{language}.txt").write_text(FOREIGN[language], encoding="utf-8")
    sources = read_sources([tmp_path])
    assert [d.id for d in sources.documents] == ["english.txt"]
    assert [s.reason for s in sources.skipped] == ["not English"] and f"'{language}'" in sources.skipped[0].detail
    forced = read_sources([tmp_path], any_language=True)
    assert len(forced.documents) == 2 and not forced.skipped


def test_sources_language_detection_spares_short_english_and_headlines():
    assert detect_language("Spain joined NATO in 1982.") is None
    assert detect_language("Gazprom, Rosneft and Lukoil shares rose in Moscow trading on Monday.") is None
    assert detect_language(FOREIGN["de"]) == "de"


def test_sources_only_bad_inputs_is_an_error_with_the_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   ", encoding="utf-8")
    with pytest.raises(InputError, match="no usable article: 2 input"):
        read_sources([tmp_path])


def test_sources_long_articles_are_cut_into_pieces_at_paragraph_breaks():
    paragraph = "Spain joined NATO in 1982 after a long debate in parliament. " * 20
    text = "\n\n".join(paragraph.strip() for _ in range(200))
    pieces = split_document(Document("big.txt", text, source="big.txt", title="Big"), limit=10_000)
    assert len(pieces) > 1
    assert all(len(p.text) <= 10_000 for p in pieces)
    assert "".join(p.text for p in pieces) == text  # nothing lost or added
    assert [p.id for p in pieces] == [f"big.txt#{n}" for n in range(1, len(pieces) + 1)]
    assert all(p.text.endswith("\n\n") for p in pieces[:-1])  # cut at paragraph breaks
    assert all(p.title == "Big" for p in pieces)


def test_sources_text_without_breaks_is_still_cut_within_the_limit():
    text = "x" * 25_000
    pieces = split_document(Document("blob.txt", text), limit=10_000)
    assert [len(p.text) for p in pieces] == [10_000, 10_000, 5_000]


def test_sources_short_articles_stay_whole():
    document = Document("a.txt", "Spain joined NATO.")
    assert split_document(document) == [document]
    assert MAX_PIECE_CHARS < 1_000_000  # spaCy refuses longer texts


def test_sources_file_names_with_spaces_and_non_ascii_characters(tmp_path):
    path = tmp_path / "Über die Lage – report 1.txt"
    path.write_text("Spain joined NATO in 1982.", encoding="utf-8")
    (document,) = read_documents([path])
    assert document.id == "Über die Lage – report 1.txt"


def test_sources_keep_the_path_as_named_so_builds_do_not_depend_on_the_checkout(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Chile signed a trade deal with Peru on Monday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (document,) = read_sources(["articles"], any_language=True).documents
    assert document.source == "articles/a.txt"


def test_sources_a_file_name_that_is_not_utf8_is_read_and_exported(tmp_path):
    # "caf\xe9.txt" from a Latin-1 system once aborted the build when the exports were written
    import os

    from kg.api import timed_build

    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as stream:
        stream.write(b"Spain joined NATO in 1982, officials said.")
    (folder / "ok.txt").write_text("France joined NATO in 1949.", encoding="utf-8")
    sources = read_sources([folder])
    assert sorted(d.id for d in sources.documents) == ["café.txt", "ok.txt"]
    assert any("file name not valid UTF-8" in w for w in sources.warnings)
    graph, _summary = timed_build([folder], tmp_path / "out")
    assert "café.txt" in (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8")
    assert len(graph.documents) == 2


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('{"text": "Spain joined NATO.\\udfff"}', "not valid Unicode"),
        ('{"id": "\\udfff", "text": "Spain joined NATO."}', "not valid Unicode"),
        ('{"title": "\\ud800", "text": "Spain joined NATO."}', "not valid Unicode"),
        ('{"text": "Spain joined NATO.", "n": ' + "[" * 100_000 + "]" * 100_000 + "}", "invalid JSON"),
        ('{"text": "Spain joined NATO.", "n": ' + "7" * 5001 + "}", "invalid JSON"),
    ],
    ids=["surrogate-text", "surrogate-id", "surrogate-title", "nested-100000", "number-5001-digits"],
)
def test_sources_a_hostile_corpus_line_is_skipped_and_the_rest_built(tmp_path, record, reason):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(record + '\n{"id": "good", "text": "France joined NATO in 1949."}\n', encoding="utf-8")
    sources = read_sources([corpus])
    assert [d.id for d in sources.documents] == ["good"]
    assert len(sources.skipped) == 1 and reason in sources.skipped[0].detail


def test_sources_a_corpus_record_holding_a_raw_line_separator_stays_one_record(tmp_path):
    # issue 17 (benchmarks/fuzz.py): str.splitlines() cut records at U+2028, U+2029 and U+0085, which a
    # JSON string may hold raw, and skipped both halves as invalid JSON
    records = [
        {"id": "a", "text": "Spain joined NATO\u2028in 1982."},
        {"id": "b", "text": "France\x85joined NATO in 1949.", "title": "NATO\u2029"},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\r\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    sources = read_sources([corpus], any_language=True)
    assert [d.id for d in sources.documents] == ["a", "b"] and not sources.skipped
    assert sources.documents[0].text == "Spain joined NATO\u2028in 1982." and sources.documents[1].title == "NATO\u2029"


def test_sources_a_byte_not_utf8_spoils_only_its_corpus_record(tmp_path):
    # it refused the whole corpus: "cannot read corpus ...: 'utf-8' codec can't decode byte 0xe9"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b'{"id": "bad", "text": "Caf\xe9 owners met."}\n{"id": "good", "text": "France joined NATO in 1949."}\n')
    sources = read_sources([corpus])
    assert [d.id for d in sources.documents] == ["good"]
    (skipped,) = sources.skipped
    assert skipped.detail.endswith("line 1: text that is not valid Unicode (a lone surrogate, or a byte not UTF-8)")


def test_sources_a_corpus_named_in_latin1_gives_readable_ids(tmp_path):
    # the default id FILE#LINE held the name's lone surrogate, and every record without an id was skipped
    path = os.path.join(os.fsencode(tmp_path), b"caf\xe9.jsonl")
    with open(path, "wb") as stream:
        stream.write(b'{"text": "Spain joined NATO in 1982."}\n')
    (document,) = read_sources([os.fsdecode(path)]).documents
    assert document.id == "caf\u00e9.jsonl#1" and document.source.endswith("caf\u00e9.jsonl")


def test_sources_plain_english_is_known_without_the_language_model(monkeypatch):
    from kg import sources

    def no_model():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(sources, "_language_identifier", no_model)
    english = (
        "Acme said on Monday that its shares would be sold to Globex, which has been buying stakes in "
        "the firms that were spun off from Initech during the past year, because the board wanted cash."
    )
    assert detect_language(english) is None
    # a long text in another language still goes to the model, English names in it or not
    french = (
        "Le groupe Acme a annoncé lundi à Paris la vente de ses actions au fonds Globex, qui achète depuis "
        "un an des parts dans les entreprises issues de la scission du groupe The Initech Company."
    )
    with pytest.raises(AssertionError, match="language model"):
        detect_language(french)


def test_lexicon_english_only_function_words_are_no_stop_word_of_another_language():
    import importlib
    import pkgutil

    import spacy.lang

    from kg.lexicon import ENGLISH_ONLY_FUNCTION_WORDS

    checked = 0
    for module in pkgutil.iter_modules(spacy.lang.__path__):
        if module.name in ("en", "xx"):
            continue
        try:
            stop_words = importlib.import_module(f"spacy.lang.{module.name}.stop_words").STOP_WORDS
        except ImportError:
            continue
        checked += 1
        assert not ENGLISH_ONLY_FUNCTION_WORDS & {w.lower() for w in stop_words}, module.name
    assert checked >= 50
