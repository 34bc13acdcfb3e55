"""A big actor file commits in parts once checked: an interruption between
parts leaves whole rows, the job says so in German, and importing the same
file again completes it."""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timezone

import pytest

from registry import history
from registry.exchange import importer, uploads

import htmlpage
from conftest import post_form
from factories import GraphBuilder
from test_actors import edit_data

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
HEADER = "Externe ID;Name;Art;Träger;Sozialraum;Straße"


def _file(rows: list[str]) -> bytes:
    return ("\n".join([HEADER] + rows) + "\n").encode()


# Seven actors; the Kitas' Träger (T-1) comes after them in the file, so
# committed in order of the rows a part would link to an actor not yet in.
ROWS = [f"K-{i};Kita Nummer {i};Kita;T-1;Nordstadt;Weg {i}" for i in range(1, 7)] + [
    "T-1;Kinderhilfe Nord e.V.;Freier Träger;;Nordstadt;Hauptstraße 1"]


class Stop(Exception):
    """The failure a test injects into the transaction of one part."""


@pytest.fixture
def nord(db):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    nord = g.area("Nordstadt", parent=stadt, code="LIN-01")
    g.save()
    return nord


def test_an_unexpected_error_before_any_part_is_written_says_so_in_german(db, nord, client, login_as):
    user = login_as("koordination")
    job = uploads.create(db, _file(ROWS), "akteure.csv", "actors", user.id)

    def fail(tx, written, total):
        raise Stop("Verbindung verloren")

    with pytest.raises(Stop):  # raised again: the server's log keeps the traceback
        uploads.run(job, db, importer.Context(), apply=True,
                    commits=importer.Commits(units=10, record=fail))
    page = htmlpage.parse(client.get(f"/import/{job.token}").get_data(as_text=True))
    text = " ".join(page.visible_text.split())
    assert "Beim Import ist ein unerwarteter Fehler aufgetreten. Es wurde nichts geändert." in text
    assert "Stop" not in text
    assert db.read("exchange_actor_index") == []


def test_interrupted_import_keeps_whole_rows_and_the_same_file_completes_it(
        db, nord, client, login_as, caplog):
    user = login_as("koordination")
    data = _file(ROWS)
    job = uploads.create(db, data, "akteure.csv", "actors", user.id)
    parts = []

    def fail_in_third_part(tx, written, total):
        parts.append((written, total))
        if len(parts) == 3:
            raise Stop("Verbindung verloren")

    uploads.run(job, db, importer.Context(), apply=True,
                commits=importer.Commits(units=3, record=fail_in_third_part))

    assert parts == [(3, 7), (6, 7), (7, 7)]
    page = htmlpage.parse(client.get(f"/import/{job.token}").get_data(as_text=True))
    text = " ".join(page.visible_text.split())
    # The reason in German; what failed (an English class name) only in the log.
    assert ("Der Import wurde unterbrochen (ein unerwarteter Fehler). 6 von 7 neuen oder "
            "geänderten Zeilen sind vollständig übernommen, die übrigen noch nicht. Bitte "
            "dieselbe Datei erneut importieren") in text
    assert "Stop" not in text
    logged = [r for r in caplog.records if r.name == importer.__name__]
    assert [r.getMessage() for r in logged] == [
        "Import interrupted after 6 of 7 rows: Stop: Verbindung verloren"]
    actors = db.read("exchange_actor_index")
    # The Träger is written first (the Kitas link to it), then five Kitas,
    # each with its location, Träger link and one history record.
    assert sorted(a["external_id"] for a in actors) == ["K-1", "K-2", "K-3", "K-4", "K-5", "T-1"]
    assert all(a["area"] for a in actors)

    again = uploads.create(db, data, "akteure.csv", "actors", user.id)
    uploads.run(again, db, importer.Context(), apply=True)
    report = again.read()["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 0, 6)

    actors = db.read("exchange_actor_index")
    assert sorted(a["external_id"] for a in actors) == sorted(r.split(";")[0] for r in ROWS)
    operators = {a["external_id"]: a["operator"] for a in actors}
    trager = next(a["id"] for a in actors if a["external_id"] == "T-1")
    assert all(operators[f"K-{i}"] == trager for i in range(1, 7))
    changes = Counter(e["entity_id"] for e in history.since(db, EPOCH, limit=1000))
    assert changes == {a["id"]: 1 for a in actors}  # one history record each, none twice

    third = uploads.create(db, data, "akteure.csv", "actors", user.id)
    uploads.run(third, db, importer.Context(), apply=True)
    assert third.read()["report"]["unchanged"] == 7


def test_an_actor_saved_in_the_form_after_the_check_is_not_overwritten_by_a_later_part(
        db, nord, client, login_as):
    user = login_as("koordination")
    uploads.run(uploads.create(db, _file(ROWS), "akteure.csv", "actors", user.id), db,
                importer.Context(), apply=True)
    kitas = {a["external_id"]: a["id"] for a in db.read("exchange_actor_index")}
    # Every Kita moves to another street (the Träger's row is unchanged): two
    # parts of three, K-1 to K-3 in the checking transaction, then K-4 to K-6.
    moved = _file([row.replace(";Weg ", ";Gasse ") for row in ROWS])
    job = uploads.create(db, moved, "akteure.csv", "actors", user.id)
    saved = []

    def save_kita_5_in_the_form(tx, written, total):
        # After the whole file is checked, before the part with K-5 commits.
        if not saved:
            form = edit_data(db, kitas["K-5"], name="Kita Sonnenschein")
            saved.append(post_form(client, f"/akteure/{kitas['K-5']}/bearbeiten", form))

    uploads.run(job, db, importer.Context(), apply=True,
                commits=importer.Commits(units=3, record=save_kita_5_in_the_form))

    assert saved[0].status_code == 302
    page = htmlpage.parse(client.get(f"/import/{job.token}").get_data(as_text=True))
    text = " ".join(page.visible_text.split())
    assert ("Der Import wurde unterbrochen (der Akteur „Kita Nummer 5“ in Zeile 6 wurde nach "
            "der Prüfung der Datei im Register geändert oder gelöscht; bitte die Zeile vor dem "
            "erneuten Import prüfen). 3 von 6 neuen oder geänderten Zeilen sind vollständig "
            "übernommen") in text
    actors = {a["external_id"]: a for a in db.read("exchange_actor_index")}
    assert actors["K-5"]["name"] == "Kita Sonnenschein"  # the form's save stays
    # The first part is in whole, the part with K-5 not at all.
    assert {key: actors[key]["street"] for key in ("K-1", "K-2", "K-3", "K-4", "K-5", "K-6")} == {
        "K-1": "Gasse 1", "K-2": "Gasse 2", "K-3": "Gasse 3",
        "K-4": "Weg 4", "K-5": "Weg 5", "K-6": "Weg 6"}
    detail = " ".join(htmlpage.parse(client.get(f"/akteure/{kitas['K-5']}").get_data(
        as_text=True)).visible_text.split())
    assert "Kita Sonnenschein" in detail and "Weg 5" in detail


def test_a_job_that_lost_its_server_after_some_parts_says_how_many_rows_are_in(db, nord):
    job = uploads.create(db, _file(ROWS), "akteure.csv", "actors", "someone")
    job.update(state="applying")
    # What the transaction of a committed part records, a restart ago.
    db.write("import_job_written", token=job.token, written=3, total=7,
             now=time.time() - uploads.STALE_SECONDS - 1)
    meta = job.read()
    assert meta["state"] == "failed"
    assert meta["error"].startswith(
        "Der Import wurde unterbrochen (Serverneustart?). 3 von 7 neuen oder geänderten Zeilen "
        "sind vollständig übernommen")
