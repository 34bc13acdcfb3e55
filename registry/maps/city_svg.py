"""The Stadtplan as a plain SVG for print (A4 landscape): title, the
Sozialräume shaded by the indicator, Bezirk frames, actors as points, the
ties when shown, and a legend beside the map. Hand-written SVG (no script,
no external reference), so it opens in any browser or office program.
The PNG is this SVG drawn by matplotlib (see png()).

Projection: longitude scaled by cos(mean latitude), which keeps shapes
true at city scale.
"""
from __future__ import annotations

import io
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr


from ..i18n import gettext as _
from .city import OUTLINE, CityMap
from .image_process import RC

WIDTH, HEIGHT = 1123, 794              # A4 landscape at 96 px per inch
MAP_BOX = (24, 86, 790, 770)           # left, top, right, bottom
LEGEND_X, LEGEND_W = 812, 290
LINE = 17                              # legend line height
WRAP = 40                              # characters per legend line


def _text(x: float, y: float, content: str, size: int = 12, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}">'
            f"{escape(content)}</text>")


def _projection(city: CityMap):
    bounds = city.bounds() or (0.0, 0.0, 1.0, 1.0)
    min_lon, min_lat, max_lon, max_lat = bounds
    factor = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * factor, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    left, top, right, bottom = MAP_BOX
    scale = min((right - left) / span_x, (bottom - top) / span_y)
    off_x = left + ((right - left) - span_x * scale) / 2
    off_y = top + ((bottom - top) - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - min_lon) * factor * scale, off_y + (max_lat - lat) * scale

    return project


def _path(shape: dict, project) -> str:
    polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _legend(city: CityMap) -> list[str]:
    out, y = [], MAP_BOX[1] + 4
    out.append(_text(LEGEND_X, y, city.indicator_label, 14, "bold"))
    y += LINE + 4
    for shade in city.shades:
        lines = textwrap.wrap(f"{shade.label} ({shade.count})", WRAP) or [""]
        out.append(f'<rect x="{LEGEND_X}" y="{y - 11}" width="16" height="12" fill="{shade.colour}" '
                   f'stroke="{OUTLINE}" stroke-width="0.6"/>')
        for line in lines:
            out.append(_text(LEGEND_X + 24, y, line, 11))
            y += LINE - 3
        y += 3
    y += 10
    out.append(_text(LEGEND_X, y, _("Akteure – %(what)s") % {"what": city.colouring.title}, 14, "bold"))
    y += LINE + 4
    for item in city.colouring.items:
        if not item.count:
            continue
        if y > HEIGHT - 60:
            out.append(_text(LEGEND_X, y, _("… weitere in der Tabelle des Stadtplans"), 11))
            y += LINE
            break
        out.append(f'<circle cx="{LEGEND_X + 8}" cy="{y - 4}" r="5" fill="{item.colour}" '
                   f'stroke="#333" stroke-width="0.6"/>')
        for line in textwrap.wrap(f"{item.label} ({item.count})", WRAP) or [""]:
            out.append(_text(LEGEND_X + 24, y, line, 11))
            y += LINE - 3
        y += 3
    if city.with_ties:
        y += 6
        out.append(f'<line x1="{LEGEND_X}" y1="{y - 4}" x2="{LEGEND_X + 16}" y2="{y - 4}" '
                   f'stroke="#333" stroke-width="1"/>')
        out.append(_text(LEGEND_X + 24, y, _("Kooperationsbeziehung (%(n)d)") % {"n": len(city.ties)}, 11))
        y += LINE
    out.append(_text(LEGEND_X, HEIGHT - 24, _("Netzwerkregister · Stadtplan"), 10))
    return out


def svg(city: CityMap) -> bytes:
    project = _projection(city)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'role="img" aria-label={quoteattr(city.title)}>',
        f"<title>{escape(city.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(24, 36, city.title, 20, "bold"),
        _text(24, 60, city.subtitle, 13),
        '<g id="sozialraeume">',
    ]
    for area in city.outlined:
        out.append(f'<path d="{_path(area.shape, project)}" fill="{area.colour}" fill-rule="evenodd" '
                   f'stroke="{OUTLINE}" stroke-width="0.6"><title>{escape(area.name)}: '
                   f"{escape(area.value_text)}</title></path>")
    out.append('</g><g id="bezirke" fill="none" stroke="#222" stroke-width="1.4">')
    out += [f'<path d="{_path(shape, project)}"/>' for shape in city.frames]
    out.append("</g>")
    if city.ties:
        out.append('<g id="verbindungen" stroke="#333" stroke-opacity="0.45" stroke-width="0.8">')
        for i, j in city.ties:
            (x1, y1), (x2, y2) = (project(city.points[k].lon, city.points[k].lat) for k in (i, j))
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
        out.append("</g>")
    radius = 1.8 if len(city.points) > 500 else 3.5
    out.append('<g id="akteure" stroke="#222" stroke-width="0.3">')
    for point in city.points:
        x, y = project(point.lon, point.lat)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{point.colour}"/>')
    out.append("</g>")
    out += _legend(city)
    out.append("</svg>")
    return "\n".join(out).encode("utf-8")


# -- PNG ------------------------------------------------------------------------------------
# The PNG is that same SVG drawn by matplotlib's Agg, which already draws the
# network map's PNG (registry/maps/image.py): no second renderer to install.
# Only what svg() above writes is understood: rect, path (M, L, Z), line,
# circle and text, fill and stroke attributes inherited from <g>.

PNG_SCALE = 2                           # pixels per SVG unit: 2246 x 1588 px
_SVG = "{http://www.w3.org/2000/svg}"
_INHERITED = ("fill", "stroke", "stroke-width", "stroke-opacity", "font-size", "font-weight")


def _colour(value: str | None):
    return "none" if value in (None, "none") else value


def _style(attrs: dict[str, str]) -> dict:
    """matplotlib keyword arguments for an SVG shape (widths: px -> pt)."""
    return {"facecolor": _colour(attrs.get("fill", "#000000")),
            "edgecolor": _colour(attrs.get("stroke")),
            "linewidth": float(attrs.get("stroke-width", "1")) * 0.75}


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _mpl_path(d: str) -> Path:
    """An SVG path of closed rings (M, L, Z) as a matplotlib Path. Agg fills
    by the nonzero rule, the SVG says evenodd: each ring is turned to run
    one way at even depth (inside an even number of other rings) and the
    other way at odd depth, so holes stay holes however the data runs."""
    from matplotlib.path import Path
    rings = []
    for numbers in re.findall(r"M([^Z]*)Z", d):
        values = [float(v) for v in re.split(r"[L\s]+", numbers.strip())]
        rings.append(list(zip(values[::2], values[1::2])))
    outlines = [Path(ring) for ring in rings]
    vertices, codes = [], []
    for i, ring in enumerate(rings):
        depth = sum(1 for j, outline in enumerate(outlines)
                    if j != i and outline.contains_point(ring[0]))
        if (_ring_area(ring) > 0) != (depth % 2 == 0):
            ring = ring[::-1]
        vertices += ring + [ring[0]]
        codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def _replay(ax, element, inherited: dict[str, str]) -> None:
    # add_artist, not add_patch: the limits are fixed, nothing to update per shape.
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, PathPatch, Rectangle
    attrs = {**inherited, **{k: v for k, v in element.attrib.items() if k in _INHERITED}}
    a = element.attrib
    tag = element.tag.removeprefix(_SVG)
    if tag == "g":
        for child in element:
            _replay(ax, child, attrs)
    elif tag == "rect":
        ax.add_artist(Rectangle((float(a.get("x", 0)), float(a.get("y", 0))),
                                float(a["width"]), float(a["height"]), **_style(attrs)))
    elif tag == "path":
        ax.add_artist(PathPatch(_mpl_path(a["d"]), **_style(attrs)))
    elif tag == "circle":
        ax.add_artist(Circle((float(a["cx"]), float(a["cy"])), float(a["r"]), **_style(attrs)))
    elif tag == "line":
        ax.add_artist(Line2D([float(a["x1"]), float(a["x2"])], [float(a["y1"]), float(a["y2"])],
                             color=_colour(attrs.get("stroke")),
                             alpha=float(attrs.get("stroke-opacity", "1")),
                             linewidth=float(attrs.get("stroke-width", "1")) * 0.75))
    elif tag == "text":
        ax.text(float(a["x"]), float(a["y"]), element.text or "", va="baseline",
                fontsize=float(attrs.get("font-size", "12")) * 0.75,
                fontweight=attrs.get("font-weight", "normal"), parse_math=False)


def png(city: CityMap) -> bytes:
    """The print SVG as a PNG (A4 landscape, ``PNG_SCALE`` pixels per unit)."""
    root = ET.fromstring(svg(city))
    # matplotlib on the first PNG: 60 MB a worker need not hold for every page.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH / 96, HEIGHT / 96))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(HEIGHT, 0)              # SVG's y axis points down
        ax.set_axis_off()
        for child in root:
            _replay(ax, child, {})
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=96 * PNG_SCALE, metadata={"Title": city.title})
    return out.getvalue()
