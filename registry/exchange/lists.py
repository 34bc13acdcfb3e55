"""Every list of the registry in the import templates' format: what a person
downloads here, edits in Excel and uploads again changes only what was
edited, and importing the download unchanged changes nothing.

One XLSX workbook with a sheet per template, named like the template
(``templates.SHEET_NAMES``), so the upload takes it whole
(``bundles.template_sheets``). Cells are stored as text: leading zeros stay,
and a name starting with "=" stays a name (no formula). No CSV: Excel would
run such cells as formulas, and the usual guard (a leading apostrophe)
would change the value on the way back.

References are written as the import reads them: an area by its code (else
its name), an actor or network by its external id, else its name, and by its
registry id only where the name is ambiguous (such an id finds the entry
only in this registry).
"""
from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

from .. import i18n, model
from ..db import Database
from ..text import fold
from . import templates
from .importer import DEPENDENCY_ORDER

LIST_SEPARATOR = f" {templates.LIST_SEPARATOR} "


class _Names:
    """How a reference to an entry is written: see the module docstring."""

    def __init__(self, rows: list[dict], name_key: str = "name", code_key: str = "external_id"):
        self.by_id = {row["id"]: row for row in rows}
        self.count = Counter(fold(row.get(name_key)) for row in rows)
        self.name_key, self.code_key = name_key, code_key

    def __call__(self, entry_id: str | None) -> str:
        row = self.by_id.get(entry_id) if entry_id else None
        if row is None:
            return ""
        if row.get(self.code_key):
            return row[self.code_key]
        name = row.get(self.name_key) or ""
        return name if self.count[fold(name)] == 1 else row["id"]


def _label(vocabulary: dict[str, Any], key: str | None) -> str:
    return str(vocabulary.get(key, key)) if key else ""


def _day(value: date | None) -> str:
    return i18n.day(value) if value else ""


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value)).replace(".", ",")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def lists(db: Database) -> dict[str, list[list[str]]]:
    """Rows (cells in template column order) of every template, by template."""
    areas = db.read("export_areas")
    actors = db.read("export_actors")
    agreements = db.read("export_agreements")
    networks = db.read("export_networks")
    area_ref = _Names(areas, code_key="code")
    actor_ref = _Names([row["props"] for row in actors])
    network_ref = _Names([row["props"] for row in networks])
    out: dict[str, list[list[str]]] = {
        "areas": [[_text(a["code"]), a["name"], _label(model.AREA_LEVELS, a["level"]),
                   _label(model.AREA_SETTINGS, a["setting"]), area_ref(a["parent"]),
                   _text(a["geometry"])]
                  for a in areas],
        "target_groups": [[row["name"]] for row in db.read("export_target_groups")],
        "actors": [], "actor_target_groups": [], "contacts": [], "agreements": [],
        "networks": [], "memberships": [],
    }
    for row in actors:
        a, ref = row["props"], actor_ref(row["props"]["id"])
        out["actors"].append([
            _text(a.get("external_id")), a["name"], _label(model.ACTOR_KINDS, a.get("kind")),
            _label(model.SECTORS, a.get("sector")), area_ref(row["area"]),
            LIST_SEPARATOR.join(area_ref(s) for s in row["serves"]),
            actor_ref(row["operator"]), actor_ref(row["umbrella"]),
            _text(a.get("description")), _text(a.get("street")), _text(a.get("postcode")),
            _text(a.get("city")), _number(a.get("lat")), _number(a.get("lon")),
            _text(a.get("website")), _text(a.get("email")), _text(a.get("phone"))])
        if row["groups"]:
            out["actor_target_groups"].append([ref, LIST_SEPARATOR.join(row["groups"])])
        for c in row["contacts"]:
            out["contacts"].append([ref, c["name"], _text(c.get("function")),
                                    _text(c.get("email")), _text(c.get("phone")),
                                    "ja" if c.get("public") else "nein"])
    for row in agreements:
        v = row["props"]
        parties = LIST_SEPARATOR.join(
            actor_ref(actor) + (f" [{role}]" if role else "") for actor, role in row["parties"])
        out["agreements"].append([
            _text(v.get("external_id")), v["title"], _label(model.AGREEMENT_TYPES, v.get("type")),
            parties, _label(model.AGREEMENT_STATUSES, v.get("status")), _text(v.get("subject")),
            _day(v.get("valid_from")), _day(v.get("valid_until")), _day(v.get("review_date")),
            _text(v.get("document_ref")),
            _label(model.PARTICIPATION_LEVELS, v.get("participation"))])
    for row in networks:
        n = row["props"]
        out["networks"].append([
            _text(n.get("external_id")), n["name"], _label(model.NETWORK_TYPES, n.get("type")),
            _text(n.get("description")), _label(model.MEETING_RHYTHMS, n.get("rhythm")),
            _label(model.PARTICIPATION_LEVELS, n.get("participation")), area_ref(row["scope"]),
            actor_ref(row["coordinator"])])
        for m in row["members"]:
            out["memberships"].append([network_ref(n["id"]), actor_ref(m["actor"]),
                                       _label(model.MEMBER_ROLES, m["role"]), _day(m["since"]),
                                       _day(m["until"])])
    return out


def xlsx_bytes(db: Database, entities: list[str] | None = None) -> bytes:
    """A workbook with a sheet per template (all of them, or ``entities``),
    in the order the import applies them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    found = lists(db)
    book = Workbook()
    book.remove(book.active)
    for entity in DEPENDENCY_ORDER:
        if entities is not None and entity not in entities:
            continue
        sheet = book.create_sheet(templates.SHEET_NAMES[entity])
        sheet.append([c.header for c in templates.TEMPLATES[entity]])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, cells in enumerate(found[entity], start=2):
            for position, text in enumerate(cells, start=1):
                _text_cell(sheet.cell(row=number, column=position), text)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(cell, text: str) -> None:
    if text == "":
        return
    cell.value = text
    cell.data_type = "s"  # never a formula, even for "=…" or "+49 …"
    cell.number_format = "@"

