"""Static pictures of a map (SVG, PNG, PDF) for meeting documents, print
and slides.

matplotlib without pyplot (thread-safe, Agg/SVG/PDF only). The picture
always uses the server layout, so the same data gives the same picture.
Text from users is drawn with ``parse_math=False`` (a "$" in a name is not
TeX); SVG keeps text as text (escaped by matplotlib's SVG writer), PDF
embeds the font as TrueType (text can be searched and copied).

The page is one of ``PAGES`` (A4 landscape or portrait, a 16:9 slide),
larger for large maps. From the top: title (editable), subtitle, the
filters; below them the map with, at its foot, the actors without a
partner in a strip of their own; the legend beside the map (below it on a
portrait page). Every block is measured with the real font before it is
placed, and a last pass shrinks what still does not fit and drops a name
that would reach past the page, so no text is cut off at any size.
"""
from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass


from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from . import colours, render
from .view import MapNode, MapView

# page key -> (label, (width, height) in inches)
PAGES: dict[str, tuple[object, tuple[float, float]]] = {
    "a4-quer": (_l("A4 quer"), (11.69, 8.27)),
    "a4-hoch": (_l("A4 hoch"), (8.27, 11.69)),
    "16-9": (_l("Folie 16:9"), (13.333, 7.5)),
}
# which actors get their name written
NAME_MODES: dict[str, object] = {
    "meiste": _l("die am besten vernetzten (ohne Überlappung)"),
    "alle": _l("alle"),
    "auswahl": _l("nur hervorgehobene"),
    "keine": _l("keine"),
}
MAX_LABELS = 150        # "meiste": at most this many names
MAX_SCALE = 4.0         # pages grow with the map, up to A0
MAX_PIXELS = 24e6       # PNG size cap
LABEL_PT = 7
MARGIN = 0.3            # inches around everything
RC = {"svg.fonttype": "none", "svg.hashsalt": "netzwerkregister", "pdf.fonttype": 42,
      "font.family": "DejaVu Sans"}


@dataclass(frozen=True)
class Picture:
    """How the picture looks: page, title (None: the map's own), names."""
    page: str = "a4-quer"
    title: str | None = None
    names: str = "meiste"


def _scale(n: int) -> float:
    return min(MAX_SCALE, max(1.0, math.sqrt(n / MAX_LABELS)))


def draw(view: MapView, fmt: str, picture: Picture | None = None) -> bytes:
    picture = picture or Picture()
    scale = _scale(len(view.nodes))
    width, height = (side * scale for side in PAGES[picture.page][1])
    # matplotlib on the first picture: 60 MB a worker need not hold for every page.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height))
        FigureCanvasAgg(fig)
        _compose(fig, view, picture)
        out = io.BytesIO()
        title = picture.title or view.title
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Title": title, "Date": None})
        elif fmt == "pdf":
            fig.savefig(out, format="pdf", metadata={"Title": title, "CreationDate": None})
        else:
            dpi = min(150.0, math.sqrt(MAX_PIXELS / (width * height)))
            fig.savefig(out, format="png", dpi=dpi, metadata={"Title": title})
    return out.getvalue()


# -- layout of the page -------------------------------------------------------

def _compose(fig: Figure, view: MapView, picture: Picture) -> None:
    renderer = fig.canvas.get_renderer()
    width, height = fig.get_size_inches()
    mx, my = MARGIN / width, MARGIN / height
    portrait = width < height
    top = _header(fig, renderer, view, picture, mx, my)
    bottom, right = my, 1 - mx
    legend_ax = fig.add_axes((mx, my, 0.1, 0.1))
    legend_ax.set_axis_off()
    for size in (7, 6.5, 6, 5.5, 5):  # the legend fits its column or band
        if legend_ax.get_legend():
            legend_ax.get_legend().remove()
        legend = _legend(legend_ax, view, portrait, size)
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

    linked = {x for e in view.edges for x in (e.a, e.b)}
    alone = [n for n in view.nodes if n.id not in linked]
    gap = 0.012
    named = 0
    if alone and len(alone) < len(view.nodes):
        strip = min(0.28 * (top - bottom), 0.06 + 0.035 * math.ceil(len(alone) / 12))
        named += _isolated(fig, view, alone, picture, (mx, bottom, right - mx, strip))
        bottom += strip + gap
    ax = fig.add_axes((mx, bottom, right - mx, top - gap - bottom))
    if alone and len(alone) == len(view.nodes):
        named += _scatter(ax, view, alone, {n.id: _grid(i, len(alone)) for i, n in enumerate(alone)},
                          picture)
    else:
        named += _network(ax, view, picture)
    note = next((t for t in fig.texts if t.get_gid() == "names"), None)
    if note is not None:
        note.set_text(_wrap(_names_note(picture, named), 8, width - 2 * MARGIN))
    _fit_inside(fig, renderer)


def _wrap(text: str, points: float, width_in: float) -> str:
    """``text`` broken into lines that fit ``width_in`` inches at ``points``
    (a generous character width; _fit_inside catches the rest)."""
    per_line = max(10, int(width_in * 72 / (points * 0.6)))
    return "\n".join(textwrap.wrap(text, per_line, break_long_words=True)) or text


def _header(fig, renderer, view: MapView, picture: Picture, mx: float, my: float) -> float:
    """Title, subtitle and filters from the top; returns where they end."""
    width_in = fig.get_size_inches()[0] * (1 - 2 * mx)
    y = 1 - my
    title = picture.title or view.title
    blocks = [
        (_wrap(title, 18, width_in), dict(fontsize=18, fontweight="bold"), "title"),
        (_wrap(view.subtitle, 11, width_in), dict(fontsize=11), "subtitle"),
        (_wrap(" · ".join(f"{label}: {value}" for label, value in view.filter_summary()), 8, width_in),
         dict(fontsize=8, color="#333333", linespacing=1.3), "filters"),
    ]
    if picture.names != "alle":  # the real count is known after drawing: same length
        blocks.append((_wrap(_names_note(picture, len(view.nodes)), 8, width_in),
                       dict(fontsize=8, color="#333333"), "names"))
    for text, style, gid in blocks:
        artist = fig.text(mx, y, text, va="top", ha="left", parse_math=False, gid=gid, **style)
        extent = artist.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        y = extent.y0 - 0.008
    return y


def _names_note(picture: Picture, named: int) -> str:
    """Whose names the picture writes (the table and the HTML export name
    everyone)."""
    return {
        "keine": _("Ohne Namen (alle Namen in der Tabelle und im HTML-Export)."),
        "auswahl": _("Namen: %(n)d hervorgehobene Akteure (alle Namen in der Tabelle und im "
                     "HTML-Export).") % {"n": named},
        "meiste": _("Namen: %(n)d Akteure mit den meisten Partnern, ohne Überlappung "
                    "(alle Namen in der Tabelle und im HTML-Export).") % {"n": named},
    }.get(picture.names, "")


def _fit_inside(fig: Figure, renderer) -> None:
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

def _wanted(view: MapView, nodes: list[MapNode], picture: Picture) -> list[MapNode]:
    """The actors whose names may be written, in the order they are tried."""
    if picture.names == "keine":
        return []
    if picture.names == "auswahl":
        marked = set(view.filters.highlight)
        return [n for n in nodes if n.id in marked]
    return sorted(nodes, key=lambda n: (-n.degree, n.name, n.id))


def _network(ax, view: MapView, picture: Picture) -> int:
    """Draw the actors with partners and their ties; return how many got a name."""
    from matplotlib.collections import LineCollection
    ax.set_axis_off()
    ax.set_aspect("equal")
    if not view.nodes:
        ax.text(0.5, 0.5, _("Keine Akteure für diese Auswahl."), ha="center", va="center",
                transform=ax.transAxes, fontsize=12)
        return 0
    pos = render.view_positions(view)
    flip = {k: (x, -y) for k, (x, y) in pos.items()}  # screen y grows downwards
    linked = {x for e in view.edges for x in (e.a, e.b)}
    for style, edges in _edge_groups(view):
        if edges:
            ax.add_collection(LineCollection(
                [(flip[e.a], flip[e.b]) for e in edges], colors=style["colour"],
                alpha=style.get("alpha", 1.0), linestyles=style["line"],
                linewidths=[style["width"](e) for e in edges], zorder=1))
    nodes = [n for n in view.nodes if n.id in linked]
    return _scatter(ax, view, nodes, flip, picture)


def _edge_groups(view: MapView):
    """(style, edges): cooperation, Träger links and, when two Stichtage are
    compared, new / ended / unchanged ties in the map's styles."""
    width = lambda e: 0.4 + 0.5 * math.log2(max(1, e.weight))  # noqa: E731
    plain = [e for e in view.edges if e.cooperation and not e.change]
    yield {"colour": render.EDGE_COLOR, "alpha": 0.55, "line": "solid", "width": width}, plain
    for key, style in render.CHANGE_STYLES.items():
        yield ({"colour": style["colour"], "line": "dashed" if style["dashes"] else "solid",
                "width": lambda e, extra=style["extra"]: width(e) + extra * 0.6},
               [e for e in view.edges if e.cooperation and e.change == key])
    yield ({"colour": render.TRAEGER_COLOR, "line": "dashed", "width": lambda e: 0.7},
           [e for e in view.edges if not e.cooperation])


def _scatter(ax, view: MapView, nodes: list[MapNode], flip, picture: Picture,
             margin: float = 60) -> int:
    """Markers for ``nodes`` at ``flip`` positions and their names."""
    ax.set_axis_off()
    ax.set_aspect("equal")
    paint = colours.colouring(view.nodes, view.filters.colour)
    for shape, marker in render.MARKERS.items():
        group = [n for n in nodes if render.node_shape(n) == shape]
        if not group:
            continue
        factor = 2.2 if shape == "star" else 1.0
        ax.scatter([flip[n.id][0] for n in group], [flip[n.id][1] for n in group],
                   s=[factor * (render.node_size(n) * 0.55) ** 2 for n in group],
                   c=[paint.of(n.id) for n in group],
                   marker=marker, edgecolors=[render.INK if n.sector == "oeffentlich" else "white"
                                              for n in group],
                   linewidths=[1.4 if n.sector == "oeffentlich" else 0.5 for n in group], zorder=2)
    xs = [flip[n.id][0] for n in nodes]
    ys = [flip[n.id][1] for n in nodes]
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    # A light box behind the name (not a stroke path effect: in SVG that
    # turns the text into outlines, and text must stay text).
    backing = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    labels = _readable_labels(ax, _wanted(view, nodes, picture), flip, overlap=picture.names != "meiste")
    for n, shift in labels:
        ax.annotate(n.name, flip[n.id], xytext=(shift, -(render.node_size(n) * 0.3 + 4)),
                    textcoords="offset points", ha="center", va="top", fontsize=LABEL_PT,
                    color=render.INK, bbox=backing, zorder=3, annotation_clip=False,
                    parse_math=False)
    return len(labels)


def _readable_labels(ax, nodes: list[MapNode], flip, overlap: bool = False) -> list[tuple[MapNode, float]]:
    """(node, horizontal shift in points): names in the order given that do
    not overlap (unless ``overlap``), at most MAX_LABELS when they must not;
    a name near the page's edge moves inwards."""
    ax.apply_aspect()
    points = ax.figure.dpi / 72.0
    page = ax.figure.bbox
    placed: list[tuple[float, float, float, float]] = []
    chosen = []
    for n in nodes:
        if not overlap and len(chosen) >= MAX_LABELS:
            break
        x, y = ax.transData.transform(flip[n.id])
        top = y - (render.node_size(n) * 0.3 + 4) * points
        half = len(n.name) * LABEL_PT * 0.32 * points
        shift = max(0.0, page.x0 + 2 * points - (x - half)) - max(0.0, (x + half) - (page.x1 - 2 * points))
        box = (x + shift - half, top - LABEL_PT * 1.3 * points, x + shift + half, top)
        if not overlap and any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                               for b in placed):
            continue
        placed.append(box)
        chosen.append((n, shift / points))
    return chosen


def _grid(i: int, count: int, columns: int = 12) -> tuple[float, float]:
    columns = min(columns, count)
    return (i % columns) * 200.0, -(i // columns) * 120.0


def _isolated(fig, view: MapView, alone: list[MapNode], picture: Picture, box) -> int:
    """The actors without a partner in a labelled strip under the map, so
    their grid does not read as a cluster."""
    frame = fig.add_axes(box)
    frame.set_xticks([])
    frame.set_yticks([])
    for side in frame.spines.values():
        side.set_color("#b9c1c8")
    frame.set_facecolor("#f6f7f8")
    frame.text(0.005, 0.97, _("Ohne Kooperationspartner (%(n)d)") % {"n": len(alone)},
               transform=frame.transAxes, va="top", ha="left", fontsize=9, fontweight="bold",
               parse_math=False)
    heading = 14 / 72 / fig.get_size_inches()[1]
    inner = fig.add_axes((box[0], box[1], box[2], max(0.01, box[3] - heading)))
    inner.patch.set_visible(False)
    ranked = sorted(alone, key=lambda n: (n.name, n.id))
    return _scatter(inner, view, ranked, {n.id: _grid(i, len(ranked)) for i, n in enumerate(ranked)},
                    picture, margin=110)


# -- legend -------------------------------------------------------------------------

def _legend(ax, view: MapView, portrait: bool, size: float = 7):
    from matplotlib.lines import Line2D
    info = render.legend(view)
    handles = []
    if info["changes"]:
        handles += [Line2D([], [], linestyle="", label=info["changes_title"])]
        handles += [Line2D([], [], color=colour, linestyle="dashed" if style == "dashed" else "solid",
                           linewidth=2, label=f"{text} ({count})")
                    for style, colour, text, count in info["changes"]]
        handles += [Line2D([], [], linestyle="", label="")]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=color,
                       markeredgecolor="#8a97a3", label=f"{text} ({count})")
                for text, color, count in info["colours"] if count]
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
    width = 50 if portrait else 30
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), width))
    return ax.legend(handles=handles, loc="upper left", fontsize=size, ncol=2 if portrait else 1,
                     title=_("Legende") + "\n" + info["colour_title"], title_fontsize=size + 2,
                     frameon=False, borderaxespad=0, labelspacing=0.6, alignment="left")
