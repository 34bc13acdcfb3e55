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
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime

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
    # Title lines above the header (one filled cell each), skipped: row numbers.
    title_rows: list[int] = field(default_factory=list)


XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def read_path(path) -> Table:
    from .limits import LOCAL

    with open(path, "rb") as fh:
        return read_table(fh.read(), str(path), LOCAL)


def read_table(data: bytes, filename: str = "", limits=None, sheet: str | None = None) -> Table:
    """A CSV or XLSX file as a table of text cells, within ``limits``
    (exchange/limits.py; default limits when None); of an XLSX file the
    sheet named ``sheet`` (default: the first)."""
    from .limits import DEFAULT, check_size, check_zip

    bounds = limits or DEFAULT
    name = filename.lower()
    check_size(data, bounds)
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        check_zip(data, bounds)
        return _read_xlsx(data, bounds, sheet)
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise ReadError(_("Das alte Excel-Format (.xls) wird nicht gelesen. Bitte als "
                          ".xlsx oder als CSV speichern."))
    text, encoding = decode(data)
    return _read_csv(text, encoding, bounds)


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
    """``;``, ``,`` or tab: whichever occurs most outside quotes in the first
    line that has any, so a title line typed above the header ("Akteure,
    Stand 3/2025" has none or one) does not decide (German Excel writes ``;``)."""
    lines = (line for line in text.splitlines() if line.strip())
    for line in itertools.islice(lines, _MAX_TITLE_ROWS + 1):
        counts = {";": 0, ",": 0, "\t": 0}
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        best = max(counts, key=lambda c: (counts[c], c == ";"))
        if counts[best] > 1 or (counts[best] and best != ","):
            return best
    return ","


def _read_csv(text: str, encoding: str, bounds) -> Table:
    from .limits import checked_rows

    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(checked_rows(reader, bounds))
    except csv.Error as error:
        raise ReadError(_("Die CSV-Datei ist beschädigt: %(error)s") % {"error": error}) from error
    return _table(enumerate(records, start=1), encoding=encoding, delimiter=delimiter)


_MAX_TITLE_ROWS = 5


def _table(numbered, encoding=None, delimiter=None) -> Table:
    """``numbered``: (row number as Excel or the file counts it, cells)."""
    filled: list[tuple[int, list[str]]] = []
    for number, record in numbered:
        cells = _clean_row(record)
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            filled.append((number, cells))
    if not filled:
        raise ReadError(_("Die Datei ist leer: keine Kopfzeile gefunden."))
    titles = _title_rows(filled)
    (header_row, headers), rows = filled[len(titles)], filled[len(titles) + 1:]
    return Table(headers, rows, encoding, delimiter, header_row, titles)


def _title_rows(filled: list[tuple[int, list[str]]]) -> list[int]:
    """Lines above the header like "Akteure Stadt Lindenau, Stand 3/2025":
    one filled cell, followed by a line with several."""
    titles = []
    for number, cells in filled[:_MAX_TITLE_ROWS]:
        if sum(1 for c in cells if c) != 1:
            break
        titles.append(number)
    if len(titles) == len(filled) or len(titles) == _MAX_TITLE_ROWS:
        return []  # no header with several columns: let the importer say what is wrong
    return titles


def _clean_row(record) -> list[str]:
    """``_clean`` of each cell; a row of text without BOM or no-break spaces
    (nearly every CSV row) only needs stripping."""
    try:
        joined = "".join(record)
    except TypeError:  # not all text (XLSX numbers, dates, empty cells)
        return [_clean(c) for c in record]
    if "\ufeff" in joined or "\xa0" in joined:
        return [_clean(c) for c in record]
    return [c.strip() for c in record]


def _clean(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\ufeff", "").replace("\xa0", " ").strip()


# -- XLSX -----------------------------------------------------------------------

def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm"))


def sheet_names(data: bytes) -> list[str]:
    """The sheet names of an XLSX file, in order ([] when it cannot be read:
    read_table then says what is wrong with the file)."""
    from .limits import DEFAULT
    from .xlsx_scan import sheet_names as scan

    try:
        return scan(data, DEFAULT)
    except ReadError:
        return []


def _read_xlsx(data: bytes, bounds, sheet_name: str | None = None) -> Table:
    """The sheet named ``sheet_name`` (default: the first) as Excel shows it: a merged range's value in every
    cell of the range, numbers in a zero-padded format ("00000") with their
    zeros, a date with a time of day as its date. A formula whose result was
    never stored (a file written by a program, not saved in Excel) is refused.
    Read as a stream with the limits checked while parsing (xlsx_scan.py)."""
    from .xlsx_scan import read_sheet

    sheet = read_sheet(data, bounds, sheet_name)
    if sheet.uncached_formulas:
        missing = sheet.uncached_formulas
        raise ReadError(_(
            "Die Zellen %(cells)s enthalten Formeln ohne gespeichertes Ergebnis (die Datei wurde "
            "nicht von Excel gespeichert). Bitte die Datei einmal in Excel öffnen und speichern, "
            "dann erneut hochladen.") % {"cells": ", ".join(missing[:10])
                                         + (" …" if len(missing) > 10 else "")})
    records = {number: [_cell(value, sheet.formats.get((number, column), "General"))
                        for column, value in enumerate(row, start=1)]
               for number, row in sheet.rows}
    _fill_merged(records, sheet.merged, bounds)
    return _table(sorted(records.items()), encoding="xlsx")


def _fill_merged(records: dict[int, list[str]], ranges, bounds) -> None:
    """Every cell of a merged range gets the value of its top-left cell
    (within the limits: a forged range over the whole sheet pads nothing)."""
    for min_col, min_row, max_col, max_row in ranges:
        top = records.get(min_row)
        if top is None or min_col - 1 >= len(top) or top[min_col - 1] == "":
            continue
        value = top[min_col - 1]
        for r in range(min_row, min(max_row, bounds.max_rows + 1) + 1):
            row = records.setdefault(r, [])
            for c in range(min_col - 1, min(max_col, bounds.max_columns)):
                while len(row) <= c:
                    row.append("")
                row[c] = value


_ZERO_PADDED = re.compile(r"^0+$")


def _cell(value, number_format: str = "General") -> str:
    """An Excel value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()  # a time of day does not change the day
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and number_format and _ZERO_PADDED.match(number_format):
        return str(value).zfill(len(number_format))  # "00000": a PLZ shown with its zero
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
