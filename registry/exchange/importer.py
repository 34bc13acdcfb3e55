"""Spreadsheet import: a dry run that reports, then a checked write.

``run(db, entity, table, ...)`` reads what it needs from the registry once
(areas, actors, ...), checks every row and plans every change. A dry run
stops there and returns the report: how many rows would be created, updated
or left unchanged, and every problem by row and column. Applying runs the very
same planning again inside a write transaction, so a change made between
dry run and confirmation is seen, and writes only when no row has a problem:
a file with a problem changes nothing. Writes are batched ``UNWIND`` queries;
each changed entity gets its history record (field by field) in the same
transaction as the entity.

A big actor file commits in parts once the whole file is checked: whole
units (an actor with its location, links and history record) of
``Commits.units`` rows per transaction, the first part in the checking
transaction itself. One transaction for 100,000 new actors took as long to
commit as the floor took for everything (bench/README.md). An interruption
after the first part (Neo4j gone, a conflicting edit) raises ``Interrupted``
with how many rows are in; importing the same file again completes it, as
rows already in are unchanged then. Other kinds, and actors linked to each
other in a circle, still go in ONE transaction. An actor is updated only over
the version the check read, as the form saves it (``Op.guarded``): one saved
in the form after the check is left alone and the import stops naming it
(``Changed``; in a later part ``Interrupted``), the parts before stay whole.

Rows are matched to what exists by stable external ids or natural keys (see
the entity planners), so importing the same file twice changes nothing the
second time.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import secrets
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timezone
from itertools import compress, repeat
from operator import gt
from sys import maxsize
from typing import Any, Callable, Iterable, Mapping

from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

from .. import access, history
from ..db import Database, Tx
from ..i18n import gettext as _
from ..i18n import ngettext
from ..rules import dates
from . import templates
from .planners import PLANNERS, planner
from .readers import Table

_log = logging.getLogger(__name__)

BATCH_SIZE = 2000
# Rows (units) per transaction of a big actor file once it is checked.
UNITS_PER_COMMIT = 10_000
ENTITIES = ("actors", "agreements", "memberships", "areas", "target_groups",
            "actor_target_groups", "contacts", "networks", "berlin")
# Several files (or sheets) in one upload go in this order, whatever order
# they came in: what a row refers to exists before the row is checked.
DEPENDENCY_ORDER = ("areas", "target_groups", "actors", "actor_target_groups", "contacts",
                    "agreements", "networks", "memberships")

# progress(done, total, phase)
Progress = Callable[[int, int, str], None]


@dataclass
class Problem:
    row: int  # the row number Excel shows (1: the header row)
    column: str | None  # the column header as written in the file
    message: str
    source: str | None = None  # the file or sheet, when one upload holds several


@dataclass
class Report:
    entity: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Actors outside the file whose sector follows their Träger's new sector.
    cascaded: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Rows left out because they probably duplicate an existing actor.
    skipped: int = 0
    # Rows that probably duplicate an existing actor: {"row", "name",
    # "choice", "candidates": [{"id", "name", "area", "address"}]}.
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    # Further counts a planner reports (Berlin: areas, Träger, Kitas).
    details: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    encoding: str | None = None
    delimiter: str | None = None
    # Several files (sheets) in one upload: per part {source, entity, rows,
    # created, updated, unchanged, problems}.
    parts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.cascaded

    def problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        data = dict(data)
        data["problems"] = [Problem(**p) for p in data.get("problems") or []]
        return cls(**data)


# The cell text that clears a stored value on update (an empty cell keeps it).
CLEAR_MARKER = "(leer)"


@dataclass
class Record:
    """One data row: cell text by column key, and the header each key had.

    Update semantics, the same for every template: a column missing from the
    file or an EMPTY cell leaves the stored value alone (``sets`` is False);
    the cell ``(leer)`` clears it (``clears`` is True, ``get`` gives "")."""

    row: int
    values: dict[str, str]
    headers: dict[str, str]
    # Keys whose cell is the clear marker; the cells as ``get`` gives them;
    # the keys ``has`` and ``sets`` are true for. Found once per row: these
    # are asked per cell and rule, millions of times in a big file.
    cleared: frozenset[str] = field(init=False, repr=False, compare=False)
    _cells: dict[str, str] = field(init=False, repr=False, compare=False)
    _given: frozenset[str] = field(init=False, repr=False, compare=False)
    _set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = self.values
        self.cleared = frozenset(key for key, value in values.items()
                                 if "(" in value and is_clear_marker(value)
                                 ) if "(" in "".join(values.values()) else frozenset()
        self._cells = ({key: "" if key in self.cleared else value
                        for key, value in values.items()}
                       if self.cleared else values)
        # The keys of non-empty cells (compress keeps a key whose value is true).
        given = frozenset(compress(self._cells, self._cells.values()))
        self._given = given if self.headers.keys() >= given else given & self.headers.keys()
        self._set = self._given | (self.cleared & self.headers.keys())

    def has(self, key: str) -> bool:
        """The row gives this field a value."""
        return key in self._given

    def get(self, key: str) -> str:
        return self._cells.get(key, "")

    def clears(self, key: str) -> bool:
        return key in self.headers and key in self.cleared

    def sets(self, key: str) -> bool:
        """The row gives this field a value or clears it."""
        return key in self._set

    def header(self, key: str) -> str:
        return self.headers.get(key) or key


def is_clear_marker(text: str) -> bool:
    return text.strip().casefold() == CLEAR_MARKER


@dataclass
class Context:
    by: str = "system"
    # Area ids a limited coordination account may edit in; None: everywhere.
    allowed_areas: frozenset[str] | None = None
    today: date = field(default_factory=date.today)
    # What to do with a row that probably duplicates an existing actor, by
    # row number: SKIP (the default), CREATE, or UPDATE + the actor's id.
    duplicate_choices: dict[int, str] = field(default_factory=dict)


# Choices for a probable duplicate; nothing is created twice unless asked.
SKIP, CREATE, UPDATE = "skip", "create", "update:"


def duplicate_choices(form: Mapping[str, str], duplicates: list[dict[str, Any]]) -> dict[int, str]:
    """The confirmation's choice per probable duplicate of the dry run (field
    ``dublette-<row>``). Only the choices the page offered count; anything
    else keeps the default, skipping the row."""
    choices = {}
    for duplicate in duplicates:
        offered = {SKIP, CREATE} | {UPDATE + candidate["id"]
                                    for candidate in duplicate["candidates"]}
        value = form.get(f"dublette-{duplicate['row']}", SKIP)
        choices[int(duplicate["row"])] = value if value in offered else SKIP
    return choices


@dataclass
class Op:
    """One batched write: a named query run once per batch of rows."""

    query: str
    rows: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)
    # The query writes a row only over the version the check read and returns
    # the ids it wrote (one row: ``written``); a row left out was changed
    # since: ``Changed``.
    guarded: bool = False


@dataclass
class Plan:
    report: Report
    ops: list[Op] = field(default_factory=list)
    # The commit order of the written rows (units) by entity id, when the
    # plan may commit in parts: an op row belongs to the unit of its "id"
    # (a history row: of its "entity_id"). None: one transaction.
    units: dict[str, int] | None = None

    def add(self, query: str, rows: list[dict], *, guarded: bool = False, **params) -> None:
        if rows:
            self.ops.append(Op(query, rows, params, guarded))


class ImportRefused(ValueError):
    """Apply was asked for a file with problems; nothing was written."""

    def __init__(self, report: Report):
        super().__init__(_("Die Datei hat %(n)d Probleme; es wurde nichts geändert.")
                         % {"n": len(report.problems)})
        self.report = report


class Changed(RuntimeError):
    """Entries of the file were saved (or deleted) in the registry after the
    file was checked: the transaction writing them rolls back, so nothing is
    written (a later part: ``Interrupted``, with ``reason``). ``rows``: the
    guarded op rows left out, with their file ``row`` (None: an entry outside
    the file, e.g. a facility whose sector follows its Träger) and ``name``."""

    SHOWN = 10  # entries named in the message; the rest are counted

    def __init__(self, rows: list[dict[str, Any]]):
        named = [_("„%(name)s“ in Zeile %(row)d") % row if row.get("row") is not None
                 else _("„%(name)s“ (nicht in der Datei)") % row for row in rows[:self.SHOWN]]
        if len(rows) > self.SHOWN:
            named.append(_("%(n)d weitere") % {"n": len(rows) - self.SHOWN})
        self.reason = ngettext(
            "der Akteur %(names)s wurde nach der Prüfung der Datei im Register geändert oder "
            "gelöscht; bitte die Zeile vor dem erneuten Import prüfen",
            "die Akteure %(names)s wurden nach der Prüfung der Datei im Register geändert oder "
            "gelöscht; bitte die Zeilen vor dem erneuten Import prüfen", len(rows)) % {
            "names": ", ".join(named)}
        super().__init__(_("Es wurde nichts geändert: %(reason)s.") % {"reason": self.reason})
        self.rows = rows


class Interrupted(RuntimeError):
    """An applied file stopped before all its rows were in: the rows written
    (the parts committed before) are whole, the rest is missing until the
    same file is imported again."""

    def __init__(self, written: int, total: int, error: BaseException):
        if isinstance(error, Changed):
            reason = error.reason
        elif isinstance(error, (ServiceUnavailable, SessionExpired)):
            reason = _("die Datenbank war nicht erreichbar")
        elif isinstance(error, TransientError):
            reason = _("eine gleichzeitige Änderung oder fehlender Arbeitsspeicher der Datenbank")
        else:  # the class and message are for operators: run() logs them
            reason = _("ein unerwarteter Fehler")
        super().__init__(interrupted_message(written, total, reason))
        self.written, self.total = written, total


def interrupted_message(written: int, total: int, reason: str | None = None) -> str:
    """What an import stopped after ``written`` of ``total`` rows says."""
    return _("Der Import wurde unterbrochen%(reason)s. %(written)d von %(total)d neuen oder "
             "geänderten Zeilen sind vollständig übernommen, die übrigen noch nicht. Bitte "
             "dieselbe Datei erneut importieren: übernommene Zeilen bleiben unverändert, "
             "die übrigen werden ergänzt.") % {
        "reason": f" ({reason})" if reason else "", "written": written, "total": total}


@dataclass
class Commits:
    """How an applied file commits once checked."""

    units: int = UNITS_PER_COMMIT  # rows per transaction
    # Called inside each part's transaction after its writes with the rows
    # in once it commits and the rows to write in all: the import job keeps
    # its count there, so it is never ahead of or behind the data.
    record: Callable[[Tx, int, int], None] | None = None


class TooLarge(RuntimeError):
    """The file does not fit into one transaction of this Neo4j (memory)."""

    def __init__(self, table: Table):
        super().__init__(_(
            "Die Datei (%(rows)d Zeilen) ist zu groß, um sie in einem Schritt zu übernehmen: "
            "der Datenbank fehlt Arbeitsspeicher. Es wurde nichts geändert. Bitte die Datei "
            "teilen oder den Speicher der Datenbank erhöhen.") % {"rows": len(table.rows)})


# -- reading rows --------------------------------------------------------------------

def records(entity: str, table: Table, report: Report) -> list[Record]:
    """The table's rows keyed by template column; header problems go to the
    report (and then no rows are returned)."""
    match = templates.match_headers(entity, table.headers)
    for number in table.title_rows:
        report.warnings.append(_("Zeile %(row)d ist eine Titelzeile und wird übersprungen; "
                                 "die Kopfzeile ist Zeile %(header)d.")
                               % {"row": number, "header": table.header_row})
    if not match.index:  # not one column of the template: a title line, or no header
        report.problem(table.header_row, None, header_refusal(table, entity))
        report.rows = len(table.rows)
        return []
    for column in match.missing:
        report.problem(table.header_row, column.header,
                       _("Pflichtspalte „%(header)s“ fehlt in der Kopfzeile.")
                       % {"header": column.header})
    for header in match.duplicate:
        report.problem(table.header_row, header,
                       _("Die Spalte „%(header)s“ steht mehrfach in der Kopfzeile.")
                       % {"header": header})
    for header in match.unknown:
        report.warnings.append(_("Die Spalte „%(header)s“ ist unbekannt und wird nicht "
                                 "eingelesen.") % {"header": header})
    report.rows = len(table.rows)
    if report.problems:
        return []
    headers = {key: table.headers[i] for key, i in match.index.items()}
    return [
        Record(number, {key: cells[i] if i < len(cells) else "" for key, i in match.index.items()},
               headers)
        for number, cells in table.rows
    ]


def header_refusal(table: Table, entity: str | None = None) -> str:
    """The message for a file whose header row names no column of the
    template (of any template without ``entity``), naming that row: mostly a
    title line that was not recognised as one."""
    if entity:
        required = ", ".join(f"„{c.header}“" for c in templates.TEMPLATES[entity] if c.required)
        what = _("die Spaltennamen der Vorlage enthalten (mindestens %(required)s)") % {
            "required": required}
    else:
        what = _("die Spaltennamen einer Vorlage enthalten")
    text = " | ".join(h for h in table.headers if h)
    if len(text) > 80:
        text = text[:79] + "…"
    return _("Die Kopfzeile muss %(what)s. Zeile %(row)d enthält „%(text)s“; bitte "
             "Titelzeilen über der Kopfzeile entfernen oder die Vorlage verwenden.") % {
        "what": what, "row": table.header_row, "text": text}


# -- shared checks ---------------------------------------------------------------------

def begin(entity: str, table: Table) -> tuple[Plan, list[Record]]:
    """An empty plan for the file and its rows (none when the header is wrong)."""
    report = Report(entity)
    return Plan(report), records(entity, table, report)


def row_planner(kind: str) -> Callable[[Callable], Callable]:
    """Registers ``plan(tx, result, records, ctx)`` for a kind planned row by
    row: it gets the empty plan and the file's rows, and is not called for a
    file without rows (empty, or a wrong header): that plan stays empty."""
    def register(plan_rows: Callable) -> Callable:
        @planner(kind)
        def plan(tx: Tx, table: Table, ctx: Context) -> Plan:
            result, rows = begin(kind, table)
            return plan_rows(tx, result, rows, ctx) if rows else result
        return plan_rows
    return register


def resolved(report: Report, record: Record, key: str, index) -> str | None:
    """The id the cell names in ``index`` (refs.Areas or refs.Actors); None
    when the cell is empty or names nothing (then a problem)."""
    from .refs import Unresolved

    if not record.get(key):
        return None
    try:
        return index.resolve(record.get(key))
    except Unresolved as error:
        report.problem(record.row, record.header(key), str(error))
        return None


def required(report: Report, record: Record, *keys: str) -> bool:
    ok = True
    for key in keys:
        if not record.get(key):
            report.problem(record.row, record.header(key), _("Pflichtangabe fehlt."))
            ok = False
    return ok


def lengths(report: Report, record: Record, entity: str) -> bool:
    limits = _MAX_LENGTHS.get(entity)
    if limits is None:
        limits = _MAX_LENGTHS[entity] = {c.key: c.max_length for c in templates.TEMPLATES[entity]}
    values = record.values
    if not any(map(gt, map(len, values.values()), map(limits.get, values, repeat(maxsize)))):
        return True  # no cell too long (else each is named in the template's order)
    ok = True
    for column in templates.TEMPLATES[entity]:
        value = record.get(column.key)
        if len(value) > column.max_length:
            report.problem(record.row, record.header(column.key),
                           _("Zu lang: höchstens %(n)d Zeichen.") % {"n": column.max_length})
            ok = False
    return ok


# Each template's max_length by column key, found on first use.
_MAX_LENGTHS: dict[str, dict[str, int]] = {}


def vocabulary(report: Report, record: Record, key: str, vocab: dict[str, str],
               what: str) -> str | None:
    """The stored key for the cell, or None (a problem when the cell is not empty)."""
    text = record.get(key)
    if not text:
        return None
    found = templates.vocabulary_key(vocab, text)
    if found is None:
        allowed = ", ".join(str(label) for label in vocab.values())
        report.problem(record.row, record.header(key),
                       _("Unbekannte %(what)s „%(text)s“. Erlaubt: %(allowed)s.")
                       % {"what": what, "text": text, "allowed": allowed})
    return found


def parse_date_cell(report: Report, record: Record, key: str) -> tuple[bool, date | None]:
    from .readers import parse_date

    text = record.get(key)
    if not text:
        return True, None
    try:
        return True, parse_date(text)
    except ValueError:
        report.problem(record.row, record.header(key), str(dates.invalid_cell(text)))
        return False, None


def duplicate(report: Report, record: Record, column_key: str, first_row: int) -> None:
    report.problem(record.row, record.header(column_key),
                   _("Doppelt in der Datei: derselbe Eintrag steht schon in Zeile %(row)d.")
                   % {"row": first_row})


def first(report: Report, record: Record, column_key: str, key, seen: dict) -> bool:
    """Is this the first row with ``key``? A later one is a problem."""
    if key in seen:
        duplicate(report, record, column_key, seen[key])
        return False
    seen[key] = record.row
    return True


def may_edit(ctx: Context, paths: Iterable[list[str]], *more: Iterable[list[str]] | None) -> bool:
    """``access.within`` for the importing account: every placement given
    (the entry's current one and the one the row gives it) must be its own."""
    return access.within_all(ctx.allowed_areas, list(paths), *(
        None if p is None else list(p) for p in more))


def new_id() -> str:
    """``secrets.token_hex(6)``, from random bytes fetched 1,024 ids at a
    time (a system call per id was 6 % of checking a big file). The pool
    is this process's own: a forked worker starts a new one."""
    global _id_pool
    while True:
        pid, ids = _id_pool
        if pid == os.getpid():
            try:
                return ids.pop()
            except IndexError:  # used up (perhaps by another thread just now)
                pass
        text = secrets.token_bytes(6 * 1024).hex()
        _id_pool = (os.getpid(), [text[i:i + 12] for i in range(0, len(text), 12)])


_id_pool: tuple[int | None, list[str]] = (None, [])  # (pid, unused ids)


def history_row(entity_type: str, entity_id: str, action: str,
                fields: list[dict]) -> dict[str, Any]:
    """A change record as ``history.record`` writes it, for a batched write."""
    return {"id": new_id(), "entity_type": entity_type, "entity_id": entity_id,
            "action": action, "fields": [_field_json(f) for f in fields]}


def with_record(row: dict[str, Any], new: dict[str, Any],
                more: list[dict] = ()) -> dict[str, Any]:
    """``row`` of a create statement that writes the new entry's history
    record itself (``RECORDING``): the record's id as ``change``, and as
    ``fields`` what ``history_row`` gives for ``history.diff(None, new) +
    more``, the diff's rows written as text without making them."""
    row["change"] = new_id()
    row["fields"] = [f"{_CREATED_HEADS.get(name) or _created_head(name)}"
                     f"{_TEXT(value) if type(value) is str else _json_value(value)}}}"
                     for name, value in history.created(new)]
    row["fields"] += [_field_json(f) for f in more]
    return row


# Queries that write :Change records: they get the import's author and time.
RECORDING = frozenset({"exchange_history", "exchange_actor_create"})


_JSON = json.JSONEncoder(ensure_ascii=False)
_TEXT = json.encoder.encode_basestring  # the encoder's own string quoting (ensure_ascii=False)
_INF = float("inf")


def _field_json(row: dict[str, Any]) -> str:
    """``json.dumps(row, ensure_ascii=False)`` for a change row, by hand: a
    JSONEncoder call per field was the import's costliest step after the
    database (a dozen fields per actor). A row {field, old, new} (nearly
    all) reuses its text up to the new value, kept per field name when the
    old value is None (every field of a new entry)."""
    if len(row) == 3 and tuple(row) == _FIELD_KEYS:
        name, before, after = row.values()
        if before is None and type(name) is str:
            head = _CREATED_HEADS.get(name) or _created_head(name)
        else:
            head = f'{{"field": {_json_value(name)}, "old": {_json_value(before)}, "new": '
        return f"{head}{_TEXT(after) if type(after) is str else _json_value(after)}}}"
    return "{" + ", ".join(f"{_TEXT(key)}: {_json_value(value)}"
                           for key, value in row.items()) + "}"


_FIELD_KEYS = ("field", "old", "new")
_CREATED_HEADS: dict[str, str] = {}  # field name -> '{"field": "<name>", "old": null, "new": '


def _created_head(name: str) -> str:
    head = f'{{"field": {_TEXT(name)}, "old": null, "new": '
    if len(_CREATED_HEADS) < 1000:
        _CREATED_HEADS[name] = head
    return head


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is str:
        return _TEXT(value)
    if type(value) is float and -_INF < value < _INF:
        return float.__repr__(value)
    return _JSON.encode(value)  # numbers, booleans: the encoder's own spelling


# -- running ---------------------------------------------------------------------------

def run(db: Database, entity: str, table: Table, *, ctx: Context | None = None,
        dry_run: bool = False, progress: Progress | None = None,
        options: dict[str, Any] | None = None, commits: Commits | None = None) -> Report:
    """Check (and unless ``dry_run``, apply) a file. Raises ImportRefused when
    asked to apply a file with problems, Changed when an entry it updates was
    saved meanwhile (nothing written), Interrupted when a file committed in
    parts stopped after the first."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown import entity {entity!r}")
    ctx = ctx or Context()
    planner = PLANNERS[entity]
    options = options or {}
    commits = commits or Commits()
    later: list[tuple[_Part, _Writes]] = []  # the parts after the first

    def work(tx: Tx) -> Report:
        if progress:
            progress(0, 0, "check")
        with _no_cycle_collection():
            plan = planner(tx, table, ctx, **options)
        plan.report.encoding, plan.report.delimiter = table.encoding, table.delimiter
        if dry_run or plan.report.problems:
            return plan.report
        parts = _parts(plan, commits.units)
        writes = _Writes(ctx.by, sum(len(op.rows) for p in parts for op in p.ops), progress)
        parts[0].write(tx, writes, commits)
        later[:] = [(part, writes) for part in parts[1:]]
        plan.report.applied = True
        return plan.report

    with _memory(table):
        report = db.read_transaction(work) if dry_run else db.transaction(work)
    if not dry_run and report.problems:
        raise ImportRefused(report)
    for part, writes in later:
        try:
            db.transaction(lambda tx, part=part, writes=writes: part.write(tx, writes, commits))
        except Exception as error:
            if not isinstance(error, Changed):  # an edit meanwhile is no operator's matter
                _log.error("Import interrupted after %d of %d rows: %s: %s", part.before,
                           part.total, type(error).__name__, error, exc_info=error)
            raise Interrupted(part.before, part.total, error) from error
    return report


@dataclass
class _Part:
    """The ops of one transaction; ``before`` and ``after``: the rows in
    before and after it commits, ``total``: the rows to write in all."""

    ops: list[Op]
    before: int
    after: int
    total: int

    def write(self, tx: Tx, writes: "_Writes", commits: Commits) -> None:
        writes.run(tx, self.ops)
        if commits.record:
            commits.record(tx, self.after, self.total)


def _parts(plan: Plan, units: int) -> list[_Part]:
    """The plan's writes as transactions: whole units of ``units`` rows in
    commit order, or all in one (no order, few rows, or an op row outside
    every unit)."""
    total = plan.report.created + plan.report.updated
    ranks = plan.units
    if not ranks or total <= units:
        return [_Part(plan.ops, 0, total, total)]
    count = max(ranks.values()) + 1
    parts = [_Part([], start, min(start + units, count), count)
             for start in range(0, count, units)]
    for op in plan.ops:
        key = "entity_id" if op.query == "exchange_history" else "id"
        split: list[list[dict]] = [[] for _ in parts]
        for row in op.rows:
            rank = ranks.get(row.get(key))
            if rank is None:
                return [_Part(plan.ops, 0, total, total)]
            split[rank // units].append(row)
        for part, rows in zip(parts, split):
            if rows:
                part.ops.append(replace(op, rows=rows))
    return parts


@contextmanager
def _no_cycle_collection():
    """Planning builds a few dicts and strings per cell, none of them in a
    reference cycle; the cycle collector would walk them again and again as
    they pile up (a fifth of the planning time of a 30,000-row file). It is
    off while a file is planned and on again after (unless it was off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _memory(table: Table):
    try:
        yield
    except TransientError as error:
        if "MemoryPool" in (error.code or ""):
            raise TooLarge(table) from error
        raise


@dataclass
class Part:
    """One file (or workbook sheet) of an upload with several."""

    entity: str | None  # None: recognised from the header row
    table: Table
    source: str


class _DryRun(Exception):
    """Ends the transaction of a dry run of several files: nothing is kept."""

    def __init__(self, report: Report):
        super().__init__("dry run")
        self.report = report


def run_many(db: Database, parts: list[Part], *, ctx: Context | None = None,
             dry_run: bool = False, progress: Progress | None = None) -> Report:
    """Several files as one import: in DEPENDENCY_ORDER whatever order they
    came in, all in ONE transaction, each file planned after the writes of
    the ones before (so an actor file finds the areas of an area file).
    A dry run writes the same way and then rolls back. All or nothing:
    ImportRefused when applying and any file has a problem, Changed when an
    entry it updates was saved meanwhile."""
    ctx = ctx or Context()
    for part in parts:
        if part.entity is None:
            part.entity = templates.detect_entity(part.table.headers)
    known = [p for p in parts if p.entity in DEPENDENCY_ORDER]
    known.sort(key=lambda p: DEPENDENCY_ORDER.index(p.entity))

    def work(tx: Tx) -> Report:
        total = Report("several", encoding=None)
        for part in parts:
            if part not in known:
                total.problem(part.table.header_row, None, _(
                    "Die Kopfzeile passt zu keiner Vorlage. Bitte eine der Vorlagen verwenden "
                    "(bei einer Excel-Mappe: das Tabellenblatt nach der Vorlage benennen)."))
                total.problems[-1].source = part.source
        for part in known:
            if progress:
                progress(0, 0, "check")
            with _no_cycle_collection():
                plan = PLANNERS[part.entity](tx, part.table, ctx)
            _add_part(total, part, plan.report)
            if not plan.report.problems:
                execute(tx, plan.ops, ctx.by, progress)
        if dry_run or total.problems:
            raise _DryRun(total)
        total.applied = True
        return total

    try:
        with _memory(max((p.table for p in parts), key=lambda t: len(t.rows))):
            report = db.transaction(work)
    except _DryRun as ended:
        report = ended.report
    if not dry_run and report.problems:
        raise ImportRefused(report)
    return report


def _add_part(total: Report, part: Part, report: Report) -> None:
    for key in ("rows", "created", "updated", "unchanged", "cascaded", "skipped"):
        setattr(total, key, getattr(total, key) + getattr(report, key))
    total.duplicates.extend(dict(d, source=part.source) for d in report.duplicates)
    for problem in report.problems:
        problem.source = part.source
    total.problems.extend(report.problems)
    total.warnings.extend(f"{part.source}: {w}" for w in report.warnings)
    total.parts.append({"source": part.source, "entity": part.entity, "rows": report.rows,
                        "created": report.created, "updated": report.updated,
                        "unchanged": report.unchanged, "problems": len(report.problems)})


def execute(tx: Tx, ops: list[Op], by: str, progress: Progress | None = None) -> None:
    _Writes(by, sum(len(op.rows) for op in ops), progress).run(tx, ops)


class _Writes:
    """Runs ops in batches of BATCH_SIZE rows, reporting progress over all
    the transactions of one import; one timestamp for all its history."""

    def __init__(self, by: str, total: int, progress: Progress | None):
        self.by, self.total, self.progress = by, total, progress
        self.done = 0
        self.at = datetime.now(timezone.utc)
        if progress:
            progress(0, total, "write")

    def run(self, tx: Tx, ops: list[Op]) -> None:
        for op in ops:
            params = dict(op.params)
            if op.query in RECORDING:
                params.update(by=self.by, at=self.at)
            changed: list[dict[str, Any]] = []
            for start in range(0, len(op.rows), BATCH_SIZE):
                batch = op.rows[start:start + BATCH_SIZE]
                result = tx.run(op.query, rows=batch, **params)
                if op.guarded and len(result[0]["written"]) < len(batch):
                    written = set(result[0]["written"])
                    changed += [row for row in batch if row["id"] not in written]
                self.done += len(batch)
                if self.progress:
                    self.progress(self.done, self.total, "write")
            if changed:
                raise Changed(changed)
