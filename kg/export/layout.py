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
that shrinks as the component grows; the components are then shelved in rows,
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
# Rows of the repulsion matrix computed at once (bounds memory to ~BLOCK_ROWS × n × 12 bytes).
BLOCK_ROWS = 256
# Starting step, as a share of the unit square the layout is computed in.
START_TEMPERATURE = 0.1
# Smallest squared distance between two nodes, so that coinciding nodes repel finitely.
MIN_SQUARED_DISTANCE = 1e-10


def _iterations(n: int) -> int:
    """More for bigger graphs (10 a node), fewer again once n² pair updates get costly."""
    return max(MIN_ITERATIONS, min(MAX_ITERATIONS, ITERATIONS_PER_NODE * n, PAIR_BUDGET // (n * n)))


def _fruchterman_reingold(n: int, pairs: np.ndarray, seed: int) -> np.ndarray:
    """Positions (n × 2) of a graph of n nodes and undirected ``pairs`` (m × 2 indices)."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-0.5, 0.5, size=(n, 2))
    k = 1.0 / math.sqrt(n)  # ideal edge length in the unit square
    iterations = _iterations(n)
    temperature = START_TEMPERATURE
    cooling = START_TEMPERATURE / (iterations + 1)
    sources, targets = pairs[:, 0], pairs[:, 1]
    displacement = np.zeros_like(pos)
    for _ in range(iterations):
        # Repulsion k²/d between every pair, along the line between them; single
        # precision is plenty for a picture and makes this, the O(n²) part, 3× faster.
        xs, ys = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
        for start in range(0, n, BLOCK_ROWS):
            dx = np.subtract.outer(xs[start : start + BLOCK_ROWS], xs)
            dy = np.subtract.outer(ys[start : start + BLOCK_ROWS], ys)
            force = dx * dx
            force += dy * dy
            np.maximum(force, MIN_SQUARED_DISTANCE, out=force)
            np.divide(k * k, force, out=force)
            displacement[start : start + BLOCK_ROWS, 0] = np.einsum("ij,ij->i", dx, force)
            displacement[start : start + BLOCK_ROWS, 1] = np.einsum("ij,ij->i", dy, force)
        # Attraction d²/k along every edge.
        delta = pos[sources] - pos[targets]
        pull = delta * (np.sqrt(np.einsum("ij,ij->i", delta, delta)) / k)[:, None]
        np.subtract.at(displacement, sources, pull)
        np.add.at(displacement, targets, pull)
        # Move each node along its displacement, by at most the temperature.
        length = np.sqrt(np.einsum("ij,ij->i", displacement, displacement))
        pos += displacement * (np.minimum(length, temperature) / np.maximum(length, 1e-12))[:, None]
        temperature -= cooling
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
    laid_out = []
    for members, edges in zip(components, local_pairs, strict=True):
        n = len(members)
        if n == 1:
            pos = np.zeros((1, 2))
        else:
            pos = _fruchterman_reingold(n, np.array(edges, dtype=np.intp), seed)
            pos *= spacing * math.sqrt(n)  # k = 1/√n in the unit square becomes ``spacing``
        laid_out.append(pos - pos.min(axis=0))
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
