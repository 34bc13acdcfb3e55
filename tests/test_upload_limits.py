"""Bounded uploads (issue 12): a huge cell, too many rows, a zip bomb and a
second import of the same account end with a clear German message, checked
while the file is read. Sizes are kept small by lowering the limits through
the config; bench/bench_uploads.py measures the real-sized cases."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

import htmlpage
from conftest import csrf_token
from registry.exchange import limits, readers, uploads, xlsx_scan

HEADER = ["Name", "Art", "Sozialraum"]


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(n: int) -> bytes:
    return ("Name;Art;Sozialraum\n" + "".join(f"Verein {i};Verein;\n" for i in range(n))).encode()


def _bomb(inflated_mb: int = 40) -> bytes:
    """A real workbook whose shared strings unpack to ``inflated_mb`` MB."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["Haus", "Verein", ""]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * (inflated_mb * 2 ** 20) + b"</sst>")
    return out.getvalue()


def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/import")
    return client.post("/import", data={"csrf_token": token, "entity": "",
                                        "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _finished(client, job_url: str) -> dict:
    uploads.join(job_url.rstrip("/").rsplit("/", 1)[-1])
    state = client.get(job_url + "/fortschritt").get_json()
    assert not state["running"], "import job did not finish"
    return state


@pytest.mark.parametrize("name,data,message", [
    ("riesenzelle.xlsx", lambda: _xlsx([["x" * 20_000, "Verein", ""]]),
     "mehr als 10000 Zeichen"),
    ("viele.xlsx", lambda: _xlsx([[f"Verein {i}", "Verein", ""] for i in range(60)]),
     "mehr als 50 Datenzeilen"),
    ("viele.csv", lambda: _csv(60), "mehr als 50 Datenzeilen"),
    ("bombe.xlsx", _bomb, "entpackt sich auf ein Vielfaches"),
])
def test_oversized_uploads_end_with_a_german_message(app, client, db, login_as, name, data,
                                                     message):
    app.config.update(IMPORT_MAX_ROWS=50, IMPORT_MAX_CELL_CHARS=10_000)
    user = login_as("koordination")
    job_url = _upload(client, data(), name).headers["Location"]
    assert _finished(client, job_url)["state"] == "failed"
    page = client.get(job_url).get_data(as_text=True)
    assert message in page and "Jetzt übernehmen" not in page
    assert db.read("exchange_actor_index") == []  # nothing imported
    assert not uploads.user_busy(db, user.id)  # lock released


def test_rows_within_the_limit_are_read(app):
    table = readers.read_table(_csv(50), "a.csv", limits.Limits(max_rows=50))
    assert len(table.rows) == 50


def test_too_wide_rows_and_too_big_unpacked_files(app):
    wide = ";".join(f"S{i}" for i in range(30)).encode() + b"\n"
    with pytest.raises(limits.LimitExceeded, match="30 Spalten"):
        readers.read_table(wide, "a.csv", limits.Limits(max_columns=20))
    # Sizes from the zip directory, before anything is unpacked.
    with pytest.raises(limits.LimitExceeded, match="entpackt zu groß"):
        readers.read_table(_xlsx([["a" * 1000, "b", ""]] * 2000), "a.xlsx",
                           limits.Limits(max_uncompressed_bytes=1_000_000, max_ratio=10 ** 6))


def test_a_too_long_csv_cell_is_named_by_row_and_column(app):
    data = "Name;Art\nKita;" + "x" * 1000 + "\nHaus;" + "y" * 1001 + "\n"
    with pytest.raises(limits.LimitExceeded,
                       match="Zeile 3, Spalte 2: die Zelle hat 1001 Zeichen, höchstens 1000"):
        readers.read_table(data.encode(), "a.csv", limits.Limits(max_cell_chars=1000))
    within = readers.read_table(data.encode(), "a.csv", limits.Limits(max_cell_chars=1001))
    assert [cells[1] for _, cells in within.rows] == ["x" * 1000, "y" * 1001]


def test_forged_dimension_does_not_pad_rows(app):
    data = _xlsx([["Haus", "Verein", ""]])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as forged:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<dimension ref=" in body
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>',
                              body)
            forged.writestr(info, body)
    table = readers.read_table(out.getvalue(), "a.xlsx", limits.Limits(max_rows=5))
    assert table.headers == HEADER and table.rows == [(2, ["Haus", "Verein"])]


def test_one_running_import_per_account(app, client, db, login_as):
    user = login_as("koordination")
    # Another import of this account is still running.
    other = uploads.create(db, _csv(2), "b.csv", None, user.id)
    assert uploads._claim_user(other, user.id)
    response = _upload(client, _csv(2), "a.csv")
    assert response.status_code == 200
    assert "Es läuft bereits ein Import von Ihnen" in response.get_data(as_text=True)
    db.write("import_job_release", token=other.token)
    response = _upload(client, _csv(2), "a.csv")
    assert response.status_code == 302
    assert _finished(client, response.headers["Location"])["state"] == "checked"


# -- the streaming reader on its own (registry/exchange/xlsx_scan.py) -------------
# The zip directory check is switched off (huge size and ratio limits), so
# each case proves the limit that holds while the XML is parsed.
STREAMED = dict(max_uncompressed_bytes=10 ** 12, max_ratio=10 ** 9)
_SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<sheetData>{}</sheetData></worksheet>')


def _replaced(members: dict[str, bytes]) -> bytes:
    """A real workbook with some members swapped for hostile ones (or added:
    openpyxl writes inline strings, Excel a shared-strings part)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["Haus", "Verein", ""]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info in source.infolist():
            book.writestr(info, members.pop(info.filename, source.read(info)))
        for name, body in members.items():
            book.writestr(name, body)
    return out.getvalue()


def _shared_sheet(strings: bytes) -> dict[str, bytes]:
    """A sheet whose second row names shared string 1."""
    sheet = _SHEET.format('<row r="1">' + _inline("A1", "Name") + _inline("B1", "Art") + "</row>"
                          '<row r="2"><c r="A2" t="s"><v>1</v></c></row>')
    return {"xl/worksheets/sheet1.xml": sheet.encode(), "xl/sharedStrings.xml": strings}


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_huge_inline_cell_is_stopped_while_it_streams(app):
    sheet = _SHEET.format('<row r="1">' + _inline("A1", "Name") + _inline("B1", "Art") + "</row>"
                          '<row r="2">' + _inline("A2", "x" * 3_000_000) + "</row>")
    data = _replaced({"xl/worksheets/sheet1.xml": sheet.encode()})
    with pytest.raises(limits.LimitExceeded, match="Zelle A2: die Zelle hat mehr als 1000 Zeichen"):
        readers.read_table(data, "a.xlsx", limits.Limits(max_cell_chars=1000, **STREAMED))


def test_a_bomb_in_the_shared_strings_is_stopped_while_it_streams(app):
    strings = b"<sst><si><t>Haus</t></si><si><t>" + b"A" * 3_000_000 + b"</t></si></sst>"
    data = _replaced(_shared_sheet(strings))
    with pytest.raises(limits.LimitExceeded, match="mehr als 1000 Zeichen"):
        readers.read_table(data, "a.xlsx", limits.Limits(max_cell_chars=1000, **STREAMED))
    within = limits.Limits(max_cell_chars=3_000_000, **STREAMED)
    assert readers.read_table(data, "a.xlsx", within).rows[0][1][0] == (
        "A" * 3_000_000)  # the same file within the limit: the cell is read
    many = b"<sst>" + b"<si><t>a</t></si>" * 5000 + b"</sst>"
    with pytest.raises(limits.LimitExceeded, match="mehr Texte"):
        readers.read_table(_replaced(_shared_sheet(many)), "a.xlsx",
                           limits.Limits(max_rows=10, max_columns=10, **STREAMED))


def test_rows_and_columns_are_counted_while_the_sheet_streams(app):
    rows = "".join(f'<row r="{n}">' + _inline(f"A{n}", f"V{n}") + "</row>"
                   for n in range(1, 200))
    data = _replaced({"xl/worksheets/sheet1.xml": _SHEET.format(rows).encode()})
    with pytest.raises(limits.LimitExceeded, match="mehr als 50 Datenzeilen"):
        readers.read_table(data, "a.xlsx", limits.Limits(max_rows=50, **STREAMED))
    wide = _SHEET.format('<row r="1">' + _inline("A1", "Name") + _inline("AD1", "weit") + "</row>")
    with pytest.raises(limits.LimitExceeded, match="Zeile 1 hat 30 Spalten"):
        readers.read_table(_replaced({"xl/worksheets/sheet1.xml": wide.encode()}), "a.xlsx",
                           limits.Limits(max_columns=20, **STREAMED))


def test_the_unpacked_bytes_are_counted_while_reading(app):
    # Only the stream's own budget: no directory check before it.
    data = _replaced(_shared_sheet(b"<sst>" + b" " * 2_000_000 + b"</sst>"))
    with pytest.raises(limits.LimitExceeded, match="entpackt zu groß"):
        xlsx_scan.read_sheet(data, limits.Limits(max_uncompressed_bytes=1_000_000))


def test_entities_in_a_dtd_are_refused(app):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>')
    with pytest.raises(readers.ReadError, match="DTD"):
        readers.read_table(_replaced(_shared_sheet(laughs)), "a.xlsx")


def test_a_request_above_the_size_limit_gets_a_german_413_page(app, client, login_as):
    app.config.update(MAX_CONTENT_LENGTH=20_000)
    login_as("koordination")
    response = _upload(client, _csv(2000), "gross.csv")
    assert response.status_code == 413
    page = htmlpage.parse(response.get_data(as_text=True))
    assert page.find("h1").text == "Datei zu groß"
    assert "höchstens 20 KB können hochgeladen werden" in page.text


def test_limits_come_from_the_environment(tmp_path):
    from registry import config

    settings = config.from_environment({"REGISTRY_VAR": str(tmp_path), "SECRET_KEY": "x",
                                        "IMPORT_MAX_ROWS": "7", "IMPORT_MAX_UNCOMPRESSED_MB": "2"})
    bounds = limits.Limits.from_config(settings)
    assert (bounds.max_rows, bounds.max_uncompressed_bytes) == (7, 2 * 2 ** 20)
    assert bounds.max_cell_chars == limits.DEFAULT.max_cell_chars  # unset: the default
