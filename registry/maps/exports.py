"""Exports of exactly the filtered map view.

    html     self-contained interactive map: vis-network, its CSS and map.js
             are inlined, the data is a JSON block; it opens offline from
             disk and loads nothing from any host.
    svg/png/pdf  static picture (registry/maps/image.py): page format, title
             and names chosen (image.Picture), with Stichtag, filters and
             legend; SVG keeps text as text (svg.fonttype none).
    graphml  networkx, every node and edge attribute (lists joined by "; "),
             with the map's colour, the Träger and the Bezirk of each actor.
    gexf     the same attributes, plus Gephi's viz (colour, size, position);
             dynamic: every tie among the map's actors at any day, with the
             days it holds (start/end, or spells when it paused), so
             Gephi's timeline plays the network's history.
    json     {"nodes": [...], "links": [...]} with title and filters.
    csv      a ZIP with two files, ..._knoten.csv and ..._kanten.csv (UTF-8
             with BOM, ";" separated, as German spreadsheets expect).

graphml, gexf, json and csv are written as they are sent (``Export.stream``), a row
at a time: the whole-area map at city scale has 212,900 edges, and building
the file first took a worker to 0.7–1.6 GB. svg, png and pdf are drawn in a
process of their own into a temporary file, and sent from it.

File names say what they are: netzwerkkarte_<sozialraum>_<stichtag>.<ext>
(csv: ..._csv.zip).
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .. import i18n
from ..resources import static_dir, templates_dir
from ..text import fold
from ..analysis.ties import Span, merge_spans
from . import colours, render
from .view import MapEdge, MapView

FORMATS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
}


@dataclass
class Export:
    write: Callable[[], Iterator[bytes]]   # the file's bytes, piece by piece
    mimetype: str
    filename: str

    def stream(self) -> Iterator[bytes]:
        return self.write()

    @property
    def data(self) -> bytes:
        return b"".join(self.write())


PICTURES = ("svg", "png", "pdf")


def export(view: MapView, ext: str, picture=None) -> Export:
    """``picture``: an image.Picture for svg, png and pdf (None: defaults)."""
    if ext not in FORMATS:
        raise ValueError(f"unknown export format {ext!r}")
    if ext in PICTURES:
        from .image import draw
        file = draw(view, ext, picture)  # drawn now, sent from the file (52 MB SVG at city scale)
        write = lambda: _read(file)  # noqa: E731
    else:
        pieces = _STREAMED[ext](view)  # the costly part (layout) now, the rows when sent
        write = lambda: _chunked(pieces())  # noqa: E731
    name = filename(view, ext)
    return Export(write, FORMATS[ext], name)


CHUNK = 64 * 1024


def _read(file) -> Iterator[bytes]:
    """``file`` from its start, CHUNK bytes at a time."""
    file.seek(0)
    return iter(lambda: file.read(CHUNK), b"")


def _chunked(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Small pieces gathered to about CHUNK bytes each."""
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def filename(view: MapView, ext: str) -> str:
    where = re.sub(r"[^a-z0-9]+", "-", fold(view.area_name or "alle")).strip("-") or "alle"
    stem = f"netzwerkkarte_{where}_{view.filters.day.isoformat()}"
    return f"{stem}_csv.zip" if ext == "csv" else f"{stem}.{ext}"


# -- attributes shared by graph, json and csv ---------------------------------

def node_attributes(view: MapView) -> list[dict]:
    return list(_node_rows(view))


def _node_rows(view: MapView) -> Iterator[dict]:
    paint = colours.colouring(view.nodes, view.filters.colour)
    return ({
        "id": n.id, "label": n.name, "kind": n.kind, "kind_label": n.kind_label,
        "sector": n.sector, "sector_label": n.sector_label,
        "user_representation": n.is_user_body,
        "area": n.area_name or "", "sozialraum": n.sozialraum or "", "bezirk": n.bezirk or "",
        "traeger": n.operator_name or "", "traeger_id": n.operator_id or "",
        "degree": n.degree, "color": paint.of(n.id),
    } for n in view.nodes)


def _edge_row(e: MapEdge) -> dict:
    kind = "kooperation+traeger" if e.cooperation and e.traeger else (
        "kooperation" if e.cooperation else "traeger")
    return {
        "source": e.a, "target": e.b, "kind": kind, "weight": e.weight,
        "agreements": "; ".join(l.name for l in e.agreements),
        "agreement_types": "; ".join(sorted({l.type for l in e.agreements})),
        "networks": "; ".join(l.name for l in e.networks),
        "traeger": e.traeger or "",
        "change": e.change or "",   # with a Vergleichsstichtag: neu, beendet, gleich
    }


def edge_attributes(view: MapView) -> list[dict]:
    return [_edge_row(e) for e in view.edges]


# -- writers --------------------------------------------------------------------

# GraphML as networkx writes it (and reads it back), one element at a time.
_GRAPHML_TYPES = {bool: "boolean", int: "int", float: "double", str: "string"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _graphml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def _graphml_data(keys: dict[str, str], attrs: dict) -> str:
    return "".join(f'<data key="{keys[name]}">{_graphml_value(value)}</data>'
                   for name, value in attrs.items())


def _graphml(view: MapView) -> Callable[[], Iterator[bytes]]:
    positions = render.view_positions(view)
    return lambda: _graphml_pieces(view, positions)


def _graphml_pieces(view: MapView, positions) -> Iterator[bytes]:
    node_types = {"label": str, "kind": str, "kind_label": str, "sector": str,
                  "sector_label": str, "user_representation": bool, "area": str,
                  "sozialraum": str, "bezirk": str, "traeger": str, "traeger_id": str,
                  "degree": int, "color": str}
    if positions:
        node_types.update(x=float, y=float)
    edge_types = {"kind": str, "weight": int, "agreements": str, "agreement_types": str,
                  "networks": str, "traeger": str, "change": str}
    graph_types = {"name": str, "stichtag": str}
    declared = [("node", node_types), ("edge", edge_types), ("graph", graph_types)]
    keys: dict[str, dict[str, str]] = {}
    head = [_GRAPHML_HEAD]
    number = 0
    for scope, types in declared:
        keys[scope] = {}
        for name, kind in types.items():
            key = keys[scope][name] = f"d{number}"
            number += 1
            head.append(f'  <key id="{key}" for="{scope}" attr.name={quoteattr(name)} '
                        f'attr.type="{_GRAPHML_TYPES[kind]}" />\n')
    head.append('  <graph edgedefault="undirected">')
    head.append(_graphml_data(keys["graph"], {"name": view.title,
                                              "stichtag": view.filters.day.isoformat()}))
    head.append("\n")
    yield "".join(head).encode("utf-8")
    for attrs in _node_rows(view):
        node_id = attrs.pop("id")
        if node_id in positions:
            attrs["x"], attrs["y"] = (float(v) for v in positions[node_id])
        yield (f"    <node id={quoteattr(node_id)}>{_graphml_data(keys['node'], attrs)}"
               "</node>\n").encode("utf-8")
    for edge in view.edges:
        attrs = _edge_row(edge)
        source, target = attrs.pop("source"), attrs.pop("target")
        yield (f"    <edge source={quoteattr(source)} target={quoteattr(target)}>"
               f"{_graphml_data(keys['edge'], attrs)}</edge>\n").encode("utf-8")
    yield b"  </graph>\n</graphml>\n"


# GEXF 1.2 as networkx writes it (and reads it back), one element at a time:
# networkx's writer builds the whole XML tree, 1.8 GB for the whole area.
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_NODE_TYPES = {"kind": str, "kind_label": str, "sector": str, "sector_label": str,
                    "user_representation": bool, "area": str, "sozialraum": str,
                    "bezirk": str, "traeger": str, "traeger_id": str, "degree": int,
                    "color": str, "x": float, "y": float}
_GEXF_EDGE_TYPES = {"kind": str, "agreements": str, "agreement_types": str,
                    "networks": str, "traeger": str, "change": str}
_XML_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}


def _attr(value) -> str:
    """An XML attribute value in double quotes."""
    return '"' + escape(value if isinstance(value, str) else str(value), _XML_ATTR) + '"'


def _gexf_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text) \
        if isinstance(value, float) else text


def _gexf_time(spans: list[Span], indent: str) -> tuple[str, str]:
    """GEXF time: start/end for one span, spells for several (ISO dates).
    (the element's XML attributes, its <spells> child)"""
    iso = [(s.isoformat() if s else None, e.isoformat() if e else None) for s, e in spans]
    if len(iso) == 1:
        return "".join(f' {key}="{value}"' for key, value in zip(("start", "end"), iso[0])
                       if value), ""
    if not iso:
        return "", ""
    spells = "".join(f"{indent}  <spell"
                     + "".join(f' {key}="{value}"' for key, value in zip(("start", "end"), span)
                               if value)
                     + " />\n" for span in iso)
    return "", f"{indent}<spells>\n{spells}{indent}</spells>\n"


def _gexf_attvalues(ids: dict[str, str], attrs: dict, indent: str) -> str:
    values = "".join(f'{indent}  <attvalue for="{ids[name]}" value={_attr(_gexf_value(value))} />\n'
                     for name, value in attrs.items())
    return f"{indent}<attvalues>\n{values}{indent}</attvalues>\n"


def _gexf(view: MapView) -> Callable[[], Iterator[bytes]]:
    if view.history is None:
        raise ValueError("the dynamic GEXF needs build_map(..., with_history=True)")
    positions = render.view_positions(view)
    return lambda: _gexf_pieces(view, positions)


def _gexf_pieces(view: MapView, positions) -> Iterator[bytes]:
    history = view.history
    shown = {(e.a, e.b) for e in view.edges}

    def tie(a: str, b: str):
        return history.get((a, b)) or history.get((b, a))

    def other_days():
        """Ties of other days among the same actors, as edges."""
        return (MapEdge(a, b, list(item.links)) for (a, b), item in history.items()
                if (a, b) not in shown and (b, a) not in shown)

    # An actor is in the network while it has a tie; one that never has one
    # carries no time and shows throughout.
    spans_of: dict[str, list[Span]] = {}
    for edge in view.edges:
        item = tie(edge.a, edge.b)
        if item is not None:
            for end in (edge.a, edge.b):
                spans_of.setdefault(end, []).extend(item.spans)
    for (a, b), item in history.items():
        if (a, b) not in shown and (b, a) not in shown:
            for end in (a, b):
                spans_of.setdefault(end, []).extend(item.spans)

    node_ids = {name: str(number) for number, name in enumerate(_GEXF_NODE_TYPES)}
    edge_ids = {name: str(number) for number, name in enumerate(_GEXF_EDGE_TYPES,
                                                                  len(_GEXF_NODE_TYPES))}
    if not positions:
        del node_ids["x"], node_ids["y"]

    def declared(kind: str, ids: dict[str, str], types: dict) -> str:
        rows = "".join(f'      <attribute id="{ids[name]}" title="{name}" '
                       f'type="{_GEXF_TYPES[types[name]]}" />\n' for name in ids)
        return f'    <attributes mode="static" class="{kind}">\n{rows}    </attributes>\n'

    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<gexf xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
        'version="1.2">\n'
        f'  <meta lastmodifieddate="{date.today().isoformat()}">\n'
        "    <creator>Netzwerkregister</creator>\n"
        "  </meta>\n"
        f'  <graph defaultedgetype="undirected" mode="dynamic" name={_attr(view.title)} '
        'timeformat="date">\n'
        + declared("edge", edge_ids, _GEXF_EDGE_TYPES)
        + declared("node", node_ids, _GEXF_NODE_TYPES)
        + "    <nodes>\n").encode("utf-8")
    for attrs in _node_rows(view):
        node_id = attrs.pop("id")
        label = attrs.pop("label")
        if node_id in positions:
            attrs["x"], attrs["y"] = (float(v) for v in positions[node_id])
        timed, spells = _gexf_time(merge_spans(spans_of.pop(node_id, [])), "        ")
        color = attrs["color"]
        red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
        size = 4 + 2 * attrs["degree"] ** 0.5
        viz = (f'        <viz:color r="{red}" g="{green}" b="{blue}" a="1.0" />\n'
               f'        <viz:size value="{_gexf_value(float(size))}" />\n')
        if "x" in attrs:
            viz += (f'        <viz:position x="{_gexf_value(attrs["x"])}" '
                    f'y="{_gexf_value(-attrs["y"])}" z="0.0" />\n')
        yield (f"      <node id={_attr(node_id)} label={_attr(label)}{timed}>\n{spells}{viz}"
               f"{_gexf_attvalues(node_ids, attrs, '        ')}      </node>\n").encode("utf-8")
    yield b"    </nodes>\n    <edges>\n"
    number = 0
    for edges in (view.edges, other_days()):
        for edge in edges:
            attrs = _edge_row(edge)
            source, target, weight = attrs.pop("source"), attrs.pop("target"), attrs.pop("weight")
            item = tie(edge.a, edge.b)
            timed, spells = _gexf_time(item.spans if item is not None else [], "        ")
            yield (f"      <edge source={_attr(source)} target={_attr(target)} id=\"{number}\" "
                   f'weight="{_gexf_value(weight)}"{timed}>\n{spells}'
                   f"{_gexf_attvalues(edge_ids, attrs, '        ')}      </edge>\n"
                   ).encode("utf-8")
            number += 1
    yield b"    </edges>\n  </graph>\n</gexf>\n"


def _json(view: MapView) -> Callable[[], Iterator[bytes]]:
    return lambda: _json_pieces(view)


def _json_pieces(view: MapView) -> Iterator[bytes]:
    head = {
        "title": view.title,
        "stichtag": view.filters.day.isoformat(),
        "filters": [{"label": label, "value": value} for label, value in view.filter_summary()],
        "directed": False,
    }
    # The document's head, then its two lists an item a line.
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2].encode("utf-8")
    for name, rows in (("nodes", _node_rows(view)), ("links", map(_edge_row, view.edges))):
        yield f',\n "{name}": ['.encode("utf-8")
        separator = "\n  "
        for row in rows:
            yield (separator + json.dumps(row, ensure_ascii=False)).encode("utf-8")
            separator = ",\n  "
        yield b"\n ]"
    yield b"\n}"


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text that a spreadsheet will not run as a formula (CSV injection)."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv_lines(rows: Iterable[dict], columns: list[str]) -> Iterator[bytes]:
    """The CSV file (UTF-8 with BOM) a line at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")


class _Sink(io.RawIOBase):
    """Where the ZIP is written: what came since the last ``take``."""

    def __init__(self):
        super().__init__()
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _csv(view: MapView) -> Callable[[], Iterator[bytes]]:
    return lambda: _csv_pieces(view)


def _csv_pieces(view: MapView) -> Iterator[bytes]:
    stem = filename(view, "csv").removesuffix("_csv.zip")
    names = {n.id: n.name for n in view.nodes}

    def edges():
        for edge in view.edges:
            row = _edge_row(edge)
            row["source_label"], row["target_label"] = names[edge.a], names[edge.b]
            yield row

    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, lines in ((f"{stem}_knoten.csv", _csv_lines(_node_rows(view), NODE_COLUMNS)),
                            (f"{stem}_kanten.csv", _csv_lines(edges(), EDGE_COLUMNS))):
            with archive.open(name, "w") as entry:
                for line in lines:
                    entry.write(line)
                    yield sink.take()
    yield sink.take()


NODE_COLUMNS = ["id", "label", "kind", "kind_label", "sector", "sector_label",
                "user_representation", "area", "sozialraum", "bezirk", "traeger", "degree"]
EDGE_COLUMNS = ["source", "source_label", "target", "target_label", "kind", "weight",
                "agreements", "agreement_types", "networks", "traeger", "change"]


# -- html -------------------------------------------------------------------------

_env: Environment | None = None


def _environment() -> Environment:
    """Jinja for the export file, outside any Flask request (escaping on)."""
    global _env
    if _env is None:
        env = Environment(loader=FileSystemLoader(str(templates_dir())),
                          autoescape=select_autoescape(["html"]),
                          extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(i18n.translations(), newstyle=True)
        env.filters.update(i18n.JINJA_FILTERS)
        _env = env
    return _env


def _inline(path: str, closing: str) -> Markup:
    """A vendored or own static file for inlining; refuse one that would end
    its <script>/<style> element early."""
    content = (static_dir() / path).read_text(encoding="utf-8")
    if closing in content.lower():
        raise ValueError(f"{path} contains {closing!r}: cannot inline it")
    return Markup(content)


def html_document(view: MapView, mode: str | None = None) -> bytes:
    """The self-contained HTML file; ``mode`` forces a layout (render.payload)."""
    return b"".join(_html_pieces(view, mode)())


# Where the map data goes in the rendered page; it is written in its place.
_MAP_DATA = "\x00map-data\x00"


def _html_pieces(view: MapView, mode: str | None = None) -> Callable[[], Iterator[bytes]]:
    """The page rendered now (with the layout), its map data (render.payload
    as ``tojson`` writes it: sorted keys, HTML-safe) a node and an edge at a
    time when sent."""
    fields, nodes, edges = render.payload_parts(view, mode)
    page = _environment().get_template("maps/export.html").render(
        view=view,
        map_data=fields,
        map_json=Markup(_MAP_DATA),
        legend=render.legend(view),
        filters=view.filter_summary(),
        vis_js=_inline("vendor/vis-network.min.js", "</script"),
        vis_css=_inline("vendor/vis-network.min.css", "</style"),
        map_js=_inline("js/map.js", "</script"),
    )
    head, tail = page.split(_MAP_DATA)
    data = dict(fields, nodes=nodes, edges=edges)

    def pieces() -> Iterator[bytes]:
        yield head.encode("utf-8")
        separator = "{"
        for key in sorted(data):
            yield f"{separator}{_tojson(key)}: ".encode("utf-8")
            separator = ", "
            if key in ("nodes", "edges"):
                yield b"["
                comma = ""
                for item in data[key]:
                    yield (comma + _tojson(item)).encode("utf-8")
                    comma = ", "
                yield b"]"
            else:
                yield _tojson(data[key]).encode("utf-8")
        yield b"}"
        yield tail.encode("utf-8")
    return pieces


def _tojson(value) -> str:
    """Jinja's ``tojson`` for one value (sorted keys, <, >, & and ' escaped)."""
    return str(htmlsafe_json_dumps(value, dumps=json.dumps, sort_keys=True))


def _html(view: MapView) -> Callable[[], Iterator[bytes]]:
    return _html_pieces(view)


_STREAMED = {"graphml": _graphml, "gexf": _gexf, "html": _html, "json": _json,
             "csv": _csv}
