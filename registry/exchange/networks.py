"""Planning a network import (template ``networks``): one row per network,
working group or committee, with its scope (Sozialraum) and coordinating
actor.

Matching: ``Externe ID`` when known, else the folded name (a new external id
is adopted by a network without one). Empty cells keep the stored value,
``(leer)`` clears it; a new network without ``Beteiligung`` gets "keine".
The values pass the entity module's check (``entities.networks.check``),
the one the form uses; a limited account changes only networks scoped to
its areas, as on the network's page. Members come with the template
``memberships``.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import access, history
from ..db import Tx
from ..editing import InvalidInput
from ..entities import networks as entity
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..model import MEETING_RHYTHMS, NETWORK_TYPES, PARTICIPATION_LEVELS
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import Actors, Areas, Keys

ENTITY = "networks"
COMPARED = entity.FIELDS + ("external_id",)
_VOCABULARIES = {"type": (NETWORK_TYPES, _l("Art")),
                 "rhythm": (MEETING_RHYTHMS, _l("Sitzungsrhythmus")),
                 "participation": (PARTICIPATION_LEVELS, _l("Beteiligungsstufe"))}


@dataclass
class Row:
    record: Record
    id: str
    props: dict
    scope: str | None
    coordinator: str | None
    existing: dict | None


@row_planner("networks")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    existing = {row["props"]["id"]: row for row in tx.run("exchange_network_details")}
    areas, actors = Areas.load(tx), Actors.load(tx)
    keys = Keys({i: row["props"] for i, row in existing.items()}, "name")
    rows, seen, taken = [], {}, {}
    for record in records:
        ok = importer.required(report, record, "name", "type")
        ok = importer.lengths(report, record, ENTITY) and ok
        values = {}
        for key, (vocab, what) in _VOCABULARIES.items():
            values[key] = importer.vocabulary(report, record, key, vocab, what)
            ok = ok and not (record.get(key) and values[key] is None)
        scope = importer.resolved(report, record, "scope", areas)
        coordinator = importer.resolved(report, record, "coordinator", actors)
        ok = ok and (scope or not record.get("scope")) and (coordinator or not record.get("coordinator"))
        name, external_id = record.get("name"), record.get("external_id") or None
        if not name:
            continue
        key = ("ext", external_id) if external_id else ("name", fold(name))
        if not importer.first(report, record, "external_id" if external_id else "name", key, seen):
            continue
        match = keys.match(external_id, name)
        if len(match) > 1:
            report.problem(record.row, record.header("name"),
                           _("Mehrdeutig: %(n)d Netzwerke im Register heißen so. Bitte eine "
                             "Externe ID angeben.") % {"n": len(match)})
            continue
        if match and not importer.first(report, record, "name", match[0], taken):
            continue
        if not ok:
            continue
        old = existing[match[0]] if match else None
        stored = old["props"] if old else {}
        data = {"name": name, "type": values["type"], "external_id": external_id
                or stored.get("external_id")}
        for key in ("description", "rhythm", "participation"):
            data[key] = (values.get(key) or record.get(key)) if record.sets(key) or old is None \
                else stored.get(key)
        data["participation"] = data["participation"] or "keine"
        props = entity.clean(data)
        props["external_id"] = data["external_id"]
        try:
            entity.check(props)
        except InvalidInput as error:
            report.problem(record.row, record.header(error.field or "name"), str(error))
            continue
        if old is not None:
            scope = scope if record.sets("scope") else old["scope"]
            coordinator = coordinator if record.sets("coordinator") else old["coordinator"]
        current = [[areas.path(old["scope"])] if old["scope"] else []] if old else []
        # As on the network's page: a limited account edits networks of its
        # areas and gives them only scopes of its areas.
        if not importer.may_edit(ctx, [areas.path(scope)] if scope else [], *current):
            report.problem(record.row, record.header("scope") if record.has("scope")
                           else record.header("name"), str(access.OUTSIDE_AREAS))
            continue
        rows.append(Row(record, match[0] if match else importer.new_id(), props, scope,
                        coordinator, old))
    if not report.problems:
        _plan_writes(result, rows, areas, actors)
    return result


def _plan_writes(plan: Plan, rows: list[Row], areas: Areas, actors: Actors) -> None:
    report = plan.report
    creates, updates, scopes, coordinators, changes = [], [], [], [], []
    for row in rows:
        old = row.existing
        stored = {k: old["props"].get(k) for k in COMPARED} if old else None
        fields = history.diff(stored, row.props, only=COMPARED)
        old_scope, old_coordinator = (old["scope"], old["coordinator"]) if old else (None, None)
        if old_scope != row.scope:
            fields.append({"field": "scope", "old": areas.label(old_scope),
                           "new": areas.label(row.scope)})
            scopes.append({"id": row.id, "target": row.scope})
        if old_coordinator != row.coordinator:
            fields.append({"field": "coordinator", "old": actors.name(old_coordinator),
                           "new": actors.name(row.coordinator)})
            coordinators.append({"id": row.id, "target": row.coordinator})
        if old is None:
            props = {k: v for k, v in row.props.items() if v is not None}
            props["search_name"] = fold(row.props["name"])
            creates.append({"id": row.id, "props": props})
            changes.append(importer.history_row("network", row.id, "create", fields))
            report.created += 1
        elif fields:
            props = {k: row.props[k] for k in COMPARED if row.props[k] != old["props"].get(k)}
            if "name" in props:
                props["search_name"] = fold(props["name"])
            updates.append({"id": row.id, "props": props})
            changes.append(importer.history_row("network", row.id, "update", fields))
            report.updated += 1
        else:
            report.unchanged += 1
    for query, batch in (("exchange_network_create", creates),
                         ("exchange_network_update", updates),
                         ("exchange_network_scope", scopes),
                         ("exchange_network_coordinator", coordinators),
                         ("exchange_history", changes)):
        plan.add(query, batch)
