"""Node positions for the Gephi file: a seeded force layout in plain NumPy.

Gephi opens a GEXF file with the positions it holds, so a file that carries a
readable layout shows the story at once, and the user's own ForceAtlas2 run
starts from something sensible. The layout has to be

* deterministic: the same graph gives the same positions, so the same bytes;
* fast for a few thousand entities on a laptop: networkx's ForceAtlas2 does a
  dense O(n²) update with Python-level overhead (about 30 s for 3,000 nodes)
  and its spring layout needs SciPy from 500 nodes on.

So each connected component is laid out on its own by Fruchterman–Reingold,
with the O(n²) repulsion computed exactly in row blocks and an iteration count
that shrinks as the component grows (components of one size in one batch of
arrays; a component past :data:`CORE_NODES` has only its best-connected nodes
laid out by force, the others hung around their neighbours); the components are then shelved in rows,
biggest first, as Graphviz's ``pack`` does, so a pair of entities linked only
to each other does not fly off to the edge of the picture. Entities without
any relation come last, in a grid, grouped as the caller orders them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

__all__ = ["force_layout", "LAYOUT_SEED", "NODE_SPACING"]

LAYOUT_SEED = 7
# Ideal length of an edge, and the gap between components, in Gephi's units
# (the GEXF export draws a node of one mention with size 10).
NODE_SPACING = 40.0
# Iterations of a component of n nodes: ITERATIONS_PER_NODE × n, at most
# MAX_ITERATIONS, and fewer for big components so that one costs about
# PAIR_BUDGET node-pair updates (n² per iteration), but never under MIN_ITERATIONS.
MAX_ITERATIONS = 100
MIN_ITERATIONS = 15
ITERATIONS_PER_NODE = 10
PAIR_BUDGET = 400_000_000
# A component bigger than this is laid out in two steps: its CORE_NODES best-connected nodes
# by force, then every other node next to the neighbour that reaches it from the core. The
# force layout is O(n²) a step: a corpus's giant component of 20,000 entities would take
# minutes, and a file that big is re-laid out in Gephi anyway.
CORE_NODES = 1_000
# The golden angle: the k-th node set around one neighbour goes at k × this angle, at a
# distance growing with √k, so the nodes hung on a hub fill a disc evenly (a sunflower).
GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
# Rows of the repulsion matrix computed at once (bounds memory to ~BLOCK_ROWS × n × 12 bytes).
BLOCK_ROWS = 256
# Starting step, as a share of the unit square the layout is computed in.
START_TEMPERATURE = 0.1
# Smallest squared distance between two nodes, so that coinciding nodes repel finitely.
MIN_SQUARED_DISTANCE = 1e-10


def _iterations(n: int) -> int:
    """More for bigger graphs (10 a node), fewer again once n² pair updates get costly."""
    return max(MIN_ITERATIONS, min(MAX_ITERATIONS, ITERATIONS_PER_NODE * n, PAIR_BUDGET // (n * n)))


def _fruchterman_reingold(n: int, pairs: Sequence[np.ndarray], seed: int) -> np.ndarray:
    """Positions (c × n × 2) of c graphs of n nodes each, ``pairs[j]`` the undirected edges
    (m × 2 indices) of graph j.

    Graphs of one size are laid out together, as one batch of arrays: a news corpus has
    hundreds of components of two or three entities, and one NumPy call for all of them
    costs what one call for each would cost alone. Every graph starts from the same seeded
    positions, so a graph's layout does not depend on the others in its batch.
    """
    count = len(pairs)
    rng = np.random.default_rng(seed)
    pos = np.repeat(rng.uniform(-0.5, 0.5, size=(1, n, 2)), count, axis=0).reshape(count * n, 2)
    k = 1.0 / math.sqrt(n)  # ideal edge length in the unit square
    iterations = _iterations(n)
    temperature = START_TEMPERATURE
    cooling = START_TEMPERATURE / (iterations + 1)
    edges = np.concatenate([p + j * n for j, p in enumerate(pairs)]) if count else np.zeros((0, 2), dtype=np.intp)
    sources, targets = edges[:, 0], edges[:, 1]
    displacement = np.zeros_like(pos)
    # Rows of one block: BLOCK_ROWS rows of one big graph, or whole small graphs.
    graphs_per_block = max(1, BLOCK_ROWS // n)
    rows = min(n, BLOCK_ROWS)
    for _ in range(iterations):
        # Repulsion k²/d between every pair of one graph, along the line between them; single
        # precision is plenty for a picture and makes this, the O(n²) part, 3× faster.
        xs = pos[:, 0].astype(np.float32).reshape(count, n)
        ys = pos[:, 1].astype(np.float32).reshape(count, n)
        for first in range(0, count, graphs_per_block):
            last = min(count, first + graphs_per_block)
            for start in range(0, n, rows):
                dx = xs[first:last, start : start + rows, None] - xs[first:last, None, :]
                dy = ys[first:last, start : start + rows, None] - ys[first:last, None, :]
                force = dx * dx
                force += dy * dy
                np.maximum(force, MIN_SQUARED_DISTANCE, out=force)
                np.divide(k * k, force, out=force)
                block = displacement.reshape(count, n, 2)[first:last, start : start + rows]
                block[..., 0] = np.einsum("gij,gij->gi", dx, force)
                block[..., 1] = np.einsum("gij,gij->gi", dy, force)
        # Attraction d²/k along every edge.
        delta = pos[sources] - pos[targets]
        pull = delta * (np.sqrt(np.einsum("ij,ij->i", delta, delta)) / k)[:, None]
        np.subtract.at(displacement, sources, pull)
        np.add.at(displacement, targets, pull)
        # Move each node along its displacement, by at most the temperature.
        length = np.sqrt(np.einsum("ij,ij->i", displacement, displacement))
        pos += displacement * (np.minimum(length, temperature) / np.maximum(length, 1e-12))[:, None]
        temperature -= cooling
    return pos.reshape(count, n, 2)


def _core_and_rest(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Positions (n × 2, unit-square scale of the core) of a component too big for the force
    layout: the CORE_NODES nodes of highest degree (ties: lowest index) by force, the rest in
    breadth-first order from the core, each near the neighbour it was reached from, half an
    ideal edge further out for each earlier node hung on that neighbour."""
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    core = sorted(sorted(range(n), key=lambda i: (-len(neighbours[i]), i))[:CORE_NODES])
    local = {node: i for i, node in enumerate(core)}
    core_edges = np.array(
        [(local[u], local[v]) for u, v in edges if u in local and v in local], dtype=np.intp
    ).reshape(-1, 2)
    pos = np.zeros((n, 2))
    pos[core] = _fruchterman_reingold(len(core), [core_edges], seed)[0]
    step = 0.5 / math.sqrt(len(core))  # half an ideal edge in the core's unit square
    hung = [0] * n
    placed = [False] * n
    for node in core:
        placed[node] = True
    frontier = core
    while frontier:
        reached = []
        for node in frontier:
            for other in sorted(neighbours[node]):
                if not placed[other]:
                    placed[other] = True
                    hung[node] += 1
                    angle, radius = hung[node] * GOLDEN_ANGLE, step * math.sqrt(hung[node])
                    pos[other] = pos[node] + (radius * math.cos(angle), radius * math.sin(angle))
                    reached.append(other)
        frontier = reached
    return pos


def _components(n: int, pairs: set[tuple[int, int]]) -> list[list[int]]:
    """Connected components as sorted index lists, biggest first (ties: lowest index first)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for u, v in pairs:
        ru, rv = root(u), root(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda members: (-len(members), members[0]))


def _component_boxes(
    components: list[list[int]], pairs: set[tuple[int, int]], seed: int, spacing: float
) -> list[np.ndarray]:
    """Each component laid out on its own, scaled so that an ideal edge is ``spacing`` long,
    and moved so that (0, 0) is the bottom-left corner of its box."""
    where = {node: (c, i) for c, members in enumerate(components) for i, node in enumerate(members)}
    local_pairs: list[list[tuple[int, int]]] = [[] for _ in components]
    for u, v in sorted(pairs):
        c, i = where[u]
        local_pairs[c].append((i, where[v][1]))
    by_size: dict[int, list[int]] = {}
    for c, members in enumerate(components):
        if 1 < len(members) <= CORE_NODES:
            by_size.setdefault(len(members), []).append(c)
    laid_out: list[np.ndarray] = [np.zeros((1, 2)) for _ in components]
    for c, members in enumerate(components):
        if len(members) > CORE_NODES:
            pos = _core_and_rest(len(members), local_pairs[c], seed) * (spacing * math.sqrt(CORE_NODES))
            laid_out[c] = pos - pos.min(axis=0)
    for n, batch in by_size.items():
        batch_pairs = [np.array(local_pairs[c], dtype=np.intp) for c in batch]
        for c, pos in zip(batch, _fruchterman_reingold(n, batch_pairs, seed), strict=True):
            pos = pos * (spacing * math.sqrt(n))  # k = 1/√n in the unit square becomes ``spacing``
            laid_out[c] = pos - pos.min(axis=0)
    return laid_out


def _pack(boxes: list[np.ndarray], spacing: float) -> list[np.ndarray]:
    """Boxes (largest first) shelved in rows left to right, top to bottom; the whole centred on (0, 0)."""
    sizes = [box.max(axis=0) + spacing for box in boxes]  # width and height with a margin
    row_width = max(max(w for w, _h in sizes), math.sqrt(sum(w * h for w, h in sizes)))
    placed, x, y, row_height = [], 0.0, 0.0, 0.0
    for box, (width, height) in zip(boxes, sizes, strict=True):
        if x > 0 and x + width > row_width + 1e-9:
            x, y, row_height = 0.0, y - row_height, 0.0
        row_height = max(row_height, height)
        placed.append(box + np.array([x, y - height]))
        x += width
    every = np.concatenate(placed)
    centre = (every.min(axis=0) + every.max(axis=0)) / 2
    return [box - centre for box in placed]


def force_layout(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    seed: int = LAYOUT_SEED,
    spacing: float = NODE_SPACING,
) -> dict[Hashable, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` of a graph, centred on the origin and rounded to 0.01.

    ``edges`` are read as undirected; self-loops and repeats are ignored. Each
    connected component is laid out by force, so related entities sit
    together, and the components are then set side by side in rows, biggest
    first; nodes without an edge come last, in a grid, in the order of
    ``nodes``. The result depends only on ``nodes`` (and their order), the set
    of edges and ``seed``.

    >>> force_layout(["a", "b", "c"], [("a", "b")])   # doctest: +SKIP
    {'a': (-4.3, 39.17), 'b': (4.3, 0.83), 'c': (-4.3, -39.17)}
    """
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in edges if u != v}
    components = _components(len(index), pairs)
    boxes = _pack(_component_boxes(components, pairs, seed, spacing), spacing) if components else []
    positions = np.zeros((len(index), 2))
    for members, box in zip(components, boxes, strict=True):
        positions[members] = box
    positions = np.round(positions, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return {node: (float(positions[i, 0]), float(positions[i, 1])) for node, i in index.items()}
