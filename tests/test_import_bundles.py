"""Several files in one upload, or one workbook with a sheet per template:
the order of the files does not matter, the whole upload goes in or nothing."""
from __future__ import annotations

import io
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

import htmlpage
from conftest import csrf_token
from graphstate import change_count, fingerprint
from registry import cli
from registry.exchange import bundles, importer, readers
from test_import import _wait

TODAY = date(2026, 1, 15)

# One small municipality, a file per template, listed in the WRONG order:
# each file refers to entries of the files after it.
FILES = {
    "mitglieder.csv": "Netzwerk;Akteur;Rolle\nFrühe Hilfen Nord;KITA-1;Mitglied\n"
                      "Frühe Hilfen Nord;AWO-1;Koordination\n",
    "netzwerke.csv": "Name;Art;Geltungsbereich;Koordinierender Akteur\nFrühe Hilfen Nord;Netzwerk;N-1;AWO-1\n",
    "vereinbarungen.csv": "Titel;Art;Parteien;Gültig ab\n"
                          "Schutzauftrag Kita 1;kinderschutz_8a;JA-1 | KITA-1;01.01.2025\n",
    "kontakte.csv": "Akteur;Name;Funktion;Öffentlich\nKITA-1;Maria Beispiel;Leitung;ja\n",
    "zielgruppen-der-akteure.csv": "Akteur;Zielgruppen\nKITA-1;Familien | Alleinerziehende\n",
    "akteure.csv": "Externe ID;Name;Art;Sozialraum;Träger\nJA-1;Jugendamt Lindenau;Jugendamt;LIN;\n"
                   "AWO-1;AWO Lindenau;Freier Träger;N-1;\nKITA-1;Kita Sonne;Kita;N-1;AWO-1\n",
    "zielgruppen.csv": "Name\nFamilien\nAlleinerziehende\n",
    "sozialraeume.csv": "Kennung;Name;Ebene;Liegt in\nN-1;Nordstadt;Sozialraum;M-1\n"
                        "M-1;Mitte;Bezirk;LIN\nLIN;Lindenau;Stadt / Kreis;\n",
}
EXPECTED = {"areas": 3, "target_groups": 2, "actors": 3, "actor_target_groups": 1,
            "contacts": 1, "agreements": 1, "networks": 1, "memberships": 2}


def parts(files=FILES):
    return bundles.parts([(name, text.encode("utf-8")) for name, text in files.items()])


def run_many(db, files=FILES, dry_run=False):
    return importer.run_many(db, parts(files), ctx=importer.Context(today=TODAY), dry_run=dry_run)


def test_files_in_any_order_go_in_together(db):
    report = run_many(db, dry_run=True)
    assert report.problems == [] and fingerprint(db) == [] and change_count(db) == 0
    assert [p["entity"] for p in report.parts] == list(importer.DEPENDENCY_ORDER)
    assert {p["entity"]: p["created"] + p["updated"] for p in report.parts} == EXPECTED

    report = run_many(db)
    assert report.applied and report.problems == []
    network = db.read("exchange_network_details")[0]
    assert network["props"]["name"] == "Frühe Hilfen Nord"
    members = db.read("exchange_memberships", network_ids=[network["props"]["id"]])
    assert sorted(m["role"] for m in members) == ["koordination", "mitglied"]
    areas = {row["name"]: row for row in db.read("exchange_areas")}
    assert areas["Nordstadt"]["parent"] == areas["Mitte"]["id"]

    before, changes = fingerprint(db), change_count(db)
    again = run_many(db, dict(reversed(list(FILES.items()))))
    assert again.changes == 0 and fingerprint(db) == before and change_count(db) == changes


def test_one_bad_file_keeps_all_out(db):
    files = dict(FILES, **{"kontakte.csv": "Akteur;Name;E-Mail\nKITA-1;Maria;keine Adresse\n"})
    with pytest.raises(importer.ImportRefused) as refused:
        run_many(db, files)
    assert fingerprint(db) == [] and change_count(db) == 0
    problems = refused.value.report.problems
    assert [(p.source, p.row, p.column, p.message) for p in problems] == [
        ("kontakte.csv", 2, "E-Mail", "Bitte eine gültige E-Mail-Adresse angeben.")]


def test_a_file_without_a_template_is_named(db):
    files = dict(FILES, **{"farben.csv": "Farbe;Ton\nrot;hell\n"})
    report = run_many(db, files, dry_run=True)
    assert [(p.source, p.message.split(".")[0]) for p in report.problems] == [
        ("farben.csv", "Die Kopfzeile passt zu keiner Vorlage")]


def workbook(order) -> bytes:
    """A workbook with a sheet per template, named like the templates."""
    names = {"sozialraeume.csv": "Sozialräume", "zielgruppen.csv": "Zielgruppen",
             "akteure.csv": "Akteure", "zielgruppen-der-akteure.csv": "Zielgruppen der Akteure",
             "kontakte.csv": "Kontaktpersonen", "vereinbarungen.csv": "Vereinbarungen",
             "netzwerke.csv": "netzwerke", "mitglieder.csv": "memberships"}
    book = Workbook()
    book.active.title = "Erläuterungen"
    book.active.append(["Diese Mappe enthält eine Gemeinde."])
    for name in order:
        sheet = book.create_sheet(names[name])
        for line in FILES[name].splitlines():
            sheet.append(line.split(";"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_one_workbook_with_a_sheet_per_template(db):
    data = workbook(list(FILES))
    found = bundles.parts([("gemeinde.xlsx", data)])
    assert sorted(p.source for p in found)[0] == "gemeinde.xlsx: Akteure"
    assert len(found) == 8  # "Erläuterungen" is no template: skipped
    report = importer.run_many(db, found, ctx=importer.Context(today=TODAY))
    assert report.problems == [] and report.created == sum(EXPECTED.values()) - 1
    assert report.updated == 1  # the target groups of the Kita


def test_upload_page_takes_several_files(client, db, login_as):
    login_as("admin")
    token = csrf_token(client, "/import")
    response = client.post("/import", data={
        "csrf_token": token, "entity": "",
        "file": [(io.BytesIO(text.encode("utf-8")), name) for name, text in FILES.items()]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert _wait(client, job_url)["state"] == "checked"
    page = htmlpage.parse(client.get(job_url).get_data(as_text=True))
    rows = [cells for cells in page.rows() if cells and cells[0].endswith(".csv")]
    assert [cells[0] for cells in rows] == [
        "sozialraeume.csv", "zielgruppen.csv", "akteure.csv", "zielgruppen-der-akteure.csv",
        "kontakte.csv", "vereinbarungen.csv", "netzwerke.csv", "mitglieder.csv"]
    assert fingerprint(db) == [] or change_count(db) == 0
    response = client.post(job_url, data={"csrf_token": csrf_token(client, job_url)})
    assert _wait(client, job_url)["state"] == "applied"
    assert len(db.read("exchange_areas")) == 3 and len(db.read("exchange_actor_index")) == 3


def test_workbook_upload_through_the_page(client, db, login_as):
    login_as("admin")
    token = csrf_token(client, "/import")
    response = client.post("/import", data={
        "csrf_token": token, "entity": "",
        "file": (io.BytesIO(workbook(reversed(list(FILES)))), "gemeinde.xlsx")},
        content_type="multipart/form-data")
    job_url = response.headers["Location"]
    assert _wait(client, job_url)["state"] == "checked"
    page = client.get(job_url).get_data(as_text=True)
    assert "gemeinde.xlsx: Sozialräume" in page and "Noch ist nichts geändert" in page


def test_reading_a_named_sheet():
    data = workbook(["akteure.csv", "sozialraeume.csv"])
    assert readers.sheet_names(data) == ["Erläuterungen", "Akteure", "Sozialräume"]
    assert readers.read_table(data, "x.xlsx", sheet="Sozialräume").headers[:2] == ["Kennung", "Name"]


def test_command_line_takes_several_files(db, neo4j_uri, tmp_path):
    paths = []
    for name, text in FILES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    runner, env = CliRunner(), {"NEO4J_URI": neo4j_uri}
    result = runner.invoke(cli.main, ["import", *paths, "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert "akteure.csv (Akteure): 3 neu, 0 geändert" in result.output
    assert fingerprint(db) == []
    result = runner.invoke(cli.main, ["import", *paths], env=env)
    assert result.exit_code == 0, result.output
    assert len(db.read("exchange_actor_index")) == 3
