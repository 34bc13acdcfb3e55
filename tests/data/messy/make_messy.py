"""Writes the hand-made messy import files of this folder (run it again
after changing it: `.venv/bin/python tests/data/messy/make_messy.py`).

Each file is what a German office really produces: Windows-1252 with `;`,
UTF-8 with BOM, UTF-16 "Unicode-Text" with tabs, XLSX with merged cells,
formulas with and without a stored result, PLZ and ids typed as numbers,
dates with a time of day (XLSX cells and CSV text), title lines above the
header (found, or refused), ae/oe/ue headers, and rows that look like
existing actors. The areas they name are those of the
``city`` fixture of tests/test_import.py (Nordstadt LIN-01-01, Südviertel
LIN-01-02).
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def csv_files() -> None:
    # Windows-1252, `;`, typewriter headers (Strasse, Laengengrad, Traeger).
    (HERE / "akteure-cp1252-ae-oe-ue.csv").write_bytes(
        "Externe ID;Name;Art;Sozialraum;Traeger;Strasse;PLZ;Breitengrad;Laengengrad\r\n"
        "M-1;AWO Ortsverein Nordstadt e.V.;Freier Traeger;Nordstadt;;Mühlenweg 1;37411;51,08;10,56\r\n"
        "M-2;Kita Löwenzahn;Kita;Nordstadt;M-1;Mühlenweg 3;1067;;\r\n".encode("cp1252"))
    # UTF-8 with BOM, comma, quoted commas.
    (HERE / "akteure-utf8-bom.csv").write_bytes(
        "\ufeffExterne ID,Name,Art,Sozialraum,Website\r\n"
        'B-1,"Jugendtreff ""Oase"", Süd",Jugendzentrum,LIN-01-02,www.oase-lindenau.de\r\n'.encode("utf-8"))
    # UTF-16 with BOM, tabs ("Unicode-Text").
    (HERE / "akteure-utf16-tab.txt").write_bytes(
        "Externe ID\tName\tArt\tSozialraum\tTelefon\r\n"
        "U-1\tFamilienzentrum Sonnenschein\tFamilienzentrum\tNordstadt\t05561 12345\r\n".encode("utf-16"))
    # A title line and nothing that could be a header: refused.
    (HERE / "akteure-nur-titel.csv").write_bytes(
        "Unsere Akteure (Stand März 2025)\r\nKita Sonne\r\nKita Mond\r\n".encode("utf-8"))
    # A title line typed above the header, without any `;` (so the title does
    # not decide the delimiter): found and skipped.
    (HERE / "akteure-titelzeile.csv").write_bytes(
        "Akteure Stadt Lindenau, Stand 1.3.2025\r\n"
        "Externe ID;Name;Art;Sozialraum\r\n"
        "C-1;Kita Titelzeile;Kita;Nordstadt\r\n".encode("cp1252"))
    # A title line of two cells: taken for the header, which names no column
    # of the template: refused, naming row 1.
    (HERE / "akteure-titel-zwei-zellen.csv").write_bytes(
        "Akteure Stadt Lindenau;Stand März 2025\r\n"
        "Externe ID;Name;Art;Sozialraum\r\n"
        "C-2;Kita Zwei Zellen;Kita;Nordstadt\r\n".encode("cp1252"))
    # Dates with a time of day as German Excel writes them into a CSV file.
    (HERE / "vereinbarungen-datum-uhrzeit.csv").write_bytes(
        "Externe ID;Titel;Art;Parteien;Gültig ab;Gültig bis\r\n"
        "V-C;Vereinbarung mit Uhrzeit (CSV);Kooperation;M-1 | U-1;01.03.2025 14:30;"
        "31.12.2030 23:59\r\n".encode("cp1252"))
    # Rows that look like an existing actor ("Kinderschutzbund Süd e.V." in Südviertel,
    # Lindenstraße 5): one in its Sozialraum, one at its address; "Kita Neu" is new.
    (HERE / "akteure-dubletten.csv").write_bytes(
        "Name;Art;Sozialraum;Straße\r\n"
        "KINDERSCHUTZBUND SUED;Beratungsstelle;Südviertel;\r\n"
        "Kinderschutzbund-Süd eV;Beratungsstelle;Nordstadt;Lindenstraße 5\r\n"
        "Kita Neu;Kita;Nordstadt;\r\n".encode("cp1252"))


def _sheet(book: Workbook, title: str | None = None):
    sheet = book.active
    if title:
        sheet.append([title])
    return sheet


def xlsx_files() -> None:
    # Merged cells: one Sozialraum and one Träger for three Kitas.
    book = Workbook()
    sheet = _sheet(book)
    sheet.append(["Externe ID", "Name", "Art", "Sozialraum", "Träger"])
    sheet.append(["T-1", "Kita-Träger Lindenau gGmbH", "Freier Träger", "Nordstadt", None])
    for n in (1, 2, 3):
        sheet.append([f"K-{n}", f"Kita Nummer {n}", "Kita", "Nordstadt" if n == 1 else None,
                      "T-1" if n == 1 else None])
    sheet.merge_cells("D3:D5")
    sheet.merge_cells("E3:E5")
    book.save(HERE / "akteure-verbundene-zellen.xlsx")

    # Numeric PLZ (General and "00000"), a title line above the header.
    book = Workbook()
    sheet = _sheet(book, "Akteursliste Stadt Lindenau – Stand 1.3.2025")
    sheet.append(["Externe ID", "Name", "Art", "Sozialraum", "PLZ"])
    sheet.append(["P-1", "Kita Dresdner Str.", "Kita", "Nordstadt", 1067])
    sheet.append(["P-2", "Kita Leipziger Str.", "Kita", "Nordstadt", 4109])
    sheet["E4"].number_format = "00000"
    sheet.append(["P-3", "Kita Göttinger Str.", "Kita", "Nordstadt", 37073])
    book.save(HERE / "akteure-plz-titelzeile.xlsx")

    # Ids and a PLZ that Excel holds as numbers in a zero-padded format, and
    # as text: every leading zero stays.
    book = Workbook()
    sheet = _sheet(book)
    sheet.append(["Externe ID", "Name", "Art", "Sozialraum", "PLZ", "Telefon"])
    sheet.append([42, "Kita Nullen", "Kita", "Nordstadt", 1067, "05561 4711"])
    sheet["A2"].number_format = "00000"
    sheet["E2"].number_format = "00000"
    sheet.append(["00043", "Kita Text", "Kita", "Nordstadt", "01069", "0551 123"])
    book.save(HERE / "akteure-nummern.xlsx")

    # Formulas: written by a program, never saved in Excel (no stored result) ...
    for name, cached in (("akteure-formel-ohne-wert.xlsx", False),
                         ("akteure-formel-mit-wert.xlsx", True)):
        book = Workbook()
        sheet = _sheet(book)
        sheet.append(["Externe ID", "Name", "Art", "Sozialraum", "PLZ"])
        sheet.append(["F-1", "Kita Formel", "Kita", "Nordstadt", "=37400+11"])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if cached:  # ... and the same after Excel saved it (the result is stored)
            data = _with_cached_value(data, "E2", "37411")
        (HERE / name).write_bytes(data)

    # Agreement dates with a time of day (Excel shows them as dates).
    book = Workbook()
    sheet = _sheet(book)
    sheet.append(["Externe ID", "Titel", "Art", "Parteien", "Gültig ab", "Gültig bis"])
    sheet.append(["V-Z", "Vereinbarung mit Uhrzeit", "Kooperation", "M-1 | U-1",
                  datetime(2025, 3, 1, 14, 30), datetime(2030, 12, 31, 23, 59)])
    book.save(HERE / "vereinbarungen-datum-uhrzeit.xlsx")


def _with_cached_value(data: bytes, ref: str, value: str) -> bytes:
    """Add Excel's stored result to the formula cell ``ref`` of sheet 1."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                                  rf"\1\2<v>{value}</v>", text)
                assert n == 1, text
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


if __name__ == "__main__":
    csv_files()
    xlsx_files()
