"""Planning a membership import (template ``memberships``): one row per
actor in a network.

The natural key is (network, actor): a network lists an actor at most once.
Both must exist in the registry (network by id or name, actor by id,
external id or name). A known pair gets its role and dates updated; an empty
``Rolle`` means "mitglied", empty dates clear them. Memberships not in the
file are left alone (the file adds and updates, it does not remove).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..db import Tx
from ..entities.networks import MEMBERS
from ..i18n import gettext as _
from ..model import MEMBER_ROLES
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, row_planner
from .refs import REGISTRY_ID, Actors, Areas, Unresolved

ENTITY = "memberships"


@dataclass
class Row:
    record: Record
    network: str
    actor: str
    role: str
    since: date | None
    until: date | None


@row_planner("memberships")
def plan(tx: Tx, result: Plan, records: list[Record], ctx: Context) -> Plan:
    report = result.report
    areas, actors = Areas.load(tx), Actors.load(tx)
    networks = {row["id"]: row for row in tx.run("exchange_network_index")}
    network_names: dict[str, list[str]] = {}
    for network in networks.values():
        network_names.setdefault(fold(network["name"]), []).append(network["id"])
        if network.get("external_id"):
            network_names.setdefault(fold(network["external_id"]), []).append(network["id"])

    rows, seen = [], {}
    for record in records:
        ok = importer.required(report, record, "network", "actor")
        ok = importer.lengths(report, record, ENTITY) and ok
        role = importer.vocabulary(report, record, "role", MEMBER_ROLES, _("Rolle"))
        ok = ok and (role is not None or not record.get("role"))
        ok_since, since = importer.parse_date_cell(report, record, "since")
        ok_until, until = importer.parse_date_cell(report, record, "until")
        ok = ok and ok_since and ok_until
        if ok and since and until and until < since:
            report.problem(record.row, record.header("until"),
                           _("„Bis“ darf nicht vor „Seit“ liegen."))
            ok = False
        network = _network(report, record, networks, network_names)
        actor = None
        if record.get("actor"):
            try:
                actor = actors.resolve(record.get("actor"))
            except Unresolved as error:
                report.problem(record.row, record.header("actor"), str(error))
        if network is None or actor is None:
            continue
        key = (network, actor)
        if key in seen:
            importer.duplicate(report, record, "actor", seen[key])
            continue
        seen[key] = record.row
        if not ok:
            continue
        # As on the network's page: members of networks the account may edit.
        if not importer.may_edit(ctx, [areas.path(s) for s in networks[network]["scopes"]]):
            report.problem(record.row, record.header("network"),
                           _("Sie dürfen nur Netzwerke in Ihren Sozialräumen ändern; dieses "
                             "Netzwerk liegt außerhalb."))
            continue
        rows.append(Row(record, network, actor, role or "mitglied", since, until))
    if report.problems:
        return result

    current = {(m["network"], m["actor"]): m for m in tx.run(
        "exchange_memberships", network_ids=sorted({row.network for row in rows}))}
    creates, updates, changes = [], [], []
    for row in rows:
        write = {"network": row.network, "actor": row.actor, "role": row.role,
                 "since": row.since, "until": row.until}
        old = current.get((row.network, row.actor))
        if old is not None:
            # An empty cell keeps the stored value; only "(leer)" clears it.
            for key in ("role", "since", "until"):
                if not row.record.sets(key):
                    setattr(row, key, old[key] if key != "role" else (old[key] or "mitglied"))
            write = {"network": row.network, "actor": row.actor, "role": row.role,
                     "since": row.since, "until": row.until}
        name = actors.name(row.actor)
        if old is None:
            creates.append(write)
            changes.append(importer.history_row("network", row.network, "relation", [
                MEMBERS.row(name, None, write)]))
            report.created += 1
        elif (old["role"], old["since"], old["until"]) != (row.role, row.since, row.until):
            updates.append(write)
            changes.append(importer.history_row("network", row.network, "relation",
                                                MEMBERS.changed_rows(name, old, write)))
            report.updated += 1
        else:
            report.unchanged += 1
    result.add("exchange_membership_create", creates)
    result.add("exchange_membership_update", updates)
    result.add("exchange_history", changes)
    return result


def _network(report, record: Record, networks: dict, names: dict[str, list[str]]) -> str | None:
    text = record.get("network")
    if not text:
        return None
    if REGISTRY_ID.match(text) and text in networks:
        return text
    found = names.get(fold(text)) or []
    if len(set(found)) == 1:
        return found[0]
    if found:
        report.problem(record.row, record.header("network"),
                       _("Mehrdeutiges Netzwerk „%(text)s“: %(n)d Netzwerke heißen so.")
                       % {"text": text, "n": len(set(found))})
    else:
        report.problem(record.row, record.header("network"),
                       _("Unbekanntes Netzwerk „%(text)s“.") % {"text": text})
    return None

