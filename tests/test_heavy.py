"""Heavy requests (reports, map exports) run at most HEAVY_CONCURRENCY at
once per process; the next waits its turn and then gets a German 503 page,
while light pages never wait for them (registry/heavy.py, issue 12)."""
from __future__ import annotations

import htmlpage
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
