"""Heavy requests (reports, map exports) run at most HEAVY_CONCURRENCY at
once per process; the next waits its turn and then gets a German 503 page,
while light pages never wait for them (registry/heavy.py, issue 12)."""
from __future__ import annotations

from datetime import date

import htmlpage
from factories import GraphBuilder
from registry import heavy


def test_a_heavy_request_beyond_the_bound_gets_a_busy_page_and_light_pages_answer(
        app, client, login_as):
    app.config.update(HEAVY_WAIT_SECONDS=0)
    login_as("koordination")
    gate = heavy.semaphore(app)
    assert gate.acquire(blocking=False)  # another report is being built (the default bound: 1)
    try:
        for path in ("/berichte", "/berichte/ausschuss", "/berichte/tabelle/dichte.csv",
                     "/karte/export.json"):
            busy = client.get(path)
            assert busy.status_code == 503, path
            assert busy.headers["Retry-After"] == "60"
            page = htmlpage.parse(busy.get_data(as_text=True))
            assert page.find("h1").text == "Server ausgelastet"
            assert "in einer Minute erneut" in page.find("main").text
        assert client.get("/akteure/").status_code == 200
        assert client.get("/karte").status_code == 200  # the map page itself is not bounded
    finally:
        gate.release()
    assert client.get("/berichte").status_code == 200
    assert client.get("/karte/export.json").status_code == 200


def test_the_bound_is_configurable(app, client, login_as):
    app.config.update(HEAVY_CONCURRENCY=2, HEAVY_WAIT_SECONDS=0)
    login_as("ausschuss")
    gate = heavy.semaphore(app)
    assert gate.acquire(blocking=False)
    try:
        assert client.get("/berichte").status_code == 200  # a second one may run
    finally:
        gate.release()


def test_a_sozialraum_report_is_answered_while_a_whole_area_report_holds_the_turn(
        app, client, login_as, db):
    # bench_load: with 900 Sozialräume each one's report was computed on its
    # own and queued for the turn behind whole-area reports: 503s.
    app.config.update(HEAVY_WAIT_SECONDS=0)
    g = GraphBuilder(db)
    nord, sued = g.area("Nord", code="N"), g.area("Süd", code="S")
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    kita = g.actor("Kita Sonne", kind="kita", area=sued)
    g.agreement("Kinderschutz", [ja, kita], type="kinderschutz_8a", valid_from=date(2024, 1, 1))
    g.save()
    db.write("data_version_bump")  # as any write through the app would
    login_as("koordination")
    gate = heavy.semaphore(app)
    assert gate.acquire(blocking=False)  # a whole-area report is being computed
    try:
        # What every report reads (structure, ties, the whole area's
        # figures) is not there yet: computing it waits for a turn.
        assert client.get(f"/berichte?sozialraum={nord}").status_code == 503
    finally:
        gate.release()
    assert client.get(f"/berichte?sozialraum={nord}").status_code == 200
    assert gate.acquire(blocking=False)
    try:
        for path in (f"/berichte?sozialraum={sued}", f"/berichte/beteiligung?sozialraum={sued}",
                     f"/berichte/tabelle/isolierte_akteure?sozialraum={sued}"):
            response = client.get(path)
            assert response.status_code == 200, path
            page = htmlpage.parse(response.get_data(as_text=True))
            assert "Süd" in page.find("main").text, path
        # The whole area's reports still wait for the turn (light pages
        # keep their threads and the CPU).
        assert client.get("/berichte").status_code == 503
        assert client.get("/berichte?sozialraum=").status_code == 503
    finally:
        gate.release()
