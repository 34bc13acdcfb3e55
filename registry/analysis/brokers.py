"""Indicator 7: brokers and fragility of a tie graph.

An articulation point is an actor whose removal disconnects part of the
network from the rest; ``cut_off`` says how many actors would lose their
connection to the largest remaining part. Betweenness (networkx, normalised
to 0..1) is the share of shortest paths between two other actors that run
through an actor. Large graphs (more than EXACT_LIMIT actors) get a sampled
estimate from SAMPLE source actors with a fixed seed, so the figure is
reproducible.
"""
from __future__ import annotations

import hashlib
import math
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

import networkx as nx
import numpy as np

from .ties import Tie

EXACT_LIMIT = 1500
SAMPLE = 100
SEED = 1908


def tie_graph(actor_ids: Iterable[str], ties: Iterable[Tie]) -> nx.Graph:
    """The actors (isolated ones too) and the ties among them."""
    graph = nx.Graph()
    graph.add_nodes_from(actor_ids)
    graph.add_edges_from((t.a, t.b) for t in ties if t.a in graph and t.b in graph)
    return graph


class TieArrays:
    """``tie_graph(actor_ids, ties)`` as arrays, without networkx: the nodes
    in the same order and each one's neighbours in the same order (CSR:
    neighbours of node i at ``indices[indptr[i]:indptr[i + 1]]``), so the
    sampled betweenness over them is networkx's bit for bit. At city scale
    (29,600 actors, 212,900 ties) building the networkx graph and finding
    its articulation points twice was a second and a half of each
    whole-area report."""

    def __init__(self, actor_ids: Iterable[str], ties: Iterable[Tie]) -> None:
        self._actor_ids, self._ties = actor_ids, ties
        self.nodes = list(dict.fromkeys(actor_ids))
        index = {node: i for i, node in enumerate(self.nodes)}
        ends = [(i, j) for t in ties
                if (i := index.get(t.a)) is not None and (j := index.get(t.b)) is not None]
        n = len(self.nodes)
        pairs = np.array(ends, dtype=np.int64).reshape(-1, 2)
        # Both directions of each tie, in tie order; a pair seen again keeps
        # its first place (networkx keeps a neighbour where it was added).
        src = pairs[:, [0, 1]].ravel()
        dst = pairs[:, [1, 0]].ravel()
        _, first = np.unique(src * max(n, 1) + dst, return_index=True)
        keep = np.sort(first)
        src, dst = src[keep], dst[keep]
        order = np.argsort(src, kind="stable")
        self.indices = dst[order]
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        self.indptr[1:] = np.cumsum(np.bincount(src, minlength=n))

    @property
    def arrays(self) -> tuple[list, np.ndarray, np.ndarray]:
        return self.nodes, self.indptr, self.indices

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def networkx(self) -> nx.Graph:
        """The same graph in networkx (exact betweenness of small graphs)."""
        return tie_graph(self._actor_ids, self._ties)

    @cached_property
    def _lists(self) -> tuple[list[int], list[int]]:
        return self.indptr.tolist(), self.indices.tolist()

    @property
    def points(self) -> list[str]:
        """The articulation points, in node order."""
        return list(self._cuts)

    def cut_off(self, actor: str) -> int:
        """``cut_off`` of an articulation point."""
        return self._cuts[actor]

    @cached_property
    def _cuts(self) -> dict[str, int]:
        """Articulation point -> cut_off, from one iterative depth-first
        search per component (Tarjan's low points): removing a point p
        leaves as parts the subtrees of its children v with low[v] >=
        disc[p] and, unless p is the root, the rest of its component (a
        search from each point was most of the committee report's brokers)."""
        ptr, nbr = self._lists
        n = len(self.nodes)
        disc, low, parent, size = [-1] * n, [0] * n, [-1] * n, [1] * n
        nxt = ptr[:-1]
        parts: dict[int, list[int]] = {}
        cuts: dict[int, int] = {}
        clock = 0
        for root in range(n):
            if disc[root] != -1:
                continue
            disc[root] = low[root] = clock
            clock += 1
            stack, tree = [root], []
            while stack:
                v = stack[-1]
                i = nxt[v]
                if i < ptr[v + 1]:
                    nxt[v] = i + 1
                    w = nbr[i]
                    if disc[w] == -1:
                        parent[w] = v
                        disc[w] = low[w] = clock
                        clock += 1
                        stack.append(w)
                    elif w != parent[v] and disc[w] < low[v]:
                        low[v] = disc[w]
                    continue
                stack.pop()
                tree.append(v)
                p = parent[v]
                if p == -1:
                    continue
                size[p] += size[v]
                if low[v] < low[p]:
                    low[p] = low[v]
                if p == root or low[v] >= disc[p]:
                    parts.setdefault(p, []).append(size[v])
            component = size[root]
            for v in tree:
                found = parts.get(v)
                if found is None or (v == root and len(found) < 2):
                    continue
                if v != root and component - 1 - sum(found) > 0:
                    found.append(component - 1 - sum(found))
                cuts[v] = sum(found) - max(found)
        return {self.nodes[i]: cuts[i] for i in sorted(cuts)}

    @cached_property
    def _index(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.nodes)}


@dataclass(frozen=True)
class Broker:
    actor: str
    betweenness: float
    articulation: bool
    cut_off: int | None     # actors separated from the largest remaining part


def betweenness(graph: nx.Graph | TieArrays) -> tuple[dict[str, float], bool]:
    """Betweenness per actor and whether it is exact."""
    if graph.number_of_nodes() <= EXACT_LIMIT:
        if isinstance(graph, TieArrays):
            graph = graph.networkx()
        return nx.betweenness_centrality(graph, normalized=True), True
    # Memoised by the graph itself: at city scale this is most of a report's
    # time (26 s of 50 at 29,600 actors), and an edit that changes no tie
    # (a description, a phone number) gives the same graph again.
    arrays = graph.arrays if isinstance(graph, TieArrays) else _adjacency(graph)
    key = _fingerprint(*arrays)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key], False
    sample = min(SAMPLE, graph.number_of_nodes())
    scores = sampled_betweenness(graph, sample, SEED, arrays)
    with _memo_lock:
        _memo[key] = scores
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return scores, False


MEMO_SIZE = 2
_memo: OrderedDict[bytes, dict[str, float]] = OrderedDict()
_memo_lock = threading.Lock()


def _adjacency(graph: nx.Graph) -> tuple[list, np.ndarray, np.ndarray]:
    """The nodes in order and each one's neighbours in the graph's order
    (CSR: neighbours of node i at indices[indptr[i]:indptr[i + 1]])."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    adj = graph._adj
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(adj[v]) for v in nodes])
    indices = np.fromiter((index[w] for v in nodes for w in adj[v]), dtype=np.int64,
                          count=int(indptr[-1]))
    return nodes, indptr, indices


def _fingerprint(nodes: list, indptr: np.ndarray, indices: np.ndarray) -> bytes:
    """A digest of the nodes and their neighbours, both in their order (the
    sample and the order of the sums depend on it): equal digests, equal
    scores."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update("\n".join(map(str, nodes)).encode())
    digest.update(b"\0")
    digest.update(indptr.tobytes())
    digest.update(indices.tobytes())
    return digest.digest()

def sampled_betweenness(graph: nx.Graph, k: int, seed: int,
                        arrays: tuple[list, np.ndarray, np.ndarray] | None = None
                        ) -> dict[str, float]:
    """``nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)``
    bit for bit (same sample, same floating-point operations in the same
    order), over arrays: Brandes' algorithm level by level instead of node by
    node (29,600 actors, 100 sources: 7 s in networkx, well under 1 s here).
    Each level keeps networkx's order: the next level in order of discovery,
    each node's predecessors in queue order, the accumulation from the last
    discovered node back (``np.add.at`` adds in index order)."""
    nodes, indptr, indices = arrays or _adjacency(graph)
    n = len(nodes)
    sources = random.Random(seed).sample(nodes, k)
    index = {node: i for i, node in enumerate(nodes)}
    total = np.zeros(n)
    dist = np.empty(n, dtype=np.int64)
    sigma = np.empty(n)
    delta = np.empty(n)
    rank = np.empty(n, dtype=np.int64)
    for source in sources:
        s = index[source]
        dist.fill(-1)
        sigma.fill(0.0)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s], dtype=np.int64)
        levels, steps, depth = [frontier], [], 0
        while True:
            starts, lengths = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
            m = int(lengths.sum())
            if m == 0:
                break
            offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
            w = indices[offsets + np.arange(m)]
            v = np.repeat(frontier, lengths)
            new = w[dist[w] == -1]
            if new.size == 0:
                break
            _, first = np.unique(new, return_index=True)
            found = new[np.sort(first)]          # the next level, in order of discovery
            dist[found] = depth + 1
            on_path = dist[w] == depth + 1
            v, w = v[on_path], w[on_path]
            np.add.at(sigma, w, sigma[v])
            rank[found] = np.arange(found.size)
            back = np.argsort(-rank[w], kind="stable")   # last discovered first
            steps.append((v[back], w[back]))
            levels.append(found)
            frontier, depth = found, depth + 1
        delta[np.concatenate(levels)] = 0.0
        for (v, w), level in zip(reversed(steps), reversed(levels[1:])):
            coeff = (1 + delta[w]) / sigma[w]
            np.add.at(delta, v, sigma[v] * coeff)
            total[level] += delta[level]
    # networkx's _rescale, sampled, normalized, without endpoints.
    big_n = n - 1
    scores = dict(zip(nodes, total.tolist()))
    if big_n < 2:
        return scores
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (big_n - 1))
    sampled = set(sources)
    for node in scores:
        scores[node] *= scale_source if node in sampled else scale_other
    return scores


def cut_off(graph: nx.Graph, actor: str) -> int:
    """Actors that removing ``actor`` separates from the largest part of its component."""
    # The parts are what each of its neighbours still reaches without it (a
    # plain search over the adjacency: a subgraph view per articulation
    # point was most of the brokers' time at city scale).
    adj = graph._adj
    seen = {actor}
    parts = []
    for start in adj[actor]:
        if start in seen:
            continue
        seen.add(start)
        stack, size = [start], 0
        while stack:
            size += 1
            for nxt in adj[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        parts.append(size)
    return sum(parts) - max(parts, default=0)


def articulation_points(graph: nx.Graph | TieArrays,
                        with_cut_off: bool = True) -> list[tuple[str, int | None]]:
    """(actor, cut_off) for every articulation point, most cut off first."""
    if isinstance(graph, TieArrays):
        points = [(node, graph.cut_off(node) if with_cut_off else None) for node in graph.points]
    else:
        points = [(node, cut_off(graph, node) if with_cut_off else None)
                  for node in nx.articulation_points(graph)]
    return sorted(points, key=lambda p: (-(p[1] or 0), p[0]))


def ranking(graph: nx.Graph | TieArrays, scores: dict[str, float], exact: bool) -> list[Broker]:
    """Actors with betweenness above 0 or that are articulation points,
    highest betweenness first (cut-off sizes only where the scores are exact,
    i.e. where a removal per actor stays cheap)."""
    cuts = dict(articulation_points(graph, with_cut_off=exact))
    found = [Broker(node, scores.get(node, 0.0), node in cuts, cuts.get(node))
             for node in graph.nodes if node in cuts or scores.get(node, 0.0) > 0]
    found.sort(key=lambda b: (-b.betweenness, not b.articulation, b.actor))
    return found


def brokers(graph: nx.Graph) -> tuple[list[Broker], bool]:
    """The ranking of a graph and whether its betweenness is exact."""
    scores, exact = betweenness(graph)
    return ranking(graph, scores, exact), exact
