"""Planning target-group imports: the shared list of Zielgruppen (template
``target_groups``) and the groups each actor serves (``actor_target_groups``).

Target groups are a shared list: like on their page, only accounts without
an area limit add to it (access.may_edit_shared). A name that exists in any
letter case is the same group and stays as it is. The groups of an actor
must exist in the registry or in the same upload; a row replaces the
actor's groups (as saving the actor form does), ``(leer)`` removes them all,
and the actor's area decides who may change it (as for the actor form).
"""
from __future__ import annotations

from .. import access, history
from ..db import Tx
from ..i18n import gettext as _
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import Actors, Areas, split_list

SHARED_ONLY = _("Zielgruppen sind eine gemeinsame Liste: nur Konten ohne Beschränkung auf "
                "Sozialräume dürfen sie ändern.")


def _key(name: str) -> str:
    # As target_group_name_taken: the letter case does not count.
    return name.strip().lower()


@row_planner("target_groups")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    known = {_key(row["name"]) for row in tx.run("exchange_target_group_index")}
    creates, changes, seen = [], [], {}
    for record in records:
        if not importer.required(report, record, "name") or \
                not importer.lengths(report, record, "target_groups"):
            continue
        name = record.get("name").strip()
        if not importer.first(report, record, "name", _key(name), seen):
            continue
        if _key(name) in known:
            report.unchanged += 1
            continue
        if ctx.allowed_areas is not None:
            report.problem(record.row, record.header("name"), SHARED_ONLY)
            continue
        group_id = importer.new_id()
        creates.append({"id": group_id, "name": name})
        changes.append(importer.history_row("target_group", group_id, "create",
                                            [{"field": "name", "old": None, "new": name}]))
        report.created += 1
    if not report.problems:
        result.add("exchange_target_group_create", creates)
        result.add("exchange_history", changes)
    return result


@row_planner("actor_target_groups")
def plan_actors(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    areas, actors = Areas.load(tx), Actors.load(tx)
    groups = {row["id"]: row["name"] for row in tx.run("exchange_target_group_index")}
    by_name = {_key(name): group_id for group_id, name in groups.items()}
    planned, seen = [], {}
    for record in records:
        ok = importer.required(report, record, "actor")
        if not record.sets("target_groups"):
            report.problem(record.row, record.header("target_groups"), _(
                "Pflichtangabe fehlt. Um alle Zielgruppen zu entfernen, „%(marker)s“ "
                "eintragen.") % {"marker": importer.CLEAR_MARKER})
            ok = False
        ok = importer.lengths(report, record, "actor_target_groups") and ok
        actor_id = importer.resolved(report, record, "actor", actors)
        chosen = []
        for name in split_list(record.get("target_groups")):
            group_id = by_name.get(_key(name))
            if group_id is None:
                report.problem(record.row, record.header("target_groups"),
                               _("Unbekannte Zielgruppe „%(name)s“: weder im Register noch in "
                                 "diesem Import.") % {"name": name})
                ok = False
            elif group_id not in chosen:
                chosen.append(group_id)
        if actor_id is None or not ok:
            continue
        if not importer.first(report, record, "actor", actor_id, seen):
            continue
        # As on the actor form: the actor's seat decides who may change it.
        if not importer.may_edit(ctx, [areas.path(actors.entries[actor_id].area)]):
            report.problem(record.row, record.header("actor"), str(access.OUTSIDE_AREAS))
            continue
        planned.append((actor_id, chosen))
    if report.problems:
        return result
    current = {row["id"]: row["groups"] for row in tx.run(
        "exchange_actor_target_groups", ids=[actor_id for actor_id, _g in planned])}
    writes, changes = [], []
    for actor_id, chosen in planned:
        old = sorted(groups[g] for g in current.get(actor_id, []))
        new = sorted(groups[g] for g in chosen)
        if old == new:
            report.unchanged += 1
            continue
        writes.append({"id": actor_id, "groups": chosen})
        changes.append(importer.history_row("actor", actor_id, "update", history.diff(
            {"target_groups": old}, {"target_groups": new})))
        report.updated += 1
    result.add("exchange_actor_set_target_groups", writes)
    result.add("exchange_history", changes)
    return result
