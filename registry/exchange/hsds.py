"""Open data: the registry as Open Referral HSDS 3.0 (``registry export --format hsds``).

The document has the shape of the HSDS API answer to ``GET /organizations``
with ``full_service``: one page (``total_items``, ``contents`` ...) holding
every actor as an organization, each with

- ``locations``: its seat (coordinates, postal address when complete);
- ``services``: one service standing for the actor's work, whose
  ``service_areas`` are the Sozialräume it sits in and serves;
- ``parent_organization_id``: the Träger that runs it;
- ``organization_identifiers``: the registry id and the external id;
- ``attributes``: kind and sector as terms of the registry's taxonomies;
- ``phones``.

HSDS ids are UUIDs, so every id is a name-based UUID (v5) derived from the
registry id: stable across exports. Contact persons are never exported, nor
are networks and agreements (HSDS has no place for them; the JSON backup
holds them). Validated against the official schemas in tests/test_hsds.py.
"""
from __future__ import annotations

import uuid
from typing import Any

from .. import model
from ..db import Database

HSDS_VERSION = "3.0"
# Namespace of every UUID this export derives (uuid5 of the registry's name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://netzwerkregister.example/hsds")
COUNTRY = "DE"
TAXONOMY_KIND = "netzwerkregister:akteursart"
TAXONOMY_SECTOR = "netzwerkregister:traegerschaft"


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def export(db: Database) -> dict[str, Any]:
    areas = {row["id"]: row for row in db.read("exchange_areas")}
    organizations = [organization(row, areas) for row in db.read("hsds_actors")]
    return {
        "total_items": len(organizations),
        "total_pages": 1,
        "page_number": 1,
        "size": len(organizations),
        "first_page": True,
        "last_page": True,
        "empty": not organizations,
        "contents": organizations,
    }


def organization(row: dict[str, Any], areas: dict[str, dict]) -> dict[str, Any]:
    actor = row["actor"]
    actor_id = actor["id"]
    org_id = uid("organization", actor_id)
    kind_label = model.label(model.ACTOR_KINDS, actor.get("kind"))
    org: dict[str, Any] = {
        "id": org_id,
        "name": actor.get("name") or "",
        "description": actor.get("description") or kind_label,
    }
    if actor.get("email"):
        org["email"] = actor["email"]
    if actor.get("website"):
        org["website"] = _url(actor["website"])
    if row.get("operator"):
        org["parent_organization_id"] = uid("organization", row["operator"])
    identifiers = [("Registerkennung", actor_id)]
    if actor.get("external_id"):
        identifiers.append(("Externe ID", actor["external_id"]))
    org["organization_identifiers"] = [
        {"id": uid("identifier", actor_id, kind), "organization_id": org_id,
         "identifier_scheme": "netzwerkregister", "identifier_type": kind, "identifier": value}
        for kind, value in identifiers]
    if actor.get("phone"):
        org["phones"] = [{"id": uid("phone", actor_id), "organization_id": org_id,
                          "number": actor["phone"]}]
    org["attributes"] = [
        _attribute(org_id, TAXONOMY_KIND, actor.get("kind"), kind_label, "Art des Akteurs"),
        _attribute(org_id, TAXONOMY_SECTOR, actor.get("sector"),
                   model.label(model.SECTORS, actor.get("sector")),
                   "Öffentlicher oder freier Träger"),
    ]
    org["locations"] = [_location(actor, org_id)]
    org["services"] = [_service(actor, org_id, row.get("areas") or [], areas)]
    return org


def _attribute(org_id: str, taxonomy: str, code: str | None, name: str,
               description: str) -> dict[str, Any]:
    term_id = uid("term", taxonomy, code or "")
    return {
        "id": uid("attribute", org_id, taxonomy),
        "link_id": org_id, "link_type": "organization", "link_entity": "organization",
        "taxonomy_term_id": term_id,
        "value": code or "",
        "taxonomy_term": {"id": term_id, "code": code or "", "name": name,
                          "description": description, "taxonomy": taxonomy},
    }


def _location(actor: dict[str, Any], org_id: str) -> dict[str, Any]:
    actor_id = actor["id"]
    location: dict[str, Any] = {
        "id": uid("location", actor_id),
        "location_type": "physical",
        "organization_id": org_id,
        "name": actor.get("name") or "",
        "external_identifier": actor_id,
        "external_identifier_type": "netzwerkregister",
    }
    if actor.get("lat") is not None and actor.get("lon") is not None:
        location["latitude"] = float(actor["lat"])
        location["longitude"] = float(actor["lon"])
    if actor.get("street") and actor.get("city") and actor.get("postcode"):
        location["addresses"] = [{
            "id": uid("address", actor_id),
            "location_id": location["id"],
            "address_1": actor["street"],
            "city": actor["city"],
            # The registry holds no Land; HSDS requires the field.
            "state_province": "",
            "postal_code": actor["postcode"],
            "country": COUNTRY,
            "address_type": "physical",
        }]
    return location


def _service(actor: dict[str, Any], org_id: str, links: list[dict],
             areas: dict[str, dict]) -> dict[str, Any]:
    service_id = uid("service", actor["id"])
    service_areas = []
    for link in sorted(links, key=lambda l: (l["rel"] != "LOCATED_IN", l["area"])):
        area = areas.get(link["area"])
        if area is None:
            continue
        service_areas.append({
            "id": uid("service_area", actor["id"], area["id"]),
            "service_id": service_id,
            "name": area["name"],
            "description": _area_description(area, areas, link["rel"]),
            "extent_type": "text",
            "extent": area.get("code") or area["name"],
        })
    return {
        "id": service_id,
        "organization_id": org_id,
        "name": actor.get("name") or "",
        "description": actor.get("description") or model.label(model.ACTOR_KINDS, actor.get("kind")),
        "status": "active",
        "service_areas": service_areas,
    }


def _area_description(area: dict, areas: dict[str, dict], rel: str) -> str:
    level = model.label(model.AREA_LEVELS, area.get("level"))
    text = f"{level} {area['name']}"
    parent = areas.get(area.get("parent") or "")
    if parent:
        text += f" ({model.label(model.AREA_LEVELS, parent.get('level'))} {parent['name']})"
    return text + (": Sitz" if rel == "LOCATED_IN" else ": versorgter Sozialraum")


def _url(text: str) -> str:
    return text if "://" in text else f"https://{text}"
