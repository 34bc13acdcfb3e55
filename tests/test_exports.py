"""Exports of the filtered map: the same nodes, edges and attributes as the
view in every format; nothing from another host in the HTML export; names
that are XSS probes stay text."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import networkx as nx
import pytest

from factories import GraphBuilder
from registry.maps import exports
from registry.maps.view import MapFilters, build_map

DAY = date(2025, 6, 1)
PROBES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def graph(db):
    g = GraphBuilder(db)
    nord = g.area("Nord-Süd $x$", level="sozialraum")
    ids = {
        "ja": g.actor("Jugendamt", kind="jugendamt", area=nord),
        "awo": g.actor("AWO", area=nord),
        "rat": g.actor(PROBES[0], kind="selbstvertretung", area=nord),
        "img": g.actor(PROBES[1], kind="verein", area=nord),
        "formula": g.actor("=HYPERLINK(\"http://example.org\")", kind="sonstige", area=nord),
        "alone": g.actor("Schachklub", kind="verein", area=nord),
    }
    ids["kita"] = g.actor("Kita Sonne", kind="kita", area=nord, operator=ids["awo"])
    g.agreement("8a Kita", [ids["ja"], ids["kita"]], type="kinderschutz_8a")
    g.agreement("Kooperation", [ids["ja"], ids["kita"], ids["rat"]])
    g.network("Stadtteilkonferenz", [ids["ja"], ids["awo"], ids["img"], ids["formula"]])
    g.save()
    ids["area"] = nord
    return ids


@pytest.fixture
def view(db, graph):
    return build_map(db, MapFilters(day=DAY, area_id=graph["area"], traeger=True), with_history=True)


def _expected_edges(view):
    return {frozenset((e.a, e.b)): e for e in view.edges}


@pytest.mark.parametrize("ext", ["graphml", "gexf"])
def test_graph_files_load_with_networkx_and_match_the_view(view, ext):
    data = exports.export(view, ext).data
    reader = nx.read_graphml if ext == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(data))
    assert set(graph.nodes) == {n.id for n in view.nodes}
    assert {frozenset(e) for e in graph.edges} == set(_expected_edges(view))
    for node in view.nodes:
        attrs = graph.nodes[node.id]
        assert attrs["label"] == node.name
        assert attrs["kind"] == node.kind and attrs["kind_label"] == node.kind_label
        assert attrs["sector"] == node.sector and attrs["sozialraum"] == (node.sozialraum or "")
        assert int(attrs["degree"]) == node.degree
        assert bool(attrs["user_representation"]) == node.is_user_body
        assert "x" in attrs and "y" in attrs
    for pair, edge in _expected_edges(view).items():
        a, b = tuple(pair)
        attrs = graph.edges[a, b]
        assert int(attrs["weight"]) == edge.weight
        assert attrs["agreements"] == "; ".join(l.name for l in edge.agreements)
        assert attrs["networks"] == "; ".join(l.name for l in edge.networks)
        assert attrs["kind"] == ("kooperation+traeger" if edge.cooperation and edge.traeger
                                 else "kooperation" if edge.cooperation else "traeger")
    assert graph.number_of_edges() == 10  # 9 ties + the Träger link AWO -> Kita


def test_json_has_nodes_links_title_and_filters(view):
    document = json.loads(exports.export(view, "json").data)
    assert document["stichtag"] == "2025-06-01"
    assert {n["id"] for n in document["nodes"]} == {n.id for n in view.nodes}
    assert len(document["links"]) == len(view.edges)
    traeger = [l for l in document["links"] if l["kind"] == "traeger"]
    assert len(traeger) == 1 and traeger[0]["weight"] == 0
    assert {"label": "Träger-Verbindungen", "value": "gezeigt"} in document["filters"]
    assert PROBES[0] in {n["label"] for n in document["nodes"]}


def test_csv_zip_has_node_and_edge_tables_safe_for_spreadsheets(view):
    result = exports.export(view, "csv")
    assert result.filename == "netzwerkkarte_nord-sud-x_2025-06-01_csv.zip"
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["netzwerkkarte_nord-sud-x_2025-06-01_kanten.csv",
                         "netzwerkkarte_nord-sud-x_2025-06-01_knoten.csv"]
        nodes_text = archive.read(names[1]).decode("utf-8")
        edges_text = archive.read(names[0]).decode("utf-8")
    assert nodes_text.startswith("\ufeff")
    nodes = list(csv.DictReader(io.StringIO(nodes_text.lstrip("\ufeff")), delimiter=";"))
    edges = list(csv.DictReader(io.StringIO(edges_text.lstrip("\ufeff")), delimiter=";"))
    assert len(nodes) == len(view.nodes) and len(edges) == len(view.edges)
    # A name that looks like a formula is kept as text.
    assert "'=HYPERLINK(\"http://example.org\")" in {n["label"] for n in nodes}
    kita_tie = next(e for e in edges if {e["source_label"], e["target_label"]} == {"Jugendamt", "Kita Sonne"})
    assert kita_tie["weight"] == "2" and kita_tie["agreements"] in ("8a Kita; Kooperation", "Kooperation; 8a Kita")


def test_svg_has_title_date_filters_legend_and_names_as_text(view):
    result = exports.export(view, "svg")
    assert result.filename == "netzwerkkarte_nord-sud-x_2025-06-01.svg"
    root = ET.fromstring(result.data)  # well-formed XML
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Netzwerkkarte Nord-Süd $x$" in texts  # "$" is no TeX
    assert "Stichtag 01.06.2025" in texts
    assert "Träger-Verbindungen: gezeigt" in texts
    assert "Legende" in texts and "Selbstvertretung / Beteiligungsgremium" in texts
    assert "Jugendamt" in texts and PROBES[0] in texts
    # The probes are text, not markup: no script or img element in the SVG.
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "img", "foreignObject")]


def test_png_is_a_print_sized_image(view):
    data = exports.export(view, "png").data
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 1700 and height >= 1200  # A4 landscape at 150 dpi


# Loads of another host: src/href/action/poster/data attributes, CSS url()
# and @import, JS import()/importScripts/fetch/XMLHttpRequest with a literal
# absolute or protocol-relative URL. The inlined vis-network keeps its
# licence comment and a few URL strings in code that never load anything
# (e.g. "http://www.w3.org/2000/svg" namespaces), so we look for loads, not
# for every "http".
_LOCAL = r"(?!(?:127\.0\.0\.1|localhost)[:/])"
FOREIGN_LOADS = re.compile(
    r"(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*[\"']?\s*(?:https?:)?//" + _LOCAL
    + r"|url\(\s*[\"']?\s*(?:https?:)?//" + _LOCAL
    + r"|@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//" + _LOCAL
    + r"|\b(?:import|importScripts|fetch)\s*\(\s*[\"'](?:https?:)?//" + _LOCAL
    + r"|\.open\(\s*[\"'][A-Z]+[\"']\s*,\s*[\"'](?:https?:)?//" + _LOCAL + ")",
    re.IGNORECASE,
)


def test_html_export_is_self_contained_and_escapes_names(view):
    result = exports.export(view, "html")
    assert result.filename == "netzwerkkarte_nord-sud-x_2025-06-01.html"
    page = result.data.decode("utf-8")
    assert FOREIGN_LOADS.findall(page) == []
    assert "<script src" not in page and "<link" not in page  # everything inline
    assert "vis-network" in page and 'id="map-data"' in page
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)" in page


def test_the_foreign_load_check_finds_what_it_should():
    for sample in ['<script src="https://cdn.example.org/x.js">', "<link href='//cdn.example.org/a.css'>",
                   "background: url(https://example.org/a.png)", '@import "https://example.org/a.css";',
                   'import("https://example.org/m.js")', 'xhr.open("GET", "http://example.org/")']:
        assert FOREIGN_LOADS.search(sample), sample
    for sample in ['<a href="http://127.0.0.1:5000/akteure/1">', 'createElementNS("http://www.w3.org/2000/svg")',
                   "url(data:image/png;base64,AAAA)"]:
        assert not FOREIGN_LOADS.search(sample), sample


def test_export_route_sends_a_named_attachment(client, graph, login_as):
    login_as("ausschuss")
    response = client.get(f"/karte/export.svg?sozialraum={graph['area']}&stichtag=2025-06-01")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="netzwerkkarte_nord-sud-x_2025-06-01.svg"'
    whole = client.get("/karte/export.graphml?stichtag=2025-06-01")
    assert 'filename="netzwerkkarte_alle_2025-06-01.graphml"' in whole.headers["Content-Disposition"]
    graph_file = nx.read_graphml(io.BytesIO(whole.data))
    assert graph_file.number_of_nodes() == 7
    only_kitas = client.get("/karte/export.json?art=kita&art=jugendamt&stichtag=2025-06-01")
    assert {n["label"] for n in only_kitas.get_json()["nodes"]} == {"Jugendamt", "Kita Sonne"}
