"""A committee member's path in Chromium: start page → the report of one
Sozialraum → its map → back; axe-core finds no WCAG 2.1 AA violation on any
page, nothing is loaded from another host."""
from __future__ import annotations

import pytest

from conftest import PASSWORD, make_user
from registry import demo
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _clean(page, watch):
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == [], page.url
    assert watch.foreign_requests == []


def test_committee_member_goes_from_start_to_a_sozialraum_report_and_its_map(browser_page, db):
    demo.load(db)
    user = make_user(db, "ausschuss", email="ausschuss-weg@example.org")
    page, watch = browser_page(None)
    # The start page of a committee member computes the report's headline
    # figures: allow for a busy test machine.
    page.set_default_timeout(60000)
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    page.goto("/")
    assert page.get_by_role("heading", name="Bericht für einen Sozialraum").is_visible()
    _clean(page, watch)

    page.get_by_role("link", name=demo.AREA_WITHOUT_REPRESENTATION, exact=True).click()
    page.wait_for_url("**/berichte?sozialraum=*")
    report_url = page.url
    assert page.locator("h1").inner_text() == f"Berichte: {demo.AREA_WITHOUT_REPRESENTATION}"
    assert page.get_by_role("heading", name="Auf einen Blick").is_visible()
    assert page.get_by_role("heading", name="Kennzahlen im Vergleich").is_visible()
    _clean(page, watch)

    page.get_by_role("link", name=f"Karte von {demo.AREA_WITHOUT_REPRESENTATION}").click()
    page.wait_for_url("**/karte?*")
    assert "sozialraum=" in page.url
    _clean(page, watch)

    page.go_back()
    page.wait_for_url(report_url)
    assert page.locator("h1").inner_text() == f"Berichte: {demo.AREA_WITHOUT_REPRESENTATION}"
    _clean(page, watch)
    assert watch.console_errors == []
