"""Report tables as plain data, shown as HTML and downloaded as CSV or XLSX.

A ``Table`` has typed columns; each cell shows German text on the page and
in the CSV (decimal comma, "–" for a value that is not defined), and keeps
its number or date in the XLSX. The CSV starts with a UTF-8 byte order mark
and uses ";" so that a German Excel opens it correctly.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


from . import i18n

DASH = "–"

# Column formats: how a value is shown, and its Excel number format.
TEXT, INT, DECIMAL, PERCENT, POINTS, DATE, DATETIME, REF = (
    "text", "int", "decimal", "percent", "points", "date", "datetime", "ref")
_EXCEL_FORMAT = {INT: "0", DECIMAL: "0.000", PERCENT: "0.0%", POINTS: "#,##0",
                 DATE: "DD.MM.YYYY", DATETIME: "DD.MM.YYYY HH:MM"}
NUMERIC = frozenset({INT, DECIMAL, PERCENT, POINTS})


@dataclass(frozen=True)
class Ref:
    """A cell naming a registry entry; the page links it to its detail page."""

    kind: str       # actor, agreement, network, area, target_group
    id: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    format: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.format in NUMERIC


@dataclass
class Table:
    name: str                     # the download name (a whitelisted key)
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty: str = ""               # shown instead of an empty table
    # A row may carry "_map": a link to the map with its entries highlighted.

    @property
    def has_map_links(self) -> bool:
        return any(row.get("_map") for row in self.rows)

    def text(self, row: dict, column: Column) -> str:
        return format_value(row.get(column.key), column.format)

    def value(self, row: dict, column: Column) -> Any:
        """The cell for a spreadsheet: numbers and dates as such, None as empty."""
        value = row.get(column.key)
        if value is None:
            return None
        if isinstance(value, Ref):
            return value.text
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return yes_no(value)
        return value


# Rows a report page shows per table; the whole table is one link away
# (paged) and in the downloads, so no page grows with the registry.
PREVIEW_ROWS = 25


def sorted_rows(table: Table, key: str, descending: bool = False) -> list[dict[str, Any]]:
    """The table's rows sorted by column ``key`` (a column of the table):
    numbers as numbers, text case-insensitively, empty cells always last."""
    column = next(c for c in table.columns if c.key == key)

    def sort_key(row: dict) -> Any:
        value = table.value(row, column)
        if isinstance(value, str):
            return value.casefold()
        return value

    filled = [r for r in table.rows if table.value(r, column) is not None]
    empty = [r for r in table.rows if table.value(r, column) is None]
    return sorted(filled, key=sort_key, reverse=descending) + empty


def yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return "ja" if value else "nein"


def _german(number: float, digits: int) -> str:
    return i18n.number(number, digits)


def format_value(value: Any, fmt: str = TEXT) -> str:
    """German text of a cell value; "–" for a value that is not defined."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or DASH
    if fmt == INT:
        return _german(value, 0)
    if fmt == DECIMAL:
        return _german(value, 3)
    if fmt == PERCENT:
        return _german(100 * value, 1) + "\u00a0%"
    if fmt == POINTS:
        return _german(value, 0)
    if isinstance(value, datetime):
        return i18n.moment(value)
    if isinstance(value, date):
        return i18n.day(value)
    return str(value)


# A spreadsheet would read text starting with these as a formula: names
# typed by users must stay text (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(table: Table, row: dict, column: Column) -> str:
    text = table.text(row, column)
    if not column.numeric and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(table, row, c) for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook  # on first use: 30 MB a worker need not hold for pages
    from openpyxl.utils import get_column_letter
    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append([c.label for c in table.columns])
    for row in table.rows:
        sheet.append([table.value(row, c) for c in table.columns])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        number_format = _EXCEL_FORMAT.get(column.format)
        if number_format:
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        sheet.column_dimensions[letter].width = min(60, max(10, len(column.label) + 2))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
