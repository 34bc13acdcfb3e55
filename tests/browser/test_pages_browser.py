"""The start and login pages in a real browser: readable, keyboard usable,
no WCAG 2.1 AA violations found by axe-core, nothing from another host."""
from __future__ import annotations

import pytest

from conftest import PASSWORD, make_user
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_login_page_is_accessible_and_works_by_keyboard_alone(browser_page, db):
    user = make_user(db, "ausschuss", email="tastatur@example.org")
    page, watch = browser_page(None)
    page.goto("/login")
    assert axe_violations(page) == []
    # The e-mail field has the focus; Tab leads to the password; Enter submits.
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: not url.endswith("/login"))
    assert page.locator("h1").inner_text() == "Netzwerkregister"
    assert watch.foreign_requests == []
    assert watch.console_errors == []


def test_start_page_after_login_is_accessible(browser_page):
    page, watch = browser_page("ausschuss")
    page.goto("/")
    assert page.locator("h1").inner_text() == "Netzwerkregister"
    # The skip link is the first stop of the keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Zum Inhalt springen"
    assert axe_violations(page) == []
    assert watch.foreign_requests == []
    assert watch.console_errors == []


# Pages whose content is wider than a phone (tables, report charts) scroll
# inside their own box; the page itself never scrolls sideways.
PHONE_PAGES = ["/", "/akteure/", "/vereinbarungen/", "/netzwerke/", "/sozialraeume/",
               "/zielgruppen/", "/berichte/", "/berichte/ausschuss", "/berichte/beteiligung",
               "/admin/benutzer", "/import/", "/admin/geloescht/"]


def test_no_page_scrolls_sideways_on_a_phone(browser_page, db):
    from registry import demo

    demo.load(db)
    page, watch = browser_page("admin")
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    for path in PHONE_PAGES:
        assert page.goto(path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert wide == {}
    assert watch.console_errors == []
