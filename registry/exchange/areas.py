"""Planning a Sozialraum import (template ``areas``): one row per area, the
hierarchy through ``Liegt in``.

Matching: ``Kennung`` when known, else the folded name (when a new code is
given, only areas without a code are candidates, which then adopt it).
``Liegt in`` names an area of the registry or of the same file, so a whole
hierarchy comes in one file in any row order. Empty cells keep the stored
value; ``(leer)`` clears the code, the parent or the outline. Every rule about
levels, cycles, codes and outlines (``Umriss``: GeoJSON text, checked and
simplified by ``rules.geometry``) is registry/rules/areas.py, the one the
form uses.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import access, history
from ..db import Tx
from ..i18n import gettext as _
from ..model import AREA_LEVELS, AREA_SETTINGS
from ..rules import areas as rules
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import Areas, Unresolved

ENTITY = "areas"
COMPARED = ("name", "code", "level", "setting", "geometry")
_KEEP = object()


@dataclass
class Row:
    record: Record
    id: str
    existing: bool
    props: dict
    parent_ref: object = _KEEP  # cell text, None (cleared) or _KEEP


@row_planner("areas")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    areas = Areas.load(tx)
    stored = {row["id"]: row for row in tx.run("exchange_area_details")}
    rows = _parse(records, report, areas, stored)
    if report.problems:
        return result
    # The hierarchy after the file: new areas join the index, then parents follow.
    after = Areas()
    for area_id, name in areas.names.items():
        after.add(area_id, name, areas.codes[area_id], areas.levels[area_id],
                  areas.parent[area_id])
    for row in rows:
        if not row.existing:
            after.add(row.id, row.props["name"], row.props["code"], row.props["level"], None)
    renamed = {row.id: row for row in rows if row.existing}
    for row in renamed.values():  # a renamed or re-coded area is found by its new name
        after.names[row.id] = row.props["name"]
        after.levels[row.id] = row.props["level"]
        # Not twice under an unchanged name: the file's own parent would be "ambiguous".
        if row.id not in after.by_name[fold(row.props["name"])]:
            after.by_name[fold(row.props["name"])].append(row.id)
        if row.props["code"]:
            after.by_code[fold(row.props["code"])] = row.id
    unresolved: set[str] = set()
    for row in rows:
        if row.parent_ref is _KEEP or row.parent_ref is None:
            if row.parent_ref is None:
                after.parent[row.id] = None
            continue
        try:
            parent = after.resolve(row.parent_ref)
        except Unresolved as error:
            report.problem(row.record.row, row.record.header("parent"), str(error))
            unresolved.add(row.id)
            continue
        after.parent[row.id] = parent
    _check_hierarchy([row for row in rows if row.id not in unresolved], report, after)
    if report.problems:
        return result
    _check_access(rows, report, ctx, areas, after)
    if not report.problems:
        _plan_writes(result, rows, stored, areas, after)
    return result


def _parse(records: list[Record], report, areas: Areas, stored: dict) -> list[Row]:
    rows, seen, taken = [], {}, {}
    for record in records:
        ok = importer.required(report, record, "name", "level")
        ok = importer.lengths(report, record, ENTITY) and ok
        level = importer.vocabulary(report, record, "level", AREA_LEVELS, _("Ebene"))
        setting = importer.vocabulary(report, record, "setting", AREA_SETTINGS,
                                      _("Siedlungsstruktur"))
        ok = ok and not (record.get("level") and level is None) \
            and not (record.get("setting") and setting is None)
        name, code = record.get("name"), record.get("code") or None
        geometry = _KEEP
        if record.clears("geometry"):
            geometry = None
        elif record.get("geometry"):
            try:
                geometry = rules.geometry(record.get("geometry"))
            except rules.InvalidGeometry as error:
                report.problem(record.row, record.header("geometry"), str(error))
                ok = False
        if not name:
            continue
        key = ("code", fold(code)) if code else ("name", fold(name))
        if not importer.first(report, record, "code" if code else "name", key, seen):
            continue
        if code and fold(code) in areas.by_code:
            match = [areas.by_code[fold(code)]]
        else:
            match = [i for i in areas.by_name.get(fold(name), [])
                     if not (code and areas.codes[i])]
        if len(match) > 1:
            report.problem(record.row, record.header("name"),
                           _("Mehrdeutig: %(n)d Sozialräume im Register heißen so. Bitte die "
                             "Kennung angeben.") % {"n": len(match)})
            continue
        area_id = match[0] if match else importer.new_id()
        if match and not importer.first(report, record, "name", area_id, taken):
            continue
        if not ok:
            continue
        old = stored.get(area_id, {})
        props = {"name": name, "level": level,
                 "code": code if record.sets("code") or not match else old.get("code"),
                 "setting": setting or old.get("setting") or "urban",
                 "geometry": old.get("geometry") if geometry is _KEEP else geometry}
        if record.clears("code"):
            props["code"] = None
        parent_ref = _KEEP if match and not record.sets("parent") else (record.get("parent") or None)
        rows.append(Row(record, area_id, bool(match), props, parent_ref))
    return rows


def _check_hierarchy(rows: list[Row], report, after: Areas) -> None:
    """The rules of the form, on the hierarchy as it will be."""
    children: dict[str, list[str]] = {}
    for area_id, parent in after.parent.items():
        if parent:
            children.setdefault(parent, []).append(area_id)
    for row in rows:
        record, level = row.record, row.props["level"]
        parent = after.parent.get(row.id)
        column = record.header("parent") if record.sets("parent") else record.header("level")
        if parent == row.id:
            report.problem(record.row, column, rules.self_parent_problem())
            continue
        if parent and row.id in after.path(parent):
            report.problem(record.row, column, rules.cycle_problem(after.names[parent]))
            continue
        problem = parent and rules.parent_level_problem(level, after.levels.get(parent))
        if problem:
            report.problem(record.row, column, problem)
            continue
        problem = rules.children_level_problem(
            level, sorted((after.names[c], after.levels.get(c)) for c in children.get(row.id, [])))
        if problem:
            report.problem(record.row, record.header("level"), problem)


def _check_access(rows: list[Row], report, ctx: Context, before: Areas, after: Areas) -> None:
    """As on the form: a limited account changes only its own areas and
    creates or moves areas only below them."""
    for row in rows:
        current = [before.path(row.id)] if row.existing else None
        parent = after.parent.get(row.id)
        future = [after.path(row.id)] if row.existing else [after.path(parent)]
        if not importer.may_edit(ctx, future, current):
            report.problem(row.record.row, row.record.header("name"), str(access.OUTSIDE_AREAS)
                           if row.existing else
                           _("Sie dürfen Sozialräume nur innerhalb Ihrer eigenen Sozialräume "
                             "anlegen."))


def _record(props: dict, parent: str | None) -> dict:
    record = {key: props.get(key) for key in COMPARED}
    # As on the form: the history tells that the outline changed, not its numbers.
    record["geometry"] = rules.summary(record["geometry"])
    return {**record, "parent": parent}


def _plan_writes(plan: Plan, rows: list[Row], stored: dict, before: Areas,
                 after: Areas) -> None:
    report = plan.report
    creates, updates, parents, changes = [], [], [], []
    for row in rows:
        parent = after.parent.get(row.id)
        new = _record(row.props, after.names.get(parent) if parent else None)
        if not row.existing:
            creates.append({"id": row.id, "props": {k: v for k, v in row.props.items()
                                                    if v is not None}})
            if parent:
                parents.append({"id": row.id, "target": parent})
            changes.append(importer.history_row("area", row.id, "create", history.diff(None, new)))
            report.created += 1
            continue
        old_parent = before.parent.get(row.id)
        old = _record(stored[row.id], before.names.get(old_parent) if old_parent else None)
        fields = history.diff(old, new)
        # Props, not only fields: an outline can change while its summary stays.
        props = {k: row.props[k] for k in COMPARED if row.props[k] != stored[row.id].get(k)}
        if not props and old_parent == parent:
            report.unchanged += 1
            continue
        updates.append({"id": row.id, "props": props})
        if old_parent != parent:
            parents.append({"id": row.id, "target": parent})
        changes.append(importer.history_row("area", row.id, "update", fields))
        report.updated += 1
    plan.add("exchange_area_create", creates)
    plan.add("exchange_area_update", updates)
    plan.add("exchange_area_parent", parents)
    plan.add("exchange_history", changes)
