"""Static pictures of a map (SVG, PNG) for meeting documents and print.

matplotlib without pyplot (thread-safe, Agg/SVG only). The picture always
uses the server layout, so the same data gives the same picture. Text from
users is drawn with ``parse_math=False`` (a "$" in a name is not TeX) and
SVG keeps text as text (escaped by matplotlib's SVG writer). Labels are 7 pt
at the printed size and never overlap: the best connected actors are
labelled first, up to ``MAX_LABELS``; the subtitle says when not all are.
"""
from __future__ import annotations

import io
import math
import textwrap

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..i18n import gettext as _
from . import colours, render
from .view import MapView

MAX_LABELS = 150
A4_LANDSCAPE = (11.69, 8.27)
MAX_SCALE = 4.0          # up to A0
MAX_PIXELS = 24e6        # PNG size cap
LABEL_PT = 7


def _scale(n: int) -> float:
    return min(MAX_SCALE, max(1.0, math.sqrt(n / MAX_LABELS)))


def draw(view: MapView, fmt: str) -> bytes:
    scale = _scale(len(view.nodes))
    width, height = A4_LANDSCAPE[0] * scale, A4_LANDSCAPE[1] * scale
    fig = Figure(figsize=(width, height))
    grid = fig.add_gridspec(1, 2, left=0.02, right=0.99, top=0.84, bottom=0.02,
                            width_ratios=[4.2, 1], wspace=0.02)
    labelled = _network(fig.add_subplot(grid[0, 0]), view)
    _header(fig, view, scale, labelled)
    _legend(fig.add_subplot(grid[0, 1]), view)
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "netzwerkregister",
                                "font.family": "DejaVu Sans"}):
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Title": view.title, "Date": None})
        else:
            dpi = min(150.0, math.sqrt(MAX_PIXELS / (width * height)))
            fig.savefig(out, format="png", dpi=dpi, metadata={"Title": view.title})
    return out.getvalue()


def _header(fig: Figure, view: MapView, scale: float, labelled: int) -> None:
    top = 0.985
    fig.text(0.02, top, view.title, fontsize=18, fontweight="bold", va="top", parse_math=False)
    subtitle = view.subtitle
    if labelled < len(view.nodes):
        subtitle += " · " + _("beschriftet: %(n)d Akteure mit den meisten Partnern, ohne Überlappung "
                              "(alle Namen in der Tabelle und im HTML-Export)") % {"n": labelled}
    fig.text(0.02, top - 0.045 / scale, subtitle, fontsize=11, va="top", parse_math=False)
    lines = [f"{label}: {value}" for label, value in view.filter_summary()]
    half = (len(lines) + 1) // 2
    for column, chunk in enumerate((lines[:half], lines[half:])):
        fig.text(0.02 + column * 0.48, top - 0.08 / scale, "\n".join(chunk), fontsize=8,
                 va="top", linespacing=1.4, parse_math=False, wrap=True)


def _network(ax, view: MapView) -> int:
    """Draw the map; return how many actors got a label."""
    ax.set_axis_off()
    ax.set_aspect("equal")
    if not view.nodes:
        ax.text(0.5, 0.5, _("Keine Akteure für diese Auswahl."), ha="center", va="center",
                transform=ax.transAxes, fontsize=12)
        return 0
    pos = render.view_positions(view)
    flip = {k: (x, -y) for k, (x, y) in pos.items()}  # screen y grows downwards
    coop = [e for e in view.edges if e.cooperation]
    traeger = [e for e in view.edges if not e.cooperation]
    if coop:
        ax.add_collection(LineCollection(
            [(flip[e.a], flip[e.b]) for e in coop], colors=render.EDGE_COLOR, alpha=0.55,
            linewidths=[0.4 + 0.5 * math.log2(e.weight) for e in coop], zorder=1))
    if traeger:
        ax.add_collection(LineCollection(
            [(flip[e.a], flip[e.b]) for e in traeger], colors=render.TRAEGER_COLOR,
            linestyles="dashed", linewidths=0.7, zorder=1))
    paint = colours.colouring(view.nodes, view.filters.colour)
    for shape, marker in render.MARKERS.items():
        group = [n for n in view.nodes if render.node_shape(n) == shape]
        if not group:
            continue
        factor = 2.2 if shape == "star" else 1.0
        ax.scatter([flip[n.id][0] for n in group], [flip[n.id][1] for n in group],
                   s=[factor * (render.node_size(n) * 0.55) ** 2 for n in group],
                   c=[paint.of(n.id) for n in group],
                   marker=marker, edgecolors=[render.INK if n.sector == "oeffentlich" else "white"
                                              for n in group],
                   linewidths=[1.4 if n.sector == "oeffentlich" else 0.5 for n in group], zorder=2)
    xs = [p[0] for p in flip.values()]
    ys = [p[1] for p in flip.values()]
    margin = 60
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    # A light box behind the label (not a stroke path effect: in SVG that
    # turns the text into outlines, and text must stay text).
    backing = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    labels = _readable_labels(ax, view, flip)
    for n in labels:
        x, y = flip[n.id]
        ax.annotate(n.name, (x, y), xytext=(0, -(render.node_size(n) * 0.3 + 4)),
                    textcoords="offset points", ha="center", va="top", fontsize=LABEL_PT,
                    color=render.INK, bbox=backing, zorder=3, annotation_clip=False,
                    parse_math=False)
    return len(labels)


def _readable_labels(ax, view: MapView, flip) -> list:
    """Labels that do not overlap, best connected first, at most MAX_LABELS
    (the table and the HTML export name every actor)."""
    ax.apply_aspect()
    points = ax.figure.dpi / 72.0
    placed: list[tuple[float, float, float, float]] = []
    chosen = []
    for n in sorted(view.nodes, key=lambda n: (-n.degree, n.name, n.id)):
        if len(chosen) >= MAX_LABELS:
            break
        x, y = ax.transData.transform(flip[n.id])
        top = y - (render.node_size(n) * 0.3 + 4) * points
        half = len(n.name) * LABEL_PT * 0.3 * points
        box = (x - half, top - LABEL_PT * 1.3 * points, x + half, top)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        chosen.append(n)
    return chosen


def _legend(ax, view: MapView) -> None:
    ax.set_axis_off()
    info = render.legend(view)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=color,
                      markeredgecolor="#8a97a3", label=f"{text} ({count})")
               for text, color, count in info["colours"]]
    handles += [Line2D([], [], linestyle="", label="")]
    handles += [Line2D([], [], marker=render.MARKERS[shape], linestyle="",
                       markersize=12 if shape == "star" else 9, markerfacecolor="#c9d1d9",
                       markeredgecolor=render.INK if shape == "square" else "#4a5560",
                       markeredgewidth=1.4 if shape == "square" else 0.6, label=text)
                for shape, text in info["shapes"]]
    handles += [Line2D([], [], color=render.EDGE_COLOR, linewidth=2, label=info["edges"][0][1]),
                Line2D([], [], color=render.TRAEGER_COLOR, linestyle="dashed", linewidth=1,
                       label=info["edges"][1][1]),
                Line2D([], [], linestyle="", label=info["size"])]
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), 30))
    ax.legend(handles=handles, loc="upper left", fontsize=7, title=_("Legende") + "\n" + info["colour_title"],
              title_fontsize=9, frameon=False, borderaxespad=0, labelspacing=0.8)
