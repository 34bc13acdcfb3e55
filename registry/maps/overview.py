"""The Sozialraum overview: the map of a selection too large to draw actor
by actor (more than ``ABOVE`` actors; at city scale the actor map was 81 MB).

One node per Sozialraum (size: its actors), one edge per pair of Sozialräume
with ties across their border (width: the number of such ties). A click on
a Sozialraum opens its actor map. The payload is written here, compact,
instead of through pyvis: styling sits once in the options, not per node.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import quote

import numpy as np

from ..analysis import cache
from ..analysis.ties import pair_codes, tie_groups
from ..db import Database
from ..i18n import gettext as _
from ..text import fold
from . import layout
from .view import MapFilters

ABOVE = 500  # actors; a larger selection starts as the overview
# Built overviews per analysis version (never stale: analysis/cache.py): the
# whole city's ties take seconds to read and count, and requests arriving
# together share one reading.
OVERVIEWS = cache.VersionedCache(capacity=4, analysis=True)

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
    # Payloads made of it (``payload``), kept as long as the overview is:
    # a second look at the same analysis version draws nothing again.
    drawn: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def query_args(self, area_id: str) -> dict[str, object]:
        return dict(self.filters.query_args(), sozialraum=area_id, hervorheben=None)


def too_large(db: Database, f: MapFilters) -> bool:
    row = db.read_one("map_actor_count", kinds=list(f.kinds) or None, area_id=f.area_id)
    return bool(row) and row["n"] > ABOVE


def build(db: Database, f: MapFilters) -> Overview:
    return OVERVIEWS.get(db, ("overview", f), lambda: _build(db, f))


def _build(db: Database, f: MapFilters) -> Overview:
    rows = db.read("map_overview_actors", kinds=list(f.kinds) or None, area_id=f.area_id)
    names: dict[str, str] = {}
    for r in rows:
        if r["sozialraum"] is not None and r["sozialraum"] not in names:
            names[r["sozialraum"]] = r["sozialraum_name"] or ""
    # Sozialräume numbered in id order (so a < b of numbers is a < b of ids),
    # -1: actor without a Sozialraum.
    area_ids = sorted(names)
    number = {area_id: i for i, area_id in enumerate(area_ids)}
    placed_rows = np.array([number.get(r["sozialraum"], -1) for r in rows], dtype=np.int64)
    where_of = {r["id"]: number.get(r["sozialraum"], -1) for r in rows}
    index = {actor_id: i for i, actor_id in enumerate(where_of)}
    where = np.fromiter(where_of.values(), dtype=np.int64, count=len(where_of))
    unplaced = int((placed_rows < 0).sum())
    restrict = list(index) if (f.area_id or f.kinds) else None
    unfiltered = restrict is None and not f.agreement_types and not f.network_ids \
        and f.links == "alle"
    # Unfiltered: the same groups as the reports' ties, read once for both.
    groups = cache.shared_tie_groups(db, f.day) if unfiltered else tie_groups(
        db, f.day, actor_ids=restrict, agreement_types=list(f.agreement_types) or None,
        network_ids=list(f.network_ids) or None, with_agreements=f.links != "netzwerke",
        with_networks=f.links != "vereinbarungen")
    # Each tie once (a pair sharing several groups is one tie), counted by
    # the Sozialräume of its ends, as arrays: no object per tie.
    codes = pair_codes(groups, index)
    count = len(codes)
    p, q = where[codes // max(len(index), 1)], where[codes % max(len(index), 1)]
    placed = (p >= 0) & (q >= 0)
    p, q = p[placed], q[placed]
    same = p == q
    inner = np.bincount(p[same], minlength=len(area_ids))
    p, q = p[~same], q[~same]
    outer = np.bincount(p, minlength=len(area_ids)) + np.bincount(q, minlength=len(area_ids))
    actors = np.bincount(placed_rows[placed_rows >= 0], minlength=len(area_ids))
    pairs, counts = np.unique(np.minimum(p, q) * len(area_ids) + np.maximum(p, q),
                              return_counts=True)
    edges = {(area_ids[int(c) // len(area_ids)], area_ids[int(c) % len(area_ids)]): int(n)
             for c, n in zip(pairs, counts)}
    areas = [AreaNode(area_id, names[area_id], int(actors[i]), int(inner[i]), int(outer[i]))
             for i, area_id in enumerate(area_ids)]
    ordered = sorted(areas, key=lambda a: (fold(a.name), a.id))
    return Overview(f, ordered, edges, len(index), count, unplaced)


# Stands for a Sozialraum's id in the URL of its actor map (``payload``).
AREA_MARK = "__SOZIALRAUM__"


def area_url(open_url: str, area_id: str) -> str:
    """The URL of one Sozialraum's actor map (the table beside the map)."""
    return open_url.replace(AREA_MARK, quote(area_id, safe=""))


def payload(o: Overview, open_url: str, links: str | None = None) -> dict:
    """What static/js/map.js draws: laid out here (physics off). Compact, as
    the whole city has 1,500 Sozialräume and 6,000 edges: a node is a list
    (id, name, x, y, size, actors, ties inside, ties across), an edge the
    nodes' places and its width; the tooltip text and the URL of a node's
    actor map (``open_url``, made by the caller: maps know no routes, with
    ``AREA_MARK`` for the id) are one template each, filled in by map.js.
    ``links``: what the URL depends on besides the filters (the app's root);
    given, the payload is made once per overview."""
    if links is None:
        return _payload(o, open_url)
    found = o.drawn.get(links)
    if found is None:
        found = o.drawn[links] = _payload(o, open_url)
    return found


def _payload(o: Overview, open_url: str) -> dict:
    placed = layout.positions([a.id for a in o.areas], list(o.edges))
    place = {a.id: i for i, a in enumerate(o.areas)}
    nodes = []
    for a in o.areas:
        x, y = placed[a.id]
        nodes.append([a.id, a.name, round(x), round(y),
                      round(min(8 + 2.5 * math.sqrt(a.actors), 45), 1), a.actors, a.inner, a.outer])
    # Edge widths say how many ties; the table below the map has the figures.
    edges = [[place[p], place[q], round(min(1 + 1.5 * math.log2(n), 8), 1)]
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
    return {"areas": {"nodes": nodes, "edges": edges, "open": open_url, "mark": AREA_MARK,
                      "title": _("{name}: {actors} Akteure, {inner} Beziehungen innerhalb, "
                                 "{outer} über die Grenze")},
            "options": options, "layout": "server", "count": len(nodes), "groups": []}
