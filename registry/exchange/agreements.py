"""Planning an agreement import (template ``agreements``): one row per
agreement, its parties in one cell ("A [Rolle] | B").

Matching: ``Externe ID`` when known, else the folded title (when an external
id was given but is new, only agreements without one are candidates, which
then adopt it). Parties must be actors of the registry; the parties of a
row replace the agreement's parties. Empty ``Status`` keeps a status that
still fits the dates and otherwise derives it (ausgelaufen after the end,
aktiv from the start on, before that Entwurf); empty ``Beteiligung`` keeps
the level (new: keine). Other empty cells keep their field; the cell
``(leer)`` clears it (importer.CLEAR_MARKER).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .. import access, history
from ..rules.agreements import dates_problem, status_problem
from ..db import Tx
from ..entities.agreements import PARTIES
from ..i18n import gettext as _
from ..model import AGREEMENT_STATUSES, AGREEMENT_TYPES, PARTICIPATION_LEVELS
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import Actors, Areas, Unresolved, split_list

ENTITY = "agreements"
TEXT_FIELDS = ("subject", "document_ref")
DATE_FIELDS = ("valid_from", "valid_until", "review_date")
COMPARED = ("title", "type", "status", "participation", "external_id") + TEXT_FIELDS + DATE_FIELDS
_ROLE = re.compile(r"^(.*?)\s*\[([^\]]*)\]\s*$")


@dataclass
class Row:
    record: Record
    id: str
    existing: dict | None
    props: dict
    parties: list[tuple[str, str | None]]
    ok: bool = True  # False: a problem; still matched (duplicates), never written


@row_planner("agreements")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    areas, actors = Areas.load(tx), Actors.load(tx)
    existing = {row["props"]["id"]: row for row in tx.run("exchange_agreement_index")}
    by_external = {row["props"]["external_id"]: i for i, row in existing.items()
                   if row["props"].get("external_id")}
    by_title: dict[str, list[str]] = {}
    for agreement_id, row in existing.items():
        by_title.setdefault(fold(row["props"].get("title")), []).append(agreement_id)

    rows, seen, taken = [], {}, {}
    for record in records:
        row = _parse(record, report, actors, ctx)
        if not row.props["title"]:
            continue
        external_id = row.props["external_id"]
        key = ("ext", external_id) if external_id else ("title", fold(row.props["title"]))
        if key in seen:
            importer.duplicate(report, record, "external_id" if external_id else "title", seen[key])
            continue
        seen[key] = record.row
        if external_id in by_external:
            match = [by_external[external_id]]
        else:
            match = [i for i in by_title.get(fold(row.props["title"]), [])
                     if not (external_id and existing[i]["props"].get("external_id"))]
        if len(match) > 1:
            report.problem(record.row, record.header("title"),
                           _("Mehrdeutig: %(n)d Vereinbarungen im Register heißen so. Bitte "
                             "eine Externe ID angeben.") % {"n": len(match)})
            continue
        if match:
            if match[0] in taken:
                importer.duplicate(report, record, "title", taken[match[0]])
                continue
            taken[match[0]] = record.row
            row.id, row.existing = match[0], existing[match[0]]
            if not external_id:
                row.props["external_id"] = row.existing["props"].get("external_id")
        else:
            row.id = importer.new_id()
        if not row.ok or not _settle_status(report, row, ctx.today):
            continue
        if row.existing and not importer.may_edit(ctx, _party_paths(
                areas, actors, [p["actor"] for p in row.existing["parties"]])):
            report.problem(record.row, record.header("title"), str(access.OUTSIDE_AREAS))
            continue
        if not importer.may_edit(ctx, _party_paths(areas, actors, [a for a, _r in row.parties])):
            report.problem(record.row, record.header("parties"),
                           _("Sie dürfen nur Vereinbarungen importieren, an denen ein Akteur "
                             "aus Ihren Sozialräumen beteiligt ist."))
            continue
        rows.append(row)
    if not report.problems:
        _plan_writes(result, rows, actors)
    return result


def _party_paths(areas: Areas, actors: Actors, actor_ids: list[str]) -> list[list[str]]:
    """Where an agreement sits: the areas of its parties (as the web view sees it)."""
    return [areas.path(actors.entries[a].area) for a in actor_ids if a in actors.entries]


def _parse(record: Record, report: importer.Report, actors: Actors, ctx: Context) -> Row:
    ok = importer.required(report, record, "title", "type", "parties")
    ok = importer.lengths(report, record, ENTITY) and ok
    kind = importer.vocabulary(report, record, "type", AGREEMENT_TYPES, _("Art"))
    status = importer.vocabulary(report, record, "status", AGREEMENT_STATUSES, _("Status"))
    level = importer.vocabulary(report, record, "participation", PARTICIPATION_LEVELS,
                                _("Beteiligungsstufe"))
    for key, value in (("type", kind), ("status", status), ("participation", level)):
        if record.get(key) and value is None:
            ok = False
    props = {"title": record.get("title"), "type": kind, "status": status,
             "participation": level, "external_id": record.get("external_id") or None}
    for key in TEXT_FIELDS:
        props[key] = record.get(key) or None
    for key in DATE_FIELDS:
        parsed, props[key] = importer.parse_date_cell(report, record, key)
        ok = ok and parsed
    if ok:
        problem = dates_problem(props["valid_from"], props["valid_until"])
        if problem:
            report.problem(record.row, record.header("valid_until"), problem)
            ok = False
    parties = _parties(record, report, actors)
    return Row(record, "", None, props, parties or [], ok and parties is not None)


def _parties(record: Record, report: importer.Report, actors: Actors):
    parties: list[tuple[str, str | None]] = []
    ok = True
    for entry in split_list(record.get("parties")):
        match = _ROLE.match(entry)
        name, role = (match.group(1), match.group(2).strip() or None) if match else (entry, None)
        try:
            actor_id = actors.resolve(name)
        except Unresolved as error:
            report.problem(record.row, record.header("parties"), str(error))
            ok = False
            continue
        if any(actor_id == a for a, _r in parties):
            report.problem(record.row, record.header("parties"),
                           _("„%(name)s“ ist doppelt als Partei genannt.") % {"name": name})
            ok = False
            continue
        parties.append((actor_id, role))
    if ok and record.get("parties") and len(parties) < 2:
        report.problem(record.row, record.header("parties"),
                       _("Eine Vereinbarung braucht mindestens zwei verschiedene Parteien."))
        ok = False
    return parties if ok else None


def _settle_status(report: importer.Report, row: Row, today: date) -> bool:
    props, record = row.props, row.record
    old = row.existing["props"] if row.existing else {}
    # An empty cell keeps the stored value; only "(leer)" clears it.
    for key in TEXT_FIELDS + DATE_FIELDS:
        if not record.sets(key):
            props[key] = old.get(key)
    problem = dates_problem(props["valid_from"], props["valid_until"])
    if problem:
        report.problem(record.row, record.header("valid_until"), problem)
        return False
    if props["participation"] is None:
        props["participation"] = old.get("participation") or "keine"
    if props["status"] is None:
        kept = old.get("status")
        if kept and not status_problem(kept, props["valid_from"], props["valid_until"], today):
            props["status"] = kept
        else:
            props["status"] = _derived_status(props["valid_from"], props["valid_until"], today)
        return True
    problem = status_problem(props["status"], props["valid_from"], props["valid_until"], today)
    if problem:
        report.problem(record.row, record.header("status"), problem)
        return False
    return True


def _derived_status(valid_from: date | None, valid_until: date | None, today: date) -> str:
    if valid_until is not None and valid_until < today:
        return "ausgelaufen"
    if valid_from is not None and valid_from <= today:
        return "aktiv"
    return "entwurf"


def _name(actors: Actors, actor_id: str) -> str:
    return actors.name(actor_id) or actor_id


def _plan_writes(plan: Plan, rows: list[Row], actors: Actors) -> None:
    report = plan.report
    creates, updates, parties, changes = [], [], [], []
    for row in rows:
        new = {k: row.props.get(k) for k in COMPARED}
        new_parties = {(a, r) for a, r in row.parties}
        party_rows = [{"actor": a, "role": r} for a, r in row.parties]
        if row.existing is None:
            props = {k: v for k, v in new.items() if v is not None}
            props["search_name"] = fold(new["title"])
            creates.append({"id": row.id, "props": props})
            parties.append({"id": row.id, "parties": party_rows})
            fields = history.diff(None, new) + [
                PARTIES.row(_name(actors, a), None, {"role": r}) for a, r in row.parties]
            changes.append(importer.history_row("agreement", row.id, "create", fields))
            report.created += 1
            continue
        old = row.existing["props"]
        fields = history.diff({k: old.get(k) for k in COMPARED}, new)
        old_parties = {(p["actor"], p["role"]) for p in row.existing["parties"]}
        party_fields = (
            [PARTIES.row(_name(actors, a), {"role": r}, None)
             for a, r in sorted(old_parties - new_parties, key=str)]
            + [PARTIES.row(_name(actors, a), None, {"role": r})
               for a, r in sorted(new_parties - old_parties, key=str)])
        if not fields and not party_fields:
            report.unchanged += 1
            continue
        props = {f["field"]: new[f["field"]] for f in fields}
        if "title" in props:
            props["search_name"] = fold(new["title"])
        updates.append({"id": row.id, "props": props})
        if party_fields:
            parties.append({"id": row.id, "parties": party_rows})
        changes.append(importer.history_row("agreement", row.id, "update",
                                            fields + party_fields))
        report.updated += 1
    plan.add("exchange_agreement_create", creates)
    plan.add("exchange_agreement_update", updates)
    plan.add("exchange_agreement_parties", parties)
    plan.add("exchange_history", changes)
