"""MapView -> a pyvis Network -> the JSON payload static/js/map.js draws.

pyvis 0.3.2 holds the nodes, edges and options; its own HTML template is
never used (it loads scripts and styles from CDNs and writes fields
unescaped). The project's templates embed the payload as JSON in a
``<script type="application/json">`` block, which map.js hands to the
vendored vis-network. Tooltips are plain text: vis-network sets a string
title with ``innerText``, so nothing users typed is ever parsed as HTML.

Encoding: colour = actor kind, Sozialraum, Träger or carrier (colours.py); shape = carrier (dot: free, square: public,
star: user-representation body, whatever its carrier); size = number of
cooperation partners; solid edges = cooperation (width = number of links),
dashed arrows = Träger -> facility.
"""
from __future__ import annotations

import json
import math
from typing import Iterator


from .. import i18n, model
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..entities import entity_url
from . import colours, layout
from ..text import fold
from .view import MapEdge, MapNode, MapView

KIND_COLORS = colours.KIND_COLORS
INK = "#1b1f24"
EDGE_COLOR = "#8a97a3"
TRAEGER_COLOR = "#4a5560"
HIGHLIGHT = "#b35900"
MARKED = "#d00000"  # actors a report asked to highlight
INNER_EDGE = "#5f6b76"                   # grouped layout: tie inside a Sozialraum
ACROSS_EDGE = "rgba(138,151,163,0.35)"   # grouped layout: tie across Sozialräume
# Two Stichtage compared: colour and line style both differ (not colour
# alone, WCAG 1.4.1); blue/orange stay apart for red-green deficiencies.
CHANGE_STYLES: dict[str, dict] = {
    "neu": {"colour": "#0072b2", "style": "solid", "dashes": False, "extra": 1.5},
    "beendet": {"colour": "#d55e00", "style": "dashed", "dashes": [8, 5], "extra": 0.5},
    "gleich": {"colour": "#b9c1c8", "style": "solid", "dashes": False, "extra": 0.0},
}

SHAPES = {"frei": "dot", "oeffentlich": "square", "user_body": "star"}
# matplotlib markers for the same shapes (static images).
MARKERS = {"dot": "o", "square": "s", "star": "*"}

_MAX_LISTED = 8  # links listed in an edge tooltip before "and n more"
# Names written on the browser map: every name up to ALL_LABELS actors,
# above that the LABELS best connected plus every highlighted one (the
# others show theirs when selected or hovered, see map.js).
ALL_LABELS = 40
LABELS = 30


def labelled_ids(view: MapView, limit: int = LABELS, everything: int = ALL_LABELS) -> set[str]:
    """Actors whose name the map writes: all on small maps, else the best
    connected ``limit`` and every highlighted actor."""
    if len(view.nodes) <= everything:
        return {n.id for n in view.nodes}
    ranked = sorted(view.nodes, key=lambda n: (-n.degree, fold(n.name), n.id))
    return {n.id for n in ranked[:limit]} | set(view.filters.highlight)


def node_shape(node: MapNode) -> str:
    if node.is_user_body:
        return SHAPES["user_body"]
    return SHAPES["oeffentlich"] if node.sector == "oeffentlich" else SHAPES["frei"]


def node_size(node: MapNode) -> float:
    return round(min(8 + 5 * math.sqrt(node.degree), 45), 1)


def edge_width(edge: MapEdge) -> float:
    return round(min(1 + 1.5 * math.log2(edge.weight), 8), 1) if edge.weight else 1.5


def node_tooltip(node: MapNode) -> str:
    lines = [node.name, f"{_('Art')}: {node.kind_label}"]
    if node.sector:
        lines.append(f"{_('Trägerschaft')}: {node.sector_label}")
    if node.sozialraum:
        lines.append(f"{_('Sozialraum')}: {node.sozialraum}")
    lines.append(f"{_('Kooperationspartner')}: {node.degree}")
    return "\n".join(lines)


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    if len(items) > _MAX_LISTED:
        shown += " " + _("und %(n)d weitere") % {"n": len(items) - _MAX_LISTED}
    return shown


def edge_link_lines(edge: MapEdge, names: dict[str, str]) -> list[str]:
    """What links the two ends, one line per kind of link (plain text)."""
    lines = []
    if edge.agreements:
        lines.append(f"{_('Vereinbarungen')}: " + _listed(
            [f"{l.name} ({model.label(model.AGREEMENT_TYPES, l.type)})" for l in edge.agreements]))
    if edge.networks:
        lines.append(f"{_('Netzwerke')}: " + _listed([l.name for l in edge.networks]))
    if edge.traeger:
        facility = edge.b if edge.traeger == edge.a else edge.a
        lines.append(_("%(traeger)s ist Träger von %(facility)s") % {
            "traeger": names.get(edge.traeger, ""), "facility": names.get(facility, "")})
    return lines


def edge_tooltip(edge: MapEdge, names: dict[str, str]) -> str:
    change = [f"{_('Veränderung')}: {edge.change_label}"] if edge.change else []
    return "\n".join([f"{names.get(edge.a, '')} – {names.get(edge.b, '')}"] + change
                      + edge_link_lines(edge, names))


def legend(view: MapView | None = None, colouring: colours.Colouring | None = None) -> dict:
    """What colours, shapes and lines mean: for the page, the export and
    images. The colour part follows the view's colour choice."""
    if colouring is None:
        colouring = colours.colouring(view.nodes if view else [], view.filters.colour if view else "art")
    return {
        "colour_title": colouring.title,
        "colours": [(item.label, item.colour, item.count) for item in colouring.items],
        "shapes": [
            ("dot", _("freier Träger / frei getragen")),
            ("square", _("öffentlicher Träger / öffentlich getragen")),
            ("star", _("Selbstvertretung / Beteiligungsgremium der Nutzer*innen")),
        ],
        "size": _("Größe: Anzahl der Kooperationspartner"),
        "edges": [
            ("solid", _("Kooperation (Vereinbarung oder Netzwerk); je dicker, desto mehr Verbindungen")),
            ("dashed", _("Träger → Einrichtung")),
        ],
        "groups": [
            ("solid", INNER_EDGE, _("Kooperation innerhalb eines Sozialraums")),
            ("solid", "#b9c1c8", _("Kooperation über Sozialraumgrenzen")),
        ] if view is not None and grouped(view) else [],
        "labels": _("Namen: die am besten vernetzten und hervorgehobenen Akteure; "
                    "weitere beim Auswählen"),
        "changes_title": _("Veränderung seit %(day)s") % {
            "day": i18n.day(view.filters.compare)} if view and view.filters.compare else "",
        "changes": change_legend(view) if view is not None else [],
        "change_swatch": {k: (v["style"], v["colour"]) for k, v in CHANGE_STYLES.items()},
    }


CHANGE_TEXTS = {
    "neu": _l("neu: am Stichtag, aber nicht am Vergleichsstichtag"),
    "beendet": _l("beendet: am Vergleichsstichtag, aber nicht mehr am Stichtag"),
    "gleich": _l("unverändert: an beiden Stichtagen"),
}


def change_legend(view: MapView) -> list[tuple[str, str, str, int]]:
    """(line style, colour, text, count) per kind of change; empty without a
    Vergleichsstichtag."""
    counts = view.change_counts()
    return [(CHANGE_STYLES[k]["style"], CHANGE_STYLES[k]["colour"], str(CHANGE_TEXTS[k]), counts[k])
            for k in CHANGE_STYLES if counts]


def groups(view: MapView) -> list[tuple[str, list[str]]]:
    """The Sozialraum groups of the grouped layout: largest first, actors
    without a Sozialraum last."""
    by_area: dict[str, list[str]] = {}
    for node in view.nodes:
        by_area.setdefault(node.sozialraum or "", []).append(node.id)
    named = sorted((k for k in by_area if k), key=lambda k: (-len(by_area[k]), fold(k)))
    result = [(k, by_area[k]) for k in named]
    if "" in by_area:
        result.append((_("ohne Sozialraum"), by_area[""]))
    return result


def grouped(view: MapView) -> bool:
    return view.filters.layout == "sozialraum"


def uses_server_layout(view: MapView) -> bool:
    return grouped(view) or layout.needs_server_layout(len(view.nodes), view.filters.layout)


def view_positions(view: MapView) -> layout.Positions:
    return view_layout(view)[0]


def view_layout(view: MapView) -> tuple[layout.Positions, list[dict]]:
    """Positions of the view's layout and, when grouped by Sozialraum, the
    groups' frames."""
    edges = [(e.a, e.b) for e in view.edges]
    if grouped(view):
        return layout.grouped_positions(groups(view), edges)
    placed = layout.positions([n.id for n in view.nodes], edges)
    return placed, isolated_frame(view, placed)


def isolated_frame(view: MapView, placed: layout.Positions) -> list[dict]:
    """A labelled frame around the grid of actors without any line, so the
    grid does not read as a cluster."""
    linked = {x for e in view.edges for x in (e.a, e.b)}
    alone = [placed[n.id] for n in view.nodes if n.id not in linked and n.id in placed]
    if not alone or len(alone) == len(view.nodes):
        return []
    pad = 40.0
    xs, ys = [p[0] for p in alone], [p[1] for p in alone]
    return [{"label": _("Ohne Kooperationspartner (%(n)d)") % {"n": len(alone)},
             "x": min(xs) - pad, "y": min(ys) - pad,
             "width": max(xs) - min(xs) + 2 * pad, "height": max(ys) - min(ys) + 2 * pad}]


def build_network(view: MapView, positions: layout.Positions | None = None,
                  physics: str = "browser"):
    """The pyvis Network of the view. ``positions``: where nodes are drawn
    (physics "server") or start from (physics "browser"; actors without
    partners then stay where they are instead of drifting off the map)."""
    from pyvis.network import Network  # on first use: 30 MB a report worker need not hold
    net = Network(height="100%", width="100%", cdn_resources="local", heading=view.title)
    # pyvis' add_node/add_edge check membership in lists (add_edge scans every
    # edge: quadratic). Ours are unique by construction, so we append pyvis'
    # own Node and Edge options directly.
    for options in node_items(view, positions, physics):
        net.nodes.append(options)
        net.node_ids.append(options["id"])
        net.node_map[options["id"]] = options
    net.edges.extend(edge_items(view))
    net.options = _options(net, physics)
    return net


def node_items(view: MapView, positions: layout.Positions | None = None,
               physics: str = "browser") -> Iterator[dict]:
    """The nodes of the pyvis Network, one at a time (build_network)."""
    from pyvis.node import Node
    marked = set(view.filters.highlight)
    paint = colours.colouring(view.nodes, view.filters.colour)
    named = labelled_ids(view)
    for node in view.nodes:
        color = paint.of(node.id)
        public = node.sector == "oeffentlich"
        border = INK if public else ("#8a97a3" if color == colours.UNKNOWN else "#ffffff")
        width = 3 if public else 1.5
        if node.id in marked:  # named by a report: a thick ring of its own colour
            border, width = MARKED, 7
        options = dict(
            title=node_tooltip(node), size=node_size(node),
            color={"background": color, "border": border,
                   "highlight": {"background": color, "border": HIGHLIGHT},
                   "hover": {"background": color, "border": HIGHLIGHT}},
            borderWidth=width, marked=node.id in marked,
            # for the details panel (map.js); vis-network ignores them
            name=node.name, kind=node.kind, kindLabel=node.kind_label, sectorLabel=node.sector_label,
            sozialraum=node.sozialraum or "", degree=node.degree,
            url=entity_url("actor", node.id),
        )
        if positions is not None:
            options["x"], options["y"] = positions[node.id]
            if physics == "browser" and not node.degree:
                options["physics"] = False
        yield Node(node.id, node_shape(node), label=node.name if node.id in named else "",
                   **options).options


def edge_items(view: MapView) -> Iterator[dict]:
    """The edges of the pyvis Network, one at a time (build_network)."""
    from pyvis.edge import Edge
    names = {n.id: n.name for n in view.nodes}
    area_of = {n.id: n.sozialraum for n in view.nodes} if grouped(view) else None
    for edge in view.edges:
        options = dict(title=edge_tooltip(edge, names), width=edge_width(edge), change=edge.change or "")
        source, target = edge.a, edge.b
        if edge.traeger:
            source, target = edge.traeger, (edge.b if edge.traeger == edge.a else edge.a)
            options["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.6}}
        if edge.cooperation:
            colour = EDGE_COLOR
            if area_of is not None:  # grouped: ties inside a Sozialraum dark, across light
                colour = INNER_EDGE if area_of[edge.a] == area_of[edge.b] else ACROSS_EDGE
            if edge.change:  # compared: the change decides colour and line
                style = CHANGE_STYLES[edge.change]
                colour = style["colour"]
                options["width"] = round(options["width"] + style["extra"], 1)
                if style["dashes"]:
                    options["dashes"] = style["dashes"]
            options["color"] = {"color": colour, "highlight": HIGHLIGHT, "hover": HIGHLIGHT}
        else:
            options["color"] = {"color": TRAEGER_COLOR, "highlight": HIGHLIGHT, "hover": HIGHLIGHT}
            options["dashes"] = True
        yield Edge(source, target, **options).options


def _options(net: Network, physics: str) -> dict:
    """vis-network options. ``physics``: "server" (laid out here: physics
    off), "browser" (pyvis' default solver and 1,000 stabilisation steps,
    but straight edges and no improvedLayout: pyvis' dynamic smooth edges
    add a physics body per edge, which took minutes at 300 nodes in headless
    Chromium) or "pyvis" (pyvis' defaults exactly; for bench/bench_maps.py).
    """
    options = json.loads(net.options.to_json())
    options["layout"] = {"randomSeed": layout.SEED}
    options["interaction"].update(hover=True, tooltipDelay=150, multiselect=False)
    options["nodes"] = {"font": {"size": 14, "color": INK, "strokeWidth": 4, "strokeColor": "#ffffff",
                                 "face": "system-ui, 'DejaVu Sans', sans-serif"}}
    options["edges"]["color"] = {"inherit": False}
    if physics != "pyvis":
        options["edges"]["smooth"] = False
        options["layout"]["improvedLayout"] = False
    if physics == "server":
        options["physics"] = {"enabled": False}
    return options


def payload(view: MapView, mode: str | None = None,
            positions: layout.Positions | None = None) -> dict:
    """Everything map.js needs: nodes, edges, options and how it was laid out.

    ``mode``: None decides by the view's filters and size; "server",
    "browser" or "pyvis" force one (see ``_options``). ``positions``: a
    layout made by the caller (the ego map's rings), drawn as it is.
    """
    if positions is not None:
        net = build_network(view, positions, physics="server")
        nodes, edges, _heading, _height, _width, options = net.get_network_data()
        return {"nodes": nodes, "edges": edges, "options": json.loads(options),
                "layout": "server", "count": len(nodes), "groups": []}
    fields, nodes, edges = payload_parts(view, mode)
    return {"nodes": list(nodes), "edges": list(edges), **fields}


def payload_parts(view: MapView, mode: str | None = None
                  ) -> tuple[dict, Iterator[dict], Iterator[dict]]:
    """payload() without positions given: its small fields, then its nodes and
    edges as iterators made as they are read (the HTML export writes them so;
    the whole area's 212,900 edges as dicts took a worker past 600 MB). The
    layout is made here, before the first node is read."""
    from pyvis.network import Network
    if mode is None:
        mode = "server" if uses_server_layout(view) else "browser"
    # The browser's physics starts from the server layout too: it settles
    # sooner and the same data gives the same picture. pyvis' own default
    # (for the benchmark) starts from vis-network's random placement.
    positions, frames = view_layout(view) if mode != "pyvis" else (None, [])
    if mode != "server":
        frames = []  # physics moves the actors: a frame would not stay around them
    options = _options(Network(height="100%", width="100%", cdn_resources="local",
                               heading=view.title), mode)
    fields = {
        "options": options,
        "layout": "server" if mode == "server" else "physics",
        "count": len(view.nodes),
        "groups": frames,
    }
    return fields, node_items(view, positions, mode), edge_items(view)
