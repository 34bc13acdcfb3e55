"""The actor page's "kooperiert mit": partners at a date, grouped by partner
kind with what links them, and a small ego map (one or two steps).

Ties are derived (cypher/maps.cypher ``ties_touching``, the same rules as
registry.analysis.ties), starting from the actor, so the page does not scan
the whole graph.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from . import model
from .analysis.ties import Link, Tie, group_ties
from .db import Database
from .maps import render
from .maps.view import MapEdge, MapFilters, MapNode, MapView
from .text import fold

MAX_STEPS = 2


@dataclass
class Partner:
    node: MapNode
    links: list[Link]

    @property
    def agreements(self) -> list[Link]:
        return [l for l in self.links if l.via == "agreement"]

    @property
    def networks(self) -> list[Link]:
        return [l for l in self.links if l.via == "network"]


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
    rows = db.read("map_actors", ids=list(ids), kinds=None, area_id=None)
    return {r["id"]: MapNode(id=r["id"], name=r["name"] or "", kind=r["kind"] or "sonstige",
                             sector=r["sector"] or "", area_id=r["area_id"],
                             area_name=r["area_name"], sozialraum=r["sozialraum"])
            for r in rows}


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
        result.ego_data = render.payload(view)
        _mark_centre(result.ego_data, actor_id)
    return result


def _mark_centre(data: dict, actor_id: str) -> None:
    """The actor itself stands out in its own ego map: bold label, ring."""
    for node in data["nodes"]:
        if node["id"] == actor_id:
            node["font"] = {"size": 18}
            node["borderWidth"] = 4
            node["color"] = dict(node["color"], border=render.HIGHLIGHT)
