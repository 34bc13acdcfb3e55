"""Spreadsheet import: readers, dry run, all-or-nothing apply, idempotence,
history, the CLI and the upload page."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from registry.entities import actors as actor_screens
from registry.entities import agreements, networks
from registry import cli, history, schema
from registry.exchange import importer, readers, templates, uploads
from registry.text import fold

import htmlpage
from conftest import csrf_token
from factories import GraphBuilder

DATA = Path(__file__).parent / "data"
CP1252 = DATA / "akteure-windows1252-semikolon.csv"
TODAY = date(2026, 1, 15)


def _problems(page: str, row: str, column: str) -> list[str]:
    """The messages the problem table shows for ``row`` and ``column``."""
    return [cells[2] for cells in htmlpage.parse(page).rows() if cells[:2] == [row, column]]


@pytest.fixture
def city(db):
    """Lindenau > Mitte > Nordstadt, Südviertel; a network for memberships."""
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    mitte = g.area("Mitte", level="bezirk", parent=stadt, code="LIN-01")
    nord = g.area("Nordstadt", parent=mitte, code="LIN-01-01")
    sued = g.area("Südviertel", parent=mitte, code="LIN-01-02")
    network = g.network("Netzwerk Frühe Hilfen Lindenau")
    g.save()
    return {"stadt": stadt, "mitte": mitte, "nord": nord, "sued": sued, "network": network}


def run(db, entity, path, dry_run=False, **ctx):
    table = readers.read_path(path)
    return importer.run(db, entity, table, dry_run=dry_run,
                        ctx=importer.Context(today=TODAY, **ctx))


def by_external(db) -> dict[str, dict]:
    return {row["external_id"]: row for row in db.read("exchange_actor_index") if row["external_id"]}


def counts(db) -> tuple[int, int]:
    changes = len(history.since(db, datetime(2000, 1, 1, tzinfo=timezone.utc), limit=100000))
    return schema.data_node_count(db), changes


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- readers ---------------------------------------------------------------------------

def test_reader_detects_windows1252_and_semicolon():
    table = readers.read_path(CP1252)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers[5] == "Weitere Sozialräume"
    number, cells = table.rows[1]
    assert number == 3 and cells[1] == "Kita Gänseblümchen"
    assert cells[7] == "„Naturkita“ mit 45 Plätzen"  # cp1252-only characters


def test_reader_utf8_with_bom_and_comma_keeps_quoted_commas():
    table = readers.read_path(DATA / "akteure-utf8-bom-komma.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.headers[0] == "Externe ID"  # no BOM left in the first header
    assert table.rows[0][1][1] == 'Familienzentrum "Regenbogen", Nordstadt'


def test_reader_xlsx_turns_excel_dates_into_iso_text():
    table = readers.read_path(DATA / "vereinbarungen.xlsx")
    assert table.encoding == "xlsx"
    assert table.rows[0][1][6:9] == ["2025-01-01", "2030-12-31", "2027-06-30"]


@pytest.mark.parametrize("text, expected", [
    ("31.12.2025", date(2025, 12, 31)), ("1.2.2025", date(2025, 2, 1)),
    ("2025-12-31", date(2025, 12, 31)), ("2025-12-31 00:00:00", date(2025, 12, 31)),
])
def test_dates_german_and_iso(text, expected):
    assert readers.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2025", "12/31/2025", "31.12.25", "morgen", "2025-13-01"])
def test_unparsable_dates_are_refused(text):
    with pytest.raises(ValueError):
        readers.parse_date(text)


def test_old_xls_is_refused_with_a_clear_message():
    with pytest.raises(readers.ReadError, match="xls"):
        readers.read_table(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "liste.xls")


def test_template_headers_are_recognised():
    for entity, columns in templates.TEMPLATES.items():
        assert templates.detect_entity([c.header for c in columns]) == entity
    assert templates.detect_entity(["Name", "Farbe"]) is None


# -- actors ------------------------------------------------------------------------------

def test_windows1252_file_with_umlauts_and_semicolons_imports_correctly(db, city):
    report = run(db, "actors", CP1252)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    actors = by_external(db)
    kita = actor_screens.get(db, actors["K-101"]["id"])
    assert kita["actor"]["name"] == "Kita Gänseblümchen"
    assert kita["actor"]["description"] == "„Naturkita“ mit 45 Plätzen"
    assert kita["actor"]["lat"] == pytest.approx(51.0544)
    assert kita["location"]["name"] == "Südviertel"
    assert [s["name"] for s in kita["serves"]] == ["Nordstadt"]
    assert kita["operator"]["name"] == "Kinderhilfe Süd e.V."
    castle = actor_screens.get(db, actors["K-102"]["id"])["actor"]
    assert castle["search_name"] == fold("Kita Schloß Größenwahn") == "kita schloss grossenwahn"
    # Sector rule: the Jugendamt is public, Kitas take their Träger's sector.
    assert actors["J-001"]["sector"] == "oeffentlich"
    assert actors["K-101"]["sector"] == actors["K-102"]["sector"] == "frei"
    assert actors["K-102"]["operator"] == actors["T-001"]["id"]
    created = history.for_entity(db, actors["K-101"]["id"])
    assert [e["action"] for e in created] == ["create"]
    assert {"field": "name", "old": None, "new": "Kita Gänseblümchen"} in created[0]["fields"]


def test_same_file_twice_changes_nothing_the_second_time(db, city):
    run(db, "actors", CP1252)
    before = counts(db)
    versions = {k: v for k, v in by_external(db).items()}
    report = run(db, "actors", CP1252)
    assert (report.created, report.updated, report.unchanged, report.cascaded) == (0, 0, 5, 0)
    assert counts(db) == before
    details = db.read("exchange_actor_details", ids=[v["id"] for v in versions.values()])
    assert {row["props"]["version"] for row in details} == {1}


def test_dry_run_reports_and_writes_nothing(db, city):
    before = counts(db)
    report = run(db, "actors", CP1252, dry_run=True)
    assert (report.created, report.applied) == (5, False)
    assert counts(db) == before


def test_edited_file_updates_what_changed_and_records_it_field_by_field(db, city, tmp_path):
    run(db, "actors", CP1252)
    text = CP1252.read_bytes().decode("cp1252")
    edited = text.replace("Kita Gänseblümchen;Kita;;Südviertel;Nordstadt",
                          "Kita Gänseblümchen am Park;Kita;;Nordstadt;") \
                 .replace("05561 9876", "05561 5555")
    report = run(db, "actors", write(tmp_path, "neu.csv", edited, "cp1252"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    kita_id = by_external(db)["K-101"]["id"]
    kita = actor_screens.get(db, kita_id)
    assert kita["actor"]["name"] == "Kita Gänseblümchen am Park"
    assert kita["actor"]["version"] == 2
    assert kita["location"]["name"] == "Nordstadt" and kita["serves"] == []
    event = history.for_entity(db, kita_id)[0]
    assert event["action"] == "update"
    assert sorted(event["fields"], key=lambda f: f["field"]) == [
        {"field": "location", "old": "Südviertel", "new": "Nordstadt"},
        {"field": "name", "old": "Kita Gänseblümchen", "new": "Kita Gänseblümchen am Park"},
        {"field": "phone", "old": "05561 9876", "new": "05561 5555"},
        {"field": "serves", "old": "Nordstadt", "new": None},
    ]


def test_each_bad_actor_row_is_reported_by_row_and_column_and_nothing_is_written(db, city):
    before = counts(db)
    report = run(db, "actors", DATA / "akteure-fehler.csv", dry_run=True)
    found = [(p.row, p.column, p.message) for p in report.problems]
    expected = [
        (2, "Name", "Pflichtangabe fehlt."),
        (3, "Art", "Unbekannte Art „Kitaa“"),
        (4, "Sozialraum", "Unbekannter Sozialraum „Atlantis“."),
        (5, "Träger", "Unbekannter Akteur „Träger Unbekannt e.V.“: weder im Register noch in dieser Datei."),
        (7, "Externe ID", "Doppelt in der Datei: derselbe Eintrag steht schon in Zeile 6."),
        (8, "Breitengrad", "Der Breitengrad liegt zwischen -90 und 90."),
    ]
    for row, column, text in expected:
        assert any(r == row and c == column and text in m for r, c, m in found), (row, found)
    assert len(found) == len(expected)
    with pytest.raises(importer.ImportRefused) as refused:
        run(db, "actors", DATA / "akteure-fehler.csv")
    assert len(refused.value.report.problems) == len(expected)
    # Row 6 was fine, yet the file goes in whole or not at all.
    assert counts(db) == before


def test_a_row_with_several_problems_reports_all_of_them(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Externe ID;Name;Art;Sozialraum;Träger\n"
                                    "X-1;Kita A;Kita;Nordstadt;\n"
                                    "X-1;Kita B;Kitaa;Atlantis;Niemand\n")
    report = run(db, "actors", path, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "Art"), (3, "Sozialraum"), (3, "Externe ID")]
    path = write(tmp_path, "b.csv", "Externe ID;Name;Art;Sozialraum;Träger\n"
                                    "X-2;Kita B;Kitaa;Atlantis;Niemand\n")
    report = run(db, "actors", path, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Art"), (2, "Sozialraum"), (2, "Träger")]


def test_missing_required_column_is_a_header_problem(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Name;Sozialraum;Farbe\nKita Sonne;Nordstadt;gelb\n")
    report = run(db, "actors", path, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(1, "Art")]
    assert "Farbe" in report.warnings[0]


def test_file_without_external_ids_matches_by_name_and_area(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Name;Art;Sozialraum\nKita Sonne;Kita;Nordstadt\n"
                                    "Kita Sonne;Kita;Südviertel\n")
    assert run(db, "actors", path).created == 2
    again = run(db, "actors", path)
    assert (again.created, again.unchanged) == (0, 2)


def test_existing_actor_without_external_id_adopts_it(db, city, tmp_path):
    g = GraphBuilder(db)
    existing = g.actor("Jugendamt Lindenau – ASD Süd", kind="jugendamt", area=city["sued"])
    g.save()
    report = run(db, "actors", CP1252)
    assert (report.created, report.updated) == (4, 1)
    assert by_external(db)["J-001"]["id"] == existing


def test_traeger_sector_change_is_handed_down_to_its_facilities(db, city, tmp_path):
    g = GraphBuilder(db)
    traeger = g.actor("Kita-Eigenbetrieb", kind="sonstige", sector="frei", area=city["nord"])
    facility = g.actor("Kita Mond", kind="kita", operator=traeger, area=city["nord"])
    g.save()
    path = write(tmp_path, "a.csv", "Name;Art;Sektor;Sozialraum\n"
                                    "Kita-Eigenbetrieb;Sonstige;öffentlich;Nordstadt\n")
    report = run(db, "actors", path)
    assert (report.updated, report.cascaded) == (1, 1)
    assert actor_screens.get(db, facility)["actor"]["sector"] == "oeffentlich"
    assert history.for_entity(db, facility)[0]["fields"] == [
        {"field": "sector", "old": "frei", "new": "oeffentlich"}]


def test_facility_cannot_contradict_its_traegers_sector(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Externe ID;Name;Art;Sektor;Träger\n"
                                    "T;Stadt;Sonstige;öffentlich;\nK;Kita;Kita;frei;T\n"
                                    "J;Jugendamt;Jugendamt;frei;\n")
    report = run(db, "actors", path, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(3, "Sektor"), (4, "Sektor")]
    assert "öffentlich" in report.problems[0].message


def test_traeger_cycle_is_refused(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Externe ID;Name;Art;Träger\nA;Träger A;Freier Träger;B\n"
                                    "B;Träger B;Freier Träger;A\nC;Träger C;Freier Träger;C\n")
    report = run(db, "actors", path, dry_run=True)
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert "Kreis" in messages[(2, "Träger")] and "Träger A → Träger B → Träger A" in messages[(2, "Träger")]
    assert "eigener Träger" in messages[(4, "Träger")]


def test_limited_account_imports_only_in_its_own_areas(db, city, tmp_path):
    path = write(tmp_path, "a.csv", "Name;Art;Sozialraum\nKita Nord;Kita;Nordstadt\n"
                                    "Kita Süd;Kita;Südviertel\n")
    report = run(db, "actors", path, dry_run=True, allowed_areas=frozenset({city["nord"]}))
    assert [(p.row, p.column) for p in report.problems] == [(3, "Sozialraum")]
    # An area higher up covers everything below it.
    assert run(db, "actors", path, dry_run=True,
               allowed_areas=frozenset({city["mitte"]})).problems == []


def test_utf8_bom_comma_file_and_area_codes(db, city):
    report = run(db, "actors", DATA / "akteure-utf8-bom-komma.csv")
    assert report.created == 2 and report.problems == []
    actors = by_external(db)
    assert actors["U-1"]["name"] == 'Familienzentrum "Regenbogen", Nordstadt'
    assert actors["U-2"]["area"] == city["sued"]  # named by its code LIN-01-02


# -- agreements and memberships -------------------------------------------------------------

def test_agreements_with_parties_from_csv_and_again_from_xlsx(db, city):
    run(db, "actors", CP1252)
    report = run(db, "agreements", DATA / "vereinbarungen.csv")
    assert (report.created, report.problems) == (2, [])
    rows = {r["props"]["external_id"]: r for r in db.read("exchange_agreement_index")}
    actors = by_external(db)
    v1 = rows["V-1"]
    assert v1["props"]["type"] == "kinderschutz_8a" and v1["props"]["status"] == "aktiv"
    assert (v1["props"]["valid_from"], v1["props"]["valid_until"], v1["props"]["review_date"]) == (
        date(2025, 1, 1), date(2030, 12, 31), date(2027, 6, 30))
    assert v1["props"]["participation"] == "informiert"
    assert sorted((p["actor"], p["role"]) for p in v1["parties"]) == sorted([
        (actors["J-001"]["id"], "Jugendamt"), (actors["T-001"]["id"], "Träger")])
    v2 = rows["V-2"]["props"]
    assert (v2["status"], v2["participation"]) == ("aktiv", "keine")  # derived, default
    # The same agreements from Excel (real date cells): nothing changes.
    again = run(db, "agreements", DATA / "vereinbarungen.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_changed_parties_are_recorded(db, city, tmp_path):
    run(db, "actors", CP1252)
    run(db, "agreements", DATA / "vereinbarungen.csv")
    text = (DATA / "vereinbarungen.csv").read_text(encoding="utf-8")
    path = write(tmp_path, "v.csv", text.replace("Kita Gänseblümchen | V-001",
                                                 "Kita Gänseblümchen | V-001 | K-102"))
    report = run(db, "agreements", path)
    assert (report.updated, report.unchanged) == (1, 1)
    v2 = next(r for r in db.read("exchange_agreement_index") if r["props"]["external_id"] == "V-2")
    assert len(v2["parties"]) == 3
    assert agreements.history_events(db, v2["props"]["id"])[0]["fields"] == [
        {"field": "Partei", "old": None, "new": "Kita Schloß Größenwahn"}]


def test_each_bad_agreement_row_is_reported_and_nothing_is_written(db, city):
    run(db, "actors", CP1252)
    before = counts(db)
    with pytest.raises(importer.ImportRefused) as refused:
        run(db, "agreements", DATA / "vereinbarungen-fehler.csv")
    found = [(p.row, p.column, p.message) for p in refused.value.report.problems]
    for row, column, text in [
        (2, "Gültig ab", "„31.02.2025“ ist kein gültiges Datum"),
        (3, "Parteien", "mindestens zwei verschiedene Parteien"),
        (4, "Parteien", "Unbekannter Akteur „Niemand e.V.“"),
        (5, "Gültig bis", "nicht vor „gültig ab“"),
    ]:
        assert any(r == row and c == column and text in m for r, c, m in found), (row, found)
    assert len(found) == 4
    assert counts(db) == before


def test_memberships_import_update_and_history(db, city, tmp_path):
    run(db, "actors", CP1252)
    report = run(db, "memberships", DATA / "mitgliedschaften.csv")
    assert (report.created, report.problems) == (3, [])
    members = {m["actor"]: m for m in db.read("exchange_memberships", network_ids=[city["network"]])}
    actors = by_external(db)
    assert members[actors["K-101"]["id"]]["since"] == date(2024, 3, 1)
    assert members[actors["J-001"]["id"]]["role"] == "koordination"
    assert members[actors["V-001"]["id"]]["until"] == date(2025, 12, 31)
    assert run(db, "memberships", DATA / "mitgliedschaften.csv").unchanged == 3
    text = (DATA / "mitgliedschaften.csv").read_text(encoding="utf-8")
    path = write(tmp_path, "m.csv", text.replace("K-101;Mitglied", "K-101;Gast"))
    assert run(db, "memberships", path).updated == 1
    # The import records a membership change as the member's edit page does.
    event = networks.history_events(db, city["network"])[0]
    assert event["fields"] == [{"field": "Rolle von Kita Gänseblümchen",
                                "old": "Mitglied", "new": "Gast"}]


def test_membership_problems(db, city, tmp_path):
    run(db, "actors", CP1252)
    path = write(tmp_path, "m.csv", "Netzwerk;Akteur;Rolle;Seit\n"
                                    "Netzwerk Unbekannt;K-101;;\n"
                                    "Netzwerk Frühe Hilfen Lindenau;K-999;;\n"
                                    "Netzwerk Frühe Hilfen Lindenau;K-101;Chef;\n"
                                    "Netzwerk Frühe Hilfen Lindenau;K-102;;gestern\n"
                                    "Netzwerk Frühe Hilfen Lindenau;K-101;;\n"
                                    "Netzwerk Frühe Hilfen Lindenau;K-101;;\n")
    report = run(db, "memberships", path, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Netzwerk"), (3, "Akteur"), (4, "Rolle"), (5, "Seit"), (6, "Akteur"), (7, "Akteur")]
    assert "Unbekannte Rolle „Chef“" in report.problems[2].message


# -- command line --------------------------------------------------------------------------

def test_cli_import_dry_run_then_apply(db, city, neo4j_uri):
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_uri}
    result = runner.invoke(cli.main, ["import", str(CP1252), "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert "5 würden neu angelegt" in result.output
    assert by_external(db) == {}
    result = runner.invoke(cli.main, ["import", str(CP1252)], env=env)
    assert result.exit_code == 0, result.output
    assert "5 wurden neu angelegt" in result.output and len(by_external(db)) == 5


def test_cli_import_with_problems_exits_1_and_names_row_and_column(db, city, neo4j_uri):
    result = CliRunner().invoke(cli.main, ["import", str(DATA / "akteure-fehler.csv")],
                                env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 1
    assert "Zeile 3, Spalte „Art“: Unbekannte Art „Kitaa“" in result.output
    assert by_external(db) == {}


# -- upload page ---------------------------------------------------------------------------

def _wait(client, job_url: str, timeout: float = 60) -> dict:
    uploads.join(job_url.rstrip("/").rsplit("/", 1)[-1], timeout)
    state = client.get(job_url + "/fortschritt").get_json()
    assert not state["running"], "import job did not finish"
    return state


def _upload(client, path: Path, entity: str = ""):
    token = csrf_token(client, "/import")
    return client.post("/import", data={
        "csrf_token": token, "entity": entity,
        "file": (io.BytesIO(path.read_bytes()), path.name)}, content_type="multipart/form-data")


def test_upload_check_confirm_and_result(client, db, city, login_as):
    login_as("koordination")
    page = client.get("/import").get_data(as_text=True)
    assert "Import aus Tabellen" in page and "/import/vorlage/actors.xlsx" in page
    response = _upload(client, CP1252)
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert re.fullmatch(r"/import/[A-Za-z0-9_-]{20,64}", job_url)
    assert _wait(client, job_url)["state"] == "checked"
    page = client.get(job_url).get_data(as_text=True)
    assert 'data-count="created">5<' in page and "Noch ist nichts geändert" in page
    assert by_external(db) == {}  # the dry run wrote nothing

    response = client.post(job_url, data={"csrf_token": csrf_token(client, job_url)})
    assert response.status_code == 302
    assert _wait(client, job_url)["state"] == "applied"
    page = client.get(job_url).get_data(as_text=True)
    assert "vollständig übernommen" in page
    assert len(by_external(db)) == 5
    # A second confirmation of the same job does nothing more.
    client.post(job_url, data={"csrf_token": csrf_token(client, job_url)})
    assert _wait(client, job_url)["state"] == "applied"
    assert len(history.since(db, datetime(2000, 1, 1, tzinfo=timezone.utc))) == 5


def test_upload_with_problems_shows_them_and_offers_no_confirmation(client, db, city, login_as):
    login_as("admin")
    job_url = _upload(client, DATA / "akteure-fehler.csv").headers["Location"]
    _wait(client, job_url)
    page = client.get(job_url).get_data(as_text=True)
    assert "6 Probleme nach Zeile und Spalte" in page
    assert any(m.startswith("Unbekannte Art „Kitaa“") for m in _problems(page, "3", "Art"))
    assert "Jetzt übernehmen" not in page
    # Confirming by hand anyway changes nothing.
    client.post(job_url, data={"csrf_token": csrf_token(client, "/import")})
    assert _wait(client, job_url)["state"] == "checked"
    assert by_external(db) == {}


def test_job_belongs_to_its_uploader_and_needs_csrf(client, db, city, login_as, app):
    login_as("koordination", email="eins@example.org")
    job_url = _upload(client, CP1252).headers["Location"]
    _wait(client, job_url)
    assert client.post(job_url, data={}).status_code == 400  # no CSRF token
    client.post("/logout", data={"csrf_token": csrf_token(client, job_url)})
    login_as("koordination", email="zwei@example.org")
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "/fortschritt").status_code == 404
    assert client.get("/import/nicht-da-aber-lang-genug-1234").status_code == 404


def test_committee_may_not_import(client, db, login_as):
    login_as("ausschuss")
    assert client.get("/import").status_code == 403
    assert client.get("/import/vorlage/actors.csv").status_code == 403


def test_template_downloads(client, db, login_as):
    login_as("koordination")
    response = client.get("/import/vorlage/actors.csv")
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith("\ufeff".encode()) and "Externe ID;Name;Art;".encode() in body
    table = readers.read_table(body, "vorlage.csv")
    assert table.headers == [c.header for c in templates.ACTOR_COLUMNS]
    response = client.get("/import/vorlage/agreements.xlsx")
    book = load_workbook(io.BytesIO(response.get_data()))
    assert [c.value for c in book["Daten"][1]][:4] == ["Externe ID", "Titel", "Art", "Parteien"]
    notes = [row[0] for row in book["Erläuterungen"].iter_rows(values_only=True)]
    assert "Schutzauftrag nach § 8a SGB VIII" in notes
    assert client.get("/import/vorlage/users.csv").status_code == 404
    assert client.get("/import/vorlage/actors.pdf").status_code == 404


def test_running_job_shows_progress_with_script_and_noscript_refresh(client, db, city, login_as,
                                                                      app):
    user = login_as("koordination")
    job = uploads.create(db, CP1252.read_bytes(), CP1252.name, None, user.id)
    job_url = f"/import/{job.token}"
    page = client.get(job_url).get_data(as_text=True)
    assert "Die Datei wird geprüft" in page and "<progress" in page
    assert '<script src="/static/js/import.js"></script>' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "<script>" not in page  # nothing inline (CSP)
    assert client.get("/static/js/import.js").status_code == 200
    state = client.get(job_url + "/fortschritt").get_json()
    assert (state["state"], state["running"]) == ("checking", True)
    uploads.run(job, db, importer.Context(), apply=False)
    assert client.get(job_url + "/fortschritt").get_json()["state"] == "checked"
    page = client.get(job_url).get_data(as_text=True)
    assert "import.js" not in page and "Jetzt übernehmen" in page


def test_confirmation_checks_the_file_again_against_the_current_registry(client, db, city,
                                                                         login_as, tmp_path):
    """Between dry run and confirmation the party named in the file was
    renamed: applying finds that, refuses and writes nothing."""
    login_as("koordination")
    run(db, "actors", CP1252)
    job_url = _upload(client, DATA / "vereinbarungen.csv").headers["Location"]
    assert _wait(client, job_url)["state"] == "checked"
    renamed = CP1252.read_bytes().decode("cp1252").replace("Kita Gänseblümchen;", "Kita Löwenzahn;")
    assert run(db, "actors", write(tmp_path, "a.csv", renamed, "cp1252")).updated == 1
    client.post(job_url, data={"csrf_token": csrf_token(client, job_url)})
    assert _wait(client, job_url)["state"] == "refused"
    page = client.get(job_url).get_data(as_text=True)
    assert "Es wurde nichts geändert" in page
    assert any(m.startswith("Unbekannter Akteur „Kita Gänseblümchen“")
               for m in _problems(page, "3", "Parteien"))
    assert db.read("exchange_agreement_index") == []
