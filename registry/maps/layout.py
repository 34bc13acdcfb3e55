"""Server-side layout for large maps (and every static image).

Above ``THRESHOLD`` nodes the browser's physics takes long to settle, so the
server places the nodes and the browser draws them with physics off. The
layout is deterministic: nodes and edges are sorted, the random start comes
from a fixed seed, so the same data gives the same picture.

networkx finds the connected components; each is laid out by a
ForceAtlas2-like simulation (``force_layout``) written with numpy/scipy:
networkx' own spring_layout computes all n² repulsions (dense) or loops over
the nodes in Python (sparse), about 75 s for 5,000 nodes on the development
machine against a few seconds here, and its Fruchterman-Reingold forces
pile the members of large networks (cliques) up in the middle. Components
are then packed in rows, largest first; actors without any edge sit in a
grid after them.
"""
from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from typing import Iterable

import networkx as nx
import numpy as np

THRESHOLD = 100      # nodes; above this the server lays out (see render.py): the
                     # browser's physics settles slowly and leaves a tangle there
SEED = 1908
SPACING = 110.0      # pixels per unit (layouts hold about one node per unit²)
_CUTOFF = 2.0        # exact push within this many typical node distances
_DENSE_MAX = 400     # components up to this size: all pairs, exactly
_MESH_MAX = 48       # far-field grid points per axis at most
_GAP = 2.0           # between packed components, in units
_BATCH_CELLS = 500_000  # node pairs of small components laid out at once (memory)

Positions = dict[str, tuple[float, float]]


def needs_server_layout(node_count: int, mode: str = "auto") -> bool:
    if mode == "server":
        return True
    if mode == "physik":
        return False
    return node_count > THRESHOLD


def positions(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> Positions:
    """Pixel coordinates for every node, cached by the graph's content."""
    node_list = sorted(set(nodes))
    edge_list = sorted({tuple(sorted(e)) for e in edges if e[0] != e[1]})
    key = _digest(node_list, edge_list)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    result = _compute(node_list, edge_list)
    with _lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


_CACHE_SIZE = 16
_cache: "OrderedDict[str, Positions]" = OrderedDict()
_lock = threading.Lock()


def _digest(nodes: list[str], edges: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for n in nodes:
        h.update(n.encode() + b"\0")
    h.update(b"\1")
    for a, b in edges:
        h.update(a.encode() + b"\0" + b.encode() + b"\0")
    return h.hexdigest()


def _compute(nodes: list[str], edges: list[tuple[str, str]]) -> Positions:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    components = sorted((sorted(c) for c in nx.connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    blocks = []  # (ids, coordinates with the block's corner at 0,0)
    singles: list[str] = []
    # Each component's edges as index pairs, in the sorted order of the
    # edges (not through subgraph views: they iterate a set, whose order
    # follows the process's hash seed, and cost more than the layout).
    where = {node: (c, i) for c, component in enumerate(components)
             for i, node in enumerate(component)}
    edges_of: list[list[tuple[int, int]]] = [[] for _ in components]
    for a, b in edges:
        (c, i), (_, j) = where[a], where[b]
        edges_of[c].append((i, j))
    laid: dict[int, list[tuple[list[str], np.ndarray]]] = {}  # by size: (ids, edges)
    for component, inner in zip(components, edges_of):
        if len(component) == 1:
            singles.append(component[0])
            continue
        laid.setdefault(len(component), []).append(
            (component, np.array(inner, dtype=np.int64)))
    # Small components of one size laid out together (large ones alone).
    coords_of: dict[int, np.ndarray] = {}
    for size, items in laid.items():
        per = max(1, _BATCH_CELLS // (size * size)) if size <= _DENSE_MAX else 1
        batches = [items[i:i + per] for i in range(0, len(items), per)]
        for batch in batches:
            for (component, _), coords in zip(batch, force_layouts(size, [p for _, p in batch])):
                coords_of[id(component)] = coords
    for component in components:
        if len(component) > 1:
            coords = coords_of[id(component)]
            blocks.append((component, coords - coords.min(axis=0)))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        grid = np.array([(i % side, i // side) for i in range(len(singles))], dtype=float)
        blocks.append((singles, grid))
    return _pack(blocks)


def grouped_positions(groups: list[tuple[str, list[str]]],
                      edges: Iterable[tuple[str, str]]) -> tuple[Positions, list[dict]]:
    """Each group's actors laid out together (only the ties inside the group
    pull), the groups packed side by side with room between them, so ties
    between groups run across the gaps. Returns the positions and one frame
    per group ({label, x, y, width, height} in pixels) for drawing its box.
    ``groups``: (label, node ids), in the order to place them."""
    edge_list = sorted({tuple(sorted(e)) for e in edges if e[0] != e[1]})
    member = {node: label for label, ids in groups for node in ids}
    blocks, labels = [], []
    for label, ids in groups:
        inner = [(a, b) for a, b in edge_list if member.get(a) == label and member.get(b) == label]
        placed = positions(ids, inner)
        ordered = sorted(placed)
        coords = np.array([placed[i] for i in ordered], dtype=float).reshape(-1, 2) / SPACING
        coords = coords - coords.min(axis=0) + _FRAME_PAD
        blocks.append((ordered, np.vstack([coords, coords.max(axis=0) + _FRAME_PAD])))
        labels.append(label)
    # The extra last point of each block reserves the frame's padding.
    result = _pack([(ids + ["\0frame"], coords) for ids, coords in blocks], gap=_GAP * 1.5,
                   aspect=1.6)  # landscape: the map is wider than tall on screens and slides
    frames = []
    for label, (ids, coords) in zip(labels, blocks):
        xs = [result[i][0] for i in ids]
        ys = [result[i][1] for i in ids]
        pad = _FRAME_PAD * SPACING
        frames.append({"label": label, "x": round(min(xs) - pad, 1), "y": round(min(ys) - pad, 1),
                       "width": round(max(xs) - min(xs) + 2 * pad, 1),
                       "height": round(max(ys) - min(ys) + 2 * pad, 1)})
    result.pop("\0frame", None)
    return result, frames


_FRAME_PAD = 0.6  # units between a group's outermost actors and its frame


def _pack(blocks, gap: float = _GAP, aspect: float = 1.3) -> Positions:
    """Rows of blocks (shelf packing), rows about ``aspect`` × the square
    root of the blocks' area wide."""
    total = sum((c.max(axis=0)[0] + gap) * (c.max(axis=0)[1] + gap) for _, c in blocks)
    row_width = max(math.sqrt(total) * aspect, max((c.max(axis=0)[0] for _, c in blocks), default=0))
    result: Positions = {}
    x = y = row_height = 0.0
    for ids, coords in blocks:
        width, height = coords.max(axis=0)
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (cx, cy) in zip(ids, coords):
            result[node] = (round((x + cx) * SPACING, 1), round((y + cy) * SPACING, 1))
        x += width + gap
        row_height = max(row_height, height)
    return result


def force_layout(n: int, pairs: np.ndarray, iterations: int | None = None) -> np.ndarray:
    """A ForceAtlas2-like force simulation. Returns (n, 2) coordinates,
    scaled to about one node per unit square.

    ``pairs``: (m, 2) node indexes of the edges. Edges pull linearly; nodes
    push each other with (deg+1)·(deg+1)/d, so hubs get room and the many
    small members of one network do not pile up in the middle; a weak
    gravity keeps loosely attached nodes close. Small components get the
    exact push of all pairs; larger ones: exact between nodes closer than
    ``_CUTOFF`` (k-d tree), from farther away through a mesh (``_far_push``),
    so no n² pairs are computed. The step size cools down linearly.
    """
    return force_layouts(n, [pairs], iterations)[0]


def force_layouts(n: int, pair_sets: list[np.ndarray],
                  iterations: int | None = None) -> np.ndarray:
    """``force_layout`` of several components of ``n`` nodes each at once:
    the same steps on stacked (components, n, 2) arrays, each component's
    numbers exactly those it gets alone. The Sozialraum overview is 100
    Bezirke of 9 Sozialräume: one at a time that was 15,000 steps on tiny
    arrays, seconds of numpy call overhead for little arithmetic."""
    c = len(pair_sets)
    mass = np.stack([np.bincount(pairs.ravel(), minlength=n).astype(float) + 1.0 if len(pairs)
                     else np.ones(n) for pairs in pair_sets])
    side = np.sqrt(mass.sum(axis=1))
    pos = np.stack([np.random.default_rng(SEED).uniform(0.0, s, size=(n, 2)) for s in side])
    if iterations is None:
        iterations = 150 if n <= 1000 else 100
    temperature = side / 6
    cooling = temperature / (iterations + 1)
    # The edges of all components as indexes into the (c·n, 2) stack.
    src = np.concatenate([pairs[:, 0] + k * n for k, pairs in enumerate(pair_sets)
                          if len(pairs)] or [np.empty(0, int)])
    dst = np.concatenate([pairs[:, 1] + k * n for k, pairs in enumerate(pair_sets)
                          if len(pairs)] or [np.empty(0, int)])
    for _ in range(iterations):
        if n <= _DENSE_MAX:
            disp = _all_push(pos, mass)
        else:
            cutoff = _CUTOFF * side / math.sqrt(n)
            disp = np.stack([_far_push(p, m, cut) + _near_push(p, m, cut)
                             for p, m, cut in zip(pos, mass, cutoff)])
        if len(src):
            flat = pos.reshape(-1, 2)
            pull = flat[src] - flat[dst]
            disp += (_sum_at(dst, pull, c * n) - _sum_at(src, pull, c * n)).reshape(c, n, 2)
        towards = pos.mean(axis=1, keepdims=True) - pos
        disp += towards * (mass / np.maximum(np.sqrt(np.einsum("...j,...j->...", towards, towards)),
                                             1e-9))[..., None]
        length = np.maximum(np.sqrt(np.einsum("...j,...j->...", disp, disp)), 1e-9)
        pos += disp * (np.minimum(length, temperature[:, None]) / length)[..., None]
        temperature -= cooling
    extent = np.maximum(pos.max(axis=1) - pos.min(axis=1), 1e-9)
    return pos * np.sqrt(n / (extent[:, 0] * extent[:, 1]))[:, None, None]


def _all_push(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Exact push between all pairs (small components; stacked: (c, n, 2))."""
    x, y = pos[..., 0], pos[..., 1]
    dx, dy = x[..., :, None] - x[..., None, :], y[..., :, None] - y[..., None, :]
    weight = mass[..., None, :] / np.maximum(dx * dx + dy * dy, 1e-4)
    n = pos.shape[-2]
    weight[..., np.arange(n), np.arange(n)] = 0.0
    return mass[..., None] * np.stack([(dx * weight).sum(axis=-1), (dy * weight).sum(axis=-1)],
                                      axis=-1)


def _near_push(pos: np.ndarray, mass: np.ndarray, cutoff: float) -> np.ndarray:
    """Exact push between nodes closer than the cut-off (k-d tree)."""
    from scipy.spatial import cKDTree  # on first use: scipy is 100 MB per worker
    disp = np.zeros_like(pos)
    close = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
    if len(close):
        i, j = close[:, 0], close[:, 1]
        delta = pos[i] - pos[j]
        dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)
        push = delta * (mass[i] * mass[j] / dist2)[:, None]
        disp += _sum_at(i, push, len(pos)) - _sum_at(j, push, len(pos))
    return disp


def _far_push(pos: np.ndarray, mass: np.ndarray, cutoff: float) -> np.ndarray:
    """Push from farther than the cut-off, on a mesh: the masses on a grid
    convolved (FFT) with the 1/d force field, read at each node's grid
    point. Cost grows with the grid, not with n²."""
    from scipy.signal import fftconvolve  # on first use: scipy is 100 MB per worker
    low = pos.min(axis=0)
    extent = np.maximum(pos.max(axis=0) - low, 1e-9)
    shape = np.clip(np.ceil(extent / cutoff).astype(np.int64) + 1, 2, _MESH_MAX)
    step = extent / (shape - 1)
    point = np.rint((pos - low) / step).astype(np.int64)
    flat = point[:, 0] * shape[1] + point[:, 1]
    grid = np.bincount(flat, mass, minlength=shape[0] * shape[1]).reshape(shape)
    dx, dy = np.meshgrid(np.arange(-(shape[0] - 1), shape[0]) * step[0],
                         np.arange(-(shape[1] - 1), shape[1]) * step[1], indexing="ij")
    r2 = dx * dx + dy * dy
    inverse = np.where(r2 > cutoff ** 2, 1.0 / np.maximum(r2, 1e-9), 0.0)
    fx = fftconvolve(grid, dx * inverse, mode="same")[point[:, 0], point[:, 1]]
    fy = fftconvolve(grid, dy * inverse, mode="same")[point[:, 0], point[:, 1]]
    return mass[:, None] * np.stack([fx, fy], axis=1)


def _sum_at(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.stack([np.bincount(index, values[:, 0], n), np.bincount(index, values[:, 1], n)], axis=1)
