"""The committee report as a committee member gets it: the plain summary
("Auf einen Blick"), the comparison with the whole municipality and with an
earlier Stichtag, German names for every measure, and the PDF rendered on
the server (read back with pypdf)."""
from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import htmlpage
from factories import GraphBuilder
from registry.entities import actors, agreements, areas, networks, target_groups
from registry import demo, glossary

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2025, 6, 1)
BEFORE = date(2025, 1, 1)


def _rows(page: str, table: str) -> list[list[str]]:
    rows = htmlpage.captioned_table_rows(page, f"cap-{table}")
    assert rows is not None, f"table {table} not on the page"
    return rows


def _glance(page: str) -> list[str]:
    section = htmlpage.parse(page).find("section", class_=htmlpage.has_class("glance"))
    assert section is not None, "no summary"
    return [" ".join(li.text.split()) for li in section.find_all("li")]


# Every stored field key of every entity: none may reach the report.
INTERNAL_KEYS = sorted({key for labels in (actors.FIELD_LABELS, agreements.FIELD_LABELS,
                                           networks.FIELD_LABELS, areas.FIELD_LABELS,
                                           target_groups.FIELD_LABELS)
                        for key in labels if "_" in key} | {"external_id", "search_name"})


@pytest.fixture
def two_days(db):
    """Nord and Süd. Between 1 January and 1 June 2025: a new cooperation
    agreement without users in Nord, the Jugendrat joins the Nord network,
    the Süd Verein finds a partner."""
    g = GraphBuilder(db)
    nord = g.area("Nord", code="N")
    sued = g.area("Süd", code="S")
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    kita = g.actor("Kita Sonne", kind="kita", area=nord)
    schule = g.actor("Schule Nord", kind="schule", area=nord)
    rat = g.actor("Jugendrat Nord", kind="selbstvertretung", area=nord)
    verein = g.actor("Sportverein Süd", kind="verein", area=sued)
    awo = g.actor("AWO Süd", kind="freier_traeger", area=sued)
    g.network("Runde Nord", [ja, kita, (rat, "mitglied", date(2025, 3, 1))], scope=nord)
    g.agreement("Kooperation Schule", [ja, schule], valid_from=date(2025, 2, 1))
    g.agreement("Schutzauftrag Kita", [ja, kita], type="kinderschutz_8a",
                valid_from=date(2024, 1, 1))
    g.agreement("Sport und Jugend", [verein, awo], valid_from=date(2025, 4, 1),
                participation="angehoert")
    g.save()
    return {"nord": nord, "sued": sued}


def test_two_stichtage_side_by_side(client, login_as, two_days):
    login_as("ausschuss")
    page = client.get(f"/berichte?stichtag={DAY.isoformat()}&vergleich=01.01.2025")
    assert page.status_code == 200
    rows = {r[0]: r[1:] for r in _rows(page.get_data(as_text=True), "vergleich")}
    assert rows["Kennzahl"] == ["Gesamtgebiet am 01.01.2025", "Gesamtgebiet am 01.06.2025",
                                "Veränderung"]
    # 1 January: Runde Nord without users; 1 June: Kooperation Schule instead
    # (the Jugendrat has joined Runde Nord). § 8a is never counted.
    assert rows["Netzwerke und Vereinbarungen ohne Beteiligung, wo sie erwartet wird"] == \
        ["1", "1", "±0"]
    # 1 January: Schule Nord, Jugendrat, Verein, AWO isolated (4 of 6); 1 June: none.
    assert rows["Isolierte Akteure"] == ["4", "0", "\u22124"]
    assert rows["Anteil isolierter Akteure"] == ["66,7\u00a0%", "0,0\u00a0%",
                                                 "\u221266,7 Prozentpunkte"]
    # Nord had no voice in January, has one in June; Süd never had one.
    assert rows["Sozialräume ohne Stimme der Nutzer*innen"] == ["2", "1", "\u22121"]
    # The same comparison is a download.
    csv_text = client.get(f"/berichte/tabelle/vergleich.csv?stichtag={DAY.isoformat()}"
                          "&vergleich=2025-01-01").data.decode("utf-8")
    assert "Isolierte Akteure;4;0;" in csv_text


def test_sozialraum_is_compared_with_the_whole_municipality(client, login_as, two_days):
    login_as("ausschuss")
    page = client.get(f"/berichte/ausschuss?stichtag={DAY.isoformat()}"
                      f"&sozialraum={two_days['nord']}").get_data(as_text=True)
    rows = {r[0]: r[1:] for r in _rows(page, "vergleich")}
    assert rows["Kennzahl"] == ["Nord am 01.06.2025", "Gesamtgebiet am 01.06.2025"]
    assert rows["Isolierte Akteure"] == ["0", "0"]
    assert rows["Anteil freier Träger unter den Akteuren"] == ["75,0\u00a0%", "83,3\u00a0%"]
    # The Sozialraum's carrier shares stand beside the whole area, not beside itself.
    groups = [r[0] for r in _rows(page, "traegeranteile_sozialraeume")[1:]]
    assert groups == ["Nord", "Gesamtgebiet (zum Vergleich)"]


def test_summary_names_what_matters_and_measures_are_explained(client, login_as, two_days):
    login_as("ausschuss")
    page = client.get(f"/berichte/ausschuss?stichtag={DAY.isoformat()}").get_data(as_text=True)
    points = _glance(page)
    assert any("1 von 2 Sozialräumen haben keine Stimme der Nutzer*innen" in p and "Süd" in p
               for p in points), points
    assert any("Kooperation Schule" in p for p in points)
    assert all("→ Abschnitt" in p for p in points)
    assert htmlpage.parse(page).find("a", href="#ind-sozialraeume_ohne_vertretung") is not None
    for key in ("artikulationspunkt", "betweenness", "hhi", "dichte"):
        t = glossary.TERMS[key]
        assert f"{t.name} ({t.technical})" in html.unescape(page), key
    assert "Schlüsselakteur (Artikulationspunkt)" in html.unescape(page)


def test_glossary_doc_lists_every_term():
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for t in glossary.TERMS.values():
        assert f"**{t.name}**" in text, t.name


# -- the PDF ----------------------------------------------------------------------

def _pdf(response) -> list[str]:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def _check_pdf(pages: list[str], area: str, day: date) -> None:
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"Seite {number} von {len(pages)}" in text, number
        assert f"Gebiet: {area}" in text and f"Stichtag: {day.strftime('%d.%m.%Y')}" in text
    assert "Auf einen Blick" in pages[0]
    assert "Kennzahlen" not in pages[0]   # page 1 is the summary
    everything = " ".join(pages)
    assert "@" not in everything
    for key in INTERNAL_KEYS:
        assert key not in everything, key
    assert "Als PDF herunterladen" not in everything


def test_committee_pdf_for_the_demo_municipality_and_one_sozialraum(client, login_as, db):
    demo.load(db)
    login_as("ausschuss")
    today = date.today()
    response = client.get("/berichte/ausschuss.pdf")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="Ausschussbericht_gesamtgebiet_{today.isoformat()}.pdf"'
    _check_pdf(_pdf(response), "Gesamtgebiet", today)
    area = next(r for r in db.read("analysis_areas") if r["name"] == demo.AREA_WITHOUT_REPRESENTATION)
    response = client.get(f"/berichte/ausschuss.pdf?sozialraum={area['id']}")
    assert "Ausschussbericht_bahnhofsviertel_" in response.headers["Content-Disposition"]
    pages = _pdf(response)
    _check_pdf(pages, demo.AREA_WITHOUT_REPRESENTATION, today)
    assert "Bahnhofsviertel hat keine Stimme der Nutzer*innen" in pages[0]


_DRAW = """
from registry.reports.charts import MapNode, tie_map
nodes = [MapNode(f"a{i:02d}", f"Akteur {i}", "free") for i in range(30)]
# a small ring and a larger part: the ring is a small share of the graph
edges = [(f"a{i:02d}", f"a{(i + 1) % 6:02d}", 1) for i in range(6)]
edges += [(f"a{i:02d}", f"a{j:02d}", 1) for i in range(6, 30)
          for j in range(i + 1, 30) if (i * j) % 7 == 1]
print(tie_map("Karte", nodes, edges)[0])
"""


def test_the_same_ties_draw_the_same_map_in_every_process():
    # Two workers print the same report for the committee: the picture must
    # not depend on the process's hash seed.
    drawings = {subprocess.run([sys.executable, "-c", _DRAW], check=True, capture_output=True,
                               text=True, cwd=ROOT,
                               env=dict(os.environ, PYTHONHASHSEED=str(seed))).stdout
                for seed in (1, 2, 3)}
    assert len(drawings) == 1
    assert "<line" in next(iter(drawings))
