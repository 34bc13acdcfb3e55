"""The Stadtplan (/stadtplan): Sozialräume shaded by a participation
indicator the report computes, a table beside the map with the same values,
points for actors with coordinates, ties on demand, a print SVG and PNG."""
from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
import zlib
from datetime import date

import htmlpage
from factories import GraphBuilder

DAY = "2025-06-01"


def _square(lon: float, lat: float) -> str:
    ring = [[lon, lat], [lon + .01, lat], [lon + .01, lat + .01], [lon, lat + .01], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _city(db) -> dict:
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    bezirk = g.area("Mitte", level="bezirk", parent=stadt, code="LIN-1")
    nord = g.area("Nord", parent=bezirk, code="LIN-1-1")
    sued = g.area("Süd", parent=bezirk, code="LIN-1-2")
    ost = g.area("Ost", parent=bezirk, code="LIN-1-3")
    for row in g.data.areas:
        if row["id"] == nord:
            row["geometry"] = _square(13.0, 52.0)
        if row["id"] == sued:
            row["geometry"] = _square(13.0, 51.98)
    a = g.actor("Kita Nordlicht", kind="kita", area=nord, lat=52.005, lon=13.005)
    b = g.actor("Jugendclub Nord", kind="jugendzentrum", area=nord, lat=52.006, lon=13.004)
    voice = g.actor("Jugendforum Nord", kind="selbstvertretung", area=nord)
    g.actor("Kita Süd", kind="kita", area=sued, lat=51.985, lon=13.005)
    g.actor("Schule Süd", kind="schule", area=sued)
    g.actor("Verein Ost", kind="verein", area=ost, lat=52.0, lon=13.03)
    g.network("Runder Tisch Nord", members=[a, b, voice], scope=nord)
    g.save()
    return {"nord": nord, "sued": sued, "ost": ost, "a": a, "b": b}


def _table(page) -> dict[str, list[str]]:
    table = page.find("table", data_table="sozialraeume")
    return {row[0]: row[1:] for row in table.rows()[1:]}


def _data(client, page) -> dict:
    """The data the page's script fetches and draws (data-city-url)."""
    response = client.get(page.by_id("stadtplan")["data-city-url"])
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_stadtplan_shades_the_sozialraeume_by_the_reports_finding(client, db, login_as):
    ids = _city(db)
    login_as("ausschuss")
    response = client.get(f"/stadtplan?stichtag={DAY}")
    assert response.status_code == 200
    page = htmlpage.parse(response.get_data(as_text=True))
    assert page.find("a", href="/stadtplan") is not None  # in the navigation
    rows = _table(page)
    assert rows["Nord"] == ["Selbstvertretung in einem Netzwerk", "3", "2"]
    assert rows["Süd"] == ["keine Selbstvertretung", "2", "1"]
    assert rows["Ost (ohne Umriss)"][0] == "keine Selbstvertretung"
    data = _data(client, page)
    fills = {a["name"]: a["fill"] for a in data["areas"]}
    assert set(fills) == {"Nord", "Süd"} and fills["Nord"] != fills["Süd"]
    assert len(data["points"]) == 4 and data["ties"] == [] and data["tiles"] is None
    legend = page.find("ul", data_legend="shades").text
    assert "keine Selbstvertretung" in legend and "(2)" in legend
    assert "Kita" in page.find("ul", data_legend="colours").text
    # Nothing from another host: the CSP allows images from the app only.
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]

    # Isolated actors: Süd's two actors take part in nothing.
    page = htmlpage.parse(client.get(f"/stadtplan?stichtag={DAY}&kennzahl=isoliert")
                          .get_data(as_text=True))
    rows = _table(page)
    assert rows["Süd"][0] == "100,0\u00a0% (2 von 2)" and rows["Nord"][0] == "0,0\u00a0% (0 von 3)"

    # Ties as lines: the network links the two located members of Nord.
    page = htmlpage.parse(client.get(f"/stadtplan?stichtag={DAY}&verbindungen=ja")
                          .get_data(as_text=True))
    data = _data(client, page)
    names = [p[3] for p in data["points"]]
    assert [sorted((names[i], names[j])) for i, j in data["ties"]] == \
        [["Jugendclub Nord", "Kita Nordlicht"]]

    response = client.get("/stadtplan?stichtag=31.02.2025")
    assert response.status_code == 400
    assert client.get("/stadtplan/daten.json?stichtag=31.02.2025").status_code == 400
    assert "gültiges Datum" in htmlpage.field_error(response.get_data(as_text=True), "stichtag")


def test_stadtplan_svg_for_print_has_outlines_points_and_legend(client, db, login_as):
    _city(db)
    login_as("ausschuss")
    response = client.get(f"/stadtplan/export.svg?stichtag={DAY}&kennzahl=dichte")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(root.findall(".//s:g[@id='sozialraeume']/s:path", ns)) == 2
    assert len(root.findall(".//s:g[@id='akteure']/s:circle", ns)) == 4
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Stadtplan: Kooperationsdichte"
    assert "Kooperationsdichte" in texts and any(t.startswith("Kita (") for t in texts)
    # Everything inside the page (A4 landscape, 1123 x 794).
    for element in root.iter():
        for key in ("x", "cx"):
            if key in element.attrib:
                assert 0 <= float(element.attrib[key]) <= 1123
        for key in ("y", "cy"):
            if key in element.attrib:
                assert 0 <= float(element.attrib[key]) <= 794
    assert b"http" not in response.data.replace(b"http://www.w3.org/2000/svg", b"")


def test_stadtplan_png_for_print_is_the_svg_as_an_a4_picture(client, db, login_as):
    _city(db)
    login_as("ausschuss")
    page = htmlpage.parse(client.get(f"/stadtplan?stichtag={DAY}&kennzahl=dichte").get_data(as_text=True))
    link = page.find("a", href=htmlpage.starts("/stadtplan/export.png"))
    assert link.text == "PNG" and "kennzahl=dichte" in link["href"]
    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].endswith(f'stadtplan-{DAY}.png"')
    data = response.data
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    # The SVG's A4 landscape page (1123 x 794 units) at two pixels per unit.
    assert (width, height) == (2246, 1588)
    # Not an empty page: the shaded Sozialräume and the points are drawn.
    pixels = zlib.decompress(b"".join(_png_chunks(data, b"IDAT")))
    assert len(set(pixels)) > 10
    bad = client.get("/stadtplan/export.png?stichtag=31.02.2025")
    assert bad.status_code == 400 and "Datum" in bad.get_data(as_text=True)


def _png_chunks(data: bytes, kind: bytes):
    at = 8
    while at < len(data):
        size, name = struct.unpack(">I4s", data[at:at + 8])
        if name == kind:
            yield data[at + 8:at + 8 + size]
        at += 12 + size


def test_a_configured_tile_server_is_the_one_other_host(app, client, db, login_as):
    _city(db)
    login_as("ausschuss")
    app.config["CITY_MAP_TILES"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    app.config["CITY_MAP_TILES_ATTRIBUTION"] = "© Beispiel"
    response = client.get(f"/stadtplan?stichtag={DAY}")
    assert "img-src 'self' data: https://tiles.example.org;" in \
        response.headers["Content-Security-Policy"]
    data = _data(client, htmlpage.parse(response.get_data(as_text=True)))
    assert data["tiles"] == {"url": "https://tiles.example.org/{z}/{x}/{y}.png",
                             "attribution": "© Beispiel"}
    # Plain http is neither let through the CSP nor asked for.
    app.config["CITY_MAP_TILES"] = "http://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(f"/stadtplan?stichtag={DAY}")
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]
    data = _data(client, htmlpage.parse(response.get_data(as_text=True)))
    assert data["tiles"] is None
