"""The Stadtplan in headless Chromium with the Berlin import (tests/data/berlin,
real open data): every Prognoseraum polygon and every Kita with coordinates
drawn, nothing from another host, no console error, axe-core clean."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PASSWORD, make_user
from factories import GraphBuilder
from registry.exchange import importer, readers
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

BERLIN = Path(__file__).resolve().parents[1] / "data" / "berlin"
KITAS = BERLIN / "berlin-kitas" / "berlin-daycare-centers-2026-07-details.csv"
STABLE_TIMEOUT = 120_000  # ms; 2,893 SVG points on a loaded CI machine


def test_stadtplan_draws_every_berlin_prognoseraum_and_kita(browser_page, db):
    page, watch = browser_page(None)
    # A loaded machine needs longer than the fixture's 15 s to sign in and
    # draw 2,893 points; the test waits for marks, never for time.
    page.set_default_timeout(STABLE_TIMEOUT)
    user = make_user(db, "ausschuss", email="stadtplan@example.org")
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    report = importer.run(db, "berlin", readers.read_path(KITAS),
                          options={"geo_dir": BERLIN / "berlin-lor-geo"})
    assert report.details["kitas"] == 2893 and not report.problems
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/stadtplan?stichtag=2026-07-01")
    page.wait_for_selector('#stadtplan[data-map-state="stable"]', state="attached",
                           timeout=STABLE_TIMEOUT)
    plan = page.locator("#stadtplan")
    assert plan.get_attribute("data-drawn-areas") == "58"
    assert plan.get_attribute("data-drawn-points") == "2893"
    # Drawn inside the map's frame, not off-screen: the map fits Berlin.
    box = plan.bounding_box()
    inside = page.evaluate("""() => [...document.querySelectorAll('#stadtplan path.sp-area')]
        .map(p => p.getBoundingClientRect()).filter(r => r.width > 0).length""")
    assert inside == 58 and box["width"] > 700
    # The table beside the map names every Sozialraum with its value.
    assert page.locator("table[data-table=sozialraeume] tbody tr").count() == 58
    # A click on a Prognoseraum tells its name and value.
    page.locator("#stadtplan path.sp-area").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Stimme der Nutzer*innen: keine Selbstvertretung" in popup.inner_text()
    page.locator(".leaflet-popup-close-button").click()

    assert watch.foreign_requests == []
    assert watch.console_errors == []
    assert axe_violations(page) == []

    # On a phone: the map comes before legend and table, no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector('#stadtplan[data-map-state="stable"]', state="attached",
                           timeout=STABLE_TIMEOUT)
    assert plan.get_attribute("data-drawn-points") == "2893"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert plan.bounding_box()["y"] < page.locator("#city-legend").bounding_box()["y"]
    assert axe_violations(page) == []
    assert watch.foreign_requests == [] and watch.console_errors == []


def test_stadtplan_shows_names_as_text(browser_page, db):
    """A name that is an XSS probe stays text in the point's tooltip and the area's popup."""
    g = GraphBuilder(db)
    probe = '<img src=x onerror=alert(1)>'
    area = g.area(probe, code="P-1")
    g.data.areas[-1]["geometry"] = ('{"type":"Polygon","coordinates":[[[13.0,52.0],[13.02,52.0],'
                                    '[13.02,52.02],[13.0,52.02],[13.0,52.0]]]}')
    g.actor(probe, kind="kita", area=area, lat=52.01, lon=13.01)
    g.save()
    page, watch = browser_page("ausschuss")
    page.goto("/stadtplan")
    page.wait_for_selector('#stadtplan[data-map-state="stable"]', state="attached")
    page.locator("#stadtplan path.sp-point").hover(force=True)
    assert page.locator(".leaflet-tooltip").inner_text() == probe
    page.locator("#stadtplan path.sp-area").click(position={"x": 5, "y": 5}, force=True)
    assert page.locator(".leaflet-popup-content strong").inner_text() == probe
    assert page.locator("#stadtplan img").count() == 0
    assert watch.dialogs == [] and watch.console_errors == [] and watch.foreign_requests == []
