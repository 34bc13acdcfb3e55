"""Bounds of an uploaded table, checked while it is read (issue 12).

A small XLSX can unpack to gigabytes (a zip bomb, one huge cell, millions of
rows). So before openpyxl opens a file, the sizes its zip directory declares
are checked (Python's zipfile never inflates a member beyond its declared
size, so the declared sizes bind), and while rows stream in, their number,
width and cell lengths are counted; the first excess stops reading with a
German message. CSV rows are checked the same way.

Settings (Flask config, defaults below): IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS,
IMPORT_MAX_CELL_CHARS, IMPORT_MAX_UNCOMPRESSED_MB.
"""
from __future__ import annotations

import csv
import ctypes
import gc
import io
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..i18n import gettext as _
from .readers import ReadError


class LimitExceeded(ReadError):
    """The file is larger than the import takes (message is shown to people)."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = 20_000
    max_columns: int = 100
    # Template columns hold at most 2,000 characters; Excel cells 32,767.
    max_cell_chars: int = 32_767
    # All members of an XLSX together, unpacked; also bounds one CSV file.
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    # XML of real spreadsheets packs 5-20 : 1; far beyond is a bomb.
    max_ratio: int = 250

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "Limits":
        default = cls()
        return cls(
            max_rows=int(config.get("IMPORT_MAX_ROWS", default.max_rows)),
            max_columns=int(config.get("IMPORT_MAX_COLUMNS", default.max_columns)),
            max_cell_chars=int(config.get("IMPORT_MAX_CELL_CHARS", default.max_cell_chars)),
            max_uncompressed_bytes=int(float(config.get(
                "IMPORT_MAX_UNCOMPRESSED_MB", default.max_uncompressed_bytes / 2 ** 20)) * 2 ** 20),
            max_ratio=int(config.get("IMPORT_MAX_RATIO", default.max_ratio)),
        )


DEFAULT = Limits()
# Files an operator reads from the server's own disk (``registry import``):
# the same guards against bombs and monster cells, but big registries' rows.
LOCAL = Limits(max_rows=5_000_000, max_uncompressed_bytes=4 * 2 ** 30)
_RATIO_FLOOR = 1024 * 1024  # small members may pack well (empty styles etc.)


def _mb(size: int) -> str:
    return f"{size / 2 ** 20:.0f}"


def check_size(data: bytes, limits: Limits) -> None:
    """A plain (CSV) file: its size is its unpacked size."""
    if len(data) > limits.max_uncompressed_bytes:
        raise LimitExceeded(_(
            "Die Datei ist zu groß (%(size)s MB, höchstens %(max)s MB). Bitte die Datei teilen.")
            % {"size": _mb(len(data)), "max": _mb(limits.max_uncompressed_bytes)})


def check_zip(data: bytes, limits: Limits) -> None:
    """An XLSX: refuse before unpacking when the members would be too big
    or pack suspiciously well (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: the reader's own message says the file is broken
    total = 0
    for info in members:
        total += info.file_size
        packed = max(1, info.compress_size)
        if info.file_size > _RATIO_FLOOR and info.file_size / packed > limits.max_ratio:
            raise LimitExceeded(_(
                "Die Excel-Datei entpackt sich auf ein Vielfaches ihrer Größe (%(size)s MB aus "
                "%(packed)s KB) und wird deshalb nicht gelesen. Bitte die Daten als normale "
                "Tabelle speichern oder als CSV hochladen.")
                % {"size": _mb(info.file_size), "packed": f"{packed / 1024:.0f}"})
    if total > limits.max_uncompressed_bytes:
        raise LimitExceeded(_(
            "Die Excel-Datei ist entpackt zu groß (%(size)s MB, höchstens %(max)s MB). Bitte "
            "die Datei teilen.") % {"size": _mb(total), "max": _mb(limits.max_uncompressed_bytes)})


def checked_rows(rows: Iterable[Sequence[Any]], limits: Limits) -> Iterator[Sequence[Any]]:
    """The rows as they stream in, stopping at the first that exceeds a limit.
    Blank trailing cells do not count as columns; the header row counts as a row."""
    count = 0
    for row in _csv_cells_bounded(rows, limits):
        count += 1
        if count > limits.max_rows + 1:
            raise LimitExceeded(_(
                "Die Datei hat mehr als %(max)d Datenzeilen. Bitte in mehrere Dateien "
                "teilen.") % {"max": limits.max_rows})
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
        if width > limits.max_columns:
            raise LimitExceeded(_(
                "Zeile %(row)d hat %(n)d Spalten; mehr als %(max)d werden nicht gelesen.")
                % {"row": count, "n": width, "max": limits.max_columns})
        try:  # the longest cell first, so a normal row costs no loop over its cells
            longest = max(map(len, row[:width]), default=0)
        except TypeError:  # not all text: the loop decides
            longest = limits.max_cell_chars + 1
        if longest <= limits.max_cell_chars:
            yield row
            continue
        for column, value in enumerate(row[:width], start=1):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise LimitExceeded(_(
                    "Zeile %(row)d, Spalte %(col)d: die Zelle hat %(n)d Zeichen, höchstens "
                    "%(max)d sind erlaubt.") % {"row": count, "col": column, "n": len(value),
                                                "max": limits.max_cell_chars})
        yield row


def _csv_cells_bounded(rows: Iterable[Sequence[Any]], limits: Limits) -> Iterator[Sequence[Any]]:
    """The csv module stops at its own field limit (131,072 characters) with
    an error; say it the same way as for any other cell that is too long."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" not in str(error):
                raise
            raise LimitExceeded(_(
                "Eine Zelle hat mehr als %(max)d Zeichen und wird nicht gelesen.")
                % {"max": limits.max_cell_chars}) from error
        yield row


def release_memory() -> None:
    """After a big import: free Python's garbage and hand freed heap back to
    the system (glibc keeps it otherwise, and the worker's RSS stays high)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do
