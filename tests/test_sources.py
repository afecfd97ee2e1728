"""Reading articles: files, folders, encodings and the errors users cause."""

import pytest

from kg.errors import InputError
from kg.sources import read_document, read_documents


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
    with pytest.warns(UserWarning, match="skipped 2 invalid record"):
        documents = read_documents([corpus])
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
