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
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

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


@dataclass(frozen=True)
class Broker:
    actor: str
    betweenness: float
    articulation: bool
    cut_off: int | None     # actors separated from the largest remaining part


def betweenness(graph: nx.Graph) -> tuple[dict[str, float], bool]:
    """Betweenness per actor and whether it is exact."""
    if graph.number_of_nodes() <= EXACT_LIMIT:
        return nx.betweenness_centrality(graph, normalized=True), True
    # Memoised by the graph itself: at city scale this is most of a report's
    # time (26 s of 50 at 29,600 actors), and an edit that changes no tie
    # (a description, a phone number) gives the same graph again.
    key = _fingerprint(graph)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key], False
    sample = min(SAMPLE, graph.number_of_nodes())
    scores = nx.betweenness_centrality(graph, k=sample, normalized=True, seed=SEED)
    with _memo_lock:
        _memo[key] = scores
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return scores, False


MEMO_SIZE = 2
_memo: OrderedDict[bytes, dict[str, float]] = OrderedDict()
_memo_lock = threading.Lock()


def _fingerprint(graph: nx.Graph) -> bytes:
    """A digest of the nodes in their order (the sample depends on it) and
    of the edges: equal digests, equal scores."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update("\n".join(map(str, graph.nodes)).encode())
    digest.update(b"\0")
    digest.update("\n".join(sorted(f"{a}\t{b}" if str(a) < str(b) else f"{b}\t{a}"
                                    for a, b in graph.edges)).encode())
    return digest.digest()


def cut_off(graph: nx.Graph, actor: str) -> int:
    """Actors that removing ``actor`` separates from the largest part of its component."""
    component = nx.node_connected_component(graph, actor) - {actor}
    parts = [len(c) for c in nx.connected_components(graph.subgraph(component))]
    return sum(parts) - max(parts, default=0)


def articulation_points(graph: nx.Graph, with_cut_off: bool = True) -> list[tuple[str, int | None]]:
    """(actor, cut_off) for every articulation point, most cut off first."""
    points = [(node, cut_off(graph, node) if with_cut_off else None)
              for node in nx.articulation_points(graph)]
    return sorted(points, key=lambda p: (-(p[1] or 0), p[0]))


def ranking(graph: nx.Graph, scores: dict[str, float], exact: bool) -> list[Broker]:
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
