"""Page furniture (kg.furniture): lines of a web page around an article, left out before parsing."""

from __future__ import annotations

import pytest

from kg.api import build_documents
from kg.furniture import is_furniture, without_furniture
from kg.model import Document
from kg.sources import read_sources


@pytest.mark.parametrize(
    "line",
    [
        "Kremlin/Released",
        "Image: Kremlin/Released",
        "Chip Somodevilla/Getty Images",
        "AFP via Getty Images",
        "(Photo by Chip Somodevilla/Getty Images)",
        "IMAGE SOURCE, GETTY IMAGES",
        "By Jane Smith",
        "By Jane Smith and Tom Reed, BBC News",
        "By Jane Smith, political correspondent",
        "Reporting by Jane Smith; Editing by Tom Reed",
        "Join our brand new verified Acme Telegram channel and get important news uncensored!",
        "Subscribe to our newsletter",
        "Follow us on X",
        "Advertisement",
        "Related Topics",
        "Read more: Putin visits Ankara",
        "Home | News | Sport | Business",
        "© 2023 Acme News. All rights reserved.",
    ],
)
def test_furniture_lines_are_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the ministry had sold 40 jets.",
        "By Monday, Russia had sold jets",  # a headline: a clause, not a newsroom
        "By then it was too late",
        "By Ryanair standards it was cheap",
        "Share prices fell on Monday.",
        "Follow the money",
        "Join the club",
        "Photographs of the summit were released on Friday by the Kremlin, which said the talks went well.",
        "Visit Britain chief executive Patricia Yates",
        "Russia/Ukraine talks stall",
        "Labour | Tories",
        "Sales of the app rose 20%.",
        "Mr Smith said: 'Follow us on this road.'",
    ],
)
def test_article_lines_that_look_like_furniture_are_kept(line):
    assert not is_furniture(line)


def test_furniture_is_blanked_and_offsets_kept():
    text = "Putin met Erdogan in Sochi.\nKremlin/Released\nBy Jane Smith\nThe talks went well."
    cleaned, dropped = without_furniture(text)
    assert dropped == 2
    assert len(cleaned) == len(text)
    assert cleaned.index("The talks went well.") == text.index("The talks went well.")
    assert "Kremlin/Released" not in cleaned and "Jane Smith" not in cleaned
    assert without_furniture("Putin met Erdogan in Sochi.") == ("Putin met Erdogan in Sochi.", 0)


def test_reading_counts_furniture_and_the_build_makes_no_node_of_it(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Turkey buys Russian missiles\n"
        "By Jane Smith, Acme News\n"
        "Turkey bought the S-400 missile system from Russia in 2019.\n"
        "Chip Somodevilla/Getty Images\n"
        "Join our brand new verified Acme Telegram channel and get important news!\n"
        "The United States warned Turkey of sanctions.\n",
        encoding="utf-8",
    )
    sources = read_sources([article])
    assert sources.furniture == 3
    graph = build_documents(sources.documents)
    labels = {e.label for e in graph.entities}
    assert not any(word in label for label in labels for word in ("Jane Smith", "Acme", "Getty", "Somodevilla", "Telegram"))
    assert {"Turkey", "Russia"} <= labels
    # offsets still point into the file as it is
    text = article.read_text(encoding="utf-8")
    for statement in graph.statements:
        p = statement.provenance
        assert text[p.start : p.end] == p.sentence


def test_a_file_of_furniture_alone_is_skipped(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Spain joined NATO in 1982.", encoding="utf-8")
    banner = tmp_path / "banner.txt"
    banner.write_text("Advertisement\nFollow us on X\n", encoding="utf-8")
    sources = read_sources([good, banner])
    assert [d.id for d in sources.documents] == ["good.txt"]
    assert [s.reason for s in sources.skipped] == ["no article text"]
    assert sources.furniture == 2


def test_furniture_in_a_corpus_record_is_left_out(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "a", "text": "Spain joined NATO in 1982.\\nBy Jane Smith"}\n', encoding="utf-8")
    sources = read_sources([corpus])
    assert sources.furniture == 1 and "Jane Smith" not in sources.documents[0].text
