"""The process in which ``registry.maps.image.draw`` draws a map picture
with matplotlib (without pyplot: Agg/SVG/PDF only).

Run as a script (``python -P image_process.py``, see registry/process.py),
not as a module of the package: it loads matplotlib and nothing of the app.
Reads the scene (image.scene: texts, the actors as columns, the ties as
arrays of segments per line style, the legend's entries) pickled from
stdin, writes the file to stdout. Everything the app decides (colours,
sizes, shapes, texts) is in the scene; what is placed where on the page is
decided here, measured with the real font.

Text from users is drawn with ``parse_math=False`` (a "$" in a name is not
TeX); SVG keeps text as text (escaped by matplotlib's SVG writer), PDF
embeds the font as TrueType (text can be searched and copied).

From the top: title, subtitle, the filters; below them the map with, at its
foot, the actors without a partner in a strip of their own; the legend
beside the map (below it on a portrait page). Every block is measured
before it is placed, and a last pass shrinks what still does not fit and
drops a name that would reach past the page, so no text is cut off at any
size.
"""
from __future__ import annotations

import math
import pickle
import sys
import textwrap

MAX_PIXELS = 24e6       # PNG size cap
LABEL_PT = 7
MARGIN = 0.3            # inches around everything
RC = {"svg.fonttype": "none", "svg.hashsalt": "netzwerkregister", "pdf.fonttype": 42,
      "font.family": "DejaVu Sans"}


def main() -> None:
    scene = pickle.load(sys.stdin.buffer)
    draw(scene, sys.stdout.buffer)


def draw(scene: dict, out) -> None:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    width, height = scene["size"]
    fmt, title = scene["format"], scene["title"]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height))
        FigureCanvasAgg(fig)
        _compose(fig, scene)
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Title": title, "Date": None})
        elif fmt == "pdf":
            fig.savefig(out, format="pdf", metadata={"Title": title, "CreationDate": None})
        else:
            dpi = min(150.0, math.sqrt(MAX_PIXELS / (width * height)))
            fig.savefig(out, format="png", dpi=dpi, metadata={"Title": title})


# -- layout of the page -------------------------------------------------------

def _compose(fig, scene: dict) -> None:
    renderer = fig.canvas.get_renderer()
    width, height = fig.get_size_inches()
    mx, my = MARGIN / width, MARGIN / height
    portrait = width < height
    top = _header(fig, renderer, scene, mx, my)
    bottom, right = my, 1 - mx
    legend_ax = fig.add_axes((mx, my, 0.1, 0.1))
    legend_ax.set_axis_off()
    for size in (7, 6.5, 6, 5.5, 5):  # the legend fits its column or band
        if legend_ax.get_legend():
            legend_ax.get_legend().remove()
        legend = _legend(legend_ax, scene, portrait, size)
        box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        limit = (0.4 * (top - my), 1 - 2 * mx) if portrait else (top - my, 0.34)
        if box.height <= limit[0] and box.width <= limit[1]:
            break
    if portrait:  # legend under the map, full width
        legend_ax.set_position((mx, my, 1 - 2 * mx, box.height))
        bottom = my + box.height + 0.015
    else:         # legend in a column on the right
        legend_ax.set_position((1 - mx - box.width, top - box.height, box.width, box.height))
        right = 1 - mx - box.width - 0.015

    nodes = scene["nodes"]
    count = len(nodes["id"])
    alone = [i for i in range(count) if not nodes["linked"][i]]
    gap = 0.012
    named = 0
    if alone and len(alone) < count:
        strip = min(0.28 * (top - bottom), 0.06 + 0.035 * math.ceil(len(alone) / 12))
        named += _isolated(fig, scene, alone, (mx, bottom, right - mx, strip))
        bottom += strip + gap
    ax = fig.add_axes((mx, bottom, right - mx, top - gap - bottom))
    if alone and len(alone) == count:
        named += _scatter(ax, scene, alone, {i: _grid(k, len(alone)) for k, i in enumerate(alone)})
    else:
        named += _network(ax, scene)
    note = next((t for t in fig.texts if t.get_gid() == "names"), None)
    if note is not None:
        note.set_text(_wrap(scene["names_note"] % {"n": named}, 8, width - 2 * MARGIN))
    _fit_inside(fig, renderer)


def _wrap(text: str, points: float, width_in: float) -> str:
    """``text`` broken into lines that fit ``width_in`` inches at ``points``
    (a generous character width; _fit_inside catches the rest)."""
    per_line = max(10, int(width_in * 72 / (points * 0.6)))
    return "\n".join(textwrap.wrap(text, per_line, break_long_words=True)) or text


def _header(fig, renderer, scene: dict, mx: float, my: float) -> float:
    """Title, subtitle and filters from the top; returns where they end."""
    width_in = fig.get_size_inches()[0] * (1 - 2 * mx)
    y = 1 - my
    blocks = [
        (_wrap(scene["title"], 18, width_in), dict(fontsize=18, fontweight="bold"), "title"),
        (_wrap(scene["subtitle"], 11, width_in), dict(fontsize=11), "subtitle"),
        (_wrap(scene["filters"], 8, width_in),
         dict(fontsize=8, color="#333333", linespacing=1.3), "filters"),
    ]
    if scene["names_note"] is not None:  # the real count is known after drawing: same length
        blocks.append((_wrap(scene["names_note"] % {"n": len(scene["nodes"]["id"])}, 8, width_in),
                       dict(fontsize=8, color="#333333"), "names"))
    for text, style, gid in blocks:
        artist = fig.text(mx, y, text, va="top", ha="left", parse_math=False, gid=gid, **style)
        extent = artist.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        y = extent.y0 - 0.008
    return y


def _fit_inside(fig, renderer) -> None:
    """No text past the page: a name that would be is dropped, any other
    text shrinks until it fits."""
    from matplotlib.text import Annotation, Text
    page = fig.bbox
    fig.draw_without_rendering()  # a legend places its texts only when drawn
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text():
            continue
        for _attempt in range(12):
            box = text.get_window_extent(renderer)
            if (box.x0 >= page.x0 and box.y0 >= page.y0 and box.x1 <= page.x1 and box.y1 <= page.y1):
                break
            if isinstance(text, Annotation):
                text.set_visible(False)
                break
            text.set_fontsize(text.get_fontsize() * 0.9)


# -- the map ----------------------------------------------------------------------

def _wanted(scene: dict, chosen: list[int]) -> list[int]:
    """The actors whose names may be written, in the order they are tried."""
    nodes = scene["nodes"]
    if scene["names"] == "keine":
        return []
    if scene["names"] == "auswahl":
        return [i for i in chosen if nodes["highlight"][i]]
    return sorted(chosen, key=lambda i: (-nodes["degree"][i], nodes["name"][i], nodes["id"][i]))


def _network(ax, scene: dict) -> int:
    """Draw the actors with partners and their ties; return how many got a name."""
    from matplotlib.collections import LineCollection
    ax.set_axis_off()
    ax.set_aspect("equal")
    nodes = scene["nodes"]
    if not nodes["id"]:
        ax.text(0.5, 0.5, scene["empty"], ha="center", va="center",
                transform=ax.transAxes, fontsize=12)
        return 0
    # One array of segments and one of widths per line style: no Python
    # object per tie (212,900 at city scale).
    for group in scene["edges"]:
        ax.add_collection(LineCollection(
            group["segments"], colors=group["colour"], alpha=group["alpha"],
            linestyles=group["line"], linewidths=group["widths"], zorder=1))
    xs, ys = nodes["x"], nodes["y"]
    linked = [i for i in range(len(nodes["id"])) if nodes["linked"][i]]
    return _scatter(ax, scene, linked, {i: (xs[i], ys[i]) for i in linked})


def _scatter(ax, scene: dict, chosen: list[int], flip, margin: float = 60) -> int:
    """Markers for the actors ``chosen`` (their rows) at ``flip`` positions
    and their names."""
    ax.set_axis_off()
    ax.set_aspect("equal")
    nodes = scene["nodes"]
    for shape, marker in scene["markers"]:
        group = [i for i in chosen if nodes["shape"][i] == shape]
        if not group:
            continue
        factor = 2.2 if shape == "star" else 1.0
        ax.scatter([flip[i][0] for i in group], [flip[i][1] for i in group],
                   s=[factor * (nodes["size"][i] * 0.55) ** 2 for i in group],
                   c=[nodes["colour"][i] for i in group],
                   marker=marker, edgecolors=[scene["ink"] if nodes["public"][i] else "white"
                                              for i in group],
                   linewidths=[1.4 if nodes["public"][i] else 0.5 for i in group], zorder=2)
    xs = [flip[i][0] for i in chosen]
    ys = [flip[i][1] for i in chosen]
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    # A light box behind the name (not a stroke path effect: in SVG that
    # turns the text into outlines, and text must stay text).
    backing = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    labels = _readable_labels(ax, scene, _wanted(scene, chosen), flip,
                              overlap=scene["names"] != "meiste")
    for i, shift in labels:
        ax.annotate(nodes["name"][i], flip[i], xytext=(shift, -(nodes["size"][i] * 0.3 + 4)),
                    textcoords="offset points", ha="center", va="top", fontsize=LABEL_PT,
                    color=scene["ink"], bbox=backing, zorder=3, annotation_clip=False,
                    parse_math=False)
    return len(labels)


def _readable_labels(ax, scene: dict, chosen: list[int], flip,
                     overlap: bool = False) -> list[tuple[int, float]]:
    """(row, horizontal shift in points): names in the order given that do
    not overlap (unless ``overlap``), at most scene["max_labels"] when they must not;
    a name near the page's edge moves inwards."""
    nodes = scene["nodes"]
    ax.apply_aspect()
    points = ax.figure.dpi / 72.0
    page = ax.figure.bbox
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for i in chosen:
        if not overlap and len(labels) >= scene["max_labels"]:
            break
        x, y = ax.transData.transform(flip[i])
        top = y - (nodes["size"][i] * 0.3 + 4) * points
        half = len(nodes["name"][i]) * LABEL_PT * 0.32 * points
        shift = max(0.0, page.x0 + 2 * points - (x - half)) - max(0.0, (x + half) - (page.x1 - 2 * points))
        box = (x + shift - half, top - LABEL_PT * 1.3 * points, x + shift + half, top)
        if not overlap and any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                               for b in placed):
            continue
        placed.append(box)
        labels.append((i, shift / points))
    return labels


def _grid(i: int, count: int, columns: int = 12) -> tuple[float, float]:
    columns = min(columns, count)
    return (i % columns) * 200.0, -(i // columns) * 120.0


def _isolated(fig, scene: dict, alone: list[int], box) -> int:
    """The actors without a partner in a labelled strip under the map, so
    their grid does not read as a cluster."""
    frame = fig.add_axes(box)
    frame.set_xticks([])
    frame.set_yticks([])
    for side in frame.spines.values():
        side.set_color("#b9c1c8")
    frame.set_facecolor("#f6f7f8")
    frame.text(0.005, 0.97, scene["alone_title"], transform=frame.transAxes, va="top",
               ha="left", fontsize=9, fontweight="bold", parse_math=False)
    heading = 14 / 72 / fig.get_size_inches()[1]
    inner = fig.add_axes((box[0], box[1], box[2], max(0.01, box[3] - heading)))
    inner.patch.set_visible(False)
    nodes = scene["nodes"]
    ranked = sorted(alone, key=lambda i: (nodes["name"][i], nodes["id"][i]))
    return _scatter(inner, scene, ranked, {i: _grid(k, len(ranked)) for k, i in enumerate(ranked)},
                    margin=110)


# -- legend -------------------------------------------------------------------------

def _legend(ax, scene: dict, portrait: bool, size: float = 7):
    from matplotlib.lines import Line2D
    legend = scene["legend"]
    width = 50 if portrait else 30
    handles = [Line2D([], [], **dict(entry, label=textwrap.fill(entry["label"], width)))
               for entry in legend["entries"]]
    return ax.legend(handles=handles, loc="upper left", fontsize=size, ncol=2 if portrait else 1,
                     title=legend["title"], title_fontsize=size + 2,
                     frameon=False, borderaxespad=0, labelspacing=0.6, alignment="left")


if __name__ == "__main__":
    main()
