"""The Sozialraum overview: the map of a selection too large to draw actor
by actor (more than ``ABOVE`` actors; at city scale the actor map was 81 MB).

One node per Sozialraum (size: its actors), one edge per pair of Sozialräume
with ties across their border (width: the number of such ties). A click on
a Sozialraum opens its actor map. The payload is written here, compact,
instead of through pyvis: styling sits once in the options, not per node.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis import cache
from ..analysis.ties import ties_at
from ..db import Database
from ..i18n import gettext as _
from ..text import fold
from . import layout
from .view import MapFilters

ABOVE = 500  # actors; a larger selection starts as the overview
# Built overviews per data version (never stale: analysis/cache.py): the
# whole city's ties take seconds to read and count, and requests arriving
# together share one reading.
OVERVIEWS = cache.VersionedCache(capacity=4)

NODE_COLOUR = "#3b6ea5"
EDGE_COLOUR = "rgba(95,107,118,0.45)"


@dataclass
class AreaNode:
    id: str
    name: str
    actors: int = 0
    inner: int = 0      # ties inside the Sozialraum
    outer: int = 0      # ties across its border


@dataclass
class Overview:
    filters: MapFilters
    areas: list[AreaNode]
    edges: dict[tuple[str, str], int] = field(default_factory=dict)
    actors: int = 0
    ties: int = 0
    unplaced: int = 0   # actors without a Sozialraum (not drawn)

    def query_args(self, area_id: str) -> dict[str, object]:
        return dict(self.filters.query_args(), sozialraum=area_id, hervorheben=None)


def too_large(db: Database, f: MapFilters) -> bool:
    row = db.read_one("map_actor_count", kinds=list(f.kinds) or None, area_id=f.area_id)
    return bool(row) and row["n"] > ABOVE


def build(db: Database, f: MapFilters) -> Overview:
    return OVERVIEWS.get(db, ("overview", f), lambda: _build(db, f))


def _build(db: Database, f: MapFilters) -> Overview:
    rows = db.read("map_overview_actors", kinds=list(f.kinds) or None, area_id=f.area_id)
    where = {r["id"]: r["sozialraum"] for r in rows}
    areas: dict[str, AreaNode] = {}
    unplaced = 0
    for r in rows:
        if r["sozialraum"] is None:
            unplaced += 1
            continue
        node = areas.get(r["sozialraum"])
        if node is None:
            node = areas[r["sozialraum"]] = AreaNode(r["sozialraum"], r["sozialraum_name"] or "")
        node.actors += 1
    restrict = list(where) if (f.area_id or f.kinds) else None
    unfiltered = restrict is None and not f.agreement_types and not f.network_ids \
        and f.links == "alle"
    # Unfiltered: the same ties as the reports', read once for both.
    ties = cache.shared_ties(db, f.day) if unfiltered else ties_at(
        db, f.day, actor_ids=restrict, agreement_types=list(f.agreement_types) or None,
        network_ids=list(f.network_ids) or None, with_agreements=f.links != "netzwerke",
        with_networks=f.links != "vereinbarungen")
    edges: dict[tuple[str, str], int] = {}
    count = 0
    for tie in ties:
        if tie.a not in where or tie.b not in where:
            continue
        count += 1
        p, q = where[tie.a], where[tie.b]
        if p is None or q is None:
            continue
        if p == q:
            areas[p].inner += 1
            continue
        areas[p].outer += 1
        areas[q].outer += 1
        key = (p, q) if p < q else (q, p)
        edges[key] = edges.get(key, 0) + 1
    ordered = sorted(areas.values(), key=lambda a: (fold(a.name), a.id))
    return Overview(f, ordered, edges, len(where), count, unplaced)


def payload(o: Overview, open_url: Callable[[str], str]) -> dict:
    """What static/js/map.js draws: laid out here (physics off); a node's
    ``open`` is the URL of its actor map, made by the caller (maps know no
    routes)."""
    placed = layout.positions([a.id for a in o.areas], list(o.edges))
    nodes = []
    for a in o.areas:
        x, y = placed[a.id]
        nodes.append({
            "id": a.id, "label": a.name, "x": round(x), "y": round(y),
            "size": round(min(8 + 2.5 * math.sqrt(a.actors), 45), 1),
            "title": _("%(name)s: %(n)d Akteure, %(inner)d Beziehungen innerhalb, "
                       "%(outer)d über die Grenze") % {
                "name": a.name, "n": a.actors, "inner": a.inner, "outer": a.outer},
            "open": open_url(a.id),
        })
    # Edge widths say how many ties; the table below the map has the figures.
    edges = [{"from": p, "to": q, "width": round(min(1 + 1.5 * math.log2(n), 8), 1)}
             for (p, q), n in sorted(o.edges.items())]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": layout.SEED},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": False},
        "nodes": {"shape": "dot", "color": {"background": NODE_COLOUR, "border": "#ffffff"},
                  "font": {"size": 14, "color": "#1b1f24", "strokeWidth": 4,
                           "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"color": EDGE_COLOUR, "inherit": False}},
    }
    return {"nodes": nodes, "edges": edges, "options": options, "layout": "server",
            "count": len(nodes), "groups": []}
