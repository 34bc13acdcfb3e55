"""The actor page's "kooperiert mit": partners at a date, grouped by partner
kind with what links them, and a small ego map (one or two steps).

Ties are derived (cypher/maps.cypher ``ties_touching``, the same rules as
registry.analysis.ties), starting from the actor, so the page does not scan
the whole graph.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from .. import model
from ..analysis.ties import Link, Tie, group_ties
from ..db import Database
from . import render
from .view import MapEdge, MapFilters, MapNode, MapView, ViaLinks, node_from_row
from ..text import fold

MAX_STEPS = 2


@dataclass
class Partner(ViaLinks):
    node: MapNode
    links: list[Link]


@dataclass
class PartnerGroup:
    kind: str
    label: str
    partners: list[Partner]


@dataclass
class Cooperation:
    actor_id: str
    day: date
    steps: int
    groups: list[PartnerGroup] = field(default_factory=list)
    ego: MapView | None = None
    ego_data: dict | None = None  # payload for static/js/map.js

    @property
    def partner_count(self) -> int:
        return sum(len(g.partners) for g in self.groups)


def steps_arg(raw: str | None) -> int:
    """The ego map's radius from a query argument (1 unless "2")."""
    return 2 if raw == "2" else 1


def _touching(db: Database, ids: Iterable[str], day: date, within: Iterable[str] | None = None) -> list[Tie]:
    return group_ties(db.read("ties_touching", ids=list(ids), day=day,
                              within=list(within) if within is not None else None))


def _nodes(db: Database, ids: Iterable[str]) -> dict[str, MapNode]:
    rows = db.read("map_actors_among", ids=list(ids), kinds=None, area_id=None)
    return {r["id"]: node_from_row(r) for r in rows}


def for_actor(db: Database, actor_id: str, day: date | None = None, steps: int = 1) -> Cooperation:
    day = day or date.today()
    steps = max(1, min(MAX_STEPS, steps))
    own = _touching(db, [actor_id], day)
    result = Cooperation(actor_id, day, steps)

    # Ego network: everyone within `steps`, with every tie among them.
    members = {actor_id}
    frontier = {t.other(actor_id) for t in own}
    members |= frontier
    for _ in range(steps - 1):
        reached = {t.other(x) for t in _touching(db, sorted(frontier), day)
                   for x in (t.a, t.b) if x in frontier}
        frontier = reached - members
        members |= frontier
    nodes = _nodes(db, sorted(members))

    by_kind: dict[str, list[Partner]] = {}
    for tie in own:
        partner = nodes.get(tie.other(actor_id))
        if partner is not None:
            by_kind.setdefault(partner.kind, []).append(Partner(partner, tie.links))
    order = list(model.ACTOR_KINDS)
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        partners = sorted(by_kind[kind], key=lambda p: (fold(p.node.name), p.node.id))
        result.groups.append(PartnerGroup(kind, model.label(model.ACTOR_KINDS, kind), partners))

    if len(members) > 1:
        # Every tie of every member: the degrees are the members' real
        # partner counts; the map draws the ties among the members.
        partners_of: dict[str, set[str]] = {}
        ties = _touching(db, sorted(members), day)
        for tie in ties:
            partners_of.setdefault(tie.a, set()).add(tie.b)
            partners_of.setdefault(tie.b, set()).add(tie.a)
        for node in nodes.values():
            node.degree = len(partners_of.get(node.id, ()))
        view = MapView(
            filters=MapFilters(day=day),
            nodes=sorted(nodes.values(), key=lambda n: (fold(n.name), n.id)),
            edges=[MapEdge(t.a, t.b, list(t.links)) for t in sorted(ties, key=lambda t: (t.a, t.b))
                   if t.a in nodes and t.b in nodes],
        )
        result.ego = view
        result.ego_data = render.payload(view, positions=ego_rings(view, actor_id))
        _mark_centre(result.ego_data, actor_id)
    return result


EGO_MAX_SIZE = 22   # node size cap: real partner counts would make hubs cover the rings
_SPACING = 38       # pixels along a ring per actor, so neighbours do not overlap
_WIDE = 1.6         # rings drawn as ellipses: the map's box is wider than tall


def ego_rings(view: MapView, actor_id: str) -> dict[str, tuple[float, float]]:
    """The ego map's layout: the actor in the middle, its partners on a ring
    (ordered by kind and name), partners of partners on an outer ring, each
    near the partner it is linked to; no physics, so nothing piles up."""
    by_id = view.node_by_id()
    linked: dict[str, set[str]] = {}
    for e in view.edges:
        linked.setdefault(e.a, set()).add(e.b)
        linked.setdefault(e.b, set()).add(e.a)
    order = list(model.ACTOR_KINDS)
    first = sorted((i for i in linked.get(actor_id, ()) if i in by_id),
                   key=lambda i: (order.index(by_id[i].kind) if by_id[i].kind in order else len(order),
                                  fold(by_id[i].name), i))
    placed: dict[str, tuple[float, float]] = {actor_id: (0.0, 0.0)}
    angle: dict[str, float] = {}
    r1 = max(170.0, len(first) * _SPACING / (2 * math.pi))
    for k, node_id in enumerate(first):
        angle[node_id] = 2 * math.pi * k / max(1, len(first)) - math.pi / 2
        placed[node_id] = (round(_WIDE * r1 * math.cos(angle[node_id]), 1),
                           round(r1 * math.sin(angle[node_id]), 1))
    rest = [n.id for n in view.nodes if n.id not in placed]

    def near(node_id: str) -> float:
        angles = [angle[i] for i in linked.get(node_id, ()) if i in angle]
        return sum(angles) / len(angles) if angles else math.pi

    rest.sort(key=lambda i: (near(i), fold(by_id[i].name), i))
    r2 = r1 + max(150.0, len(rest) * _SPACING / (2 * math.pi) - r1)
    for k, node_id in enumerate(rest):
        a = near(rest[0]) + 2 * math.pi * k / max(1, len(rest))
        placed[node_id] = (round(_WIDE * r2 * math.cos(a), 1), round(r2 * math.sin(a), 1))
    return placed


def _mark_centre(data: dict, actor_id: str) -> None:
    """The actor itself stands out in its own ego map (a thick ring); the
    others' sizes are capped, and every partner is named."""
    for node in data["nodes"]:
        node["size"] = min(node["size"], EGO_MAX_SIZE)
        if not node.get("label") and len(data["nodes"]) <= 60:
            node["label"] = node["name"]
        if node["id"] == actor_id:
            node["borderWidth"] = 4
            node["color"] = dict(node["color"], border=render.HIGHLIGHT)
