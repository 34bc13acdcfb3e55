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
    sample = min(SAMPLE, graph.number_of_nodes())
    return nx.betweenness_centrality(graph, k=sample, normalized=True, seed=SEED), False


def cut_off(graph: nx.Graph, actor: str) -> int:
    """Actors that removing ``actor`` separates from the largest part of its component."""
    component = nx.node_connected_component(graph, actor) - {actor}
    parts = [len(c) for c in nx.connected_components(graph.subgraph(component))]
    return sum(parts) - max(parts, default=0)


def brokers(graph: nx.Graph) -> tuple[list[Broker], bool]:
    """Actors with betweenness above 0 or that are articulation points,
    highest betweenness first; and whether the betweenness is exact."""
    scores, exact = betweenness(graph)
    points = set(nx.articulation_points(graph))
    small = exact  # cut-off sizes only where a removal per actor stays cheap
    found = [
        Broker(node, scores.get(node, 0.0), node in points,
               cut_off(graph, node) if node in points and small else None)
        for node in graph.nodes
        if node in points or scores.get(node, 0.0) > 0
    ]
    found.sort(key=lambda b: (-b.betweenness, not b.articulation, b.actor))
    return found, exact
