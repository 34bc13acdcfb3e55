"""The Berlin Kita list (tests/data/berlin, real open data): the documented mapping imports it
whole, with the right counts, and a second import changes nothing."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from registry import cli, schema
from registry.exchange import berlin, importer, readers

REALDATA = Path(__file__).resolve().parent / "data" / "berlin"  # sources: README.txt there
KITAS = REALDATA / "berlin-kitas" / "berlin-daycare-centers-2026-07-details.csv"
GEO = REALDATA / "berlin-lor-geo"
PUBLIC_KITAS = 58 + 81 + 44 + 35 + 66  # the Kitas of the five Eigenbetriebe


def _rows() -> list[dict]:
    with open(KITAS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_file_has_as_many_traeger_numbers_as_names():
    """1,176 distinct sponsor_id, 1,176 distinct names, 1,176 distinct pairs:
    each number has one name and no name two numbers, so the number is a
    safe key for a Träger."""
    rows = _rows()
    assert len(rows) == 2893
    ids = {r["sponsor_id"] for r in rows}
    names = {r["sponsor_name"] for r in rows}
    pairs = {(r["sponsor_id"], r["sponsor_name"]) for r in rows}
    assert len(ids) == len(names) == len(pairs) == 1176


def test_public_traeger_rule():
    assert berlin.is_public("0121", "Kindergärten NordOst")
    assert berlin.is_public("0123", "Kindertagesstätten Berlin Süd-West")
    assert berlin.is_public("9999", "Kindertagesstätten Mitte Eigenbetrieb von Berlin")
    assert not berlin.is_public("0100", "Pestalozzi-Fröbel-Haus Stiftung des öffentlichen Rechts")
    assert not berlin.is_public("1227", "Fröbel Bildung und Erziehung gGmbH")
    names = {r["sponsor_id"]: r["sponsor_name"] for r in _rows()}
    assert sorted(i for i, n in names.items() if berlin.is_public(i, n)) == sorted(berlin.PUBLIC_SPONSORS)


def test_berlin_file_imports_whole_with_the_right_counts(db, neo4j_uri):
    result = CliRunner().invoke(cli.main, ["import", str(KITAS), "--entity", "berlin"],
                                env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 0, result.output
    assert "4069 wurden neu angelegt" in result.output  # 2,893 Kitas + 1,176 Träger

    actors = db.read("exchange_actor_index")
    kitas = [a for a in actors if a["kind"] == "kita"]
    traeger = [a for a in actors if a["external_id"].startswith(berlin.TRAEGER_PREFIX)]
    assert len(actors) == 4069 and len(kitas) == 2893 and len(traeger) == 1176
    areas = db.read("exchange_areas")
    assert Counter(a["level"] for a in areas) == {"stadt": 1, "bezirk": 12, "sozialraum": 58}
    by_id = {a["id"]: a for a in areas}
    assert by_id[next(a["id"] for a in areas if a["code"] == "BE-0110")]["name"] == "Zentrum"
    mitte = next(a for a in areas if a["code"] == "BE-01")
    assert (mitte["name"], by_id[mitte["parent"]]["name"]) == ("Mitte", "Berlin")

    # Every Kita sits in the Prognoseraum of its LOR number, run by its Träger.
    lor = {berlin.KITA_PREFIX + r["id"]: r for r in _rows()}
    traeger_ids = {a["id"]: a for a in traeger}
    for kita in kitas:
        row = lor[kita["external_id"]]
        assert by_id[kita["area"]]["code"] == "BE-" + row["geojson_feature_id"][:4]
        assert traeger_ids[kita["operator"]]["external_id"] == berlin.TRAEGER_PREFIX + row["sponsor_id"]
    public = [a for a in traeger if a["sector"] == "oeffentlich"]
    assert sorted(a["name"] for a in public)[0] == "Kindergärten City"
    assert len(public) == 5 and {a["kind"] for a in public} == {"sonstige"}
    assert sum(1 for k in kitas if k["sector"] == "oeffentlich") == PUBLIC_KITAS

    # The same files again: nothing changes.
    table = readers.read_path(KITAS)
    report = importer.run(db, "berlin", table, options={"geo_dir": GEO})
    assert (report.created, report.updated, report.unchanged, report.cascaded) == (0, 0, 4069, 0)
    assert report.details["areas_created"] == report.details["areas_updated"] == 0
    assert len(db.read("exchange_actor_index")) == 4069


def test_berlin_rows_with_problems_are_named(db):
    header = "id,name,phone_number,places,type,sponsor_id,sponsor_name,street,zip_code,lat,lon,geojson_feature_id"
    lines = [header,
             "01010010,Kita Eins,,69,Reguläre Einrichtung,1224,Träger A,Weg 1,10117,52.5,13.4,01100308",
             "01010020,Kita Zwei,,50,Reguläre Einrichtung,1224,Träger B,Weg 2,10117,52.5,13.4,01100205",
             "01010030,Kita Drei,,50,Reguläre Einrichtung,1225,Träger C,Weg 3,10117,52.5,13.4,99990101",
             "01010040,Kita Vier,,50,Reguläre Einrichtung,1225,Träger C,Weg 4,10117,north,13.4,01100101"]
    table = readers.read_table("\n".join(lines).encode(), "kitas.csv")
    options = {"districts": {"01": "Mitte"}, "forecast_areas": {"0110": "Zentrum"}}
    report = importer.run(db, "berlin", table, dry_run=True, options=options)
    assert [(p.row, p.column) for p in report.problems] == [(3, "sponsor_name")]
    lines[2] = lines[2].replace("Träger B", "Träger A")
    table = readers.read_table("\n".join(lines).encode(), "kitas.csv")
    report = importer.run(db, "berlin", table, dry_run=True, options=options)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "geojson_feature_id", "Unbekannter Sozialraum „BE-9999“."),
        (5, "lat", "„north“ ist keine gültige Koordinate.")]
    assert schema.data_node_count(db) == 0
