"""Sozialräume (label Area): list, detail, create, edit, delete.

Areas nest Stadt > Bezirk > Sozialraum > Quartier; a child lies exactly one
level below its parent and no area lies inside itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .. import history
from ..db import Database, Tx
from ..editing import (EditConflict, InvalidInput, NotFound, create_entry, labelled_history,
                       opened_at, unchanged)
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..model import AREA_LEVEL_ORDER, AREA_LEVELS, AREA_SETTINGS
from ..rules import areas as rules
from .. import paging
from ..paging import Column, Page
from ..text import fold

# Those no analysis reads are the entity's ``descriptive`` (entities.ENTITIES).
FIELDS = ("name", "code", "level", "setting", "geometry")

# The list page's columns; its sort headers and the sort keys it accepts.
COLUMNS = (Column(_l("Name"), "name"), Column(_l("Kennung"), "code"), Column(_l("Ebene"), "level"),
           Column(_l("Liegt in"), "parent"), Column(_l("Siedlungsstruktur")),
           Column(_l("Akteure (mit Unter-Gebieten)"), "actors"))
SORTS = paging.sort_keys(COLUMNS)
DEFAULT_SORT = "name"

FIELD_LABELS = {"name": _l("Name"), "code": _l("Kennung"), "level": _l("Ebene"),
                "setting": _l("Siedlungsstruktur"), "parent": _l("Liegt in"),
                "geometry": _l("Umriss")}
_VOCABULARIES = {"level": AREA_LEVELS, "setting": AREA_SETTINGS}

CONFLICT_MESSAGE = _l(
    "Dieser Sozialraum wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben "
    "sind unten erhalten. Bitte vergleichen Sie sie mit der aktuellen Fassung und "
    "speichern Sie erneut, wenn Ihre Angaben gelten sollen."
)


@dataclass
class Filters(paging.Filters):
    URL_ARGS: ClassVar = {"q": "q", "ebene": "level", "struktur": "setting"}
    CHOICES: ClassVar = {"level": AREA_LEVELS, "setting": AREA_SETTINGS}
    q: str = ""
    level: str | None = None
    setting: str | None = None


def _paged(rows: list[dict], key: str, page: int, per_page: int, extra=()) -> Page:
    total = rows[0]["total"] if rows else 0
    items = []
    for row in rows:
        if row[key] is None:
            continue
        item = dict(row[key])
        for name in extra:
            item[name] = row[name]
        items.append(item)
    return Page(items=items, total=total, page=page, per_page=per_page)


def search(db: Database, filters: Filters, sort: str = DEFAULT_SORT, descending: bool = False,
           page: int = 1, per_page: int = 25) -> Page:
    rows = db.read("area_list", terms=fold(filters.q).split()[:12], level=filters.level,
                   setting=filters.setting, sort=sort if sort in SORTS else DEFAULT_SORT,
                   descending=descending, levels=AREA_LEVEL_ORDER,
                   skip=(page - 1) * per_page, limit=per_page)
    return _paged(rows, "area", page, per_page, extra=("parent", "actors"))


def get(db: Database, area_id: str) -> dict | None:
    return db.read_one("area_get", id=area_id)


def detail(db: Database, area_id: str) -> dict | None:
    row = get(db, area_id)
    if row is None:
        return None
    relations = db.read_one("area_relations", id=area_id)
    # Outermost first, for the breadcrumb.
    relations["ancestors"] = sorted(relations["ancestors"], key=lambda a: -a["distance"])
    for key in ("children", "networks", "served_by"):
        relations[key] = sorted(relations[key], key=lambda item: fold(item["name"]))
    row.update(relations)
    return row


def actors_in(db: Database, area_id: str, page: int = 1, per_page: int = 25) -> Page:
    """Actors located in the area or any area below it, one page."""
    rows = db.read("area_actors", id=area_id, skip=(page - 1) * per_page, limit=per_page)
    return _paged(rows, "actor", page, per_page, extra=("location",))


def path(db: Database, area_id: str | None) -> list[str]:
    """Ids of the area and all areas above it (for edit rights)."""
    if not area_id:
        return []
    row = db.read_one("area_path", id=area_id)
    return list(row["path"]) if row else []


def history_events(db: Database, area_id: str) -> list[dict]:
    return labelled_history(db, area_id, FIELD_LABELS, _VOCABULARIES)


# -- rules and writes ---------------------------------------------------------------

def _check_and_props(tx: Tx, area_id: str | None, data: dict) -> dict:
    name = (data.get("name") or "").strip()
    if rules.name_problem(name):
        raise InvalidInput(rules.name_problem(name), "name")
    level, setting = data.get("level"), data.get("setting")
    if rules.level_problem(level):
        raise InvalidInput(rules.level_problem(level), "level")
    if rules.setting_problem(setting):
        raise InvalidInput(rules.setting_problem(setting), "setting")
    code = (data.get("code") or "").strip() or None
    if code:
        taken = tx.one("area_code_taken", code=code, id=area_id)
        if taken:
            raise InvalidInput(rules.code_taken_problem(code, taken["name"]), "code")
    parent = data.get("parent") or None
    if parent:
        if parent == area_id:
            raise InvalidInput(rules.self_parent_problem(), "parent")
        above = tx.one("area_parent_check", parent=parent, id=area_id)
        if above is None:
            raise InvalidInput(_("Diesen Sozialraum gibt es nicht (mehr)."), "parent")
        if above["cycle"]:
            raise InvalidInput(rules.cycle_problem(above["name"]), "parent")
        problem = rules.parent_level_problem(level, above["level"])
        if problem:
            raise InvalidInput(problem, "parent")
    if area_id:
        problem = rules.children_level_problem(
            level, [(c["name"], c["level"]) for c in tx.run("area_children", id=area_id)])
        if problem:
            raise InvalidInput(problem, "level")
    try:
        geometry = rules.geometry(data.get("geometry"))
    except rules.InvalidGeometry as error:
        raise InvalidInput(str(error), "geometry")
    return {"name": name, "code": code, "level": level, "setting": setting, "geometry": geometry}


def _record(row: dict | None) -> dict | None:
    if row is None:
        return None
    record = {key: row["area"].get(key) for key in FIELDS}
    # The history tells that the outline changed, not its thousands of numbers.
    record["geometry"] = rules.summary(record["geometry"])
    record["parent"] = (row["parent"] or {}).get("name")
    return record


def create(db: Database, data: dict, by: str) -> str:
    def write(tx: Tx, area_id: str) -> dict | None:
        tx.run("area_create", id=area_id, props=_check_and_props(tx, None, data),
               parent=data.get("parent") or None)
        return _record(tx.one("area_get", id=area_id))

    return create_entry(db, "area", by, write)


def _conflict(row: dict) -> EditConflict:
    return EditConflict(str(CONFLICT_MESSAGE), _record(row))


def update(db: Database, area_id: str, version: int, data: dict, by: str) -> int:
    def work(tx: Tx) -> int:
        before = opened_at(tx.one("area_get", id=area_id), area_id, "area", version, _conflict)
        props = _check_and_props(tx, area_id, data)
        if unchanged(before["area"], props) and \
                (before["parent"] or {}).get("id") == (data.get("parent") or None):
            return version
        rows = tx.run("area_update", id=area_id, version=version, props=props,
                      parent=data.get("parent") or None)
        if not rows:
            raise _conflict(before)
        history.record(tx, "area", area_id, "update", by, old=_record(before),
                       new=_record(tx.one("area_get", id=area_id)))
        return rows[0]["version"]

    return db.transaction(work)


def deletion_impact(db: Database, area_id: str) -> dict | None:
    return db.read_one("area_delete_impact", id=area_id)


def delete(db: Database, area_id: str, by: str) -> dict:
    """Delete an area without sub-areas; its actors lose their location (or
    the served area) and networks their scope, each recorded in their history."""

    def work(tx: Tx) -> dict:
        impact = tx.one("area_delete_impact", id=area_id)
        if impact is None:
            raise NotFound(area_id)
        if impact["children"]:
            raise InvalidInput(_(
                "Dieser Sozialraum enthält noch Unter-Gebiete. Bitte verschieben oder löschen "
                "Sie diese zuerst."), "children")
        name = impact["name"]
        snap = history.snapshot(tx, area_id, "Area")
        before = _record(tx.one("area_get", id=area_id))
        history.delete_linked(tx, "area", area_id, by, name, [
            (impact["located"], "actor", "update", "location"),
            (impact["served_by"], "actor", "update", "serves"),
            (impact["networks"], "network", "relation", "scope")], before, snap, "area_delete")
        return impact

    return db.transaction(work)
