"""Planning an actor import (template ``actors``; the Berlin mapping reuses it).

Matching a row to an existing actor:
  1. ``Externe ID`` given and known: that actor.
  2. Otherwise the natural key: the folded name, narrowed to the row's
     Sozialraum when it names one; when an external id was given but is new,
     only actors without an external id are candidates (they adopt it).
  3. Nothing found: a new actor. Several found: a problem (ambiguous).

Probable duplicates: a row that would create a new actor although the
registry has one by ``rules.probable_duplicate`` (the actor form's rule: the
same name, folded by ``rules.duplicate_key``, in the same Sozialraum or at
the same address, or a close name at the same address) is listed in the
report with its candidates, and done as the person chose for that row
(``Context.duplicate_choices``): update a candidate, create a new actor, or,
by default, skip the row.

Cells: a column missing from the file or an empty cell leaves that field
alone; the cell ``(leer)`` clears it (never ``Externe ID``, the key; for
``Sektor`` it keeps the sector, new actors are "frei"). Every rule about the
values is registry/rules/actors.py, the one the form uses. The sector rule of the data model always wins: a Jugendamt is
public, a facility has its Träger's sector, and a changed Träger hands its
sector down to the facilities it runs (also those not in the file).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import access, history
from ..db import Tx
from ..i18n import gettext as _
from ..model import ACTOR_KINDS, SECTORS
from ..rules import actors as rules
from ..text import fold
from . import importer
from .importer import Context, Plan, Record, Report
from .planners import planner
from .readers import Table, parse_float
from .refs import Actors, ActorEntry, Areas, Unresolved, details, split_list

ENTITY = "actors"
TEXT_FIELDS = ("description", "street", "postcode", "city", "website", "email", "phone")
# Stored properties the history compares (relations are compared by id).
COMPARED = ("name", "kind", "sector", "external_id", "lat", "lon") + TEXT_FIELDS
_KEEP = object()  # the column is not in the file: leave the field as it is


@dataclass
class Row:
    record: Record
    id: str
    existing: ActorEntry | None
    name: str
    kind: str
    external_id: str | None
    sector_cell: str | None
    folded: str = ""  # text.fold(name), computed once
    props: dict = field(default_factory=dict)  # text fields and lat/lon present in the file
    area: object = _KEEP  # area id, None or _KEEP
    serves: object = _KEEP  # list of area ids or _KEEP
    operator_ref: str | None = None  # cell text (resolved later)
    umbrella_ref: str | None = None
    operator: object = _KEEP
    umbrella: object = _KEEP
    sector: str = "frei"
    ok: bool = True  # False: the row has a problem; still checked further, never written


@planner("actors")
def plan(tx: Tx, table: Table, ctx: Context) -> Plan:
    report = importer.Report(ENTITY)
    rows = importer.records(ENTITY, table, report)
    return plan_records(tx, rows, report, ctx)


def plan_records(tx: Tx, records: list[Record], report: Report, ctx: Context,
                 areas: Areas | None = None, plan: Plan | None = None) -> Plan:
    """Check ``records`` against the registry and plan their writes (added to
    ``plan`` when given, after what it holds)."""
    plan = plan or Plan(report)
    areas = areas or Areas.load(tx)
    actors = Actors.load(tx)
    rows = _parse(records, report, areas)
    rows = _match(rows, report, actors, areas, ctx)
    for row in rows:
        # A new seat is no longer among the kept "further" areas.
        if row.existing and row.serves is _KEEP and row.area not in (_KEEP, None) \
                and row.area in row.existing.serves:
            row.serves = sorted(set(row.existing.serves) - {row.area})
    old_props = details(tx, "exchange_actor_details", [row.id for row in rows if row.existing])
    _check_coordinates(rows, report, old_props)
    _resolve_refs(rows, report, actors)
    _check_link_kinds(rows, report, actors)
    _check_cycles(rows, report, actors, "operator", _("Träger"))
    _check_cycles(rows, report, actors, "umbrella", _("Dachverband"))
    sectors = _sectors(rows, actors)
    _check_sectors(rows, report, sectors)
    _check_access(rows, report, ctx, actors, areas, sectors)
    if report.problems:
        return plan
    _plan_writes(plan, rows, actors, areas, sectors, old_props)
    return plan


def _check_access(rows: list[Row], report: Report, ctx: Context, actors: Actors, areas: Areas,
                  sectors: dict[str, str]) -> None:
    """A limited account changes only actors placed in its areas now and after
    the row, and no sector cascade may reach actors outside them."""
    if ctx.allowed_areas is None:
        return
    for row in (r for r in rows if r.ok):
        current = [areas.path(row.existing.area)] if row.existing else None
        future = row.area if row.area is not _KEEP else (row.existing.area if row.existing else None)
        if current is not None and not importer.may_edit(ctx, current):
            report.problem(row.record.row, row.record.header("name"), str(access.OUTSIDE_AREAS))
        elif not importer.may_edit(ctx, [areas.path(future)]):
            report.problem(row.record.row, row.record.header("area") if row.record.has("area")
                           else row.record.header("name"),
                           _("Sie dürfen nur Akteure in Ihren Sozialräumen importieren."))
    in_file = {row.id: row for row in rows}
    operators = _final(rows, actors, "operator")
    reached: dict[str, list[str]] = {}  # file row's actor id -> names outside
    for actor_id in sorted(_below(set(in_file), operators) - set(in_file)):
        entry = actors.entries[actor_id]
        if sectors[actor_id] == entry.sector or importer.may_edit(ctx, [areas.path(entry.area)]):
            continue
        root = operators.get(actor_id)
        while root is not None and root not in in_file:
            root = operators.get(root)
        if root is not None:
            reached.setdefault(root, []).append(entry.name)
    for root, names in reached.items():
        row = in_file[root]
        report.problem(row.record.row, row.record.header("sector") if row.record.has("sector")
                       else row.record.header("name"),
                       str(access.CASCADE_OUTSIDE) % {"names": ", ".join(sorted(names))})


# -- rows ------------------------------------------------------------------------------

def _parse(records: list[Record], report: Report, areas: Areas) -> list[Row]:
    rows = []
    for record in records:
        ok = importer.required(report, record, "name", "kind")
        ok = importer.lengths(report, record, ENTITY) and ok
        kind = importer.vocabulary(report, record, "kind", ACTOR_KINDS, _("Art"))
        sector = importer.vocabulary(report, record, "sector", SECTORS, _("Sektor"))
        ok = ok and kind is not None and (sector is not None or not record.get("sector"))
        row = Row(record, "", None, record.get("name"), kind or "",
                  record.get("external_id") or None, sector, fold(record.get("name")))
        if record.sets("area"):
            row.area = _area(report, record, "area", areas)
            ok = ok and row.area is not _KEEP
        if record.sets("serves"):
            served = [_area(report, record, "serves", areas, text)
                      for text in split_list(record.get("serves"))]
            ok = ok and _KEEP not in served
            row.serves = sorted(set(s for s in served if s is not _KEEP) - {row.area})
        ok = _props(report, record, row) and ok
        if record.sets("operator"):
            row.operator_ref = record.get("operator")
            row.operator = None
        if record.sets("umbrella"):
            row.umbrella_ref = record.get("umbrella")
            row.umbrella = None
        # A row with a problem stays in, so that its other problems (duplicate,
        # unknown Träger ...) are reported too; nothing is written then anyway.
        row.ok = ok
        rows.append(row)
    return rows


def _area(report: Report, record: Record, key: str, areas: Areas, text: str | None = None):
    text = record.get(key) if text is None else text
    if not text:
        return None
    try:
        return areas.resolve(text)
    except Unresolved as error:
        report.problem(record.row, record.header(key), str(error))
        return _KEEP


def _props(report: Report, record: Record, row: Row) -> bool:
    """Text fields and coordinates present in the row, checked by the rules
    the form uses (registry/rules/actors.py)."""
    ok = True
    for key in TEXT_FIELDS:
        if record.sets(key):
            row.props[key] = record.get(key) or None
    if "postcode" in row.props:
        row.props["postcode"] = rules.normal_postcode(row.props["postcode"])
    if "website" in row.props:
        row.props["website"] = rules.normal_website(row.props["website"])
    for key, message in rules.format_problems(row.props):
        report.problem(record.row, record.header(key),
                       "„%s“: %s" % (row.props[key], message))
        ok = False
    for key in ("lat", "lon"):
        if not record.sets(key):
            continue
        text = record.get(key)
        row.props[key] = None
        if text:
            try:
                row.props[key] = parse_float(text)
            except ValueError:
                report.problem(record.row, record.header(key),
                               _("„%(text)s“ ist keine gültige Koordinate.") % {"text": text})
                ok = False
    return ok


def _check_coordinates(rows: list[Row], report: Report, old_props: dict[str, dict]) -> None:
    """Both or neither, in range: the values after the import (a cell left
    empty keeps the stored one)."""
    for row in rows:
        if not row.ok or ("lat" not in row.props and "lon" not in row.props):
            continue  # a cell that is no coordinate was named already
        old = old_props.get(row.id, {})
        lat = row.props["lat"] if "lat" in row.props else old.get("lat")
        lon = row.props["lon"] if "lon" in row.props else old.get("lon")
        problem = rules.coordinates_problem(lat, lon)
        if problem:
            report.problem(row.record.row, row.record.header(problem[0]), problem[1])
            row.ok = False


# -- matching --------------------------------------------------------------------------

def _match(rows: list[Row], report: Report, actors: Actors, areas: Areas,
           ctx: Context) -> list[Row]:
    seen: dict[tuple, int] = {}
    taken: dict[str, int] = {}  # existing actor id -> the row that claims it
    matched = []
    similar = _Similar(actors)
    for row in rows:
        area = row.area if row.area is not _KEEP else None
        key = ("ext", row.external_id) if row.external_id else ("name", row.folded, area)
        if key in seen:
            importer.duplicate(report, row.record,
                               "external_id" if row.external_id else "name", seen[key])
            continue
        seen[key] = row.record.row
        try:
            existing = _existing(row, actors)
        except Unresolved as error:
            report.problem(row.record.row, row.record.header("name"), str(error))
            continue
        if existing is None:
            candidates = similar.find(row)
            if candidates:
                existing, create = _duplicate_choice(row, candidates, report, areas, ctx)
                if existing is None and not create:
                    continue
        if existing is not None:
            if existing.id in taken:
                importer.duplicate(report, row.record, "name", taken[existing.id])
                continue
            taken[existing.id] = row.record.row
            row.existing, row.id = existing, existing.id
            if row.external_id is None:
                row.external_id = existing.external_id
        else:
            row.id = importer.new_id()
        matched.append(row)
    return matched


class _Similar:
    """Existing actors a new row probably duplicates: ``rules.probable_duplicate``,
    the rule of the actor form. Indexed on first use (a file that only updates
    known actors never needs it)."""

    def __init__(self, actors: Actors):
        self.actors = actors
        self.by_key: dict[str, list[ActorEntry]] | None = None
        self.by_street: dict[str, list[ActorEntry]] = {}

    def find(self, row: Row) -> list[ActorEntry]:
        if self.by_key is None:
            self.by_key = {}
            for entry in self.actors.entries.values():
                self.by_key.setdefault(rules.duplicate_key(entry.name), []).append(entry)
                street = rules.address_key(entry.street, entry.postcode)[0]
                if street:
                    self.by_street.setdefault(street, []).append(entry)
        if not self.by_key:
            return []  # a registry without actors: nothing to duplicate
        key = rules.duplicate_key(row.name)
        area = row.area if row.area is not _KEEP else None
        address = rules.address_key(row.props.get("street"), row.props.get("postcode"))
        found = {}
        for entry in self.by_key.get(key, []) + self.by_street.get(address[0], []):
            at_address = rules.same_address(
                address, rules.address_key(entry.street, entry.postcode))
            if rules.probable_duplicate(key, rules.duplicate_key(entry.name),
                                        same_area=entry.area == area, at_address=at_address):
                found[entry.id] = entry
        return sorted(found.values(), key=lambda entry: (fold(entry.name), entry.id))


def _duplicate_choice(row: Row, candidates: list[ActorEntry], report: Report, areas: Areas,
                      ctx: Context) -> tuple[ActorEntry | None, bool]:
    """The person's choice for a row that probably duplicates ``candidates``:
    (the actor to update, None) or (None, create?). Without a choice the row
    is skipped, so nothing is created twice by accident."""
    choice = ctx.duplicate_choices.get(row.record.row, importer.SKIP)
    report.duplicates.append({
        "row": row.record.row, "name": row.name, "choice": choice,
        "candidates": [{"id": c.id, "name": c.name, "area": areas.label(c.area),
                        "address": _address(c)} for c in candidates]})
    if choice == importer.CREATE:
        return None, True
    if choice.startswith(importer.UPDATE):
        chosen = choice[len(importer.UPDATE):]
        for candidate in candidates:
            if candidate.id == chosen:
                return candidate, False
        report.problem(row.record.row, row.record.header("name"), _(
            "Der gewählte Akteur ist keine mögliche Dublette dieser Zeile (mehr). Bitte die "
            "Datei erneut hochladen und neu wählen."))
        return None, False
    report.skipped += 1
    return None, False


def _address(entry: ActorEntry) -> str:
    place = " ".join(part for part in (entry.postcode, entry.city) if part)
    return ", ".join(part for part in (entry.street, place) if part)


def _existing(row: Row, actors: Actors) -> ActorEntry | None:
    if row.external_id and row.external_id in actors.by_external:
        return actors.entries[actors.by_external[row.external_id]]
    candidates = [actors.entries[i] for i in actors.by_name.get(row.folded, [])]
    if row.external_id:
        candidates = [c for c in candidates if not c.external_id]
    if row.area not in (_KEEP, None):
        candidates = [c for c in candidates if c.area == row.area]
    if len(candidates) > 1:
        raise Unresolved(_("Mehrdeutig: %(n)d Akteure im Register heißen „%(name)s“. Bitte "
                           "eine Externe ID oder den Sozialraum angeben.")
                         % {"n": len(candidates), "name": row.name})
    return candidates[0] if candidates else None


def _resolve_refs(rows: list[Row], report: Report, actors: Actors) -> None:
    """Träger and Dachverband name an actor of the registry or of this file."""
    file_ids = {row.id for row in rows}
    by_external = {row.external_id: row.id for row in rows if row.external_id}
    by_name: dict[str, set[str]] = {}
    for row in rows:
        by_name.setdefault(row.folded, set()).add(row.id)
    for row in rows:
        for key, attr in (("operator", "operator_ref"), ("umbrella", "umbrella_ref")):
            text = getattr(row, attr)
            if not text:
                continue
            try:
                target = _resolve(text, actors, file_ids, by_external, by_name)
            except Unresolved as error:
                report.problem(row.record.row, row.record.header(key), str(error))
                continue
            if target == row.id:
                report.problem(row.record.row, row.record.header(key),
                               rules.self_link_problem(key))
                continue
            setattr(row, key, target)


def _resolve(text: str, actors: Actors, file_ids: set[str], by_external: dict[str, str],
             by_name: dict[str, set[str]]) -> str:
    if text in actors.entries or text in file_ids:
        return text
    if text in by_external:
        return by_external[text]
    if text in actors.by_external:
        return actors.by_external[text]
    found = set(actors.by_name.get(fold(text), [])) | by_name.get(fold(text), set())
    if len(found) == 1:
        return found.pop()
    if found:
        raise Unresolved(_("Mehrdeutiger Akteur „%(text)s“: %(n)d Akteure heißen so. Bitte "
                           "die Externe ID angeben.") % {"text": text, "n": len(found)})
    raise Unresolved(_("Unbekannter Akteur „%(text)s“: weder im Register noch in dieser "
                       "Datei.") % {"text": text})


def _check_link_kinds(rows: list[Row], report: Report, actors: Actors) -> None:
    """Which kinds may be Träger (Dachverband) of which: the form's rule. A
    link an actor already has is kept as it is."""
    kinds = {entry.id: entry.kind for entry in actors.entries.values()}
    kinds.update({row.id: row.kind for row in rows})
    for row in rows:
        for attr in ("operator", "umbrella"):
            target = getattr(row, attr)
            if target in (_KEEP, None):
                continue
            if row.existing is not None and getattr(row.existing, attr) == target \
                    and row.existing.kind == row.kind:
                continue
            problem = (rules.operator_problem(row.kind, kinds.get(target)) if attr == "operator"
                       else rules.umbrella_problem(row.kind, kinds.get(target)))
            if problem:
                report.problem(row.record.row, row.record.header(attr), problem)
                row.ok = False


def _final(rows: list[Row], actors: Actors, attr: str) -> dict[str, str | None]:
    """Each actor's Träger (or Dachverband) after the import."""
    links = {entry.id: getattr(entry, attr) for entry in actors.entries.values()}
    for row in rows:
        value = getattr(row, attr)
        if value is not _KEEP:
            links[row.id] = value
        elif row.id not in links:
            links[row.id] = None
    return links


def _check_cycles(rows: list[Row], report: Report, actors: Actors, attr: str,
                  what: str) -> None:
    links = _final(rows, actors, attr)
    names = {entry.id: entry.name for entry in actors.entries.values()}
    names.update({row.id: row.name for row in rows})
    for row in rows:
        if getattr(row, attr) in (_KEEP, None):
            continue
        chain = rules.cycle(row.id, links.get(row.id), links.get)
        if chain:
            shown = " → ".join(names.get(i, i) for i in chain)
            report.problem(row.record.row, row.record.header(attr),
                           _("Kreis in der Kette „%(what)s“: %(chain)s.")
                           % {"what": what, "chain": shown})


def _sectors(rows: list[Row], actors: Actors) -> dict[str, str]:
    """Every actor's sector after the import (public Jugendamt, facility has
    its Träger's sector, the rest keep their own)."""
    operators = _final(rows, actors, "operator")
    kinds = {entry.id: entry.kind for entry in actors.entries.values()}
    own = {entry.id: entry.sector or "frei" for entry in actors.entries.values()}
    for row in rows:
        kinds[row.id] = row.kind
        own[row.id] = row.sector_cell or (row.existing.sector if row.existing else None) or "frei"
    final: dict[str, str] = {}
    for start in operators:
        chain, current = [], start
        while current is not None and current not in final and current not in chain:
            chain.append(current)
            current = operators.get(current)
        inherited = final.get(current) if current is not None else None
        for actor_id in reversed(chain):
            operator_sector = inherited if operators.get(actor_id) is not None else None
            sector = rules.sector(kinds.get(actor_id), operator_sector,
                                  own.get(actor_id, "frei")) or "frei"
            final[actor_id] = inherited = sector
    return final


def _check_sectors(rows: list[Row], report: Report, sectors: dict[str, str]) -> None:
    for row in rows:
        row.sector = sectors[row.id]
        problem = rules.sector_problem(row.kind, True, row.sector_cell, row.sector)
        if problem:
            report.problem(row.record.row, row.record.header("sector"), problem)


# -- writes ----------------------------------------------------------------------------

def _plan_writes(plan: Plan, rows: list[Row], actors: Actors, areas: Areas,
                 sectors: dict[str, str], old_props: dict[str, dict]) -> None:
    report = plan.report
    names = {entry.id: entry.name for entry in actors.entries.values()}
    names.update({row.id: row.name for row in rows})
    creates, updates, located, served, operated, affiliated, changes = [], [], [], [], [], [], []
    in_file = set()
    written: list[Row] = []
    for row in rows:
        in_file.add(row.id)
        new = {"name": row.name, "kind": row.kind, "sector": row.sector,
               "external_id": row.external_id, **row.props}
        entry = row.existing
        if entry is None:
            props = {k: v for k, v in new.items() if v is not None}
            props["search_name"] = row.folded
            # The create statement writes the history record too.
            creates.append(importer.with_record(
                {"id": row.id, "props": props,
                 "area": row.area if row.area is not _KEEP else None},
                new, _relation_fields(row, None, areas, names)))
            if row.serves is not _KEEP and row.serves:
                served.append({"id": row.id, "targets": row.serves})
            report.created += 1
            written.append(row)
            _relation_ops(row, None, None, None, operated, affiliated)
            continue
        old = old_props.get(row.id, {})
        before = {k: old.get(k) for k in new}
        fields = history.diff(before, new)
        fields += _relation_fields(row, entry, areas, names)
        if not fields:
            report.unchanged += 1
            continue
        props = {f["field"]: new[f["field"]] for f in fields if f["field"] in new}
        if "name" in props:
            props["search_name"] = row.folded
        updates.append(_guarded(entry, props, row))
        changes.append(importer.history_row("actor", row.id, "update", fields))
        report.updated += 1
        written.append(row)
        _relation_ops(row, entry, located, served, operated, affiliated)
    operators = _final(rows, actors, "operator")
    units = _commit_order(written)
    for actor_id in _below(in_file, operators) - in_file:
        entry = actors.entries[actor_id]
        sector = sectors[actor_id]
        if sector != entry.sector:
            updates.append(_guarded(entry, {"sector": sector}))
            changes.append(importer.history_row("actor", entry.id, "update", [
                {"field": "sector", "old": entry.sector, "new": sector}]))
            report.cascaded += 1
            if units is not None:
                units = _with_cascade(units, actor_id, operators)
    plan.units = units
    plan.add("exchange_actor_create", creates)
    plan.add("exchange_actor_update", updates, guarded=True)
    plan.add("exchange_actor_location", located)
    plan.add("exchange_actor_serves", served)
    plan.add("exchange_actor_operator", operated)
    plan.add("exchange_actor_umbrella", affiliated)
    plan.add("exchange_history", changes)


def _guarded(entry: ActorEntry, props: dict, row: Row | None = None) -> dict:
    """An update row written only over the version checked (``exchange_actor_update``);
    its file row and name say which one was changed meanwhile (importer.Changed)."""
    return {"id": entry.id, "props": props, "version": entry.version,
            "row": row.record.row if row else None, "name": row.name if row else entry.name}


def _commit_order(written: list[Row]) -> dict[str, int] | None:
    """Each written row's place when a big file commits in parts: a row's
    Träger and Dachverband from the file come first, so no part links to an
    actor a later part creates. None when rows link in a circle (then the
    file goes in one transaction)."""
    ids = {row.id for row in written}
    targets = {row.id: [t for t in (row.operator, row.umbrella) if t in ids] for row in written}
    rank: dict[str, int] = {}
    for row in written:
        if row.id in rank:
            continue
        stack, open_ = [row.id], {row.id}
        while stack:
            node = stack[-1]
            target = next((t for t in targets[node] if t not in rank), None)
            if target is None:
                rank[node] = len(rank)
                stack.pop()
                open_.discard(node)
            elif target in open_:
                return None
            else:
                stack.append(target)
                open_.add(target)
    return rank


def _with_cascade(units: dict[str, int], actor_id: str,
                  operators: dict[str, str | None]) -> dict[str, int] | None:
    """A facility outside the file whose sector follows its Träger commits
    with the nearest written Träger above it (None: there is none)."""
    current, seen = operators.get(actor_id), {actor_id}
    while current is not None and current not in units and current not in seen:
        seen.add(current)
        current = operators.get(current)
    if current is None or current not in units:
        return None
    units[actor_id] = units[current]
    return units


def _below(roots: set[str], operators: dict[str, str | None]) -> set[str]:
    """Every actor run (directly or down the chain) by one of ``roots``."""
    children: dict[str, list[str]] = {}
    for child, parent in operators.items():
        if parent:
            children.setdefault(parent, []).append(child)
    found, todo = set(), list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _relation_fields(row: Row, entry: ActorEntry | None, areas: Areas,
                     names: dict[str, str]) -> list[dict]:
    """History rows for changed relations, keyed as actors.py keys them."""
    fields = []
    for key, new, old, label in (
        ("location", row.area, entry.area if entry else None, areas.label),
        ("operator", row.operator, entry.operator if entry else None, names.get),
        ("umbrella", row.umbrella, entry.umbrella if entry else None, names.get),
    ):
        if new is not _KEEP and new != old:
            fields.append({"field": key, "old": label(old) if old else None,
                           "new": label(new) if new else None})
    if row.serves is not _KEEP:
        old_serves = sorted(entry.serves) if entry else []
        if row.serves != old_serves:
            fields.append({
                "field": "serves",
                "old": ", ".join(sorted(areas.names.get(a, a) for a in old_serves)) or None,
                "new": ", ".join(sorted(areas.names.get(a, a) for a in row.serves)) or None})
    return fields


def _relation_ops(row: Row, entry: ActorEntry | None, located, served, operated,
                  affiliated) -> None:
    # New actors get their areas as they are created (located is None).
    if located is not None and row.area is not _KEEP and row.area != entry.area:
        located.append({"id": row.id, "target": row.area})
    if served is not None and row.serves is not _KEEP and row.serves != sorted(entry.serves):
        served.append({"id": row.id, "targets": row.serves})
    if row.operator is not _KEEP and (entry is None or row.operator != entry.operator):
        operated.append({"id": row.id, "target": row.operator})
    if row.umbrella is not _KEEP and (entry is None or row.umbrella != entry.umbrella):
        affiliated.append({"id": row.id, "target": row.umbrella})
