"""Tests of kg/export/html.py: the self-contained interactive page ``graph.html``.

Structural tests read the file as HTML and JSON. Browser tests open it from disk
(``file://``, so nothing can come from the network) in Debian's Chromium driven by
Playwright, and click, search and filter as a reader would. They fail, never skip,
when Chromium or Playwright is missing: ``.ci/run`` installs both.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.errors import ExportError
from kg.export import write_all
from kg.export import html as html_export
from kg.model import KnowledgeGraph

VIEWPORT = {"width": 1280, "height": 800}
# Milliseconds to wait for the page to finish its layout (the small graph needs about one second).
READY_TIMEOUT_MS = 15_000

NORWAY = "country/norway"
NATO = "organization/nato"
BORGE = "person/karin-borge"
BOUGHT = "Norway bought the RBS70 from Sweden."
WITHDREW = "Noregur did not withdraw from NATO."
DELIVER = "Sweden may deliver more RBS70s, Borge said."


class _PageScan(HTMLParser):
    """Collects every tag's attributes and the text of every <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def _scan(text: str) -> _PageScan:
    scan = _PageScan()
    scan.feed(text)
    scan.close()
    return scan


def _embedded_data(scan: _PageScan) -> dict:
    (text,) = [text for attrs, text in scan.scripts if attrs.get("id") == "kg-data"]
    return json.loads(text)


@pytest.fixture(scope="module")
def page_file(small_kg, tmp_path_factory) -> Path:
    """``graph.html`` of the small graph, written through the export registry."""
    outdir = tmp_path_factory.mktemp("html")
    (path,) = write_all(small_kg, outdir, ["graph.html"])
    return path


# --- structure, without a browser ------------------------------------------------------------


def test_html_is_self_contained(page_file):
    scan = _scan(page_file.read_text(encoding="utf-8"))
    for tag, attrs in scan.tags:
        for name in ("src", "href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
        assert not (tag == "script" and "src" in attrs), "scripts must be inlined"
        assert not (tag == "link" and "stylesheet" in (attrs.get("rel") or "")), "styles must be inlined"
    scripts = [text for _attrs, text in scan.scripts]
    assert len(scripts) == 3  # data, vis-network, the page's own code
    assert any("@version 9.1.2" in text and "vis.js is dual licensed" in text for text in scripts)


def test_html_embeds_the_data(page_file, small_kg):
    data = _embedded_data(_scan(page_file.read_text(encoding="utf-8")))
    assert {e["id"] for e in data["entities"]} == {e.id for e in small_kg.entities}
    assert {s["id"] for s in data["statements"]} == {s.id for s in small_kg.statements}
    assert {BOUGHT, WITHDREW, DELIVER} <= set(data["sentences"])
    assert data["documents"]["rbs70-deal.txt"] == {"title": "Norway buys RBS70", "date": "2019-07-12", "url": None}
    assert {e["community"] for e in data["entities"]} <= set(range(1, len(data["entities"]) + 1))

    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    parallel = edges[NORWAY, "product/rbs70"]
    assert len(parallel["statements"]) == 2 and parallel["label"] == "buy\ntest"
    assert edges[NORWAY, NATO]["negated"] and edges[NORWAY, NATO]["label"] == "not withdraw from"
    assert edges["country/sweden", "product/rbs70"]["label"] == "may deliver"

    by_id = {s["id"]: s for s in data["statements"]}
    deliver = next(s for s in by_id.values() if data["sentences"][s["sentence"]] == DELIVER)
    assert deliver["attributed_to"] == BORGE and deliver["attributed_entity"]
    assert deliver["modality"] == "may"
    criticise = next(s for s in by_id.values() if s["predicate"] == "criticise")
    assert criticise["attributed_to"] == "officials" and not criticise["attributed_entity"]


def test_html_ranks_entities_and_marks_the_top_n(small_kg):
    data = html_export.page_data(small_kg, max_shown=3)
    ranked = [e["id"] for e in data["entities"]]
    assert ranked[:2] == [NORWAY, "product/rbs70"]  # three statements each; Norway has mentions
    assert [e["top"] for e in data["entities"]] == [True, True, True, False, False]
    assert data["maxShown"] == 3


def test_html_is_deterministic(small_kg, page_file, tmp_path):
    shuffled = dataclasses.replace(
        small_kg,
        entities=tuple(reversed(small_kg.entities)),
        statements=tuple(reversed(small_kg.statements)),
    )
    (again,) = write_all(shuffled, tmp_path, ["graph.html"])
    assert again.read_bytes() == page_file.read_bytes()


def test_html_text_cannot_break_out_of_its_script(small_kg):
    hostile = '</script><script>alert("x")</script><!-- & </SCRIPT >'
    first = small_kg.statements[0]
    provenance = dataclasses.replace(first.provenance, sentence=hostile)
    graph = dataclasses.replace(
        small_kg,
        statements=(dataclasses.replace(first, provenance=provenance),) + small_kg.statements[1:],
    )
    text = html_export.render_html(graph)
    scan = _scan(text)
    assert len(scan.scripts) == 3
    assert hostile in _embedded_data(scan)["sentences"]
    assert text.lower().count("</script") == 3


def test_html_without_pyvis_is_a_clear_error(small_kg, monkeypatch, tmp_path):
    monkeypatch.setattr(html_export.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ExportError, match=r"pip install pyvis"):
        html_export.write_html(small_kg, tmp_path / "graph.html")


# --- in a browser ----------------------------------------------------------------------------


@pytest.fixture
def open_page(browser):
    """Open a page file and wait until its layout is done; fails the test on any script
    error and on any request that is not for a local file (the page must work offline)."""
    pages = []

    def open_(path: Path):
        page = browser.new_page(viewport=VIEWPORT)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "request",
            lambda request: None
            if request.url.startswith(("file:", "data:"))
            else errors.append(f"request to {request.url}"),
        )
        pages.append((page, errors))
        page.goto(path.as_uri())
        page.wait_for_function("window.kg && window.kg.ready", timeout=READY_TIMEOUT_MS)
        return page

    yield open_
    for page, errors in pages:
        page.close()
        assert not errors, errors


def _node_on_screen(page, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node's centre, from vis-network's own positions."""
    point = page.evaluate(
        """(id) => {
            const network = window.kg.network;
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.querySelector("#kg-graph canvas").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    return point[0], point[1]


def _edge_id(page, source: str, target: str) -> str:
    return page.evaluate(
        "([s, t]) => window.kg.edgesView.get({filter: e => e.from === s && e.to === t})[0].id",
        [source, target],
    )


def test_html_clicking_a_node_lists_its_statements_with_sentences(open_page, page_file):
    page = open_page(page_file)
    page.mouse.click(*_node_on_screen(page, NORWAY))
    panel = page.locator("#kg-panel")
    assert panel.locator("h2").inner_text().startswith("Norway")
    text = panel.inner_text()
    assert BOUGHT in text and WITHDREW in text
    assert "rbs70-deal.txt" in text and "negated" in text
    assert page.evaluate("window.kg.network.getSelectedNodes()") == [NORWAY]


def test_html_clicking_an_edge_lists_the_statements_on_it(open_page, page_file):
    page = open_page(page_file)
    edge = _edge_id(page, NORWAY, NATO)
    # The middle of the drawn (curved) arrow, where its label sits.
    x, y = page.evaluate(
        """(id) => {
            const network = window.kg.network;
            const dom = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            const box = document.querySelector("#kg-graph canvas").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        edge,
    )
    page.mouse.click(x, y)
    text = page.locator("#kg-panel").inner_text()
    assert WITHDREW in text and BOUGHT not in text
    assert page.evaluate("window.kg.network.getSelectedEdges()") == [edge]


def test_html_search_by_alias_selects_and_focuses_the_entity(open_page, page_file):
    page = open_page(page_file)
    page.fill("#kg-search", "elisabet")
    assert page.locator("#kg-results li").first.inner_text().startswith("Karin Borge")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kg.network.getSelectedNodes()") == [BORGE]
    panel = page.locator("#kg-panel")
    assert panel.locator("h2").inner_text().startswith("Karin Borge")
    # Borge is the speaker of the Sweden statement: it is listed under "Said by".
    assert "Said by Karin Borge (1)" in panel.text_content() and DELIVER in panel.text_content()
    # Clicking an entity named in a statement moves the selection there.
    panel.locator("a[data-entity='organization/nato']").first.click()
    assert page.evaluate("window.kg.network.getSelectedNodes()") == [NATO]


def test_html_type_filter_hides_and_shows_a_type(open_page, page_file):
    page = open_page(page_file)
    before = _node_on_screen(page, BORGE)
    page.uncheck("input[data-type='Person']")
    assert page.evaluate(f"window.kg.nodesView.get('{BORGE}')") is None
    assert page.evaluate("window.kg.nodesView.length") == 4
    assert page.evaluate("window.kg.edgesView.get().every(e => e.from !== '%s')" % BORGE)
    page.check("input[data-type='Person']")
    assert page.evaluate("window.kg.nodesView.length") == 5
    assert _node_on_screen(page, BORGE) == pytest.approx(before, abs=1.0)  # back where it was


def test_html_big_graph_opens_on_the_top_n_and_says_so(open_page, small_kg, tmp_path):
    path = tmp_path / "graph.html"
    path.write_text(html_export.render_html(small_kg, max_shown=3), encoding="utf-8")
    page = open_page(path)
    assert page.is_visible("#kg-note")
    assert "3 most connected" in page.inner_text("#kg-note")
    assert page.evaluate("window.kg.nodesView.length") == 3
    # Search finds a hidden entity and brings it in.
    page.fill("#kg-search", "Borge")
    page.press("#kg-search", "Enter")
    assert page.evaluate(f"window.kg.nodesView.get('{BORGE}') !== null")
    assert page.evaluate("window.kg.network.getSelectedNodes()") == [BORGE]
    page.click("#kg-show-all")
    page.wait_for_function("window.kg.ready", timeout=READY_TIMEOUT_MS)
    assert page.evaluate("window.kg.nodesView.length") == 5
    assert not page.is_visible("#kg-note")


def test_html_graph_without_statements_still_opens(open_page, tmp_path):
    path = tmp_path / "graph.html"
    html_export.write_html(KnowledgeGraph(), path)
    page = open_page(path)
    assert "0 entities, 0 statements" in page.inner_text("#kg-panel")


def test_html_layout_is_the_same_on_every_opening(open_page, page_file):
    positions = [open_page(page_file).evaluate("window.kg.network.getPositions()") for _ in range(2)]
    assert positions[0] == positions[1]


# --- issue 18: a viewer that fits the window, colours communities, filters relations ---------


def _near(hex_colour: str, colours: set[tuple[int, int, int]], tolerance: int = 12) -> bool:
    """Whether a pixel of about ``hex_colour`` is among ``colours`` (antialiasing shifts a few levels)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return any(abs(r - x) <= tolerance and abs(g - y) <= tolerance and abs(b - z) <= tolerance for x, y, z in colours)


def test_html_fits_a_small_window(browser, page_file):
    # at 800x600 the three columns left the graph 130 px; the panel now goes under it
    page = browser.new_page(viewport={"width": 800, "height": 600})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("window.kg && window.kg.ready", timeout=READY_TIMEOUT_MS)
        graph = page.locator("#kg-graph").bounding_box()
        assert graph["width"] >= 500 and graph["height"] >= 380
        panel = page.locator("#kg-panel").bounding_box()
        assert panel["y"] >= graph["y"] + graph["height"] - 1  # below the graph, not beside it
        # the screenshot of the graph shows the graph: nodes of the five entities' colours drawn in it
        import io

        from PIL import Image

        from kg.export.palette import type_colour

        shot = Image.open(io.BytesIO(page.locator("#kg-graph").screenshot())).convert("RGB")
        assert shot.size[0] >= 500
        colours = {colour for _count, colour in shot.getcolors(maxcolors=1 << 20)}
        drawn = {t for t in ("Country", "Person", "Product", "Organization") if _near(type_colour(t), colours)}
        assert drawn == {"Country", "Person", "Product", "Organization"}, drawn
    finally:
        page.close()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("window.kg && window.kg.ready", timeout=READY_TIMEOUT_MS)
        graph, panel = page.locator("#kg-graph").bounding_box(), page.locator("#kg-panel").bounding_box()
        assert panel["x"] >= graph["x"] + graph["width"] - 1  # wide: beside it, as before
    finally:
        page.close()


def test_html_colours_by_community_and_back(open_page, page_file, small_kg):
    from kg.export.palette import COMMUNITY_COLOURS, type_colour
    from kg.graph.network import communities

    page = open_page(page_file)
    colour = "(id) => { const c = window.kg.nodes.get(id).color; return typeof c === 'string' ? c : c.background; }"
    assert page.evaluate(colour, NORWAY) == type_colour("Country")
    page.select_option("#kg-colour", "community")
    found = communities(small_kg)
    for entity in small_kg.entities:
        assert page.evaluate(colour, entity.id) == COMMUNITY_COLOURS[found[entity.id] - 1]
    page.select_option("#kg-colour", "type")
    assert page.evaluate(colour, BORGE) == type_colour("Person")


def test_html_relation_filter_keeps_only_matching_arrows(open_page, page_file):
    page = open_page(page_file)
    assert page.evaluate("window.kg.edgesView.length") == 4
    page.fill("#kg-relation", "withdraw")
    assert page.evaluate("window.kg.edgesView.get().map(e => [e.from, e.to])") == [[NORWAY, NATO]]
    page.fill("#kg-relation", "")
    assert page.evaluate("window.kg.edgesView.length") == 4


def test_html_search_ignores_punctuation(open_page, page_file):
    page = open_page(page_file)
    page.fill("#kg-search", "rbs-70")
    assert page.locator("#kg-results li").first.inner_text().startswith("RBS70")
    page.fill("#kg-search", "k.borge")
    assert page.locator("#kg-results li").count() == 0  # letters still have to match in order
    page.fill("#kg-search", "karin-borge")
    assert page.locator("#kg-results li").first.inner_text().startswith("Karin Borge")


def test_html_statement_marks_its_names_and_links_its_source(open_page, small_kg, tmp_path):
    web = dataclasses.replace(small_kg.documents[0], source="https://news.example.org/rbs70?a=1&b=2")
    path = tmp_path / "graph.html"
    html_export.write_html(dataclasses.replace(small_kg, documents=(web, *small_kg.documents[1:])), path)
    page = open_page(path)
    page.evaluate(f"window.kg.select('{NATO}')")
    card = page.locator("#kg-panel .statement", has_text="withdraw").first
    assert card.locator("blockquote mark").all_inner_texts() == ["Noregur", "NATO"]  # an alias counts
    assert card.locator(".source").inner_text().startswith("rbs70-deal.txt \u2014 Norway buys RBS70 \u2014 2019-07-12")
    assert card.locator(".source a").get_attribute("href") == "https://news.example.org/rbs70?a=1&b=2"
    other = page.locator("#kg-panel .statement", has_text="criticised").first
    assert other.locator(".source a").count() == 0  # a file path is no link


def test_html_timeline_shows_what_was_read_up_to_a_date(open_page, small_kg, tmp_path):
    later = dataclasses.replace(small_kg.documents[1], date="2019-08-01")
    path = tmp_path / "graph.html"
    html_export.write_html(dataclasses.replace(small_kg, documents=(small_kg.documents[0], later)), path)
    page = open_page(path)
    assert page.is_visible("#kg-time")
    assert "up to 2019-08-01: 5 statements of 5" in page.inner_text("#kg-time-label")
    page.fill("#kg-time-range", "0")  # the first date: the later article's arrows go
    assert "up to 2019-07-12: 3 statements of 5" in page.inner_text("#kg-time-label")
    shown = page.evaluate("window.kg.edgesView.get().map(e => e.from + '>' + e.to).sort()")
    assert shown == sorted([f"{NORWAY}>{NATO}", f"{NORWAY}>product/rbs70"])
    page.fill("#kg-time-range", "1")
    assert page.evaluate("window.kg.edgesView.length") == 4


def test_html_timeline_is_hidden_without_two_dates(open_page, page_file):
    page = open_page(page_file)  # one dated article
    assert not page.is_visible("#kg-time")
