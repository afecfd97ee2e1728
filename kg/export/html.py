"""Interactive page ``graph.html``: one self-contained file to explore the graph in a browser.

The page draws the entities (coloured by type, sized by how often they are
mentioned and related) and the statements between them (one arrow per ordered
pair, labelled with its predicates, dashed when every statement on it is
negated). Searching a name or alias selects and focuses its entity, checkboxes
hide and show entity types, and clicking a node or an arrow lists its
statements with their qualifiers, each with the sentence and document it was
read from. Graphs bigger than :data:`MAX_SHOWN_NODES` entities open on the most
connected ones, with a button to show the rest (the page says so).

The file works offline, opened from disk: the data is embedded as JSON and the
drawing library is inlined. That library is vis-network 9.1.2 (its standalone
UMD build, which carries its own CSS), dual licensed Apache-2.0 or MIT
(Copyright (c) 2011-2017 Almende B.V., (c) 2017-2019 visjs contributors); its
licence header is kept in the page. It is read at write time from the PyPI
package ``pyvis`` (BSD), which ships it as a file; pyvis is used only as a
carrier of that file and is never imported.

The output is deterministic: the same graph gives the same bytes, and the
browser layout starts from a fixed seed and stops once stable, so the picture
is the same on every opening.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import ExportError
from kg.export.jsonl import sorted_statements
from kg.export.palette import COMMUNITY_COLOURS, type_colour
from kg.graph.network import communities
from kg.model import ENTITY_TYPES, UNKNOWN_TYPE, KnowledgeGraph, Statement

__all__ = [
    "write_html",
    "render_html",
    "page_data",
    "vis_network_js",
    "MAX_SHOWN_NODES",
    "VIS_PACKAGE",
    "VIS_SCRIPT",
]

# PyPI package that ships the vis-network build, and the file's path inside it.
VIS_PACKAGE = "pyvis"
VIS_SCRIPT = ("lib", "vis-9.1.2", "vis-network.min.js")
# Install hint given when the package is missing.
VIS_REQUIREMENT = "pyvis==0.3.2"

# Entities drawn when the page opens; beyond it only the most connected are shown.
MAX_SHOWN_NODES = 1000
# Predicate phrases written on one merged arrow before "+N more".
MAX_EDGE_LABELS = 3
# Longest node or arrow label before it is cut with an ellipsis.
MAX_LABEL_CHARS = 28
# Seed of vis-network's initial node placement, so every opening draws the same picture.
LAYOUT_SEED = 7

# Sequences that would end or confuse the <script> element holding inlined code:
# "</script" closes it and "<!--" changes how the HTML parser reads what follows.
# The backslash forms mean the same inside JavaScript strings, regexes and comments.
_SCRIPT_BREAKERS = re.compile(r"</(?=script)|<!--", re.IGNORECASE)
# Characters escaped in embedded JSON so no string in it can close its element.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
# Placeholders in :data:`_PAGE`, filled in one pass so no inserted text is read again.
_PLACEHOLDER = re.compile(r"@@KG_(TITLE|DATA|VIS_JS|APP_JS)@@")


def vis_network_js() -> str:
    """The vis-network standalone script, read from the installed ``pyvis`` package.

    Raises :class:`~kg.errors.ExportError` with an install hint if it is missing.
    The package is located without being imported (importing pyvis loads IPython).
    """
    spec = importlib.util.find_spec(VIS_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        script = Path(folder).joinpath(*VIS_SCRIPT)
        if script.is_file():
            return script.read_text(encoding="utf-8")
    raise ExportError(
        f"graph.html needs the vis-network script shipped in the {VIS_PACKAGE!r} package, "
        f"which is not installed; install it with: pip install {VIS_REQUIREMENT}"
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _edge_phrase(statement: Statement) -> str:
    """How a statement reads on its arrow: "buy", "may deliver", "not withdraw from"."""
    label = statement.predicate.label
    if statement.modality:
        label = f"{statement.modality} {label}"
    return _short(f"not {label}" if statement.negated else label)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    """``"1 entity"``, ``"3 entities"``."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _merged_edge_label(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(phrases))
    shown = unique[:MAX_EDGE_LABELS]
    extra = len(unique) - len(shown)
    return "\n".join(shown + ([f"+{extra} more"] if extra else []))


def page_data(kg: KnowledgeGraph, *, max_shown: int = MAX_SHOWN_NODES) -> dict[str, Any]:
    """Everything the page shows, as a JSON-ready dict in a deterministic order.

    ``entities`` are ranked most connected first (statements, then mentions, then
    id) and the first ``max_shown`` are marked ``top``; ``statements`` are in
    reading order and point into ``sentences`` (each distinct sentence once);
    ``edges`` merge the statements of one ordered (subject, object) pair and list
    their indices. Entity ids a statement names but the graph lacks become
    entities of type :data:`~kg.model.UNKNOWN_TYPE`.
    """
    statements = sorted_statements(kg)
    degree: Counter[str] = Counter()
    for statement in statements:
        degree[statement.subject] += 1
        degree[statement.object] += 1

    known = kg.entities_by_id
    ids = set(known) | set(degree)
    mentions = {entity_id: len(known[entity_id].mentions) if entity_id in known else 0 for entity_id in ids}
    ranked = sorted(ids, key=lambda entity_id: (-degree[entity_id], -mentions[entity_id], entity_id))

    community = communities(kg)
    entities = []
    for rank, entity_id in enumerate(ranked):
        entity = known.get(entity_id)
        entities.append(
            {
                "id": entity_id,
                "label": entity.label if entity else entity_id,
                "type": entity.type if entity else UNKNOWN_TYPE,
                "aliases": list(entity.aliases) if entity else [],
                "mentions": mentions[entity_id],
                "statements": degree[entity_id],
                "community": community[entity_id],
                "top": rank < max_shown,
            }
        )

    sentence_index: dict[str, int] = {}
    records = []
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, statement in enumerate(statements):
        provenance = statement.provenance
        attributed = statement.attributed_to
        records.append(
            {
                "id": statement.id,
                "subject": statement.subject,
                "predicate": statement.predicate.label,
                "object": statement.object,
                "negated": bool(statement.negated),
                "modality": statement.modality,
                "condition": statement.condition,
                "time": statement.time,
                # An entity id when the speaker is in the graph, else the text ("officials").
                "attributed_to": attributed,
                "attributed_entity": attributed is not None and attributed in known,
                "confidence": float(statement.confidence),
                "document": provenance.document,
                "sentence": sentence_index.setdefault(provenance.sentence, len(sentence_index)),
            }
        )
        grouped[statement.subject, statement.object].append(index)

    edges = []
    for number, ((subject, object_), indices) in enumerate(sorted(grouped.items())):
        edges.append(
            {
                "id": f"e{number}",
                "from": subject,
                "to": object_,
                "label": _merged_edge_label([_edge_phrase(statements[i]) for i in indices]),
                "negated": all(statements[i].negated for i in indices),
                "statements": indices,
            }
        )

    type_counts = Counter(entity["type"] for entity in entities)
    ordered_types = [t for t in ENTITY_TYPES if t in type_counts] + sorted(
        t for t in type_counts if t not in ENTITY_TYPES
    )
    return {
        "title": f"{_count(len(entities), 'entity', 'entities')}, {_count(len(records), 'statement')}",
        "types": [
            {"name": t, "colour": type_colour(t), "count": type_counts[t]}
            for t in ordered_types
        ],
        "entities": entities,
        "statements": records,
        "sentences": list(sentence_index),
        "documents": {
            document.id: {
                "title": document.title,
                "date": document.date,
                "url": document.url,  # only a web address: a file path would not resolve from the page
            }
            for document in sorted(kg.documents, key=lambda d: d.id)
        },
        "communityColours": list(COMMUNITY_COLOURS),
        "edges": edges,
        "maxShown": max_shown,
        "maxLabelChars": MAX_LABEL_CHARS,
        "layoutSeed": LAYOUT_SEED,
    }


_JSON_ESCAPE_TABLE = str.maketrans(_JSON_ESCAPES)
# Characters of JSON written to the page at a time (its pieces are joined up to this).
_JSON_CHUNK = 1 << 16


def _json_for_script(data: dict[str, Any]) -> Iterator[str]:
    """``data`` as compact JSON in pieces, with "<", ">" and "&" escaped (each piece alone can be:
    the escapes are per character), so a corpus's page is written without its JSON held whole."""
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= _JSON_CHUNK:
            yield "".join(pieces).translate(_JSON_ESCAPE_TABLE)
            pieces, size = [], 0
    yield "".join(pieces).translate(_JSON_ESCAPE_TABLE)


def _script_safe(code: str) -> str:
    return _SCRIPT_BREAKERS.sub(lambda match: "<\\/" if match.group() == "</" else "<\\!--", code)


def _page_parts(kg: KnowledgeGraph, max_shown: int) -> Iterator[str]:
    """The page for ``kg`` in pieces: the template's text with its placeholders filled."""
    data = page_data(kg, max_shown=max_shown)
    values = {
        "TITLE": lambda: [html.escape(f"kg: {data['title']}")],
        "DATA": lambda: _json_for_script(data),
        "VIS_JS": lambda: [_script_safe(vis_network_js())],
        "APP_JS": lambda: [_script_safe(_APP_JS)],
    }
    last = 0
    for match in _PLACEHOLDER.finditer(_PAGE):
        yield _PAGE[last : match.start()]
        yield from values[match.group(1)]()
        last = match.end()
    yield _PAGE[last:]


def render_html(kg: KnowledgeGraph, *, max_shown: int = MAX_SHOWN_NODES) -> str:
    """The whole page for ``kg`` as a string (see :func:`write_html`)."""
    return "".join(_page_parts(kg, max_shown))


def write_html(kg: KnowledgeGraph, path: Path) -> None:
    """Write the interactive page: one offline HTML file with the data and vis-network inlined.

    >>> write_html(kg, Path("exports/graph.html"))   # doctest: +SKIP
    """
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(_page_parts(kg, MAX_SHOWN_NODES))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg">
<title>@@KG_TITLE@@</title>
<style>
:root { --ink: #1d2733; --muted: #5f6b7a; --line: #dde2e8; --paper: #f6f7f9; --accent: #2563eb; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); display: grid; grid-template-columns: 270px minmax(0, 1fr) 400px; height: 100vh; }
aside { background: var(--paper); overflow-y: auto; padding: 14px 16px; }
#kg-controls { border-right: 1px solid var(--line); }
#kg-panel { border-left: 1px solid var(--line); background: #fff; }
h1 { font-size: 17px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 0 0 4px; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 18px 0 6px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
#kg-main { position: relative; min-width: 0; background: #fff; }
#kg-graph { position: absolute; inset: 0; }
#kg-search-box { position: relative; }
#kg-search { width: 100%; padding: 7px 9px; border: 1px solid #c5ccd5; border-radius: 6px; font: inherit; }
#kg-search:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
#kg-results { list-style: none; margin: 2px 0 0; padding: 0; position: absolute; left: 0; right: 0; z-index: 5;
  background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.12); }
#kg-results:empty { display: none; }
#kg-results li { padding: 5px 9px; cursor: pointer; display: flex; gap: 6px; align-items: baseline; }
#kg-results li.active, #kg-results li:hover { background: #eef3fd; }
#kg-results .alias { color: var(--muted); font-size: 12px; }
.types label { display: flex; align-items: center; gap: 7px; padding: 2px 0; cursor: pointer; }
.swatch { width: 12px; height: 12px; border-radius: 50%; flex: none; border: 1px solid rgba(0,0,0,.25); display: inline-block; }
.types .count { margin-left: auto; color: var(--muted); font-size: 12px; }
.legend { display: flex; align-items: center; gap: 7px; padding: 2px 0; }
.dash { width: 24px; border-top: 2px dashed #888; }
.solid { width: 24px; border-top: 2px solid #888; }
button { font: inherit; font-size: 13px; padding: 4px 10px; border: 1px solid #c5ccd5; border-radius: 6px;
  background: #fff; cursor: pointer; }
button:hover { background: #eef3fd; }
#kg-note { background: #fff7e0; border: 1px solid #f2d98a; border-radius: 6px; padding: 7px 9px; margin-top: 12px; }
#kg-note[hidden], #kg-time[hidden] { display: none; }
.badge { display: inline-block; font-size: 11px; padding: 1px 7px; border-radius: 9px; color: #fff; vertical-align: 2px; }
.statement { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.statement.negated { border-left: 4px solid #c0392b; }
.triple { font-weight: 600; }
.triple .predicate { font-weight: 400; color: var(--muted); font-style: italic; }
.entity-link { color: var(--accent); cursor: pointer; text-decoration: none; }
.entity-link:hover { text-decoration: underline; }
.qualifiers { margin: 4px 0 2px; display: flex; flex-wrap: wrap; gap: 4px; }
.tag { font-size: 11px; background: #eef1f5; border-radius: 4px; padding: 1px 6px; color: #394452; }
.tag.neg { background: #fde8e6; color: #a1271b; font-weight: 600; }
blockquote.sentence { margin: 6px 0 4px; padding: 2px 0 2px 9px; border-left: 3px solid #c9d3df; color: #2b3542; }
.source { font-size: 12px; color: var(--muted); }
ol.top { padding-left: 20px; margin: 4px 0; }
#kg-status { position: absolute; left: 12px; bottom: 10px; font-size: 12px; color: var(--muted);
  background: rgba(255,255,255,.85); padding: 2px 6px; border-radius: 4px; }
#kg-fit { position: absolute; right: 12px; top: 10px; z-index: 2; }
mark { background: #fff1a8; color: inherit; border-radius: 2px; padding: 0 1px; }
.source a { color: var(--accent); }
select, #kg-relation { width: 100%; padding: 5px 7px; border: 1px solid #c5ccd5; border-radius: 6px; font: inherit; background: #fff; }
/* Narrow windows: the panel goes under the graph, then the controls above it, so the graph keeps the width. */
@media (max-width: 1100px) {
  body { grid-template-columns: 230px minmax(0, 1fr); grid-template-rows: minmax(420px, 70vh) auto; height: auto; min-height: 100vh; }
  #kg-panel { grid-column: 1 / -1; border-left: none; border-top: 1px solid var(--line); }
}
@media (max-width: 700px) {
  body { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(380px, 65vh) auto; }
  #kg-controls { border-right: none; border-bottom: 1px solid var(--line); }
}
</style>
</head>
<body>
<aside id="kg-controls">
  <h1>Knowledge graph</h1>
  <div class="muted small" id="kg-summary"></div>
  <h3>Search</h3>
  <div id="kg-search-box">
    <input id="kg-search" type="search" placeholder="Entity name or alias" autocomplete="off" aria-label="Search an entity">
    <ul id="kg-results" role="listbox"></ul>
  </div>
  <div id="kg-note" hidden>
    <span id="kg-note-text"></span>
    <div style="margin-top:6px"><button id="kg-show-all" type="button">Show all</button></div>
  </div>
  <h3>Colour by</h3>
  <select id="kg-colour" aria-label="Colour the entities by">
    <option value="type">entity type</option>
    <option value="community">community (groups linked among themselves)</option>
  </select>
  <h3>Entity types</h3>
  <div class="types" id="kg-types"></div>
  <h3>Relations</h3>
  <input id="kg-relation" type="search" placeholder="Only relations containing…" autocomplete="off" aria-label="Show only relations containing these words">
  <div id="kg-time" hidden>
    <h3>Time</h3>
    <input id="kg-time-range" type="range" min="0" max="0" value="0" style="width:100%" aria-label="Show what was read up to this date">
    <div class="small muted" id="kg-time-label"></div>
  </div>
  <h3>Arrows</h3>
  <div class="legend small"><span class="solid"></span> stated relation (subject → object)</div>
  <div class="legend small"><span class="dash"></span> every statement on it negated</div>
  <h3>How to</h3>
  <p class="small muted">Click a node or an arrow to list its statements with the sentences they come from.
  Drag to pan, scroll to zoom, drag a node to move it.</p>
</aside>
<main id="kg-main">
  <div id="kg-graph"></div>
  <button id="kg-fit" type="button" title="Show the whole graph">Fit</button>
  <div id="kg-status">Laying out…</div>
</main>
<aside id="kg-panel" aria-live="polite"></aside>
<script type="application/json" id="kg-data">@@KG_DATA@@</script>
<script>
@@KG_VIS_JS@@
</script>
<script>
@@KG_APP_JS@@
</script>
</body>
</html>
"""

# The page's own code: builds the vis-network view from the embedded data and wires
# the search box, type filters and side panel. Text from articles is only ever set
# with textContent, never parsed as HTML.
_APP_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  // Layout steps: many for small graphs (a tidy picture), fewer for big ones (a quick one).
  var STABILIZATION_ITERATIONS = 600, LARGE_GRAPH_ITERATIONS = 200, LARGE_GRAPH_NODES = 300;
  var IMPROVED_LAYOUT_LIMIT = 150;
  var MAX_RESULTS = 12;
  var note = document.getElementById("kg-note");
  var status = document.getElementById("kg-status");
  // What tests and the console can use: the network, the data and the filtered views.
  var api = { ready: false };
  window.kg = api;

  var entityById = new Map();
  DATA.entities.forEach(function (e) { entityById.set(e.id, e); });
  var colourByType = new Map();
  DATA.types.forEach(function (t) { colourByType.set(t.name, t.colour); });
  var asSubjectOrObject = new Map(), asSpeaker = new Map(), neighbours = new Map();
  function push(map, key, value) { if (!map.has(key)) map.set(key, []); map.get(key).push(value); }
  DATA.statements.forEach(function (s, i) {
    push(asSubjectOrObject, s.subject, i);
    if (s.object !== s.subject) push(asSubjectOrObject, s.object, i);
    if (s.attributed_entity) push(asSpeaker, s.attributed_to, i);
    push(neighbours, s.subject, s.object);
    push(neighbours, s.object, s.subject);
  });

  // --- state and filtered views --------------------------------------------------------
  var shownTypes = new Set(DATA.types.map(function (t) { return t.name; }));
  var revealed = new Set();
  var showAll = false;
  function isVisible(entity) {
    return shownTypes.has(entity.type) && (showAll || entity.top || revealed.has(entity.id));
  }
  function nodeTooltip(e) {
    var lines = [e.label + " (" + e.type + ")", plural(e.statements, "statement") + ", " + plural(e.mentions, "mention"),
                 "community " + e.community];
    if (e.aliases.length) lines.push("also: " + e.aliases.join(", "));
    return lines.join("\n");
  }
  var colouring = "type";
  function entityColour(e) {
    if (colouring === "community") return DATA.communityColours[e.community - 1] || "#b0b7c0";
    return colourByType.get(e.type) || "#7f7f7f";
  }
  var nodes = new vis.DataSet(DATA.entities.map(function (e) {
    return { id: e.id, label: shortLabel(e.label), title: nodeTooltip(e), value: 1 + e.statements + e.mentions,
             color: entityColour(e), type: e.type, top: e.top };
  }));
  var edges = new vis.DataSet(DATA.edges.map(function (d) {
    var n = d.statements.length;
    return { id: d.id, from: d.from, to: d.to, label: d.label, dashes: d.negated,
             title: plural(n, "statement") + ": click to list them", width: Math.min(1 + Math.log2(n), 5),
             predicates: d.statements.map(function (i) { return DATA.statements[i].predicate.toLowerCase(); }),
             statementIndices: d.statements };
  }));
  var visibleIds = new Set();
  var relationWords = "";
  // --- dates: a statement's date is its article's (YYYY-MM-DD); undated ones always show
  function documentDate(id) {
    var d = DATA.documents[id], m = d && d.date ? /^\d{4}-\d{2}-\d{2}/.exec(d.date) : null;
    return m ? m[0] : null;
  }
  var dates = Array.from(new Set(DATA.statements.map(function (s) { return documentDate(s.document); })
    .filter(Boolean))).sort();
  var timeLimit = null;  // the last date shown; null: everything
  function shownByTime(i) {
    var when = documentDate(DATA.statements[i].document);
    return timeLimit === null || when === null || when <= timeLimit;
  }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visibleIds.has(n.id); } });
  var edgesView = new vis.DataView(edges, {
    filter: function (d) {
      return visibleIds.has(d.from) && visibleIds.has(d.to) &&
        (!relationWords || d.predicates.some(function (p) { return p.indexOf(relationWords) >= 0; })) &&
        (timeLimit === null || d.statementIndices.some(shownByTime));
    }
  });
  function refreshViews() {
    visibleIds = new Set();
    DATA.entities.forEach(function (e) { if (isVisible(e)) visibleIds.add(e.id); });
    nodesView.refresh();
    edgesView.refresh();
    updateNote();
    if (api.ready) updateStatus();
  }
  function updateStatus() {
    status.textContent = visibleIds.size + " of " + plural(DATA.entities.length, "entity", "entities") + " shown";
  }
  function layoutIterations() {
    return visibleIds.size > LARGE_GRAPH_NODES ? LARGE_GRAPH_ITERATIONS : STABILIZATION_ITERATIONS;
  }
  function shortLabel(text) {
    return text.length <= DATA.maxLabelChars ? text : text.slice(0, DATA.maxLabelChars - 1) + "\u2026";
  }

  // --- network -----------------------------------------------------------------------
  refreshViews();
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    layout: { randomSeed: DATA.layoutSeed, improvedLayout: visibleIds.size <= IMPROVED_LAYOUT_LIMIT },
    nodes: {
      shape: "dot", borderWidth: 1.5,
      scaling: { min: 9, max: 36, label: { enabled: true, min: 13, max: 20, drawThreshold: 7 } },
      font: { face: "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", color: "#1d2733",
              strokeWidth: 4, strokeColor: "#ffffff" }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      color: { color: "#a3abb5", highlight: "#1d2733", hover: "#5f6b7a" },
      font: { size: 11, color: "#4a5462", strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal",
              face: "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" },
      smooth: { type: "curvedCW", roundness: 0.12 },
      selectionWidth: 1.5, hoverWidth: 0.5
    },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.012, springLength: 140,
                          springConstant: 0.06, avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: layoutIterations(), updateInterval: 25, fit: true }
    },
    interaction: { hover: true, tooltipDelay: 150, multiselect: false }
  });

  Object.assign(api, { network: network, nodes: nodes, nodesView: nodesView, edgesView: edgesView,
                      select: selectEntity, selectEdge: selectEdge, colourBy: colourBy });

  // --- colouring and the relation filter ------------------------------------------------
  function colourBy(how) {
    colouring = how === "community" ? "community" : "type";
    document.getElementById("kg-colour").value = colouring;
    nodes.update(DATA.entities.map(function (e) { return { id: e.id, color: entityColour(e) }; }));
  }
  document.getElementById("kg-colour").addEventListener("change", function (event) { colourBy(event.target.value); });
  document.getElementById("kg-relation").addEventListener("input", function (event) {
    relationWords = event.target.value.trim().toLowerCase();
    edgesView.refresh();
  });
  // The timeline: when two or more dates are known, a slider shows what was read up to a date.
  var timeRange = document.getElementById("kg-time-range");
  function showUpTo(date) {
    var at = dates.indexOf(date);
    if (at < 0) at = dates.length - 1;
    timeRange.value = String(at);
    timeLimit = at === dates.length - 1 ? null : dates[at];
    var shown = DATA.statements.filter(function (_s, i) { return shownByTime(i); }).length;
    document.getElementById("kg-time-label").textContent = "up to " + dates[at] + ": " +
      plural(shown, "statement") + " of " + DATA.statements.length;
    edgesView.refresh();
  }
  if (dates.length > 1) {
    document.getElementById("kg-time").hidden = false;
    timeRange.max = String(dates.length - 1);
    timeRange.addEventListener("input", function () { showUpTo(dates[Number(timeRange.value)]); });
    showUpTo(dates[dates.length - 1]);
  }
  api.showUpTo = showUpTo;

  // After each layout: freeze it (physics off) and remember positions, so nodes hidden
  // by a filter come back where they were.
  function freezeLayout() {
    network.setOptions({ physics: { enabled: false } });
    var positions = network.getPositions();
    nodes.update(Object.keys(positions).map(function (id) {
      return { id: id, x: positions[id].x, y: positions[id].y };
    }));
    api.ready = true;
    updateStatus();
  }
  network.once("stabilizationIterationsDone", freezeLayout);
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  if (visibleIds.size === 0) freezeLayout();
  function relayout() {
    api.ready = false;
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", freezeLayout);
    network.stabilize(layoutIterations());
  }

  network.on("click", function (params) {
    if (params.nodes.length) showEntity(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showOverview();
  });
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 300 } });
  });

  // --- selecting ---------------------------------------------------------------------
  // Make an entity visible: turn its type back on and, if it is outside the top N,
  // place it next to its visible neighbours.
  function reveal(id) {
    var entity = entityById.get(id);
    if (!entity || visibleIds.has(id)) return;
    if (!shownTypes.has(entity.type)) setTypeShown(entity.type, true);
    if (!visibleIds.has(id)) {
      revealed.add(id);
      var positions = network.getPositions(), x = 0, y = 0, n = 0;
      (neighbours.get(id) || []).forEach(function (other) {
        if (positions[other]) { x += positions[other].x; y += positions[other].y; n += 1; }
      });
      if (nodes.get(id).x === undefined && n) nodes.update({ id: id, x: x / n + 60, y: y / n + 60 });
      refreshViews();
    }
  }
  function selectEntity(id) {
    if (!entityById.has(id)) return false;
    reveal(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400 } });
    showEntity(id);
    return true;
  }
  function selectEdge(id) {
    network.selectEdges([id]);
    showEdge(id);
  }

  // --- side panel --------------------------------------------------------------------
  var panel = document.getElementById("kg-panel");
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function entityLink(id) {
    var e = entityById.get(id);
    var a = el("a", { "class": "entity-link", href: "#", "data-entity": id, text: e ? e.label : id });
    a.addEventListener("click", function (event) { event.preventDefault(); selectEntity(id); });
    return a;
  }
  // Whether dark text reads better than white on this #rrggbb colour (relative luminance).
  function isLight(hex) {
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 150;
  }
  function typeBadge(type) {
    var b = el("span", { "class": "badge", text: type });
    var colour = colourByType.get(type) || "#7f7f7f";
    b.style.background = colour;
    b.style.color = isLight(colour) ? "#1d2733" : "#ffffff";
    return b;
  }
  function plural(n, word, words) { return n + " " + (n === 1 ? word : words || word + "s"); }
  function documentCount() { return plural(Object.keys(DATA.documents).length, "document"); }
  function documentLabel(id) {
    var d = DATA.documents[id] || {};
    return [id, d.title, d.date].filter(Boolean).join(" \u2014 ");
  }
  function documentSource(id) {
    var d = DATA.documents[id] || {};
    var link = null;
    if (d.url && /^https?:\/\//i.test(d.url)) {
      link = el("a", { href: d.url, target: "_blank", rel: "noopener noreferrer", text: "source" });
    }
    return el("div", { "class": "source" }, [documentLabel(id), link ? " \u00b7 " : null, link]);
  }
  // The sentence with the names of the statement's two entities marked (labels and aliases,
  // longest first, whole words, case aside); built from text nodes, never parsed as HTML.
  function markedSentence(text, ids) {
    var names = [];
    ids.forEach(function (id) {
      var e = entityById.get(id);
      if (e) [e.label].concat(e.aliases).forEach(function (n) { if (n && n.length > 1) names.push(n); });
    });
    names.sort(function (a, b) { return b.length - a.length; });
    var lower = text.toLowerCase(), marks = [];
    names.forEach(function (name) {
      var n = name.toLowerCase(), from = 0, at;
      while ((at = lower.indexOf(n, from)) >= 0) {
        var end = at + n.length;
        var whole = !/[\p{L}\p{N}]/u.test(lower.charAt(at - 1) || " ") && !/[\p{L}\p{N}]/u.test(lower.charAt(end) || " ");
        var free = marks.every(function (m) { return end <= m[0] || at >= m[1]; });
        if (whole && free) marks.push([at, end]);
        from = at + 1;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var parts = [], last = 0;
    marks.forEach(function (m) {
      parts.push(text.slice(last, m[0]), el("mark", { text: text.slice(m[0], m[1]) }));
      last = m[1];
    });
    parts.push(text.slice(last));
    return el("blockquote", { "class": "sentence" }, parts);
  }
  function statementCard(i) {
    var s = DATA.statements[i];
    var tags = [];
    function tag(text, cls) { tags.push(el("span", { "class": "tag" + (cls ? " " + cls : ""), text: text })); }
    if (s.negated) tag("negated", "neg");
    if (s.modality) tag("modality: " + s.modality);
    if (s.condition) tag("if: " + s.condition);
    if (s.time) tag("time: " + s.time);
    if (s.attributed_to) {
      var said = el("span", { "class": "tag" }, ["said by: ",
        s.attributed_entity ? entityLink(s.attributed_to) : s.attributed_to]);
      tags.push(said);
    }
    tag("confidence " + s.confidence);
    return el("div", { "class": "statement" + (s.negated ? " negated" : ""), "data-statement": s.id }, [
      el("div", { "class": "triple" }, [entityLink(s.subject), " ",
        el("span", { "class": "predicate", text: (s.negated ? "not " : "") + s.predicate }), " ",
        entityLink(s.object)]),
      el("div", { "class": "qualifiers" }, tags),
      markedSentence(DATA.sentences[s.sentence], [s.subject, s.object]),
      documentSource(s.document)
    ]);
  }
  function statementList(title, indices) {
    var box = el("div", {}, [el("h3", { text: title + " (" + indices.length + ")" })]);
    indices.forEach(function (i) { box.appendChild(statementCard(i)); });
    return box;
  }
  function showEntity(id) {
    var e = entityById.get(id);
    if (!e) return;
    panel.replaceChildren();
    panel.appendChild(el("h2", {}, [e.label, " ", typeBadge(e.type)]));
    panel.appendChild(el("div", { "class": "small muted", text: e.id }));
    if (e.aliases.length) panel.appendChild(el("div", { "class": "small" }, ["Also called: " + e.aliases.join(", ")]));
    panel.appendChild(el("div", { "class": "small muted",
      text: plural(e.statements, "statement") + ", " + plural(e.mentions, "mention") }));
    panel.appendChild(statementList("Statements", asSubjectOrObject.get(id) || []));
    if (asSpeaker.has(id)) panel.appendChild(statementList("Said by " + e.label, asSpeaker.get(id)));
  }
  function showEdge(id) {
    var d = DATA.edges.find(function (x) { return x.id === id; });
    if (!d) return;
    panel.replaceChildren();
    panel.appendChild(el("h2", {}, [entityLink(d.from), " \u2192 ", entityLink(d.to)]));
    panel.appendChild(statementList("Statements", d.statements));
  }
  function showOverview() {
    panel.replaceChildren();
    panel.appendChild(el("h2", { text: DATA.title }));
    var docs = Object.keys(DATA.documents);
    panel.appendChild(el("div", { "class": "small muted", text: "from " + documentCount() }));
    panel.appendChild(el("p", { "class": "muted",
      text: "Click a node or an arrow to see its statements, each with the sentence it was read from." }));
    panel.appendChild(el("h3", { text: "Most connected" }));
    var list = el("ol", { "class": "top" });
    DATA.entities.slice(0, 10).forEach(function (e) {
      list.appendChild(el("li", {}, [entityLink(e.id), el("span", { "class": "small muted",
        text: " \u00b7 " + e.type + " \u00b7 " + plural(e.statements, "statement") })]));
    });
    panel.appendChild(list);
    if (docs.length) {
      panel.appendChild(el("h3", { text: "Documents" }));
      var ul = el("ul", { "class": "small" });
      docs.forEach(function (d) { ul.appendChild(el("li", { text: documentLabel(d) })); });
      panel.appendChild(ul);
    }
  }

  // --- type filter -------------------------------------------------------------------
  var typeBoxes = new Map();
  var typesDiv = document.getElementById("kg-types");
  DATA.types.forEach(function (t) {
    var box = el("input", { type: "checkbox", value: t.name, "data-type": t.name });
    box.checked = true;
    box.addEventListener("change", function () { setTypeShown(t.name, box.checked); });
    typeBoxes.set(t.name, box);
    var swatch = el("span", { "class": "swatch" });
    swatch.style.background = t.colour;
    typesDiv.appendChild(el("label", {}, [box, swatch, t.name, el("span", { "class": "count", text: String(t.count) })]));
  });
  function setTypeShown(type, shown) {
    if (shown) shownTypes.add(type); else shownTypes.delete(type);
    typeBoxes.get(type).checked = shown;
    refreshViews();
  }

  // --- top-N note --------------------------------------------------------------------
  function updateNote() {
    var hidden = DATA.entities.filter(function (e) { return !e.top; }).length;
    note.hidden = showAll || hidden === 0;
    document.getElementById("kg-note-text").textContent = "Showing the " + DATA.maxShown +
      " most connected entities; " + hidden + " less connected ones are hidden (search finds them all).";
  }
  document.getElementById("kg-show-all").addEventListener("click", function () {
    showAll = true;
    refreshViews();
    relayout();
  });

  // --- search ------------------------------------------------------------------------
  var search = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  var matches = [], active = 0;
  // Lower is better: exact name, name start, word start, anywhere.
  // Letters and digits only: "KS9" finds "KS-9", "u.s." finds "US".
  function compact(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
  function score(name, q) {
    var n = name.toLowerCase();
    if (n === q) return 0;
    if (n.indexOf(q) === 0) return 1;
    if (n.indexOf(" " + q) >= 0 || n.indexOf("-" + q) >= 0) return 2;
    if (n.indexOf(q) >= 0) return 3;
    var cn = compact(name), cq = compact(q);
    if (!cq) return -1;
    if (cn === cq) return 0;
    if (cn.indexOf(cq) === 0) return 1;
    return cn.indexOf(cq) >= 0 ? 3 : -1;
  }
  function findEntities(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    DATA.entities.forEach(function (e, rank) {
      var best = null;
      [e.label].concat(e.aliases).forEach(function (name) {
        var s = score(name, q);
        if (s >= 0 && (best === null || s < best.s)) best = { s: s, name: name };
      });
      if (best) found.push({ entity: e, s: best.s, rank: rank, via: best.name });
    });
    found.sort(function (a, b) { return a.s - b.s || a.rank - b.rank; });
    return found.slice(0, MAX_RESULTS);
  }
  function renderResults() {
    results.replaceChildren();
    matches.forEach(function (m, i) {
      var swatch = el("span", { "class": "swatch" });
      swatch.style.background = colourByType.get(m.entity.type) || "#7f7f7f";
      var li = el("li", { role: "option", "data-entity": m.entity.id, "class": i === active ? "active" : "" },
        [swatch, m.entity.label, m.via !== m.entity.label ? el("span", { "class": "alias", text: "(" + m.via + ")" }) : null]);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      results.appendChild(li);
    });
  }
  function choose(i) {
    var m = matches[i];
    if (!m) return;
    search.value = m.entity.label;
    matches = [];
    renderResults();
    selectEntity(m.entity.id);
  }
  search.addEventListener("input", function () { matches = findEntities(search.value); active = 0; renderResults(); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); if (!matches.length) matches = findEntities(search.value); choose(active); }
    else if (event.key === "ArrowDown") { event.preventDefault(); active = Math.min(active + 1, matches.length - 1); renderResults(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); active = Math.max(active - 1, 0); renderResults(); }
    else if (event.key === "Escape") { matches = []; renderResults(); }
  });
  search.addEventListener("blur", function () { matches = []; renderResults(); });

  document.getElementById("kg-summary").textContent = DATA.title + " from " + documentCount();
  showOverview();
})();
"""
