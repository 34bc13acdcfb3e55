"""A Sozialraum's outline (the Stadtplan's polygon): the form accepts a GeoJSON
polygon and stores it simplified, refuses anything else with a German message
and changes nothing; the Berlin import attaches the LOR polygons."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import htmlpage
import pytest
from conftest import post_form
from graphstate import change_count, fingerprint
from registry import history
from registry.entities import areas
from registry.exchange import importer, readers
from registry.rules import areas as area_rules

BERLIN = Path(__file__).resolve().parent / "data" / "berlin"
KITAS = BERLIN / "berlin-kitas" / "berlin-daycare-centers-2026-07-details.csv"
GEO = BERLIN / "berlin-lor-geo"

SQUARE = {"type": "Polygon", "coordinates": [[[13.0, 52.0], [13.01, 52.0], [13.01, 52.01],
                                              [13.0, 52.01], [13.0, 52.0]]]}


def _form(**extra) -> dict:
    return {"name": "Altstadt", "code": "ALT", "level": "sozialraum", "setting": "urban", **extra}


def test_form_stores_an_outline_and_refuses_a_broken_one(client, db, login_as):
    login_as("admin")
    # Every nearly straight point of a long edge goes, the corners stay.
    edge = [[13.0 + i / 1000, 52.0 + (i % 2) * 1e-7] for i in range(11)]
    shape = {"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [edge + [[13.01, 52.01], [13.0, 52.01], [13.0, 52.0]]]}}
    response = post_form(client, "/sozialraeume/neu", _form(geometry=json.dumps(shape)))
    assert response.status_code == 302
    area_id = response.headers["Location"].rsplit("/", 1)[-1]
    stored = json.loads(areas.get(db, area_id)["area"]["geometry"])
    assert stored == SQUARE

    for bad, message in [
        ("{kein json", "kein gültiges GeoJSON"),
        (json.dumps({"type": "Point", "coordinates": [13, 52]}), "Polygon oder -MultiPolygon"),
        (json.dumps({"type": "Polygon", "coordinates": [[[52, 913], [53, 13], [52, 14], [52, 913]]]}),
         "Koordinaten außerhalb"),
        (json.dumps({"type": "Polygon", "coordinates": [[[13, 52], [13.1, 52], [13.1, 52.1]]]}),
         "mindestens vier Punkte"),
    ]:
        version = str(areas.get(db, area_id)["area"]["version"])
        response = post_form(client, f"/sozialraeume/{area_id}/bearbeiten",
                             _form(geometry=bad, version=version))
        assert response.status_code == 200
        assert message in htmlpage.field_error(response.get_data(as_text=True), "geometry")
        assert json.loads(areas.get(db, area_id)["area"]["geometry"]) == SQUARE

    # Saved again as shown: nothing changes (the stored outline is already simple).
    row = areas.get(db, area_id)["area"]
    response = post_form(client, f"/sozialraeume/{area_id}/bearbeiten",
                         _form(geometry=row["geometry"], version=str(row["version"])))
    assert response.status_code == 302
    assert areas.get(db, area_id)["area"]["version"] == row["version"]

    # Emptied: the outline goes, and the history says so in words.
    response = post_form(client, f"/sozialraeume/{area_id}/bearbeiten",
                         _form(geometry="", version=str(row["version"])))
    assert response.status_code == 302
    assert areas.get(db, area_id)["area"].get("geometry") is None
    change = history.for_entity(db, area_id)[0]
    assert {"field": "geometry", "old": "Umriss mit 1 Teilfläche(n), 5 Punkten", "new": None} \
        in change["fields"]


def test_berlin_import_attaches_every_lor_polygon(db):
    table = readers.read_path(KITAS)
    report = importer.run(db, "berlin", table, options={"geo_dir": GEO})
    assert not report.problems
    rows = db.read("exchange_area_outlines")
    codes = {a["id"]: a["code"] for a in db.read("exchange_areas")}
    outlined = sorted(codes[r["id"]] for r in rows)
    assert len(outlined) == 58 + 12 and "BE" not in outlined
    for row in rows:
        shape = json.loads(row["geometry"])
        assert shape["type"] in ("Polygon", "MultiPolygon")
        # Already simple: the outline rule keeps it as it is.
        assert area_rules.geometry(row["geometry"]) == row["geometry"]
    # Again: nothing to update.
    report = importer.run(db, "berlin", table, options={"geo_dir": GEO})
    assert report.details["areas_updated"] == 0


def test_berlin_import_with_a_broken_polygon_names_it_and_changes_nothing(db, tmp_path):
    for name in ("berlin-lor-districts.geojson", "berlin-lor-forecast-areas-from-2021.geojson"):
        data = json.loads((GEO / name).read_text(encoding="utf-8"))
        if name.startswith("berlin-lor-districts"):
            data["features"][0]["geometry"] = {"type": "Point", "coordinates": [13.4, 52.5]}
            broken = data["features"][0]["properties"]["id"]
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(importer.ImportRefused) as refused:
        importer.run(db, "berlin", readers.read_path(KITAS), options={"geo_dir": tmp_path})
    assert [p.message for p in refused.value.report.problems] == [
        f"berlin-lor-districts.geojson, {broken}: Umriss: Erwartet wird ein GeoJSON-Polygon "
        "oder -MultiPolygon."]
    assert db.read("exchange_areas") == []


def _areas_file(*rows: list[str]) -> readers.Table:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Kennung", "Name", "Ebene", "Liegt in", "Umriss"])
    writer.writerows(rows)
    return readers.read_table(out.getvalue().encode("utf-8"), "sozialraeume.csv")


def test_areas_file_imports_an_outline_and_refuses_a_broken_one(db):
    # A redundant point on an edge: stored simplified, as the form stores it.
    detour = {"type": "Polygon", "coordinates": [[[13.0, 52.0], [13.005, 52.0], [13.01, 52.0],
                                                  [13.01, 52.01], [13.0, 52.01], [13.0, 52.0]]]}
    report = importer.run(db, "areas", _areas_file(
        ["LIN", "Lindenau", "Stadt / Kreis", "", ""],
        ["ALT", "Altstadt", "Bezirk", "LIN", json.dumps(detour)]))
    assert (report.created, report.problems) == (2, [])
    by_code = {a["code"]: a["id"] for a in db.read("exchange_areas")}
    outline = areas.get(db, by_code["ALT"])["area"]["geometry"]
    assert json.loads(outline) == SQUARE
    assert areas.get(db, by_code["LIN"])["area"].get("geometry") is None
    change = history.for_entity(db, by_code["ALT"])[0]
    assert {"field": "geometry", "old": None, "new": "Umriss mit 1 Teilfläche(n), 5 Punkten"} \
        in change["fields"]

    # The same file again, or the row without an outline: nothing changes.
    for row in (["ALT", "Altstadt", "Bezirk", "LIN", json.dumps(detour)],
                ["ALT", "Altstadt", "Bezirk", "", ""]):
        report = importer.run(db, "areas", _areas_file(row))
        assert (report.updated, report.unchanged) == (0, 1)

    before = fingerprint(db), change_count(db)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.run(db, "areas", _areas_file(
            ["NEU", "Neustadt", "Bezirk", "LIN", json.dumps(SQUARE)],
            ["ALT", "Altstadt", "Bezirk", "LIN", "{kein json"]))
    assert [(p.row, p.column, p.message) for p in refused.value.report.problems] == [
        (3, "Umriss", "Umriss: Das ist kein gültiges GeoJSON (JSON-Fehler).")]
    assert (fingerprint(db), change_count(db)) == before

    # "(leer)" removes the outline.
    report = importer.run(db, "areas", _areas_file(["ALT", "Altstadt", "Bezirk", "", "(leer)"]))
    assert report.updated == 1
    assert areas.get(db, by_code["ALT"])["area"].get("geometry") is None
