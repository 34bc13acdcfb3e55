"""Reading spreadsheets the way German offices save them.

CSV from Excel comes as UTF-8 (with or without BOM), as Windows-1252 ("CSV
(Trennzeichen-getrennt)") or as UTF-16 ("Unicode-Text"), separated by ``;``
(German locale), ``,`` or tabs. XLSX is read with openpyxl (first sheet,
values not formulas). Every cell comes back as stripped text; rows keep the
number Excel shows for them, so a problem can name "Zeile 7".
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ..i18n import gettext as _
from ..rules import dates


class ReadError(ValueError):
    """The file cannot be read as a table (message is shown to people)."""


@dataclass
class Table:
    headers: list[str]
    # (Excel row number, cells); blank rows are left out but keep the count.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1


XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def read_path(path) -> Table:
    with open(path, "rb") as fh:
        return read_table(fh.read(), str(path))


def read_table(data: bytes, filename: str = "") -> Table:
    """A CSV or XLSX file as a table of text cells."""
    name = filename.lower()
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise ReadError(_("Das alte Excel-Format (.xls) wird nicht gelesen. Bitte als "
                          ".xlsx oder als CSV speichern."))
    text, encoding = decode(data)
    return _read_csv(text, encoding)


# -- CSV ------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then strict UTF-8, then
    Windows-1252 (what Excel writes on a German Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Five byte values are unassigned in cp1252; Latin-1 maps them all.
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or tab: whichever occurs most in the header line outside
    quotes (German Excel writes ``;``)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ";"))
    return best if counts[best] else ","


def _read_csv(text: str, encoding: str) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ReadError(_("Die CSV-Datei ist beschädigt: %(error)s") % {"error": error}) from error
    return _table(records, encoding=encoding, delimiter=delimiter)


def _table(records, encoding=None, delimiter=None) -> Table:
    header_row = 0
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=1):
        cells = [_clean(c) for c in record]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        if headers is None:
            headers, header_row = cells, number
        else:
            rows.append((number, cells))
    if headers is None:
        raise ReadError(_("Die Datei ist leer: keine Kopfzeile gefunden."))
    return Table(headers, rows, encoding, delimiter, header_row)


def _clean(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\ufeff", "").replace("\xa0", " ").strip()


# -- XLSX -----------------------------------------------------------------------

def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise ReadError(_("Die Excel-Datei kann nicht gelesen werden: %(error)s")
                        % {"error": error}) from error
    try:
        sheet = book.worksheets[0]
        records = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table(records, encoding="xlsx")


def _cell(value) -> str:
    """An Excel value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- values ---------------------------------------------------------------------

def parse_date(text: str) -> date:
    """31.12.2025, 1.2.2025 or 2025-12-31; ValueError otherwise (the one
    date rule: registry/rules/dates.py)."""
    return dates.parse_date(text)


def parse_float(text: str) -> float:
    """52.51 or the German 52,51; ValueError otherwise."""
    text = text.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value
