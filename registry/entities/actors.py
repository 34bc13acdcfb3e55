"""Actors (Akteure): search and list, detail, create, edit and delete with
its consequences, the Träger chain with its sector rule. Contact persons
are in ``contacts``.

Every write is one transaction that also records the change (history).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from .. import access, history
from ..db import Database, Tx
from ..editing import (EditConflict, InvalidInput, NotFound, create_entry, labelled_history,
                       opened_at)
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..model import ACTOR_KINDS, ALWAYS_PUBLIC_KINDS, SECTORS
from .. import paging
from ..paging import Column, Page
from ..rules import actors as rules
from ..text import fold
from .agreements import PARTIES
from .networks import MEMBERS

# Stored properties the actor form edits (besides relations); those no
# analysis reads are the entity's ``descriptive`` (entities.ENTITIES).
FIELDS = ("name", "kind", "sector", "description", "street", "postcode", "city",
          "lat", "lon", "website", "email", "phone")
# Kinds that may run facilities (Träger candidates) and that may be an
# umbrella association (Dachverband).
OPERATOR_KINDS = rules.OPERATOR_KINDS
UMBRELLA_KINDS = rules.UMBRELLA_KINDS

# The list page's columns; its sort headers and the sort keys it accepts
# ("updated": the latest change first, a sort without a column).
COLUMNS = (Column(_l("Name"), "name"), Column(_l("Art"), "kind"),
           Column(_l("Öffentlich / frei"), "sector"), Column(_l("Sozialraum"), "area"),
           Column(_l("Adresse"), "city"), Column(_l("Träger")))
SORTS = paging.sort_keys(COLUMNS, "updated")
DEFAULT_SORT = "name"

FIELD_LABELS = {
    "name": _l("Name"), "kind": _l("Art"), "sector": _l("Trägerschaft"),
    "description": _l("Beschreibung"), "street": _l("Straße und Hausnummer"),
    "postcode": _l("PLZ"), "city": _l("Ort"), "lat": _l("Breitengrad"),
    "lon": _l("Längengrad"), "website": _l("Website"), "email": _l("E-Mail"),
    "phone": _l("Telefon"), "location": _l("Sozialraum (Sitz)"),
    "serves": _l("Versorgte Sozialräume"), "operator": _l("Träger"),
    "umbrella": _l("Dachverband"), "target_groups": _l("Zielgruppen"),
    "function": _l("Funktion"), "public": _l("öffentlich sichtbar"),
}
_VOCABULARIES = {"kind": ACTOR_KINDS, "sector": SECTORS}

# Agreements in these states are not ended again when a party leaves.
_ENDED_STATUSES = ("gekuendigt", "ausgelaufen")

CONFLICT_MESSAGE = _l(
    "Dieser Eintrag wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben "
    "sind unten erhalten. Bitte vergleichen Sie sie mit der aktuellen Fassung und "
    "speichern Sie erneut, wenn Ihre Angaben gelten sollen."
)


# -- reading ----------------------------------------------------------------------

@dataclass
class Filters(paging.Filters):
    URL_ARGS: ClassVar = {"q": "q", "art": "kind", "traegerschaft": "sector",
                          "sozialraum": "area", "traeger": "operator"}
    CHOICES: ClassVar = {"kind": ACTOR_KINDS, "sector": SECTORS}
    q: str = ""
    kind: str | None = None
    sector: str | None = None
    area: str | None = None
    operator: str | None = None


def search_terms(text: str | None) -> list[str]:
    """Folded words of a search; every one must match (AND)."""
    return fold(text).split()[:12]


def search(db: Database, filters: Filters, sort: str = DEFAULT_SORT, descending: bool = False,
           page: int = 1, per_page: int = 25) -> Page:
    rows = db.read(
        "actor_list", terms=search_terms(filters.q), kind=filters.kind,
        sector=filters.sector, area=filters.area, operator=filters.operator,
        sort=sort if sort in SORTS else DEFAULT_SORT, descending=descending,
        skip=(page - 1) * per_page, limit=per_page,
    )
    total = rows[0]["total"] if rows else 0
    items = [
        dict(row["actor"], location=row["location"], operator=row["operator"])
        for row in rows if row["actor"]
    ]
    return Page(items=items, total=total, page=page, per_page=per_page)


def _by_name(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: fold(item.get("name") or item.get("title") or ""))


def get(db: Database, actor_id: str) -> dict | None:
    """The actor's properties and the relations its form edits."""
    return _normalise(db.read_one("actor_get", id=actor_id))


def _normalise(row: dict | None) -> dict | None:
    if row is None:
        return None
    row["serves"] = _by_name(row["serves"])
    row["target_groups"] = _by_name(row["target_groups"])
    return row


def detail(db: Database, actor_id: str, include_private_contacts: bool) -> dict | None:
    """Everything the detail page shows. Contact persons not marked public
    are left out unless ``include_private_contacts`` (never for the committee)."""
    row = get(db, actor_id)
    if row is None:
        return None
    relations = db.read_one("actor_relations", id=actor_id,
                            include_private=bool(include_private_contacts))
    for key in ("facilities", "affiliates", "networks", "coordinates", "contacts"):
        relations[key] = _by_name(relations[key])
    relations["agreements"] = sorted(
        relations["agreements"], key=lambda v: (v.get("valid_from") or date.min, fold(v["title"])))
    # Outermost area first: Stadt > Bezirk > Sozialraum > Quartier.
    relations["location_path"] = list(reversed(relations["location_path"]))
    row.update(relations)
    return row


def area_path(db: Database, actor_id: str) -> list[str]:
    """Ids of the actor's area and every area above it (for edit rights)."""
    row = db.read_one("actor_area_path", id=actor_id)
    return list(row["path"]) if row else []


def history_events(db: Database, entity_id: str) -> list[dict]:
    return labelled_history(db, entity_id, FIELD_LABELS, _VOCABULARIES)


# What a Träger or Dachverband field may pick, by the field's name. Forms
# search the candidates instead of listing them all (thousands at city scale).
CANDIDATE_KINDS = {"operator": OPERATOR_KINDS, "umbrella": UMBRELLA_KINDS}
CANDIDATE_LIMIT = 20


def search_candidates(db: Database, field: str, text: str,
                      limit: int = CANDIDATE_LIMIT) -> tuple[list[dict[str, Any]], bool]:
    """Type-ahead: candidates of the field whose name contains ``text``,
    at most ``limit``, and whether there are more."""
    folded = fold(text)
    if not folded:
        return [], False
    rows = db.read("actor_candidates_search", kinds=list(CANDIDATE_KINDS[field]), text=folded,
                   limit=limit + 1)
    return rows[:limit], len(rows) > limit


def named_candidates(db: Database, field: str, text: str, limit: int = 6) -> list[dict[str, Any]]:
    """Candidates of the field with exactly this id or name (the text field
    that works without JavaScript); more than one means ambiguous."""
    text = (text or "").strip()
    if not text:
        return []
    return db.read("actor_candidates_named", kinds=list(CANDIDATE_KINDS[field]), id=text,
                   text=fold(text), limit=limit)


def similar_actors(db: Database, name: str, street: str | None, postcode: str | None,
                   area: str | None = None, exclude_id: str | None = None) -> list[dict]:
    """Existing actors a new one probably duplicates (``rules.probable_duplicate``,
    the rule the import asks by): the same name in the same Sozialraum
    (``area``; both without one counts) or at the same address, or a close
    name at the same address."""
    key = rules.duplicate_key(name)
    address = rules.address_key(street, rules.normal_postcode(postcode))
    found = []
    for row in db.read("actor_similar_candidates", search_name=fold(name),
                       postcode=address[1], street=fold(street), area=area or None):
        if row["id"] == exclude_id:
            continue
        other_address = rules.address_key(row["street"], row["postcode"])
        if rules.probable_duplicate(key, rules.duplicate_key(row["name"]),
                                    same_area=row["area"] == (area or None),
                                    at_address=rules.same_address(address, other_address)):
            found.append(row)
    return _by_name(found)


# -- rules -------------------------------------------------------------------------

def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_and_props(tx: Tx, actor_id: str | None, data: dict,
                     before: dict | None = None) -> dict:
    """Apply the rules (registry/rules/actors.py) to input; return the
    properties to store. A Träger or Dachverband the entry already has is
    kept even if the kind rule would not allow it today (old data).

    Raises InvalidInput naming the field (kind, sector, operator, umbrella...).
    """
    kind = data.get("kind")
    if rules.kind_problem(kind):
        raise InvalidInput(rules.kind_problem(kind), "kind")
    operator, umbrella = data.get("operator") or None, data.get("umbrella") or None
    old = {key: ((before or {}).get(key) or {}).get("id") for key in ("operator", "umbrella")}
    operator_row = None
    if operator:
        if operator == actor_id:
            raise InvalidInput(rules.self_link_problem("operator"), "operator")
        operator_row = tx.one("actor_sector_of", id=operator)
        if operator_row is None:
            raise InvalidInput(_("Diesen Träger gibt es nicht (mehr)."), "operator")
        problem = rules.operator_problem(kind, operator_row["kind"])
        if problem and operator != old["operator"]:
            raise InvalidInput(problem, "operator")
        if actor_id and tx.one("actor_operator_cycle", id=actor_id, target=operator)["cycle"]:
            raise InvalidInput(rules.cycle_problem("operator"), "operator")
    if umbrella:
        umbrella_row = tx.one("actor_sector_of", id=umbrella) if umbrella != actor_id else None
        problem = rules.umbrella_problem(kind, umbrella_row["kind"] if umbrella_row else None)
        if problem and umbrella != old["umbrella"]:
            raise InvalidInput(problem, "umbrella")
        if umbrella == actor_id:
            raise InvalidInput(rules.self_link_problem("umbrella"), "umbrella")
        if umbrella_row is None:
            raise InvalidInput(_("Diesen Dachverband gibt es nicht (mehr)."), "umbrella")
        if actor_id and tx.one("actor_umbrella_cycle", id=actor_id, target=umbrella)["cycle"]:
            raise InvalidInput(rules.cycle_problem("umbrella"), "umbrella")
    sector = rules.sector(kind, operator_row["sector"] if operator_row else None,
                          data.get("sector") or None)
    if sector is None:
        raise InvalidInput(rules.sector_problem(kind, False, None, None), "sector")
    problem = rules.coordinates_problem(data.get("lat"), data.get("lon"))
    if problem:
        raise InvalidInput(problem[1], problem[0])
    props = {key: _clean(data.get(key)) for key in FIELDS}
    props["postcode"] = rules.normal_postcode(props["postcode"])
    props["website"] = rules.normal_website(props["website"])
    for key, message in rules.format_problems(props):
        raise InvalidInput(message, key)
    props["sector"] = sector
    props["search_name"] = fold(props["name"])
    if not props["name"]:
        raise InvalidInput(_("Bitte einen Namen angeben."), "name")
    return props


def as_record(row: dict | None) -> dict | None:
    """The actor as the history compares it: properties and named relations."""
    if row is None:
        return None
    actor = row["actor"]
    record = {key: actor.get(key) for key in FIELDS}
    record["location"] = (row["location"] or {}).get("name")
    record["operator"] = (row["operator"] or {}).get("name")
    record["umbrella"] = (row["umbrella"] or {}).get("name")
    record["serves"] = [s["name"] for s in _by_name(row["serves"])]
    record["target_groups"] = [g["name"] for g in _by_name(row["target_groups"])]
    return record


def _load(tx: Tx, actor_id: str) -> dict | None:
    return _normalise(tx.one("actor_get", id=actor_id))


def _relation_ids(data: dict) -> dict:
    location = data.get("location") or None
    return {
        "location": location,
        "serves": sorted(set(data.get("serves") or []) - {location}),
        "operator": data.get("operator") or None,
        "umbrella": data.get("umbrella") or None,
        "target_groups": sorted(set(data.get("target_groups") or [])),
    }


def _unchanged(before: dict, props: dict, data: dict) -> bool:
    """Would saving ``props`` and the relations of ``data`` change nothing?"""
    actor = before["actor"]
    if any(actor.get(key) != value for key, value in props.items()):
        return False
    stored = _relation_ids({
        "location": (before["location"] or {}).get("id"),
        "serves": [s["id"] for s in before["serves"]],
        "operator": (before["operator"] or {}).get("id"),
        "umbrella": (before["umbrella"] or {}).get("id"),
        "target_groups": [g["id"] for g in before["target_groups"]],
    })
    return stored == _relation_ids(data)


def _set_relations(tx: Tx, actor_id: str, data: dict) -> None:
    location = data.get("location") or None
    serves = [s for s in dict.fromkeys(data.get("serves") or []) if s != location]
    tx.run("actor_set_relations", id=actor_id, location=location, serves=serves,
           operator=data.get("operator") or None, umbrella=data.get("umbrella") or None,
           groups=list(dict.fromkeys(data.get("target_groups") or [])))


def _propagate_sector(tx: Tx, root_id: str, by: str,
                      allowed_areas: frozenset[str] | None = None) -> int:
    """Hand the sector down the OPERATED_BY chain below ``root_id`` (same
    transaction); each changed facility gets a history line. Returns the count.
    A limited account (``allowed_areas``) may not reach facilities outside its
    areas: InvalidInput, and the transaction writes nothing."""
    root = tx.one("actor_sector_of", id=root_id)
    sectors = {root_id: root["sector"]}
    changed = []
    for row in tx.run("actor_operated_tree", id=root_id):
        parent = sectors.get(row["operator"], row["sector"])
        new = "oeffentlich" if row["kind"] in ALWAYS_PUBLIC_KINDS else parent
        sectors[row["id"]] = new
        if new != row["sector"]:
            changed.append({"id": row["id"], "name": row["name"], "old": row["sector"],
                            "sector": new})
    if changed and allowed_areas is not None:
        names = [c["name"] for c in changed
                 if not access.within(allowed_areas, tx.one("actor_area_path", id=c["id"])["path"])]
        if names:
            raise InvalidInput(str(access.CASCADE_OUTSIDE) % {"names": ", ".join(sorted(names))},
                               "sector")
    if changed:
        tx.run("actor_set_sectors", rows=[{"id": c["id"], "sector": c["sector"]} for c in changed])
        for c in changed:
            history.record(tx, "actor", c["id"], "update", by,
                           fields=[{"field": "sector", "old": c["old"], "new": c["sector"]}])
    return len(changed)


# -- writing -------------------------------------------------------------------------

def create(db: Database, data: dict, by: str) -> str:
    def write(tx: Tx, actor_id: str) -> dict | None:
        tx.run("actor_create", id=actor_id, props=_check_and_props(tx, None, data))
        _set_relations(tx, actor_id, data)
        return as_record(_load(tx, actor_id))

    return create_entry(db, "actor", by, write)


def _conflict(row: dict) -> EditConflict:
    return EditConflict(str(CONFLICT_MESSAGE), as_record(row))


def update(db: Database, actor_id: str, version: int, data: dict, by: str,
           allowed_areas: frozenset[str] | None = None) -> int:
    """Save the form; refuse when someone saved since ``version`` was read.
    Returns the new version."""

    def work(tx: Tx) -> int:
        before = opened_at(_load(tx, actor_id), actor_id, "actor", version, _conflict)
        props = _check_and_props(tx, actor_id, data, before)
        if _unchanged(before, props, data):
            return version  # saving an unchanged form writes nothing
        rows = tx.run("actor_update", id=actor_id, version=version, props=props)
        if not rows:  # saved by someone else between our read and write
            raise _conflict(before)
        _set_relations(tx, actor_id, data)
        history.record(tx, "actor", actor_id, "update", by,
                       old=as_record(before), new=as_record(_load(tx, actor_id)))
        _propagate_sector(tx, actor_id, by, allowed_areas)
        return rows[0]["version"]

    return db.transaction(work)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _ending_agreements(agreements: list[dict]) -> list[dict]:
    """Agreements that would keep fewer than two parties without this one."""
    return [v for v in agreements
            if v["parties"] - 1 < 2 and v.get("status") not in _ENDED_STATUSES]


def deletion_impact(db: Database, actor_id: str) -> dict | None:
    """What deleting the actor would change, for the confirmation page."""
    row = db.read_one("actor_delete_impact", id=actor_id)
    if row is None:
        return None
    return _impact(row)


def _impact(row: dict) -> dict:
    row["ending"] = _by_name(_ending_agreements(row["agreements"]))
    row["ending_ids"] = {v["id"] for v in row["ending"]}
    for key in ("agreements", "networks", "coordinates", "facilities", "affiliates"):
        row[key] = _by_name(row[key])
    row["needs_choice"] = bool(row["agreements"] or row["networks"] or row["coordinates"])
    return row


def delete(db: Database, actor_id: str, by: str, end_relations: bool = False) -> dict:
    """Delete the actor with its contact persons, storing a snapshot for a
    restore. An actor still in agreements or networks is only deleted with
    ``end_relations``: its memberships end (recorded there), agreements left
    with fewer than two parties are ended today, facilities lose their Träger."""

    def work(tx: Tx) -> dict:
        row = tx.one("actor_delete_impact", id=actor_id)
        if row is None:
            raise NotFound(actor_id)
        impact = _impact(row)
        if impact["needs_choice"] and not end_relations:
            raise InvalidInput(_(
                "Dieser Akteur ist noch an Vereinbarungen oder Netzwerken beteiligt. "
                "Bitte wählen Sie, ob diese Beziehungen beendet werden sollen."), "choice")
        name = impact["name"]
        snap = history.snapshot(tx, actor_id, "Actor")
        # Contact persons go with the actor and come back with it.
        snap["owned"] = [history.snapshot(tx, cid, "ContactPerson") for cid in impact["contacts"]]
        before = as_record(_load(tx, actor_id))
        tx.run("actor_delete_touch_linked", id=actor_id)
        ended = {r["id"]: r for r in tx.run(
            "actor_delete_terminate_agreements", ids=sorted(impact["ending_ids"]),
            today=date.today().isoformat())}
        for v in impact["agreements"]:
            fields = [PARTIES.row(name, v, None)]
            if v["id"] in ended:
                e = ended[v["id"]]
                fields += [
                    {"field": "status", "old": e["old_status"], "new": e["status"]},
                    {"field": "valid_until", "old": _iso(e["old_until"]),
                     "new": _iso(e["valid_until"])},
                ]
            history.record(tx, "agreement", v["id"], "relation", by, fields=fields)
        for n in impact["networks"]:
            history.record(tx, "network", n["id"], "relation", by, fields=[
                MEMBERS.row(name, {**n, "role": n.get("role") or "mitglied"}, None)])
        history.delete_linked(tx, "actor", actor_id, by, name, [
            (impact["coordinates"], "network", "relation", "coordinator"),
            (impact["facilities"], "actor", "update", "operator"),
            (impact["affiliates"], "actor", "update", "umbrella")], before, snap, "actor_delete")
        return impact

    return db.transaction(work)
