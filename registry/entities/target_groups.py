"""Target groups (Zielgruppen): the managed vocabulary actors serve."""
from __future__ import annotations


from .. import history
from ..db import Database, Tx
from ..editing import (EditConflict, InvalidInput, NotFound, create_entry, labelled_history,
                       opened_at)
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..paging import Page

FIELD_LABELS = {"name": _l("Name")}

CONFLICT_MESSAGE = _l(
    "Diese Zielgruppe wurde inzwischen von jemand anderem umbenannt. Ihre Eingabe ist "
    "unten erhalten; bitte prüfen Sie sie und speichern Sie erneut."
)


def search(db: Database) -> list[dict]:
    """Every target group with the number of actors that serve it."""
    return db.read("target_group_list")


def choices(db: Database) -> list[tuple[str, str]]:
    return [(row["id"], row["name"]) for row in db.read("target_group_choices")]


def get(db: Database, group_id: str) -> dict | None:
    row = db.read_one("target_group_get", id=group_id)
    if row is None:
        return None
    return dict(row["group"], actors=row["actors"])


def actors_of(db: Database, group_id: str, page: int = 1, per_page: int = 25) -> Page:
    rows = db.read("target_group_actors", id=group_id, skip=(page - 1) * per_page,
                   limit=per_page)
    total = rows[0]["total"] if rows else 0
    return Page(items=[row["actor"] for row in rows if row["actor"]], total=total,
                page=page, per_page=per_page)


def history_events(db: Database, group_id: str) -> list[dict]:
    return labelled_history(db, group_id, FIELD_LABELS)


def _checked_name(tx: Tx, group_id: str | None, name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Bitte einen Namen angeben."), "name")
    if tx.one("target_group_name_taken", name=name, id=group_id):
        raise InvalidInput(_("Eine Zielgruppe mit diesem Namen gibt es schon."), "name")
    return name


def create(db: Database, name: str, by: str) -> str:
    def write(tx: Tx, group_id: str) -> dict:
        checked = _checked_name(tx, None, name)
        tx.run("target_group_create", id=group_id, name=checked)
        return {"name": checked}

    return create_entry(db, "target_group", by, write)


def _conflict(row: dict) -> EditConflict:
    return EditConflict(str(CONFLICT_MESSAGE), {"name": row["group"]["name"]})


def update(db: Database, group_id: str, version: int, name: str, by: str) -> int:
    def work(tx: Tx) -> int:
        row = opened_at(tx.one("target_group_get", id=group_id), group_id, "group", version,
                        _conflict)
        old = row["group"]
        checked = _checked_name(tx, group_id, name)
        if checked == old["name"]:
            return version
        rows = tx.run("target_group_update", id=group_id, version=version, name=checked)
        if not rows:
            raise _conflict(row)
        history.record(tx, "target_group", group_id, "update", by,
                       old={"name": old["name"]}, new={"name": checked})
        return rows[0]["version"]

    return db.transaction(work)


def users(db: Database, group_id: str) -> list[dict]:
    """Actors that serve the group (named on the delete confirmation)."""
    return db.read("target_group_users", id=group_id)


def delete(db: Database, group_id: str, by: str) -> int:
    """Delete the group and its links to actors (each actor's history says
    so); a snapshot allows a restore. Returns the number of actors touched."""

    def work(tx: Tx) -> int:
        row = tx.one("target_group_get", id=group_id)
        if row is None:
            raise NotFound(group_id)
        name = row["group"]["name"]
        snap = history.snapshot(tx, group_id, "TargetGroup")
        affected = tx.run("target_group_users", id=group_id)
        history.record_unlinked(tx, by, name, [(affected, "actor", "update", "target_groups")])
        tx.run("target_group_delete", id=group_id)
        history.record(tx, "target_group", group_id, "delete", by,
                       old={"name": name}, snapshot=snap)
        return len(affected)

    return db.transaction(work)
