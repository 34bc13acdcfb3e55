"""Open-data export in Open Referral HSDS 3.0, validated against the official
JSON schemas (tests/data/hsds-3.0, see its README)."""
from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from registry import cli, demo
from registry.exchange import hsds

from factories import GraphBuilder

SCHEMAS = Path(__file__).parent / "data" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@pytest.fixture(scope="module")
def validators():
    """One validator per object: the compiled (self-contained) organization
    schema, and the modular ones whose relative ``$ref``s ("location.json")
    resolve through a referencing Registry of all schema files."""
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name, Resource.from_contents(schema, DRAFT202012)))
    registry = Registry().with_resources(resources)

    def modular(name: str) -> Draft202012Validator:
        schema = {"$ref": BASE + name}
        return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())

    with gzip.open(SCHEMAS / "compiled" / "organization.json.gz", "rt", encoding="utf-8") as fh:
        compiled = json.load(fh)
    return {
        "compiled_organization": Draft202012Validator(compiled, format_checker=FormatChecker()),
        "organization": modular("organization.json"),
        "location": modular("location.json"),
        "service": modular("service.json"),
        "service_area": modular("service_area.json"),
    }


def _errors(validator, instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_demo_registry_exports_valid_hsds(db, validators):
    demo.load(db)
    document = hsds.export(db)
    organizations = document["contents"]
    assert document["total_items"] == len(organizations) == 296
    assert (document["page_number"], document["total_pages"], document["empty"]) == (1, 1, False)
    for org in organizations:
        assert _errors(validators["compiled_organization"], org) == [], org["name"]
        assert _errors(validators["organization"], org) == [], org["name"]
        for location in org["locations"]:
            assert _errors(validators["location"], location) == []
        for service in org["services"]:
            assert _errors(validators["service"], service) == []
            for area in service["service_areas"]:
                assert _errors(validators["service_area"], area) == []
    ids = [org["id"] for org in organizations]
    assert len(set(ids)) == len(ids)


def test_the_validators_do_catch_bad_documents(db, validators):
    g = GraphBuilder(db)
    g.actor("Kita", kind="kita", area=g.area("Nord"))
    g.save()
    org = hsds.export(db)["contents"][0]
    broken = copy.deepcopy(org)
    broken["id"] = "not-a-uuid"
    del broken["name"]
    broken["locations"][0]["location_type"] = "imaginary"
    errors = _errors(validators["compiled_organization"], broken)
    assert any("uuid" in e for e in errors)
    assert any("'name' is a required property" in e for e in errors)
    assert any("imaginary" in e for e in errors)
    assert _errors(validators["location"], broken["locations"][0])


def test_actors_map_to_organizations_locations_and_service_areas(db, validators):
    g = GraphBuilder(db)
    bezirk = g.area("Mitte", level="bezirk", code="M")
    nord = g.area("Nordstadt", parent=bezirk, code="M-1")
    sued = g.area("Südviertel", parent=bezirk, code="M-2")
    traeger = g.actor("AWO Kreisverband", kind="freier_traeger", area=nord,
                      external_id="AWO-1", website="www.awo.example", phone="0123 456")
    kita = g.actor("Kita Sonne", kind="kita", area=nord, operator=traeger, serves=(sued,),
                   street="Sonnenweg 1", postcode="12345", city="Lindenau", lat=51.1, lon=10.5,
                   email="kita@awo.example")
    g.contact(kita, "Frau Geheim", public=False, email="geheim@awo.example")
    g.save()
    document = hsds.export(db)
    orgs = {org["name"]: org for org in document["contents"]}
    sonne, awo = orgs["Kita Sonne"], orgs["AWO Kreisverband"]
    assert sonne["parent_organization_id"] == awo["id"] == hsds.uid("organization", traeger)
    assert awo["website"] == "https://www.awo.example"
    assert {(i["identifier_type"], i["identifier"]) for i in awo["organization_identifiers"]} == {
        ("Registerkennung", traeger), ("Externe ID", "AWO-1")}
    location = sonne["locations"][0]
    assert (location["latitude"], location["longitude"]) == (51.1, 10.5)
    assert location["addresses"][0]["address_1"] == "Sonnenweg 1"
    assert location["addresses"][0]["country"] == "DE"
    areas = sonne["services"][0]["service_areas"]
    assert [a["name"] for a in areas] == ["Nordstadt", "Südviertel"]
    assert areas[0]["description"] == "Sozialraum Nordstadt (Bezirk Mitte): Sitz"
    assert {a["code"] for attr in sonne["attributes"] for a in [attr["taxonomy_term"]]} == {"kita", "frei"}
    text = json.dumps(document, ensure_ascii=False)
    assert "Frau Geheim" not in text and "geheim@awo.example" not in text
    for org in document["contents"]:
        assert _errors(validators["compiled_organization"], org) == []
    # Stable ids: the same registry gives the same document.
    assert hsds.export(db) == document


def test_cli_export_hsds(db, neo4j_uri, tmp_path, validators):
    g = GraphBuilder(db)
    g.actor("Jugendamt", kind="jugendamt", area=g.area("Nord"))
    g.save()
    target = tmp_path / "hsds.json"
    result = CliRunner().invoke(cli.main, ["export", "--format", "hsds", "-o", str(target)],
                                env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [org["name"] for org in document["contents"]] == ["Jugendamt"]
    assert _errors(validators["compiled_organization"], document["contents"][0]) == []
