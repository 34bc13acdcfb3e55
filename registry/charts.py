"""Server-side SVG charts for the reports, and the static map of ties.

Every chart is an inline ``<svg role="img">`` with an ``aria-label`` and a
``<title>``, and stands beside the table with the same figures, so nothing
is only in the picture. All text is escaped. Presentation attributes (not
``style=``) keep the page's Content-Security-Policy intact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import networkx as nx
from markupsafe import Markup, escape

from .i18n import gettext as _

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
         reference: float | None = None, reference_label: str = "", highlight: Sequence[bool] = (),
         width: int = 640) -> Markup:
    """Horizontal bars with an optional reference line; None is drawn as "–"."""
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
MAP_LABEL_LIMIT = 40      # labels beyond a Sozialraum: best connected + marked ones
MAP_SEED = 1908


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str
    sector: str | None = None
    isolated: bool = False
    broker: bool = False


def tie_map(title: str, nodes: Sequence[MapNode], edges: Sequence[tuple[str, str, int]],
            label_all: bool = False, width: int = 900, height: int = 620) -> tuple[Markup, str]:
    """The ties as a node-link picture (spring layout, fixed seed), with the
    actors' names as text. Returns the SVG and a note on what it shows."""
    graph = nx.Graph()
    by_id = {n.id: n for n in nodes}
    graph.add_nodes_from(sorted(by_id))
    for a, b, weight in edges:
        if a in by_id and b in by_id:
            graph.add_edge(a, b, weight=weight)
    note = ""
    if graph.number_of_nodes() > MAP_NODE_LIMIT:
        keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), by_id[n].label))[:MAP_NODE_LIMIT]
        graph = graph.subgraph(keep).copy()
        note = _("Ausschnitt: die %(n)d Akteure mit den meisten Kooperationsbeziehungen.") % {"n": MAP_NODE_LIMIT}
    if label_all or graph.number_of_nodes() <= MAP_LABEL_LIMIT:
        labelled = set(graph.nodes)
    else:
        best = sorted(graph.nodes, key=lambda n: (-graph.degree(n), by_id[n].label))[:MAP_LABEL_LIMIT]
        labelled = set(best) | {n for n in graph.nodes if by_id[n].isolated or by_id[n].broker}
        note = (note + " " if note else "") + (
            _("Beschriftet sind die am besten vernetzten Akteure sowie alle isolierten "
              "Akteure und Vermittler."))

    margin_x, margin_top, margin_bottom = 90, 20, 46
    body: list[str] = []
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=MAP_SEED, iterations=60) if graph.number_of_nodes() > 1 \
            else {next(iter(graph.nodes)): (0.0, 0.0)}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0

        def place(node):
            x, y = pos[node]
            px = margin_x + (x - min(xs)) / span_x * (width - 2 * margin_x) if len(xs) > 1 else width / 2
            py = margin_top + (y - min(ys)) / span_y * (height - margin_top - margin_bottom) \
                if len(ys) > 1 else height / 2
            return px, py

        points = {n: place(n) for n in graph.nodes}
        for a, b, data in sorted(graph.edges(data=True)):
            (x1, y1), (x2, y2) = points[a], points[b]
            w = 0.6 + 0.6 * min(4, data.get("weight", 1))
            body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                        f'stroke="{GRID}" stroke-width="{w:.1f}"/>')
        for node in sorted(graph.nodes):
            item = by_id[node]
            x, y = points[node]
            colour = SECTOR_COLOURS.get(item.sector or "", UNKNOWN)
            if item.isolated:
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#ffffff" '
                            f'stroke="{ALERT}" stroke-width="2.5"/>')
            else:
                ring = f' stroke="{WARN}" stroke-width="3"' if item.broker else ""
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"{ring}/>')
        for node in sorted(labelled):
            x, y = points[node]
            body.append(_text(x + 8, y + 4, _short(by_id[node].label, 40), size=9))
    else:
        body.append(_text(width / 2, height / 2, _("Keine Akteure in dieser Auswahl."), anchor="middle"))
    legend = [(_("öffentlicher Träger"), PUBLIC), (_("freier Träger"), FREE), (_("Sektor unbekannt"), UNKNOWN)]
    x = 20
    y = height - 16
    for name, colour in legend:
        body.append(f'<circle cx="{x}" cy="{y - 4}" r="5.5" fill="{colour}"/>')
        body.append(_text(x + 10, y, name, size=11))
        x += 30 + 7 * len(name)
    body.append(f'<circle cx="{x}" cy="{y - 4}" r="6" fill="#ffffff" stroke="{ALERT}" stroke-width="2.5"/>')
    body.append(_text(x + 10, y, _("isoliert"), size=11))
    x += 80
    body.append(f'<circle cx="{x}" cy="{y - 4}" r="5.5" fill="{UNKNOWN}" stroke="{WARN}" stroke-width="3"/>')
    body.append(_text(x + 10, y, _("Vermittler (Artikulationspunkt)"), size=11))
    return _svg(width, height, title, body, css_class="chart chart--map"), note
