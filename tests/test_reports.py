"""The report pages and downloads, through HTTP as a committee member sees them."""
from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

import htmlpage
from factories import GraphBuilder
from registry import demo, reports

DAY = date(2025, 6, 1)


def _rows(page: str, table: str) -> list[list[str]]:
    """Cell texts of the named report table on a page (row header first)."""
    caption = htmlpage.parse(page).find("caption", id=f"cap-{table}")
    assert caption is not None, f"table {table} not on the page"
    return caption.parent.rows()[1:]  # without the header row


def _all_rows(client, page: str, table: str) -> list[list[str]]:
    """Every row of a report table: the page shows the first rows, the
    whole table is one link away."""
    more = next((a for a in htmlpage.parse(page).find_all("a")
                 if a.text.startswith("Alle ") and f"/berichte/tabelle/{table}?" in a.attrs["href"]),
                None)
    if more is None:
        return _rows(page, table)
    full = client.get(more.attrs["href"] + "&pro_seite=200").get_data(as_text=True)
    return htmlpage.parse(full).find("table").rows()[1:]


def _section(page: str, key: str) -> htmlpage.Element:
    section = htmlpage.parse(page).find("section", id=f"ind-{key}")
    assert section is not None, f"indicator {key} not on the page"
    return section


def _area_id(db, name):
    return next(r["id"] for r in db.read("analysis_areas") if r["name"] == name)


# -- the demo data's deliberate gaps ---------------------------------------------

@pytest.fixture
def demo_client(client, db, login_as):
    demo.load(db)
    login_as("ausschuss")
    return client


def test_demo_gaps_show_up_in_the_overview_and_participation_report(demo_client, db):
    for url in ("/berichte", "/berichte/beteiligung"):
        response = demo_client.get(url)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        networks = [row[0] for row in _rows(page, "netzwerke_ohne_beteiligung")]
        assert sorted(networks) == sorted(demo.NETWORKS_WITHOUT_PARTICIPATION)
        areas = {row[0]: row[1] for row in _rows(page, "sozialraeume_ohne_vertretung")}
        assert areas[demo.AREA_WITHOUT_REPRESENTATION] == "keine Selbstvertretung"
        # Eichenfelde's only body sits in no network.
        eichenfelde = next(r for r in _rows(page, "sozialraeume_ohne_vertretung")
                           if r[0] == "Eichenfelde")
        assert eichenfelde[1] == "Selbstvertretungen in keinem Netzwerk, das den Sozialraum abdeckt"
        assert eichenfelde[2] == demo.BODY_IN_NO_NETWORK
        isolated = {row[0] for row in _all_rows(demo_client, page, "isolierte_akteure")}
        assert set(demo.ISOLATED_ACTORS) <= isolated
        assert "Wie wird das berechnet?" in _section(page, "ohne_beteiligung").text
        assert 'role="img"' in page  # the participation chart beside its table
    # The participation report holds indicators 1-4 only.
    page = demo_client.get("/berichte/beteiligung").get_data(as_text=True)
    assert 'id="ind-dichte"' not in page and 'id="ind-isolierte_akteure"' in page


def test_demo_per_sozialraum_overview(demo_client, db):
    bahnhof = _area_id(db, demo.AREA_WITHOUT_REPRESENTATION)
    page = demo_client.get(f"/berichte?sozialraum={bahnhof}").get_data(as_text=True)
    assert "Berichte: Bahnhofsviertel" in page
    assert [r[0] for r in _rows(page, "sozialraeume_ohne_vertretung")] == ["Bahnhofsviertel"]
    assert "Stadtteilrunde Bahnhofsviertel" in [r[0] for r in _rows(page, "netzwerke_ohne_beteiligung")]
    # Only Bahnhofsviertel's own row plus the two comparison rows.
    assert [r[0] for r in _rows(page, "dichte")] == [
        "Bahnhofsviertel", "Alle Sozialräume zusammen (Vergleichswert)", "Gesamtgebiet, alle Akteure"]
    altstadt = _area_id(db, "Altstadt")
    page = demo_client.get(f"/berichte?sozialraum={altstadt}").get_data(as_text=True)
    assert "In jedem Sozialraum sitzt eine Selbstvertretung" in page
    assert "Schachklub Lindenau 1923 e.V." in [r[0] for r in _all_rows(demo_client, page, "isolierte_akteure")]
    # The map link highlights the isolated actors of the area.
    schach = next(r["id"] for r in db.read("analysis_actors")
                  if r["name"] == "Schachklub Lindenau 1923 e.V.")
    section = _section(page, "isolierte_akteure")
    link = next(a["href"] for a in section.find_all("a", href=htmlpage.starts("/karte?"))
                if a.text.startswith("Auf der Karte zeigen"))
    assert link.startswith("/karte?") and f"sozialraum={altstadt}" in link
    assert schach in link.split("hervorheben=")[1].split("&")[0].split(",")


# -- pages on a small hand-made graph --------------------------------------------

@pytest.fixture
def small(db):
    g = GraphBuilder(db)
    nord = g.area("Nord", code="N")
    leer = g.area("Leer", code="L")
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    kita = g.actor("Kita Sonne", kind="kita", area=nord)
    rat = g.actor("Jugendrat", kind="selbstvertretung", area=nord)
    g.actor("Schachklub", kind="verein", area=nord)
    g.network("Stadtteilrunde", [ja, kita, (rat, "mitglied", date(2024, 1, 1), date(2025, 5, 31))],
              scope=nord)
    g.agreement("Kinderschutz", [ja, kita], type="kinderschutz_8a", valid_from=date(2024, 1, 1),
                valid_until=date(2025, 7, 1))
    g.save()
    return {"nord": nord, "leer": leer, "ja": ja}


def test_stichtag_changes_the_answer(client, login_as, small):
    login_as("ausschuss")
    before = client.get("/berichte/beteiligung?stichtag=2025-05-31").get_data(as_text=True)
    after = client.get("/berichte/beteiligung?stichtag=2025-06-01").get_data(as_text=True)
    # The body's membership ends on 31 May: the network has no voice from June on.
    assert "Jedes Netzwerk hat eine Selbstvertretung" in before
    assert [r[0] for r in _rows(after, "netzwerke_ohne_beteiligung")] == ["Stadtteilrunde"]
    # ... and the body itself is isolated from then on.
    assert _rows(before, "isolierte_akteure") == [["Schachklub", "Verein", "Nord", "frei"]]
    assert _rows(after, "isolierte_akteure") == [
        ["Jugendrat", "Selbstvertretung / Beteiligungsgremium", "Nord", "frei"],
        ["Schachklub", "Verein", "Nord", "frei"]]


def test_empty_sozialraum_shows_a_dash_not_zero(client, login_as, small):
    login_as("ausschuss")
    page = client.get(f"/berichte?stichtag=2025-06-01&sozialraum={small['leer']}").get_data(as_text=True)
    assert _rows(page, "dichte")[0][:5] == ["Leer", "0", "0", "0", "–"]
    page = client.get("/berichte?stichtag=2025-06-01").get_data(as_text=True)
    # Nord: 4 actors, ties Jugendamt-Kita (agreement and network) = 1 of 6.
    assert _rows(page, "dichte")[:2] == [                  # Sozialräume by code: L, N
        ["Leer", "0", "0", "0", "–", "–", "zeigen: Leer"],
        ["Nord", "4", "1", "6", "0,167", "nein", "zeigen: Nord"]]
    assert [r[:3] for r in _rows(page, "auslaufende_vereinbarungen")] == [
        ["Kinderschutz", "Schutzauftrag nach § 8a SGB VIII", "01.07.2025"]]


def test_wrong_filters_are_refused_with_german_messages(client, login_as, small):
    login_as("ausschuss")
    response = client.get("/berichte?stichtag=31.02.2025&sozialraum=gibtesnicht&tage=-3")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte ein gültiges Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT)." in page
    assert "Ungültige Auswahl." in page
    assert "Bitte eine Zahl von 0 bis 3650 angeben." in page
    assert "Berichte: Gesamtgebiet" in page  # the defaults were used
    assert client.get("/berichte/tabelle/dichte.csv?stichtag=kaputt").status_code == 400
    assert client.get("/berichte/tabelle/geheim.csv").status_code == 404
    assert client.get("/berichte/tabelle/dichte.pdf").status_code == 404
    # The whole-area broker table does not exist for one Sozialraum.
    assert client.get(f"/berichte/tabelle/vermittler_gesamtgebiet.csv?sozialraum={small['nord']}"
                      ).status_code == 404


def test_reports_need_a_login(client, small):
    for url in ("/berichte", "/berichte/beteiligung", "/berichte/ausschuss",
                "/berichte/tabelle/dichte.csv"):
        response = client.get(url)
        assert response.status_code in (302, 401)
        assert "/login" in response.headers.get("Location", "/login")


def test_changes_since_a_date_through_the_page(client, login_as, small, db):
    from registry import history

    def work(tx):
        history.record(tx, "actor", small["ja"], "update", "Koordinatorin Nord",
                       old={"phone": "1"}, new={"phone": "2"})
    db.transaction(work)
    login_as("ausschuss")
    page = client.get(f"/berichte?seit={date.today().isoformat()}").get_data(as_text=True)
    rows = _rows(page, "aenderungen")
    # Issue 13: no staff names or e-mails, fields named in German.
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("geändert", "Akteur", "Jugendamt", "Telefon")]
    assert "Koordinatorin Nord" not in page
    later = client.get("/berichte?seit=2999-01-01").get_data(as_text=True)
    assert "Seit diesem Datum wurde nichts geändert." in later


# -- downloads ------------------------------------------------------------------------

def _csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_every_table_downloads_as_csv_and_xlsx(client, login_as, small):
    login_as("ausschuss")
    report = reports.build(client.application.extensions["registry.db"], DAY)
    for name in reports.TABLE_NAMES:
        table = report.table(name)
        assert table is not None, name
        header = [c.label for c in table.columns]
        csv_response = client.get(f"/berichte/tabelle/{name}.csv?stichtag=2025-06-01")
        assert csv_response.status_code == 200, name
        assert csv_response.mimetype == "text/csv"
        assert f"{name}_2025-06-01.csv" in csv_response.headers["Content-Disposition"]
        rows = _csv(csv_response)
        assert rows[0] == header and len(rows) == 1 + len(table.rows), name
        xlsx_response = client.get(f"/berichte/tabelle/{name}.xlsx?stichtag=2025-06-01")
        assert xlsx_response.status_code == 200, name
        sheet = _xlsx(xlsx_response)
        assert list(sheet[0]) == header and len(sheet) == 1 + len(table.rows), name


def test_downloaded_values_read_back(client, login_as, small):
    login_as("ausschuss")
    rows = _csv(client.get("/berichte/tabelle/dichte.csv?stichtag=2025-06-01"))
    assert rows[1] == ["Leer", "0", "0", "0", "–", "–"]
    assert rows[2] == ["Nord", "4", "1", "6", "0,167", "nein"]
    sheet = _xlsx(client.get("/berichte/tabelle/dichte.xlsx?stichtag=2025-06-01"))
    assert sheet[1][:5] == ["Leer", 0, 0, 0, None]     # undefined, not 0
    assert sheet[2][:5] == ["Nord", 4, 1, 6, pytest.approx(1 / 6)]
    iso = _xlsx(client.get("/berichte/tabelle/isolierte_akteure.xlsx?stichtag=2025-05-31"))
    assert iso == [["Akteur", "Art", "Sozialraum", "Sektor"], ["Schachklub", "Verein", "Nord", "frei"]]
    expiring = _xlsx(client.get(
        "/berichte/tabelle/auslaufende_vereinbarungen.xlsx?stichtag=2025-06-01&tage=30"))
    assert expiring[1][2].date() == date(2025, 7, 1) and expiring[1][3] == 30
    none_in_10 = _csv(client.get(
        "/berichte/tabelle/auslaufende_vereinbarungen.csv?stichtag=2025-06-01&tage=10"))
    assert len(none_in_10) == 1
    per_area = _csv(client.get(f"/berichte/tabelle/isolierte_akteure.csv?stichtag=2025-06-01"
                               f"&sozialraum={small['leer']}"))
    assert per_area == [["Akteur", "Art", "Sozialraum", "Sektor"]]


def test_committee_report_has_meta_figures_tables_and_map(client, login_as, small):
    login_as("ausschuss")
    page = client.get(f"/berichte/ausschuss?stichtag=2025-06-01&sozialraum={small['nord']}"
                      ).get_data(as_text=True)
    assert "Bericht für den Jugendhilfeausschuss" in page
    assert "01.06.2025" in page and "Nord" in page
    map_svg = htmlpage.parse(page).find("svg", class_="chart chart--map", role="img")
    assert map_svg is not None
    # Every actor of Nord is named on the map as text.
    labels = {text.text for text in map_svg.find_all("text")}
    for name in ("Jugendamt", "Kita Sonne", "Jugendrat", "Schachklub"):
        assert name in labels
    assert page.count("<details class=\"definition\" open>") == 8
    assert "Herunterladen" not in page


def test_downloads_keep_formula_like_names_as_text():
    from registry.tabular import Column, Ref, Table, to_csv, to_xlsx

    table = Table("isolierte_akteure", "Isolierte Akteure", [Column("actor", "Akteur"),
                                                             Column("n", "Anzahl", "int")],
                  [{"actor": Ref("actor", "x", '=HYPERLINK("http://evil.example")'), "n": -1}])
    rows = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8")[1:]), delimiter=";"))
    assert rows[1] == ["'=HYPERLINK(\"http://evil.example\")", "-1"]
    cell = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example")'


def test_a_long_table_shows_its_first_rows_and_links_to_the_whole_table(client, login_as, db):
    g = GraphBuilder(db)
    nord = g.area("Nord", code="N")
    for i in range(30):  # 30 isolated actors: more than a report page shows
        g.actor(f"Verein {i:02d}", kind="verein", area=nord)
    g.save()
    login_as("ausschuss")
    page = client.get("/berichte?stichtag=2025-06-01").get_data(as_text=True)
    shown = _rows(page, "isolierte_akteure")
    assert [r[0] for r in shown] == [f"Verein {i:02d}" for i in range(25)]
    caption = htmlpage.parse(page).find("caption", id="cap-isolierte_akteure")
    assert "die ersten 25 von 30" in caption.text
    link = next(a for a in htmlpage.parse(page).find_all("a")
                if a.text.startswith("Alle 30 Einträge als Tabelle")
                and "isolierte_akteure" in a.attrs["href"])
    # The whole table: paged and sortable by any column, same filters.
    full = client.get(link.attrs["href"] + "&sort=-actor")
    assert full.status_code == 200
    rows = htmlpage.parse(full.get_data(as_text=True)).find("table").rows()[1:]
    assert [r[0] for r in rows] == [f"Verein {i:02d}" for i in range(29, 4, -1)]
    second = client.get(link.attrs["href"] + "&sort=-actor&seite=2").get_data(as_text=True)
    rows = htmlpage.parse(second).find("table").rows()[1:]
    assert [r[0] for r in rows] == [f"Verein {i:02d}" for i in range(4, -1, -1)]
    assert "26–30 von 30 Einträgen" in htmlpage.parse(second).text
    assert client.get("/berichte/tabelle/gibt_es_nicht").status_code == 404


def test_the_docs_list_each_section_as_the_page_shows_it(client, login_as, small):
    """docs/indicators.md is made from the registry the pages are made from:
    every section's heading, definition and downloads stand there."""
    from pathlib import Path
    from registry.reports import docs
    text = (Path(__file__).resolve().parent.parent / "docs" / "indicators.md").read_text("utf-8")
    assert text == docs.markdown(), "run: python -m registry.reports.docs > docs/indicators.md"
    login_as("ausschuss")
    page = htmlpage.parse(client.get("/berichte?stichtag=2025-06-01").get_data(as_text=True))
    sections = page.find_all("section", class_="indicator")
    assert len(sections) == len(reports.INDICATORS)
    for section in sections:
        heading = section.find("h2").text
        assert f"## {heading}\n" in text
        assert section.find("details").find("p").text in text
        for link in section.find_all("a", download=True):
            name = link["href"].split("/berichte/tabelle/")[1].split(".")[0]
            assert f"`{name}`" in text.split(f"## {heading}\n")[1].split("\n## ")[0], name
