"""Networks, working groups and committees (Netzwerke, Arbeitskreise,
Gremien): list, read, write, members.

A network has a spatial scope (``SCOPE`` to one area; none = the whole
area), a coordinating actor (``COORDINATED_BY``) and members
(``MEMBER_OF {role, since, until}``), each actor at most once. Every write
runs in one transaction together with its history record.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Mapping

from .. import editing, history, model
from ..db import Database, Tx
from ..editing import EditConflict, InvalidInput
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from .. import paging
from ..paging import Column, Page
from ..text import fold
from .relations import Relation

LABEL = "Network"
ENTITY_TYPE = "network"  # as recorded in the history, like "actor"
CANDIDATE_LIMIT = 20

# Those no analysis reads are the entity's ``descriptive`` (entities.ENTITIES).
FIELDS = ("name", "type", "description", "rhythm", "participation")
FIELD_LABELS = {
    "name": _l("Name"),
    "type": _l("Art"),
    "description": _l("Beschreibung"),
    "rhythm": _l("Sitzungsrhythmus"),
    "participation": _l("Beteiligung der Nutzer*innen"),
    "scope": _l("Sozialraum (Geltungsbereich)"),
    "coordinator": _l("Koordinierender Akteur"),
}
_VOCABULARIES = {
    "type": model.NETWORK_TYPES,
    "rhythm": model.MEETING_RHYTHMS,
    "participation": model.PARTICIPATION_LEVELS,
}

# The list page's columns; its sort headers and the sort keys it accepts.
COLUMNS = (Column(_l("Name"), "name"), Column(_l("Art"), "type"), Column(_l("Geltungsbereich")),
           Column(_l("Koordination")), Column(_l("Mitglieder (aktuell)"), "members"),
           Column(_l("Sitzungsrhythmus")), Column(_l("Beteiligung der Nutzer*innen"), "participation"))
SORTS = paging.sort_keys(COLUMNS)
DEFAULT_SORT = "name"


MEMBERS = Relation(
    key="member", rows="members", entity_type=ENTITY_TYPE, query="network_member",
    touch="network_touch", props=("role", "since", "until"), label=_l("Mitglied"),
    prop_labels={"role": _l("Rolle von %(name)s"), "since": _l("Mitglied seit (%(name)s)"),
                 "until": _l("Mitglied bis (%(name)s)")},
    roles=model.MEMBER_ROLES,
    already=_l("%(name)s ist bereits Mitglied dieses Netzwerks."),
    not_related=_l("Dieser Akteur ist kein Mitglied dieses Netzwerks."))
FIELD_LABELS.update(MEMBERS.field_labels())


STALE_MESSAGE = _l(
    "Dieses Netzwerk wurde inzwischen von jemand anderem geändert. Ihre Eingaben "
    "wurden nicht gespeichert, sind aber unten erhalten. Bitte öffnen Sie das "
    "Netzwerk neu, prüfen Sie die aktuellen Angaben und tragen Sie Ihre Änderungen "
    "dort ein."
)


# -- rules (pure) ----------------------------------------------------------------------

def membership_problem(since: date | None, until: date | None) -> str | None:
    if since and until and until < since:
        return _("„bis“ darf nicht vor „seit“ liegen.")
    return None


def membership_state(since: date | None, until: date | None, today: date) -> str:
    """"current", "future" or "past" (open ends count as open)."""
    if since and since > today:
        return "future"
    if until and until < today:
        return "past"
    return "current"


def clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The editable properties: text stripped, empty values None."""
    return editing.stripped(data, FIELDS)


def check(props: dict[str, Any]) -> None:
    if not props.get("name"):
        raise InvalidInput(_("Bitte einen Namen angeben."), "name")
    for key in ("type", "participation"):
        if props.get(key) not in _VOCABULARIES[key]:
            raise InvalidInput(_("Ungültige Auswahl."), key)
    if props.get("rhythm") is not None and props["rhythm"] not in model.MEETING_RHYTHMS:
        raise InvalidInput(_("Ungültige Auswahl."), "rhythm")


def _check_member(role: str, since: date | None, until: date | None) -> None:
    if role not in model.MEMBER_ROLES:
        raise InvalidInput(_("Ungültige Auswahl."), "role")
    problem = membership_problem(since, until)
    if problem:
        raise InvalidInput(problem, "until")


def _changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[dict]:
    return history.diff(old, new, only=FIELDS)


def history_events(db: Database, network_id: str) -> list[dict[str, Any]]:
    return editing.labelled_history(db, network_id, FIELD_LABELS, _VOCABULARIES, MEMBERS)



# -- reading -----------------------------------------------------------------------------

@dataclass
class Filters(paging.Filters):
    URL_ARGS: ClassVar = {"q": "q", "art": "type", "sozialraum": "area"}
    CHOICES: ClassVar = {"type": model.NETWORK_TYPES}
    q: str = ""
    type: str | None = None
    area: str | None = None


def search(db: Database, filters: Filters, sort: str = DEFAULT_SORT,
           descending: bool = False, page: int = 1, per_page: int = 25,
           today: date | None = None) -> Page:
    params = {"q": fold(filters.q), "type": filters.type, "area": filters.area}
    total = db.read_one("network_list_count", **params)["total"]
    rows = db.read("network_list", **params, today=today or date.today(),
                   sort=sort if sort in SORTS else DEFAULT_SORT, descending=descending,
                   ladder=model.PARTICIPATION_ORDER, skip=(page - 1) * per_page,
                   limit=per_page)
    items = [dict(row["network"], members=row["members"], scope=row["scope"],
                  coordinator=row["coordinator"]) for row in rows]
    return Page(items, total, page, per_page)


def get(db: Database, network_id: str, today: date | None = None) -> dict[str, Any] | None:
    """The network with scope, coordinator and members; each member has a
    ``state`` (current, past, future); ``bodies`` are the user-representation
    members."""
    row = db.read_one("network_get", id=network_id)
    if row is None:
        return None
    today = today or date.today()
    network = row["network"]
    network["scope"] = row["scope"]
    network["coordinator"] = row["coordinator"]
    for member in row["members"]:
        member["state"] = membership_state(member["since"], member["until"], today)
    network["members"] = row["members"]
    network["bodies"] = [m for m in row["members"]
                         if m["kind"] == model.USER_REPRESENTATION_KIND]
    return network


def area_path(db: Database, area_id: str | None) -> list[str]:
    """The area and all areas above it; [] for none."""
    if not area_id:
        return []
    row = db.read_one("network_area_path", area=area_id)
    return row["path"] if row else []


def scope_paths(db: Database, network: Mapping[str, Any]) -> list[list[str]]:
    """For ``auth.can_edit``: the scope's path, or nothing for an
    unscoped network (which only unlimited accounts may edit)."""
    scope = network.get("scope")
    path = area_path(db, scope["id"]) if scope else []
    return [path] if path else []


def member_candidates(db: Database, network_id: str, text: str,
                      limit: int = CANDIDATE_LIMIT) -> tuple[list[dict[str, Any]], bool]:
    folded = fold(text)
    if not folded:
        return [], False
    rows = db.read("network_member_candidates", id=network_id, text=folded, limit=limit + 1)
    return rows[:limit], len(rows) > limit


def actor(db: Database, actor_id: str) -> dict[str, Any] | None:
    return db.read_one("network_actor", actor_id=actor_id)


# -- writing ------------------------------------------------------------------------------

def _set_scope(tx: Tx, network_id: str, area_id: str | None) -> str | None:
    row = tx.one("network_set_scope", id=network_id, area=area_id)
    if area_id and (row is None or row["name"] is None):
        raise InvalidInput(_("Diesen Sozialraum gibt es nicht (mehr)."), "scope")
    return row["name"] if row else None


def create(db: Database, data: Mapping[str, Any], scope: str | None, by: str) -> str:
    props = clean(data)
    check(props)
    props["search_name"] = fold(props["name"])

    def write(tx: Tx, network_id: str) -> list[dict]:
        tx.run("network_create", id=network_id, props=props)
        scope_name = _set_scope(tx, network_id, scope or None)
        fields = _changes(None, props)
        if scope_name:
            fields.append({"field": "scope", "old": None, "new": scope_name})
        return fields

    return editing.create_entry(db, ENTITY_TYPE, by, write)


def update(db: Database, network_id: str, version: Any, data: Mapping[str, Any],
           scope: str | None, coordinator: str | None, by: str) -> int:
    """Save properties, scope and coordinator if nobody saved in between;
    returns the new version, raises EditConflict (nothing written) otherwise."""
    expected = editing.version_number(version, EditConflict(str(STALE_MESSAGE)))
    props = clean(data)
    check(props)
    props["search_name"] = fold(props["name"])
    scope, coordinator = scope or None, coordinator or None

    def work(tx: Tx) -> int:
        state = tx.one("network_state", id=network_id)
        if state is None:
            raise editing.NotFound(network_id)
        if (state["network"].get("version") == expected and editing.unchanged(state["network"], props)
                and (state["scope"] or {}).get("id") == scope
                and (state["coordinator"] or {}).get("id") == coordinator):
            return expected
        updated = tx.one("network_update", id=network_id, version=expected, props=props)
        if updated is None:
            raise EditConflict(str(STALE_MESSAGE))
        fields = _changes(state["network"], props)
        old_scope, old_coordinator = state["scope"], state["coordinator"]
        if (old_scope or {}).get("id") != scope:
            name = _set_scope(tx, network_id, scope)
            fields.append({"field": "scope", "old": (old_scope or {}).get("name"), "new": name})
        if (old_coordinator or {}).get("id") != coordinator:
            row = tx.one("network_set_coordinator", id=network_id, actor_id=coordinator)
            if coordinator and (row is None or row["name"] is None):
                raise InvalidInput(_("Diesen Akteur gibt es nicht (mehr)."), "coordinator")
            fields.append({"field": "coordinator", "old": (old_coordinator or {}).get("name"),
                           "new": row["name"] if row else None})
        history.record(tx, ENTITY_TYPE, network_id, "update", by, fields=fields)
        return updated["version"]

    return db.transaction(work)


def delete(db: Database, network_id: str, by: str) -> None:
    """Delete the network; the history keeps a snapshot for a restore."""
    editing.delete_entry(db, LABEL, ENTITY_TYPE, network_id, by, FIELDS, "network_delete")


def add_member(db: Database, network_id: str, actor_id: str, role: str,
               since: date | None, until: date | None, by: str) -> str:
    """Make ``actor_id`` a member; refuses a second membership of the same actor."""
    _check_member(role, since, until)
    return MEMBERS.add(db, network_id, actor_id,
                       {"role": role, "since": since, "until": until}, by)


def edit_member(db: Database, network_id: str, actor_id: str, role: str,
                since: date | None, until: date | None, by: str) -> str:
    _check_member(role, since, until)
    return MEMBERS.change(db, network_id, actor_id,
                          {"role": role, "since": since, "until": until}, by)


def remove_member(db: Database, network_id: str, actor_id: str, by: str) -> str:
    return MEMBERS.remove(db, network_id, actor_id, by)
