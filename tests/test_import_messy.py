"""The project's own messy files (tests/data/messy, made by make_messy.py)
prove each import rule: encodings, merged cells, formulas, leading zeros,
dates with times, title lines, ae/oe/ue headers, empty cell keeps and
"(leer)" clears; a refused file changes nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.entities import actors as actor_screens
from registry import cli
from registry.exchange import readers

from test_import import by_external, city, counts, run, write  # noqa: F401 (fixture)

MESSY = Path(__file__).parent / "data" / "messy"


def props(db, external_id: str) -> dict:
    return actor_screens.get_actor(db, by_external(db)[external_id]["id"])


def test_cp1252_semicolon_file_with_typewriter_headers(db, city):
    report = run(db, "actors", MESSY / "akteure-cp1252-ae-oe-ue.csv")
    assert (report.created, report.problems, report.warnings) == (2, [], [])
    awo, kita = props(db, "M-1"), props(db, "M-2")
    assert (awo["actor"]["street"], awo["actor"]["lat"], awo["actor"]["lon"]) == (
        "Mühlenweg 1", 51.08, 10.56)  # Strasse, Laengengrad
    assert kita["operator"]["name"] == "AWO Ortsverein Nordstadt e.V."  # Traeger
    assert kita["actor"]["postcode"] == "01067"  # 1067: a PLZ that lost its zero


def test_utf8_bom_and_utf16_tab_files(db, city):
    report = run(db, "actors", MESSY / "akteure-utf8-bom.csv")
    assert (report.created, report.problems) == (1, [])
    oase = props(db, "B-1")
    assert oase["actor"]["name"] == 'Jugendtreff "Oase", Süd'
    assert oase["location"]["id"] == city["sued"]
    # "www.…" as people write it: stored as a web address, like the form does.
    assert oase["actor"]["website"] == "https://www.oase-lindenau.de"
    table = readers.read_path(MESSY / "akteure-utf16-tab.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert run(db, "actors", MESSY / "akteure-utf16-tab.txt").created == 1
    assert props(db, "U-1")["actor"]["phone"] == "05561 12345"


def test_merged_cells_count_in_every_row_and_a_second_import_changes_nothing(db, city):
    report = run(db, "actors", MESSY / "akteure-verbundene-zellen.xlsx")
    assert (report.created, report.problems) == (4, [])
    for n in (1, 2, 3):
        kita = props(db, f"K-{n}")
        assert kita["location"]["id"] == city["nord"]
        assert kita["operator"]["name"] == "Kita-Träger Lindenau gGmbH"
    before = counts(db)
    again = run(db, "actors", MESSY / "akteure-verbundene-zellen.xlsx")
    assert (again.updated, again.unchanged) == (0, 4)
    assert counts(db) == before


def test_formula_without_stored_result_is_refused_and_changes_nothing(db, city, neo4j_uri):
    with pytest.raises(readers.ReadError, match="einmal in Excel öffnen und speichern"):
        readers.read_path(MESSY / "akteure-formel-ohne-wert.xlsx")
    before = counts(db)
    result = CliRunner().invoke(cli.main, ["import", str(MESSY / "akteure-formel-ohne-wert.xlsx")],
                                env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code != 0 and "E2" in result.output
    assert counts(db) == before


def test_formula_with_stored_result_is_read_as_excel_shows_it(db, city):
    assert run(db, "actors", MESSY / "akteure-formel-mit-wert.xlsx").created == 1
    assert props(db, "F-1")["actor"]["postcode"] == "37411"


def test_numeric_plz_keeps_its_zero_and_a_title_line_is_skipped(db, city):
    report = run(db, "actors", MESSY / "akteure-plz-titelzeile.xlsx")
    assert (report.created, report.problems) == (3, [])
    assert any("Zeile 1 ist eine Titelzeile" in w for w in report.warnings)
    assert [props(db, f"P-{n}")["actor"]["postcode"] for n in (1, 2, 3)] == [
        "01067", "04109", "37073"]


def test_a_title_line_without_a_header_is_refused_naming_the_row(db, city):
    before = counts(db)
    report = run(db, "actors", MESSY / "akteure-nur-titel.csv", dry_run=True)
    assert [(p.row, p.message[:30]) for p in report.problems] == [
        (1, "Die Kopfzeile muss die Spalten")]
    assert counts(db) == before


def test_date_cells_with_a_time_of_day_are_read_as_their_date(db, city):
    run(db, "actors", MESSY / "akteure-cp1252-ae-oe-ue.csv")
    run(db, "actors", MESSY / "akteure-utf16-tab.txt")
    report = run(db, "agreements", MESSY / "vereinbarungen-datum-uhrzeit.xlsx")
    assert (report.created, report.problems) == (1, [])
    row = next(r for r in db.read("exchange_agreement_index")
               if r["props"].get("external_id") == "V-Z")
    assert (row["props"]["valid_from"], row["props"]["valid_until"]) == (
        date(2025, 3, 1), date(2030, 12, 31))


def test_empty_cell_keeps_and_the_marker_clears(db, city, tmp_path):
    run(db, "actors", MESSY / "akteure-cp1252-ae-oe-ue.csv")
    head = "Externe ID;Name;Art;Sozialraum;Träger;Straße;PLZ;Breitengrad;Längengrad\n"
    kept = run(db, "actors", write(tmp_path, "a.csv", head + "M-2;Kita Löwenzahn;Kita;;;;;;\n"))
    assert (kept.updated, kept.unchanged) == (0, 1)
    kita = props(db, "M-2")
    assert kita["operator"]["name"] == "AWO Ortsverein Nordstadt e.V."
    assert (kita["actor"]["street"], kita["actor"]["postcode"]) == ("Mühlenweg 3", "01067")
    cleared = run(db, "actors", write(tmp_path, "b.csv",
                                      head + "M-2;Kita Löwenzahn;Kita;;(leer);(leer);;;\n"))
    assert cleared.updated == 1
    kita = props(db, "M-2")
    assert kita["operator"] is None and kita["actor"].get("street") is None
    assert kita["actor"]["postcode"] == "01067"


def test_one_coordinate_without_the_other_is_refused_like_in_the_form(db, city, tmp_path):
    before = counts(db)
    report = run(db, "actors", write(tmp_path, "c.csv", "Name;Art;Sozialraum;Breitengrad\n"
                                                          "Kita X;Kita;Nordstadt;51,1\n"),
                 dry_run=True)
    assert [p.message for p in report.problems] == [
        "Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen."]
    assert counts(db) == before


def test_a_kirchengemeinde_may_be_traeger_but_a_kita_may_not(db, city, tmp_path):
    report = run(db, "actors", write(tmp_path, "k.csv", (
        "Externe ID;Name;Art;Sozialraum;Träger\n"
        "G-1;Ev. Kirchengemeinde St. Marien;Kirchengemeinde;Nordstadt;\n"
        "G-2;Ev. Kita St. Marien;Kita;Nordstadt;G-1\n"
        "G-3;Kita Unter Kita;Kita;Nordstadt;G-2\n")), dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(4, "Träger")]
    assert "kann nicht Träger sein" in report.problems[0].message


def test_upload_page_explains_how_cells_are_read(client, login_as):
    login_as("koordination")
    page = client.get("/import").get_data(as_text=True)
    assert "tragen Sie „(leer)“ in die Zelle ein" in page
    assert "einmal in Excel öffnen und speichern" in page
