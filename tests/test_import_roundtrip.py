"""Round trip: every list exported in the import templates' format and
imported again changes nothing; imported into an empty registry it gives the
same graph, so the demo municipality can be built by import alone."""
from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook

from factories import GraphBuilder
from graphstate import BOOKKEEPING, change_count, fingerprint, fingerprint_without_ids
from registry import demo
from registry.exchange import bundles, importer, lists, templates


def import_workbook(db, data: bytes, dry_run: bool = False) -> importer.Report:
    try:
        return importer.run_many(db, bundles.parts([("register.xlsx", data)]),
                                 ctx=importer.Context(), dry_run=dry_run)
    except importer.ImportRefused as refused:  # say which rows, not only how many
        pytest.fail("\n".join(f"{p.source} {p.row} {p.column}: {p.message}"
                               for p in refused.report.problems[:20]))


@pytest.fixture
def municipality(db):
    demo.load(db)
    return db


def test_exported_lists_reimported_change_nothing(municipality):
    db = municipality
    data = lists.xlsx_bytes(db)
    before, changes = fingerprint(db), change_count(db)
    report = import_workbook(db, data)
    assert report.problems == []
    assert (report.created, report.updated, report.cascaded) == (0, 0, 0)
    assert report.unchanged == report.rows > 1000
    assert fingerprint(db) == before and change_count(db) == changes


def test_demo_municipality_built_by_import_alone(municipality):
    db = municipality
    expected = fingerprint_without_ids(db)
    data = lists.xlsx_bytes(db)
    db.autocommit("wipe_batch")
    assert fingerprint(db) == []
    report = import_workbook(db, data)
    assert report.problems == [] and report.applied
    assert fingerprint_without_ids(db) == expected
    counts = demo.generate().counts()
    kinds = Counter(row["labels"][0] for row in db.read("graph_nodes", bookkeeping=BOOKKEEPING) if len(row["labels"]) == 1)
    assert (kinds["Area"], kinds["Actor"], kinds["Agreement"], kinds["Network"],
            kinds["TargetGroup"], kinds["ContactPerson"]) == (
        counts["areas"], counts["actors"], counts["agreements"], counts["networks"],
        counts["target_groups"], counts["contacts"])


def test_export_keeps_awkward_values_as_text(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord", level="stadt", code="007"), g.area("Süd", level="stadt")
    g.actor("=SUMME(A1)", area=nord, postcode="01067", phone="+49 351 1", lat=51.05, lon=13.74)
    twin = g.actor("Zwilling", area=nord)
    g.actor("Zwilling", kind="verein", area=sued)
    g.actor("Kita Zwilling", kind="kita", area=sued, operator=twin)
    g.save()
    data = lists.xlsx_bytes(db, ["actors"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [templates.SHEET_NAMES["actors"]]
    rows = {r[1]: r for r in book.active.iter_rows(min_row=2, values_only=True)}
    assert rows["=SUMME(A1)"][10] == "01067" and rows["=SUMME(A1)"][4] == "007"
    assert rows["=SUMME(A1)"][16] == "+49 351 1" and rows["=SUMME(A1)"][12] == "51,05"
    assert rows["Kita Zwilling"][6] == twin  # an ambiguous name: the registry id
    before = fingerprint(db)
    report = import_workbook(db, data)
    assert report.changes == 0 and fingerprint(db) == before


def test_round_trip_keeps_outlines(db):
    g = GraphBuilder(db)
    square = ('{"type":"Polygon","coordinates":[[[13.0,52.0],[13.01,52.0],[13.01,52.01],'
              '[13.0,52.01],[13.0,52.0]]]}')
    city = g.area("Lindenau", level="stadt", code="LIN", geometry=square)
    g.area("Altstadt", parent=g.area("Mitte", level="bezirk", parent=city), geometry=square)
    g.save()
    expected = fingerprint_without_ids(db)
    def outlines():
        return sorted((a["name"], a["geometry"]) for a in db.read("export_areas"))

    kept = outlines()
    assert [g for _, g in kept].count(square) == 2
    data = lists.xlsx_bytes(db, ["areas"])
    before = fingerprint(db)
    assert import_workbook(db, data).changes == 0 and fingerprint(db) == before
    db.autocommit("wipe_batch")
    report = import_workbook(db, data)
    assert report.created == 3 and outlines() == kept
    assert fingerprint_without_ids(db) == expected


def test_export_download_for_editors_only(client, db, login_as):
    login_as("ausschuss")
    assert client.get("/import/export.xlsx").status_code == 403
    login_as("koordination")
    response = client.get("/import/export.xlsx")
    assert response.status_code == 200
    names = load_workbook(io.BytesIO(response.data)).sheetnames
    assert names == [templates.SHEET_NAMES[e] for e in importer.DEPENDENCY_ORDER]
    assert client.get("/import/export/contacts.xlsx").status_code == 200
    assert client.get("/import/export/unbekannt.xlsx").status_code == 404
    page = client.get("/import").get_data(as_text=True)
    assert "/import/export.xlsx" in page and "/import/export/networks.xlsx" in page
