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

from conftest import csrf_token
from registry.exchange import limits, readers, uploads

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
    ("riesenzelle.xlsx", lambda: _xlsx([["x" * 20_000, "Verein", ""]]), "20000 Zeichen"),
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
