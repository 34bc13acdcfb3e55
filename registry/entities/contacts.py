"""Contact persons (Kontaktpersonen) of an actor: read, create, edit, delete.

A contact belongs to one actor (its id is part of every call) and goes and
comes back with it (``actors.delete`` snapshots them). Every write is one
transaction that also records the change (history).
"""
from __future__ import annotations

from typing import Any

from .. import history
from ..db import Database, Tx
from ..editing import (EditConflict, InvalidInput, NotFound, create_entry, labelled_history,
                       opened_at, unchanged)
from ..i18n import gettext as _
from ..rules import actors as rules
from .actors import CONFLICT_MESSAGE
from .actors import FIELD_LABELS as _ACTOR_LABELS

# Those no analysis reads are the entity's ``descriptive`` (entities.ENTITIES).
FIELDS = ("name", "function", "email", "phone", "public")
FIELD_LABELS = {key: _ACTOR_LABELS[key] for key in FIELDS}


def get(db: Database, actor_id: str, contact_id: str) -> dict | None:
    row = db.read_one("contact_get", actor_id=actor_id, id=contact_id)
    return row["contact"] if row else None


def history_events(db: Database, contact_id: str) -> list[dict]:
    return labelled_history(db, contact_id, FIELD_LABELS)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def props(data: dict) -> dict:
    """The properties to store for a contact person (form and import);
    InvalidInput naming the field when a rule is broken."""
    result = {key: _clean(data.get(key)) for key in FIELDS}
    result["public"] = bool(data.get("public"))
    if not result["name"]:
        raise InvalidInput(_("Bitte einen Namen angeben."), "name")
    for key in ("email", "phone"):
        problem = rules.FORMAT_CHECKS[key](result[key])
        if problem:
            raise InvalidInput(problem, key)
    return result


def _record(contact: dict | None) -> dict | None:
    return {key: contact.get(key) for key in FIELDS} if contact else None


def create(db: Database, actor_id: str, data: dict, by: str) -> str:
    def write(tx: Tx, contact_id: str) -> dict | None:
        values = props(data)
        if not tx.run("contact_create", actor_id=actor_id, id=contact_id, props=values):
            raise NotFound(actor_id)
        return _record(values)

    return create_entry(db, "contact", by, write)


def _conflict(row: dict) -> EditConflict:
    return EditConflict(str(CONFLICT_MESSAGE), _record(row["contact"]))


def update(db: Database, actor_id: str, contact_id: str, version: int, data: dict,
           by: str) -> None:
    def work(tx: Tx) -> None:
        row = opened_at(tx.one("contact_get", actor_id=actor_id, id=contact_id), contact_id,
                        "contact", version, _conflict)
        before = row["contact"]
        values = props(data)
        if unchanged(before, values):
            return
        if not tx.run("contact_update", actor_id=actor_id, id=contact_id, version=version,
                      props=values):
            raise _conflict(row)
        history.record(tx, "contact", contact_id, "update", by,
                       old=_record(before), new=_record(values))

    db.transaction(work)


def delete(db: Database, actor_id: str, contact_id: str, by: str) -> None:
    def work(tx: Tx) -> None:
        row = tx.one("contact_get", actor_id=actor_id, id=contact_id)
        if row is None:
            raise NotFound(contact_id)
        snap = history.snapshot(tx, contact_id, "ContactPerson")
        tx.run("contact_delete", actor_id=actor_id, id=contact_id)
        history.record(tx, "contact", contact_id, "delete", by,
                       old=_record(row["contact"]), snapshot=snap)

    db.transaction(work)
