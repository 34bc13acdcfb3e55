"""Pictures of the map for print and slides: every page format in SVG, PNG
and PDF has the title (the map's or an edited one), the legend and the
filters and the actors without partners in a labelled strip; the names
shown follow the choice. (No text outside the page: tests/browser/
test_map_pictures_browser.py measures the SVG's text in Chromium.)"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from factories import GraphBuilder
from registry.maps import colours, exports
from registry.maps.image import PAGES, Picture
from registry.maps.view import MapFilters, build_map

DAY = date(2025, 6, 1)
SVG = "{http://www.w3.org/2000/svg}"
LONG = "Kooperationsverbund für Familienbildung und Frühe Hilfen im Sozialraum"


@pytest.fixture
def view(db):
    """A map with long names at the edges, hubs, isolated actors and a
    Vergleichsstichtag (the legend's longest form)."""
    g = GraphBuilder(db)
    area = g.area("Altstadt-Lindenpark Süd")
    hub = g.actor("Jugendamt Lindenau", kind="jugendamt", area=area)
    others = [g.actor(f"{LONG} {i}" if i % 5 == 0 else f"Kita Nummer {i}", kind="kita", area=area)
              for i in range(30)]
    for i, actor in enumerate(others[:24]):
        g.agreement(f"V{i}", [hub, actor, others[(i + 1) % 24]],
                    valid_from=date(2024, 1, 1) if i % 3 else date(2025, 1, 1))
    g.save()
    return build_map(db, MapFilters(day=DAY, compare=date(2024, 6, 1), colour="sozialraum",
                                    highlight=(others[3],)))


def _texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("page", list(PAGES))
def test_pdf_and_png_of_every_page(view, page):
    pdf = PdfReader(io.BytesIO(exports.export(view, "pdf", Picture(page=page)).data))
    text = pdf.pages[0].extract_text()
    assert len(pdf.pages) == 1
    assert view.title in text and "Legende" in text
    assert "Ohne Kooperationspartner" in text
    box = pdf.pages[0].mediabox
    ratio = PAGES[page][1][0] / PAGES[page][1][1]
    assert float(box.width) / float(box.height) == pytest.approx(ratio, rel=0.01)
    png = exports.export(view, "png", Picture(page=page)).data
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width / height == pytest.approx(ratio, rel=0.01) and max(width, height) >= 1700


def test_name_choice(view):
    names = {n.name for n in view.nodes}
    def written(mode):
        return {t for t in _texts(exports.export(view, "svg", Picture(names=mode)).data) if t in names}
    assert written("keine") == set()
    assert written("auswahl") == {"Kita Nummer 3"}
    assert written("alle") == names
    most = written("meiste")
    assert "Jugendamt Lindenau" in most and 0 < len(most) <= len(names)
    assert any(t.startswith("Ohne Namen") for t in _texts(exports.export(view, "svg", Picture(names="keine")).data))


def test_picture_options_come_from_the_url_and_are_checked(client, view, login_as):
    login_as("ausschuss")
    ok = client.get("/karte/export.pdf?stichtag=2025-06-01&seite=a4-hoch&titel=Mein+Titel&namen=alle")
    assert ok.status_code == 200 and ok.mimetype == "application/pdf"
    assert ok.headers["Content-Disposition"].endswith('.pdf"')
    reader = PdfReader(io.BytesIO(ok.data))
    assert "Mein Titel" in reader.pages[0].extract_text()
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width
    bad = client.get("/karte/export.svg?stichtag=2025-06-01&seite=a3")
    assert bad.status_code == 400 and "Format" in bad.get_data(as_text=True)
    long = client.get("/karte/export.png?titel=" + "x" * 151)
    assert long.status_code == 400 and "höchstens 150 Zeichen" in long.get_data(as_text=True)
    # The map page offers the choice, prefilled with the map's title.
    page = client.get("/karte?stichtag=2025-06-01").get_data(as_text=True)
    assert 'name="seite"' in page and 'name="namen"' in page
    assert 'value="Netzwerkkarte alle Sozialräume"' in page


def test_pictures_from_the_app_are_whole_files_showing_every_actor(client, db, view, login_as):
    """Drawn in a process of their own and sent from a file: each opens and
    shows every actor (a name each with "alle", a marker of each colour)."""
    login_as("ausschuss")
    shown = build_map(db, MapFilters(day=DAY))
    names = {n.name for n in shown.nodes}
    url = "/karte/export.{}?stichtag=2025-06-01&namen=alle"
    svg = client.get(url.format("svg"))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert names <= set(_texts(svg.data)) and len(names) == 31
    pdf = PdfReader(io.BytesIO(client.get(url.format("pdf")).data))
    assert len(pdf.pages) == 1 and "Jugendamt Lindenau" in pdf.pages[0].extract_text()
    png = Image.open(io.BytesIO(client.get(url.format("png")).data))
    assert png.format == "PNG" and png.size[0] >= 1700
    drawn = {"#%02x%02x%02x" % rgba[:3] for _count, rgba in png.convert("RGBA").getcolors(1 << 24)}
    paint = colours.colouring(shown.nodes, "art")
    assert {paint.of(n.id).lower() for n in shown.nodes} <= drawn
