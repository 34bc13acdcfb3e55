"""Static pictures of a map (SVG, PNG, PDF) for meeting documents, print
and slides.

The picture always uses the server layout, so the same data gives the same
picture. Here the app decides what is drawn (``scene``: texts, each actor's
place, colour, size and shape, the ties as arrays of segments per line
style, the legend's entries); matplotlib draws it in a short-lived process
(image_process.py, which also places the blocks on the page): drawn in the
worker, the whole area at city scale took it to 445-516 MB.

The page is one of ``PAGES`` (A4 landscape or portrait, a 16:9 slide),
larger for large maps.
"""
from __future__ import annotations

import math
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from .. import process
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from . import colours, render
from .view import MapView

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


@dataclass(frozen=True)
class Picture:
    """How the picture looks: page, title (None: the map's own), names."""
    page: str = "a4-quer"
    title: str | None = None
    names: str = "meiste"


def _scale(n: int) -> float:
    return min(MAX_SCALE, max(1.0, math.sqrt(n / MAX_LABELS)))


def draw(view: MapView, fmt: str, picture: Picture | None = None) -> IO[bytes]:
    """The picture as an open temporary file (read it from its start)."""
    job = pickle.dumps(scene(view, fmt, picture or Picture()), protocol=pickle.HIGHEST_PROTOCOL)
    return process.run_script(Path(__file__).with_name("image_process.py"), job, "map picture")


def scene(view: MapView, fmt: str, picture: Picture) -> dict:
    """What image_process.py draws: plain values and numpy arrays only."""
    scale = _scale(len(view.nodes))
    width, height = (side * scale for side in PAGES[picture.page][1])
    linked = {x for e in view.edges for x in (e.a, e.b)}
    alone = sum(1 for n in view.nodes if n.id not in linked)
    nodes = _node_columns(view, linked)
    return {
        "format": fmt, "size": (width, height), "names": picture.names, "max_labels": MAX_LABELS,
        "title": str(picture.title or view.title), "subtitle": str(view.subtitle),
        "filters": " · ".join(f"{label}: {value}" for label, value in view.filter_summary()),
        # "%(n)d": how many got their name, known once drawn
        "names_note": None if picture.names == "alle" else _names_note(picture.names),
        "empty": _("Keine Akteure für diese Auswahl."),
        "alone_title": _("Ohne Kooperationspartner (%(n)d)") % {"n": alone},
        "ink": render.INK, "markers": list(render.MARKERS.items()),
        "nodes": nodes,
        "edges": _edge_arrays(view, nodes) if linked else [],
        "legend": _legend(view),
    }


def _names_note(names: str) -> str:
    """Whose names the picture writes (the table and the HTML export name
    everyone); "%(n)d" stands for how many."""
    return {
        "keine": _("Ohne Namen (alle Namen in der Tabelle und im HTML-Export)."),
        "auswahl": _("Namen: %(n)d hervorgehobene Akteure (alle Namen in der Tabelle und im "
                     "HTML-Export)."),
        "meiste": _("Namen: %(n)d Akteure mit den meisten Partnern, ohne Überlappung "
                    "(alle Namen in der Tabelle und im HTML-Export)."),
    }[names]


def _node_columns(view: MapView, linked: set[str]) -> dict:
    """The actors in the view's order, a list or array per attribute; x, y
    where the layout puts those with partners (y upwards), else NaN."""
    paint = colours.colouring(view.nodes, view.filters.colour)
    marked = set(view.filters.highlight)
    xs = np.full(len(view.nodes), np.nan)
    ys = np.full(len(view.nodes), np.nan)
    if linked:
        pos = render.view_positions(view)
        for i, n in enumerate(view.nodes):
            if n.id in linked:
                xs[i], ys[i] = pos[n.id][0], -pos[n.id][1]  # screen y grows downwards
    return {
        "id": [n.id for n in view.nodes], "name": [n.name for n in view.nodes],
        "degree": [n.degree for n in view.nodes],
        "shape": [render.node_shape(n) for n in view.nodes],
        "size": [render.node_size(n) for n in view.nodes],
        "colour": [paint.of(n.id) for n in view.nodes],
        "public": [n.sector == "oeffentlich" for n in view.nodes],
        "highlight": [n.id in marked for n in view.nodes],
        "linked": [n.id in linked for n in view.nodes],
        "x": xs, "y": ys,
    }


def _edge_arrays(view: MapView, nodes: dict) -> list[dict]:
    """Per line style with ties: its segments as one (n, 2, 2) array and its
    widths as one array (212,900 ties at city scale: no object per tie)."""
    row = {node_id: i for i, node_id in enumerate(nodes["id"])}
    points = np.column_stack((nodes["x"], nodes["y"]))
    groups = []
    for style, edges in _edge_groups(view):
        if not edges:
            continue
        ends = np.fromiter((row[x] for e in edges for x in (e.a, e.b)), dtype=np.intp,
                           count=2 * len(edges))
        groups.append({
            "segments": points[ends].reshape(len(edges), 2, 2),
            "widths": np.fromiter(map(style["width"], edges), dtype=float, count=len(edges)),
            "colour": style["colour"], "alpha": style.get("alpha", 1.0), "line": style["line"],
        })
    return groups


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


def _legend(view: MapView) -> dict:
    """The legend's title and its entries (matplotlib Line2D arguments)."""
    info = render.legend(view)
    entries = []
    if info["changes"]:
        entries += [dict(linestyle="", label=info["changes_title"])]
        entries += [dict(color=colour, linestyle="dashed" if style == "dashed" else "solid",
                         linewidth=2, label=f"{text} ({count})")
                    for style, colour, text, count in info["changes"]]
        entries += [dict(linestyle="", label="")]
    entries += [dict(marker="o", linestyle="", markersize=9, markerfacecolor=color,
                     markeredgecolor="#8a97a3", label=f"{text} ({count})")
                for text, color, count in info["colours"] if count]
    entries += [dict(linestyle="", label="")]
    entries += [dict(marker=render.MARKERS[shape], linestyle="",
                     markersize=12 if shape == "star" else 9, markerfacecolor="#c9d1d9",
                     markeredgecolor=render.INK if shape == "square" else "#4a5560",
                     markeredgewidth=1.4 if shape == "square" else 0.6, label=str(text))
                for shape, text in info["shapes"]]
    entries += [dict(color=render.EDGE_COLOR, linewidth=2, label=str(info["edges"][0][1])),
                dict(color=render.TRAEGER_COLOR, linestyle="dashed", linewidth=1,
                     label=str(info["edges"][1][1])),
                dict(linestyle="", label=str(info["size"]))]
    return {"title": _("Legende") + "\n" + str(info["colour_title"]), "entries": entries}
