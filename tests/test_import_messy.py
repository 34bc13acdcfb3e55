"""The project's own messy files (tests/data/messy, made by make_messy.py)
prove each import rule: encodings, merged cells, formulas, leading zeros,
dates with times, title lines (found, or refused naming the row), ae/oe/ue
headers, rows that look like existing actors, empty cell keeps and "(leer)"
clears; a refused file changes nothing (command line, upload page)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import htmlpage
from factories import GraphBuilder
from registry.entities import actors as actor_screens
from registry import cli
from registry.exchange import importer, readers

from test_import import _upload, _wait, by_external, city, counts, run, write  # noqa: F401

MESSY = Path(__file__).parent / "data" / "messy"


def props(db, external_id: str) -> dict:
    return actor_screens.get(db, by_external(db)[external_id]["id"])


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


def test_a_title_line_without_delimiters_above_a_csv_header_is_skipped(db, city):
    """The title has no `;` (only a comma): the header below decides the
    delimiter, and the title is skipped with a hint."""
    report = run(db, "actors", MESSY / "akteure-titelzeile.csv")
    assert (report.created, report.problems, report.delimiter) == (1, [], ";")
    assert report.warnings == [
        "Zeile 1 ist eine Titelzeile und wird übersprungen; die Kopfzeile ist Zeile 2."]
    assert props(db, "C-1")["location"]["id"] == city["nord"]


@pytest.mark.parametrize("name, text", [
    ("akteure-nur-titel.csv", "„Unsere Akteure (Stand März 2025)“"),
    ("akteure-titel-zwei-zellen.csv", "„Akteure Stadt Lindenau | Stand März 2025“"),
])
def test_a_title_line_not_found_is_refused_naming_the_row_and_changes_nothing(db, city, name,
                                                                              text):
    before = counts(db)
    with pytest.raises(importer.ImportRefused) as refused:
        run(db, "actors", MESSY / name)
    [problem] = refused.value.report.problems
    assert problem.row == 1
    assert problem.message.startswith(
        "Die Kopfzeile muss die Spaltennamen der Vorlage enthalten (mindestens „Name“, „Art“). "
        "Zeile 1 enthält " + text)
    assert counts(db) == before


def test_duplicate_looking_rows_are_listed_and_not_created_twice(db, city):
    """Row 2 is the Kinderschutzbund in its Sozialraum, row 3 at its address
    (in another one), both spelt otherwise; row 4 is new."""
    g = GraphBuilder(db)
    bund = g.actor("Kinderschutzbund Süd e.V.", kind="beratungsstelle", area=city["sued"],
                   street="Lindenstraße 5", postcode="37402")
    g.save()
    report = run(db, "actors", MESSY / "akteure-dubletten.csv")
    assert [(d["row"], [c["id"] for c in d["candidates"]]) for d in report.duplicates] == [
        (2, [bund]), (3, [bund])]
    assert (report.created, report.skipped, report.problems) == (1, 2, [])
    names = sorted(row["name"] for row in db.read("exchange_actor_index"))
    assert names == ["Kinderschutzbund Süd e.V.", "Kita Neu"]
    before = counts(db)
    again = run(db, "actors", MESSY / "akteure-dubletten.csv")
    assert (again.created, again.unchanged, again.skipped) == (0, 1, 2)
    assert counts(db) == before


def test_numbers_in_a_zero_padded_format_and_text_keep_their_zeros(db, city):
    assert run(db, "actors", MESSY / "akteure-nummern.xlsx").created == 2
    assert sorted(by_external(db)) == ["00042", "00043"]
    nullen, text = props(db, "00042")["actor"], props(db, "00043")["actor"]
    assert (nullen["postcode"], nullen["phone"]) == ("01067", "05561 4711")
    assert (text["postcode"], text["phone"]) == ("01069", "0551 123")


@pytest.mark.parametrize("name, message", [
    ("akteure-formel-ohne-wert.xlsx", "Die Zellen E2 enthalten Formeln ohne gespeichertes "
                                      "Ergebnis"),
    ("akteure-nur-titel.csv", "Die Kopfzeile muss die Spaltennamen einer Vorlage enthalten. "
                              "Zeile 1 enthält „Unsere Akteure (Stand März 2025)“"),
])
def test_a_refused_upload_says_why_in_german_and_changes_nothing(client, db, city, login_as,
                                                                 name, message):
    login_as("koordination")
    before = counts(db)
    job_url = _upload(client, MESSY / name).headers["Location"]
    assert _wait(client, job_url)["state"] == "failed"
    page = client.get(job_url).get_data(as_text=True)
    assert message in page
    assert "Jetzt übernehmen" not in page
    assert counts(db) == before


@pytest.mark.parametrize("name, external_id", [
    ("vereinbarungen-datum-uhrzeit.xlsx", "V-Z"),  # date cells with a time
    ("vereinbarungen-datum-uhrzeit.csv", "V-C"),  # "01.03.2025 14:30" as Excel writes CSV
])
def test_date_cells_with_a_time_of_day_are_read_as_their_date(db, city, name, external_id):
    run(db, "actors", MESSY / "akteure-cp1252-ae-oe-ue.csv")
    run(db, "actors", MESSY / "akteure-utf16-tab.txt")
    report = run(db, "agreements", MESSY / name)
    assert (report.created, report.problems) == (1, [])
    row = next(r for r in db.read("exchange_agreement_index")
               if r["props"].get("external_id") == external_id)
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
    rules = [li.text for li in htmlpage.parse(page).find_all("li")]

    def explained(*words: str) -> bool:
        return any(all(word in rule for word in words) for rule in rules)

    assert explained("leere Zelle lässt den gespeicherten Wert", "tragen Sie „(leer)“ in")
    assert explained("Verbundene Zellen gelten für jede Zeile")
    assert explained("Formeln", "einmal in Excel öffnen und speichern")
    assert explained("(1067)", "(01067)", "Externe IDs")
    assert explained("Datum mit Uhrzeit zählt als dieses Datum", "CSV")
    assert explained("Titelzeilen", "übersprungen", "Die Kopfzeile muss")
    assert explained("ae, oe, ue und ss")
    assert explained("wohl schon gibt", "überspringen", "nichts wird doppelt angelegt")
    assert explained("abgelehnte Datei ändert nichts")


def test_too_long_cells_are_named_in_the_templates_order_and_nothing_is_written(
        db, city, tmp_path):
    before = counts(db)
    path = write(tmp_path, "lang.csv", "PLZ;Name;Art;Sozialraum;Telefon\n"
                 "37401;Kita Kurz;Kita;Nordstadt;05561 1\n"
                 "374010374010;" + "N" * 201 + ";Kita;Nordstadt;" + "0" * 51 + "\n")
    report = run(db, "actors", path, dry_run=True)
    assert [(p.row, p.column, p.message) for p in report.problems
            if p.message.startswith("Zu lang")] == [
        (3, "Name", "Zu lang: höchstens 200 Zeichen."),
        (3, "PLZ", "Zu lang: höchstens 10 Zeichen."),
        (3, "Telefon", "Zu lang: höchstens 50 Zeichen.")]
    with pytest.raises(importer.ImportRefused):
        run(db, "actors", path)
    assert counts(db) == before


def test_no_break_spaces_and_a_stray_bom_in_cells_are_cleaned():
    text = ("Externe ID;Name;Art;Sozialraum\n"
            "NB-1;\ufeffKita\xa0Sonnenschein\xa0;Kita;Nordstadt\n"
            "NB-2;  Kita Mond ;Kita; Nordstadt \n")
    table = readers.read_table(text.encode(), "a.csv")
    assert [cells for _, cells in table.rows] == [
        ["NB-1", "Kita Sonnenschein", "Kita", "Nordstadt"],
        ["NB-2", "Kita Mond", "Kita", "Nordstadt"]]
