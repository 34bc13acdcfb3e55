"""A sheet of an XLSX (the first, or one by name), read as a stream with the upload limits
checked while the XML is parsed (issue 12).

openpyxl, even read-only, builds the whole shared-strings table and each
cell's full text before anything can count them: a 400 MB cell or a zip
bomb in ``sharedStrings.xml`` is in memory before a limit could say no. Here
expat is fed the zip members in 64 KB pieces under a byte budget, and a
cell's text is counted as it arrives, so the first excess stops the read
with its German message and memory stays near the limits themselves.

What Excel shows is kept: shared and inline strings, numbers (with their
number format, for zero-padded PLZ), dates (1900 and 1904 systems, via
openpyxl's own conversion), booleans, cached formula results, merged
ranges. A formula without a stored result is reported by its cell.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_ISO8601, \
    from_excel

from ..i18n import gettext as _
from .limits import LimitExceeded, Limits
from .readers import ReadError

_CHUNK = 64 * 1024
_REL = "relationships/"


@dataclass
class Sheet:
    # (Excel row number, cells as Python values) for rows with any value.
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    # Number format of each value, parallel to ``rows`` (for "00000").
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    uncached_formulas: list[str] = field(default_factory=list)


def broken(error: Exception) -> ReadError:
    return ReadError(_("Die Excel-Datei kann nicht gelesen werden: %(error)s") % {"error": error})


class _Budget:
    """Unpacked bytes all members may still take (the declared sizes were
    checked already; this holds even if a directory lies)."""

    def __init__(self, limits: Limits):
        self.left = limits.max_uncompressed_bytes
        self.limits = limits

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise LimitExceeded(_(
                "Die Excel-Datei ist entpackt zu groß (mehr als %(max)s MB). Bitte die Datei "
                "teilen.") % {"max": f"{self.limits.max_uncompressed_bytes / 2 ** 20:.0f}"})


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _parse(archive: zipfile.ZipFile, member: str, budget: _Budget,
           start: Callable, end: Callable | None = None, text: Callable | None = None) -> None:
    parser = expat.ParserCreate()
    parser.buffer_text = False  # pieces as they come: a huge text node is never one string

    def no_dtd(*_args):  # XLSX never has one; entities could expand (billion laughs)
        raise ReadError(_("Die Excel-Datei enthält eine DTD und wird nicht gelesen."))

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if end:
        parser.EndElementHandler = lambda name: end(_local(name))
    if text:
        parser.CharacterDataHandler = text
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                budget.take(len(chunk))
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise broken(error) from error


def _too_long(limits: Limits, where: str = "") -> LimitExceeded:
    if where:
        return LimitExceeded(_("Zelle %(cell)s: die Zelle hat mehr als %(max)d Zeichen.")
                             % {"cell": where, "max": limits.max_cell_chars})
    return LimitExceeded(_("Eine Zelle hat mehr als %(max)d Zeichen und wird nicht gelesen.")
                         % {"max": limits.max_cell_chars})


def _rels(archive: zipfile.ZipFile, part: str, budget: _Budget) -> list[tuple[str, str, str]]:
    """(Id, type, member path) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    found: list[tuple[str, str, str]] = []
    if rels_path not in archive.NameToInfo:
        return found

    def start(tag, attrs):
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found.append((attrs.get("Id", ""), attrs.get("Type", ""), path))

    _parse(archive, rels_path, budget, start)
    return found


def _book(archive, budget) -> tuple[str, list[tuple[str, str]], Any]:
    """The workbook part, its sheets in order as (name, relationship id), the epoch."""
    book = next((path for _id, kind, path in _rels(archive, "", budget)
                 if kind.endswith(_REL + "officeDocument")), "xl/workbook.xml")
    sheets: list[tuple[str, str]] = []
    epoch = [CALENDAR_WINDOWS_1900]

    def start(tag, attrs):
        if tag == "sheet":
            sheets.append((attrs.get("name", ""),
                           next((v for k, v in attrs.items() if _local(k) == "id"), "")))
        elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            epoch[0] = CALENDAR_MAC_1904

    _parse(archive, book, budget, start)
    return book, sheets, epoch[0]


def _workbook(archive, budget, name: str | None = None) -> tuple[str, str | None, str | None, Any]:
    """The worksheet (the first, or the one named), the shared strings and
    styles parts, the epoch."""
    book, sheets, epoch = _book(archive, budget)
    rels = _rels(archive, book, budget)
    worksheets = {rid: path for rid, kind, path in rels if kind.endswith(_REL + "worksheet")}
    chosen = next((worksheets[rid] for sheet, rid in sheets
                   if rid in worksheets and (name is None or sheet == name)), None)
    if chosen is None:
        if name is not None:
            raise ReadError(_("Die Excel-Datei hat kein Tabellenblatt „%(name)s“.") % {"name": name})
        raise ReadError(_("Die Excel-Datei enthält kein Tabellenblatt."))
    shared = next((p for _i, kind, p in rels if kind.endswith(_REL + "sharedStrings")),
                  "xl/sharedStrings.xml")  # where Excel puts it, if a writer forgot the link
    styles = next((p for _i, kind, p in rels if kind.endswith(_REL + "styles")), None)
    return chosen, shared, styles, epoch


def _styles(archive, member, budget) -> tuple[list[str], set[int], set[int]]:
    """Format code per style index, and which indexes are dates / durations."""
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    inside = [False]

    def start(tag, attrs):
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "General")
        elif tag == "cellXfs":
            inside[0] = True
        elif tag == "xf" and inside[0]:
            xf_formats.append(int(attrs.get("numFmtId", 0)))

    def end(tag):
        if tag == "cellXfs":
            inside[0] = False

    if member and member in archive.NameToInfo:
        _parse(archive, member, budget, start, end)
    codes = [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in xf_formats]
    dates = {i for i, code in enumerate(codes) if is_date_format(code)}
    durations = {i for i, code in enumerate(codes) if is_timedelta_format(code)}
    return codes, dates, durations


def _shared_strings(archive, member, budget, limits: Limits) -> list[str]:
    strings: list[str] = []
    parts: list[str] = []
    state = {"t": False, "phonetic": 0, "length": 0}
    # More distinct strings than cells the limits allow cannot be needed.
    most = (limits.max_rows + 1) * limits.max_columns

    def start(tag, attrs):
        if tag == "si":
            parts.clear()
            state["length"] = 0
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["t"] = True

    def end(tag):
        if tag == "t":
            state["t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(parts))
            if len(strings) > most:
                raise LimitExceeded(_(
                    "Die Excel-Datei enthält mehr Texte, als %(rows)d Zeilen mit %(cols)d "
                    "Spalten fassen. Bitte die Datei teilen.")
                    % {"rows": limits.max_rows, "cols": limits.max_columns})

    def text(data):
        if state["t"]:
            state["length"] += len(data)
            if state["length"] > limits.max_cell_chars:
                raise _too_long(limits)
            parts.append(data)

    if member and member in archive.NameToInfo:
        _parse(archive, member, budget, start, end, text)
    return strings


def _number(text: str) -> int | float:
    return float(text) if "." in text or "e" in text.lower() else int(text)


def _open(data: bytes, work: Callable[[zipfile.ZipFile], Any]) -> Any:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise broken(error) from error
    try:
        with archive:
            return work(archive)
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, OverflowError,
            EOFError) as error:
        if isinstance(error, ReadError):
            raise
        raise broken(error) from error


def read_sheet(data: bytes, limits: Limits, name: str | None = None) -> Sheet:
    """The sheet ``name`` (default: the first) within ``limits``."""
    return _open(data, lambda archive: _read(archive, limits, name))


def sheet_names(data: bytes, limits: Limits) -> list[str]:
    """The names of the sheets, in the workbook's order."""
    return _open(data, lambda archive: [n for n, _rid in _book(archive, _Budget(limits))[1]])


def _read(archive: zipfile.ZipFile, limits: Limits, name: str | None = None) -> Sheet:
    budget = _Budget(limits)
    sheet_path, shared_path, styles_path, epoch = _workbook(archive, budget, name)
    codes, dates, durations = _styles(archive, styles_path, budget)
    shared = _shared_strings(archive, shared_path, budget, limits)
    sheet = Sheet()
    cells: dict[int, Any] = {}
    parts: list[str] = []
    state: dict[str, Any] = {"row": 0, "col": 0, "type": "n", "style": 0, "formula": False,
                             "collect": False, "in_is": False, "phonetic": 0, "length": 0,
                             "filled": 0}

    def ref() -> str:
        return f"{get_column_letter(state['col'])}{state['row']}"

    def start(tag, attrs):
        if tag == "c":
            coordinate = attrs.get("r")
            if coordinate:
                row, state["col"] = coordinate_to_tuple(coordinate)
                state["row"] = row or state["row"]
            else:
                state["col"] += 1
            state.update(type=attrs.get("t", "n"), style=int(attrs.get("s") or 0),
                         formula=False, length=0)
            parts.clear()
        elif tag == "v":
            state["collect"] = True
        elif tag == "f":
            state["formula"] = True
        elif tag == "is":
            state["in_is"] = True
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and state["in_is"] and not state["phonetic"]:
            state["collect"] = True
        elif tag == "row":
            number = attrs.get("r")
            state["row"] = int(number) if number else state["row"] + 1
            state["col"] = 0
            cells.clear()
        elif tag == "mergeCell" and attrs.get("ref"):
            sheet.merged.append(range_boundaries(attrs["ref"]))

    def text(data):
        if state["collect"]:
            state["length"] += len(data)
            if state["length"] > limits.max_cell_chars:
                raise _too_long(limits, ref())
            parts.append(data)

    def end(tag):
        if tag in ("v", "t"):
            state["collect"] = False
        elif tag == "is":
            state["in_is"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "c":
            value = _value("".join(parts), state, shared, codes, dates, durations, epoch)
            if value not in (None, ""):
                if state["col"] > limits.max_columns:
                    raise LimitExceeded(_(
                        "Zeile %(row)d hat %(n)d Spalten; mehr als %(max)d werden nicht gelesen.")
                        % {"row": state["row"], "n": state["col"], "max": limits.max_columns})
                cells[state["col"]] = value
                style = state["style"]
                if style < len(codes) and codes[style] != "General":
                    sheet.formats[(state["row"], state["col"])] = codes[style]
            elif state["formula"]:
                sheet.uncached_formulas.append(ref())
        elif tag == "row" and cells:
            state["filled"] += 1
            if state["filled"] > limits.max_rows + 1:  # the header row counts as a row
                raise LimitExceeded(_(
                    "Die Datei hat mehr als %(max)d Datenzeilen. Bitte in mehrere Dateien "
                    "teilen.") % {"max": limits.max_rows})
            row = [None] * max(cells)
            for column, value in cells.items():
                row[column - 1] = value
            sheet.rows.append((state["row"], row))
            cells.clear()

    _parse(archive, sheet_path, budget, start, end, text)
    return sheet


def _value(text: str, state, shared, codes, dates, durations, epoch) -> Any:
    kind = state["type"]
    if kind == "inlineStr":
        return text
    if text == "":
        return None
    if kind == "s":
        return shared[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)
    if kind in ("str", "e"):
        return text
    value = _number(text)
    style = state["style"]
    if style in dates:
        try:
            return from_excel(value, epoch, timedelta=style in durations)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as openpyxl and Excel show a date out of range
    return value
