"""Server-side SVG charts for the reports, and the static map of ties.

Every chart is an inline ``<svg role="img">`` with an ``aria-label`` and a
``<title>``, and stands beside the table with the same figures, so nothing
is only in the picture. All text is escaped. Presentation attributes (not
``style=``) keep the page's Content-Security-Policy intact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import networkx as nx
from markupsafe import Markup, escape

from ..i18n import gettext as _

FONT = "DejaVu Sans, Noto Sans, sans-serif"
INK = "#1b1f24"
MUTED = "#4a5560"
GRID = "#c9d1d9"
PUBLIC = "#0b4f71"
FREE = "#1d6b36"
UNKNOWN = "#8a949e"
WARN = "#8a5300"
ALERT = "#a4161a"
SECTOR_COLOURS = {"oeffentlich": PUBLIC, "frei": FREE}

LABEL_WIDTH = 230
BAR_HEIGHT = 20
ROW_GAP = 8


def _svg(width: int, height: int, title: str, body: list[str], css_class: str = "chart") -> Markup:
    label = escape(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'aria-label="{label}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="12">'
        f"<title>{label}</title>" + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12,
          fill: str = INK, weight: str | None = None) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}"{extra}>{escape(text)}</text>')


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(series: Sequence[tuple[str, str]], y: float) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 17, y, name))
        x += 24 + 7 * len(name)
    return parts


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]       # one per series; stacked


def stacked_bars(title: str, bars: Sequence[Bar], series: Sequence[tuple[str, str]],
                 scale_max: float | None = None, value_text: Callable[[float], str] = str,
                 width: int = 640) -> Markup:
    """Horizontal stacked bars, one per category; ``series`` names and
    colours the segments. ``scale_max`` fixes the axis (1.0 for shares)."""
    top = 30
    height = top + len(bars) * (BAR_HEIGHT + ROW_GAP) + 10
    plot = width - LABEL_WIDTH - 60
    largest = scale_max or max((sum(b.values) for b in bars), default=0) or 1
    body = _legend(series, 16)
    for i, bar in enumerate(bars):
        y = top + i * (BAR_HEIGHT + ROW_GAP)
        body.append(_text(LABEL_WIDTH - 8, y + 14, _short(bar.label), anchor="end"))
        x = float(LABEL_WIDTH)
        for value, (name, colour) in zip(bar.values, series):
            w = plot * value / largest
            if w > 0:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                            f'fill="{colour}"><title>{escape(bar.label)}: {escape(name)} '
                            f'{escape(value_text(value))}</title></rect>')
            x += w
        if not any(bar.values):
            body.append(_text(x + 6, y + 14, "–", fill=MUTED))
        elif scale_max is None:
            body.append(_text(x + 6, y + 14, value_text(sum(bar.values)), fill=MUTED))
    return _svg(width, height, title, body)


def bars(title: str, items: Sequence[tuple[str, float | None]], value_text: Callable[[float], str],
         reference: float | None = None, reference_label: str = "",
         threshold: float | None = None, threshold_label: str = "",
         highlight: Sequence[bool] = (), width: int = 640) -> Markup:
    """Horizontal bars with optional reference and threshold lines; None is
    drawn as "–"; highlighted bars (e.g. below the threshold) in orange."""
    top = 30
    height = top + len(items) * (BAR_HEIGHT + ROW_GAP) + 10
    plot = width - LABEL_WIDTH - 70
    largest = max([v for _, v in items if v is not None] + [reference or 0]) or 1
    body = []
    if reference is not None:
        x = LABEL_WIDTH + plot * reference / largest
        body.append(f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height - 4}" stroke="{ALERT}" '
                    f'stroke-width="2" stroke-dasharray="4 3"/>')
        body.append(_text(x, 14, reference_label, anchor="middle", fill=ALERT))
    if threshold is not None:
        x = LABEL_WIDTH + plot * threshold / largest
        body.append(f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height - 4}" stroke="{WARN}" '
                    f'stroke-width="1.5" stroke-dasharray="1 3"/>')
        body.append(_text(x, 14, threshold_label, anchor="end", fill=WARN))
    for i, (label, value) in enumerate(items):
        y = top + i * (BAR_HEIGHT + ROW_GAP)
        body.append(_text(LABEL_WIDTH - 8, y + 14, _short(label), anchor="end"))
        if value is None:
            body.append(_text(LABEL_WIDTH + 6, y + 14, "–", fill=MUTED))
            continue
        colour = WARN if i < len(highlight) and highlight[i] else PUBLIC
        w = plot * value / largest
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{colour}"/>')
        body.append(_text(LABEL_WIDTH + w + 6, y + 14, value_text(value), fill=MUTED))
    return _svg(width, height, title, body)


# -- the static map ----------------------------------------------------------------

MAP_NODE_LIMIT = 400      # larger graphs: the best connected actors only
MAP_LABEL_LIMIT = 15      # labels beyond a Sozialraum: best connected + marked ones
MAP_SEED = 1908


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str
    sector: str | None = None
    isolated: bool = False
    broker: bool = False


def _component_positions(graph: nx.Graph, component: set[str]) -> dict[str, tuple[float, float]]:
    """Spring layout of one component, scaled to the unit square."""
    if len(component) == 1:
        return {next(iter(component)): (0.5, 0.5)}
    # A fresh graph with sorted nodes: a subgraph view of a small part
    # iterates a set, so the seeded start positions (given in node order)
    # would follow PYTHONHASHSEED and the same report draw differently.
    sub = nx.Graph()
    sub.add_nodes_from(sorted(component))
    sub.add_edges_from(graph.subgraph(component).edges(data=True))
    pos = nx.spring_layout(sub, seed=MAP_SEED, iterations=80, k=1.6 / len(component) ** 0.5)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: ((x - min(xs)) / span_x, (y - min(ys)) / span_y) for n, (x, y) in pos.items()}


def _among(edges: Sequence[tuple[str, str, int]], among) -> Iterable[tuple[str, str, int]]:
    """The edges between two distinct actors of ``among``."""
    return ((a, b, w) for a, b, w in edges if a != b and a in among and b in among)


def tie_map(title: str, nodes: Sequence[MapNode], edges: Sequence[tuple[str, str, int]],
            label_all: bool = False, width: int = 900) -> tuple[Markup, str]:
    """The ties as a node-link picture, with the actors' names as text.

    Each connected part gets a spring layout (fixed seed) in its own box;
    the boxes are packed in rows, largest first, and actors without any tie
    stand in a labelled list below. Returns the SVG and a note on what it
    shows."""
    by_id = {n.id: n for n in nodes}
    notes = []
    keep = by_id
    if len(by_id) > MAP_NODE_LIMIT:
        # The best connected actors are chosen from counts, so the graph holds
        # only their edges (at city scale the whole one is 212,900 edges).
        degree = dict.fromkeys(by_id, 0)
        for a, b, _weight in _among(edges, by_id):
            degree[a] += 1
            degree[b] += 1
        keep = set(sorted(by_id, key=lambda n: (-degree[n], by_id[n].label))[:MAP_NODE_LIMIT])
        notes.append(_("Ausschnitt: die %(n)d Akteure mit den meisten Kooperationsbeziehungen.")
                     % {"n": MAP_NODE_LIMIT})
    graph = nx.Graph()
    graph.add_nodes_from(sorted(keep))
    for a, b, weight in _among(edges, keep):
        graph.add_edge(a, b, weight=weight)
    lonely = sorted((n for n in graph.nodes if graph.degree(n) == 0), key=lambda n: by_id[n].label)
    components = sorted((c for c in nx.connected_components(graph) if len(c) > 1),
                        key=lambda c: (-len(c), min(c)))
    linked = [n for c in components for n in c]
    if label_all or len(linked) <= MAP_LABEL_LIMIT:
        labelled = set(linked)
    else:
        best = sorted(linked, key=lambda n: (-graph.degree(n), by_id[n].label))[:MAP_LABEL_LIMIT]
        labelled = set(best) | {n for n in linked if by_id[n].broker}
        notes.append(_("Beschriftet sind die am besten vernetzten Akteure und alle Vermittler."))

    # Shelf packing of the component boxes.
    margin, gap, label_room = 16, 14, 150
    usable = width - 2 * margin - label_room
    boxes, x, y, row_height = [], margin, 14, 0
    for component in components:
        # Labelled drawings need more room per actor.
        side = min(usable, max(70, int((80 if label_all else 46) * len(component) ** 0.5)))
        if x + side > margin + usable and x > margin:
            x, y, row_height = margin, y + row_height + gap, 0
        boxes.append((component, x, y, side))
        x += side + gap + (label_room if side < 200 else 40)
        row_height = max(row_height, side)
    y_end = y + row_height + (gap if components else 0)
    points: dict[str, tuple[float, float]] = {}
    for component, bx, by, side in boxes:
        for node, (ux, uy) in _component_positions(graph, component).items():
            points[node] = (bx + 8 + ux * (side - 16), by + 8 + uy * (side - 16))

    body: list[str] = []
    for a, b, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = points[a], points[b]
        w = 0.6 + 0.5 * min(4, data.get("weight", 1))
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{GRID}" stroke-width="{w:.1f}"/>')

    def dot(node: str, px: float, py: float) -> str:
        item = by_id[node]
        if item.isolated:
            return (f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5.5" fill="#ffffff" '
                    f'stroke="{ALERT}" stroke-width="2.5"/>')
        ring = f' stroke="{WARN}" stroke-width="3"' if item.broker else ""
        colour = SECTOR_COLOURS.get(item.sector or "", UNKNOWN)
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{colour}"{ring}/>'

    for node in sorted(points):
        body.append(dot(node, *points[node]))
    for node in sorted(labelled):
        px, py = points[node]
        body.append(_text(px + 7, py + 3, _short(by_id[node].label, 40), size=8))

    # Actors without any tie: a labelled list below the drawing.
    if lonely:
        body.append(_text(margin, y_end + 14, _("Ohne Kooperationsbeziehung am Stichtag:"),
                          size=11, weight="600"))
        columns = max(1, (width - 2 * margin) // 215)
        for i, node in enumerate(lonely):
            px = margin + 6 + (i % columns) * 215
            py = y_end + 32 + (i // columns) * 17
            body.append(dot(node, px, py - 3))
            body.append(_text(px + 9, py, _short(by_id[node].label, 36), size=9))
        y_end += 32 + ((len(lonely) - 1) // columns + 1) * 17
    if not graph.number_of_nodes():
        body.append(_text(width / 2, y_end + 30, _("Keine Akteure in dieser Auswahl."),
                          anchor="middle"))
        y_end += 50

    legend = [(_("öffentlicher Träger"), PUBLIC), (_("freier Träger"), FREE),
              (_("Sektor unbekannt"), UNKNOWN)]
    lx, ly = margin + 4, y_end + 22
    for name, colour in legend:
        body.append(f'<circle cx="{lx}" cy="{ly - 4}" r="5" fill="{colour}"/>')
        body.append(_text(lx + 10, ly, name, size=11))
        lx += 30 + 7 * len(name)
    body.append(f'<circle cx="{lx}" cy="{ly - 4}" r="5.5" fill="#ffffff" stroke="{ALERT}" '
                f'stroke-width="2.5"/>')
    body.append(_text(lx + 10, ly, _("isoliert"), size=11))
    lx += 80
    body.append(f'<circle cx="{lx}" cy="{ly - 4}" r="5" fill="{UNKNOWN}" stroke="{WARN}" '
                f'stroke-width="3"/>')
    body.append(_text(lx + 10, ly, _("Vermittler (Artikulationspunkt)"), size=11))
    return _svg(width, ly + 12, title, body, css_class="chart chart--map"), " ".join(notes)
