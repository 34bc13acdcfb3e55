"""Planning a contact-person import (template ``contacts``): one row per
Kontaktperson of an actor.

The natural key is (actor, folded name): an actor lists a person once.
The actor must exist in the registry or in the same upload. Empty cells
keep the stored value, ``(leer)`` clears it; ``Öffentlich`` is ja or nein
(new: nein). The values pass the entity module's rules
(``entities.contacts.props``), the ones the contact form uses, and the
actor's area decides who may change its contacts.
"""
from __future__ import annotations

from .. import access, history
from ..db import Tx
from ..editing import InvalidInput
from ..entities import contacts
from ..i18n import gettext as _
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import Actors, Areas

ENTITY = "contacts"
_YES, _NO = {"ja", "j", "x", "1", "yes", "true", "wahr"}, {"nein", "n", "0", "no", "false", "falsch"}


@row_planner("contacts")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    areas, actors = Areas.load(tx), Actors.load(tx)
    parsed, seen = [], {}
    for record in records:
        ok = importer.required(report, record, "actor", "name")
        ok = importer.lengths(report, record, ENTITY) and ok
        public = None
        if record.get("public"):
            text = record.get("public").strip().casefold()
            public = True if text in _YES else False if text in _NO else None
            if public is None:
                report.problem(record.row, record.header("public"),
                               _("Bitte „ja“ oder „nein“ angeben."))
                ok = False
        actor_id = importer.resolved(report, record, "actor", actors)
        if actor_id is None or not record.get("name"):
            continue
        if not importer.first(report, record, "name", (actor_id, fold(record.get("name"))), seen) \
                or not ok:
            continue
        if not importer.may_edit(ctx, [areas.path(actors.entries[actor_id].area)]):
            report.problem(record.row, record.header("actor"), str(access.OUTSIDE_AREAS))
            continue
        parsed.append((record, actor_id, public))
    if report.problems:
        return result
    current = {}
    for row in tx.run("exchange_contacts", ids=sorted({actor for _r, actor, _p in parsed})):
        current[(row["actor"], fold(row["props"].get("name")))] = row["props"]
    creates, updates, changes = [], [], []
    for record, actor_id, public in parsed:
        old = current.get((actor_id, fold(record.get("name"))))
        data = {key: record.get(key) if record.sets(key) or old is None else old.get(key)
                for key in ("name", "function", "email", "phone")}
        data["public"] = public if public is not None else bool((old or {}).get("public"))
        try:
            props = contacts.props(data)
        except InvalidInput as error:
            report.problem(record.row, record.header(error.field or "name"), str(error))
            continue
        if old is None:
            contact_id = importer.new_id()
            creates.append({"actor": actor_id, "id": contact_id,
                            "props": {k: v for k, v in props.items() if v is not None}})
            changes.append(importer.history_row("contact", contact_id, "create",
                                                history.diff(None, props, only=contacts.FIELDS)))
            report.created += 1
            continue
        fields = history.diff(old, props, only=contacts.FIELDS)
        if not fields:
            report.unchanged += 1
            continue
        updates.append({"id": old["id"], "props": {f["field"]: props[f["field"]] for f in fields}})
        changes.append(importer.history_row("contact", old["id"], "update", fields))
        report.updated += 1
    if report.problems:
        return result
    result.add("exchange_contact_create", creates)
    result.add("exchange_contact_update", updates)
    result.add("exchange_history", changes)
    return result
