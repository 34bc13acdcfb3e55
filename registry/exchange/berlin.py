"""The mapping of Berlin's official Kita list (docs/import.md, "Berliner Kita-Liste").

Input: ``berlin-daycare-centers-*-details.csv`` (one row per Kita, with its
Träger number and name and the 8-digit LOR Planungsraum number) and the two
GeoJSON files of Bezirke and Prognoseräume (their ``id`` and ``name``
properties, and their polygons as the areas' outlines for the Stadtplan,
simplified by the outline rule of registry/rules/areas.py; a feature without
a polygon leaves a stored outline as it is).

  Area  "Berlin"            level stadt,      code BE
  Area  Bezirk              level bezirk,     code BE-<first 2 digits>, PART_OF Berlin
  Area  Prognoseraum        level sozialraum, code BE-<first 4 digits>, PART_OF its Bezirk
  Actor Träger              external id berlin-traeger-<sponsor_id>, name sponsor_name,
                            kind freier_traeger and sector frei; the five Kita-Eigenbetriebe
                            of the Land (PUBLIC_SPONSORS) kind sonstige, sector oeffentlich
  Actor Kita                external id berlin-kita-<id>, kind kita, address, position,
                            phone, description "<type>, <places> genehmigte Plätze";
                            LOCATED_IN its Prognoseraum, OPERATED_BY its Träger (and so
                            the Träger's sector)

Everything goes through the actor planner, so a second import of the same
files changes nothing, and an updated list updates what changed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .. import history
from ..db import Tx
from ..i18n import gettext as _
from ..rules import areas as area_rules
from ..text import fold
from . import actors as actor_planner
from . import importer
from .importer import Context, Plan, Record, Report
from .planners import planner
from .readers import Table
from .refs import Areas

ENTITY = "berlin"
CITY = "Berlin"
CITY_CODE = "BE"
KITA_PREFIX = "berlin-kita-"
TRAEGER_PREFIX = "berlin-traeger-"

# The Kita-Eigenbetriebe of the Land Berlin (public carriers), by Träger number:
# Kindergärten City, Kindergärten NordOst, Kindertagesstätten SüdOst,
# Kindertagesstätten Berlin Süd-West, Kindertagesstätten Nordwest. Three of
# the names do not say "Eigenbetrieb", so the numbers decide; a name saying
# "Eigenbetrieb von Berlin" counts as well, should the numbering change.
PUBLIC_SPONSORS = frozenset({"0120", "0121", "0122", "0123", "0124"})
_PUBLIC_NAME = re.compile(r"eigenbetrieb (von|des landes) berlin", re.IGNORECASE)

REQUIRED = ("id", "name", "sponsor_id", "sponsor_name", "geojson_feature_id")
DISTRICTS_FILE = "berlin-lor-districts.geojson"
FORECAST_FILE = "berlin-lor-forecast-areas-from-2021.geojson"


def is_public(sponsor_id: str, sponsor_name: str) -> bool:
    return sponsor_id in PUBLIC_SPONSORS or bool(_PUBLIC_NAME.search(sponsor_name))


def default_geo_dir(csv_path: Path) -> Path:
    """``berlin-lor-geo`` beside the folder of the Kita list (as in tests/data/berlin)."""
    return Path(csv_path).resolve().parent.parent / "berlin-lor-geo"


def read_areas(path: Path) -> dict[str, str]:
    """id -> name of the features of a LOR GeoJSON file."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return {str(f["properties"]["id"]): str(f["properties"]["name"]) for f in data["features"]}


def read_outlines(path: Path) -> dict[str, str]:
    """id -> stored outline (registry/rules/areas.py) of the features that
    have a polygon; InvalidGeometry names the feature."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    outlines = {}
    for feature in data["features"]:
        if not feature.get("geometry"):
            continue
        key = str(feature["properties"]["id"])
        try:
            outlines[key] = area_rules.geometry(feature["geometry"])
        except area_rules.InvalidGeometry as error:
            raise area_rules.InvalidGeometry(f"{Path(path).name}, {key}: {error}") from None
    return outlines


@planner("berlin")
def plan(tx: Tx, table: Table, ctx: Context, geo_dir: str | Path | None = None,
         districts: dict[str, str] | None = None,
         forecast_areas: dict[str, str] | None = None,
         outlines: dict[str, str] | None = None) -> Plan:
    report = Report(ENTITY)
    result = Plan(report)
    headers = {fold(h): i for i, h in enumerate(table.headers)}
    missing = [h for h in REQUIRED if h not in headers]
    for header in missing:
        report.problem(table.header_row, header,
                       _("Pflichtspalte „%(header)s“ fehlt in der Kopfzeile.") % {"header": header})
    report.rows = len(table.rows)
    if missing:
        return result
    if districts is None or forecast_areas is None:
        if geo_dir is None:
            raise ValueError("the Berlin import needs the LOR GeoJSON files (geo_dir)")
        districts = read_areas(Path(geo_dir) / DISTRICTS_FILE)
        forecast_areas = read_areas(Path(geo_dir) / FORECAST_FILE)
        if outlines is None:
            try:
                outlines = {**read_outlines(Path(geo_dir) / DISTRICTS_FILE),
                            **read_outlines(Path(geo_dir) / FORECAST_FILE)}
            except area_rules.InvalidGeometry as error:
                report.problem(0, "geometry", str(error))
                return result

    def cell(cells: list[str], name: str) -> str:
        i = headers.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    areas = Areas.load(tx)
    _plan_areas(result, areas, districts, forecast_areas, outlines or {},
                {row["id"]: row["geometry"] for row in tx.run("exchange_area_outlines")})

    traeger: dict[str, tuple[str, int]] = {}
    kitas: list[Record] = []
    for number, cells in table.rows:
        sponsor_id, sponsor_name = cell(cells, "sponsor_id"), cell(cells, "sponsor_name")
        if sponsor_id and sponsor_name:
            known = traeger.setdefault(sponsor_id, (sponsor_name, number))
            if fold(known[0]) != fold(sponsor_name):
                report.problem(number, "sponsor_name",
                               _("Träger-Nr. %(id)s heißt in Zeile %(row)d „%(name)s“, hier "
                                 "anders.") % {"id": sponsor_id, "row": known[1], "name": known[0]})
        lor = cell(cells, "geojson_feature_id")
        places, kind = cell(cells, "places"), cell(cells, "type")
        description = ", ".join(p for p in (kind, f"{places} genehmigte Plätze" if places else "") if p)
        values = {
            "external_id": KITA_PREFIX + cell(cells, "id") if cell(cells, "id") else "",
            "name": cell(cells, "name"), "kind": "kita",
            "area": f"{CITY_CODE}-{lor[:4]}" if len(lor) >= 4 else lor,
            "operator": TRAEGER_PREFIX + sponsor_id if sponsor_id else "",
            "street": cell(cells, "street"), "postcode": cell(cells, "zip_code"),
            "city": CITY, "lat": cell(cells, "lat"), "lon": cell(cells, "lon"),
            "phone": cell(cells, "phone_number"), "description": description,
        }
        headers_of = {"external_id": "id", "name": "name", "kind": "type",
                      "area": "geojson_feature_id", "operator": "sponsor_id", "street": "street",
                      "postcode": "zip_code", "city": "name", "lat": "lat", "lon": "lon",
                      "phone": "phone_number", "description": "type"}
        for key, header in (("external_id", "id"), ("operator", "sponsor_id")):
            if not cell(cells, header):
                report.problem(number, header, _("Pflichtangabe fehlt."))
        if not cell(cells, "sponsor_name") and cell(cells, "sponsor_id"):
            report.problem(number, "sponsor_name", _("Pflichtangabe fehlt."))
        kitas.append(Record(number, values, headers_of))

    traeger_records = []
    for sponsor_id, (name, number) in traeger.items():
        public = is_public(sponsor_id, name)
        traeger_records.append(Record(number, {
            "external_id": TRAEGER_PREFIX + sponsor_id, "name": name,
            "kind": "sonstige" if public else "freier_traeger",
            "sector": "oeffentlich" if public else "frei",
        }, {"external_id": "sponsor_id", "name": "sponsor_name", "kind": "sponsor_name",
            "sector": "sponsor_name"}))
    if report.problems:
        return result
    actor_planner.plan_records(tx, traeger_records + kitas, report, ctx, areas=areas, plan=result)
    # The planner counted Träger and Kitas together; give both apart as well.
    report.rows = len(table.rows)
    report.details.update({
        "kitas": len(kitas), "traeger": len(traeger_records),
        "traeger_oeffentlich": sum(1 for r in traeger_records if r.values["sector"] == "oeffentlich"),
        "bezirke": len(districts), "prognoseraeume": len(forecast_areas), "stadt": 1,
    })
    return result


def _plan_areas(plan: Plan, areas: Areas, districts: dict[str, str],
                forecast_areas: dict[str, str], outlines: dict[str, str],
                stored_outlines: dict[str, str]) -> None:
    """Create or update the Stadt, its Bezirke and Prognoseräume by code (with
    their outlines); the new ones join ``areas`` so the Kitas can name them."""
    wanted = [(CITY_CODE, CITY, "stadt", None)]
    wanted += [(f"{CITY_CODE}-{i}", name, "bezirk", CITY_CODE) for i, name in sorted(districts.items())]
    wanted += [(f"{CITY_CODE}-{i}", name, "sozialraum", f"{CITY_CODE}-{i[:2]}")
               for i, name in sorted(forecast_areas.items())]
    creates, updates, parents, changes = [], [], [], []
    created = 0
    for code, name, level, parent_code in wanted:
        parent = areas.by_code.get(fold(parent_code)) if parent_code else None
        area_id = areas.by_code.get(fold(code))
        new = {"name": name, "code": code, "level": level, "setting": "urban"}
        outline = outlines.get(code[len(CITY_CODE) + 1:]) if code != CITY_CODE else None
        if outline:
            new["geometry"] = outline
        if area_id is None:
            area_id = importer.new_id()
            creates.append({"id": area_id, "props": new})
            changes.append(importer.history_row(
                "area", area_id, "create",
                history.diff(None, {**new, "geometry": area_rules.summary(outline),
                                    "parent": areas.label(parent)})))
            areas.add(area_id, name, code, level, parent)
            if parent:
                parents.append({"id": area_id, "target": parent})
            created += 1
            continue
        old = {"name": areas.names[area_id], "code": areas.codes[area_id],
               "level": areas.levels[area_id]}
        fields = history.diff(old, {k: new[k] for k in old})
        props = {k: new[k] for k in old}
        if outline and outline != stored_outlines.get(area_id):
            fields.append({"field": "geometry",
                           "old": area_rules.summary(stored_outlines.get(area_id)),
                           "new": area_rules.summary(outline)})
            props["geometry"] = outline
        if areas.parent.get(area_id) != parent:
            fields.append({"field": "parent", "old": areas.label(areas.parent.get(area_id)),
                           "new": areas.label(parent)})
            parents.append({"id": area_id, "target": parent})
        if fields:
            updates.append({"id": area_id, "props": props})
            changes.append(importer.history_row("area", area_id, "update", fields))
    plan.report.details["areas_created"] = created
    plan.report.details["areas_updated"] = len(updates)
    plan.add("exchange_area_create", creates)
    plan.add("exchange_area_update", updates)
    plan.add("exchange_area_parent", parents)
    plan.add("exchange_history", changes)
