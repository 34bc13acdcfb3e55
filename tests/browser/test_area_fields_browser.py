"""Area fields in a real browser: the actor form's Sozialraum (one area, a
select holding only the chosen one) and served areas, and an account's
areas on the admin form (several: ticked boxes plus a field to add one),
each picked by type-ahead and saved; axe finds nothing."""
from __future__ import annotations

import pytest

from factories import GraphBuilder
from registry import auth
from registry.entities import actors
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _city(db):
    g = GraphBuilder(db)
    nord = g.area("Nord", level="bezirk")
    ids = dict(nord=nord, nordufer=g.area("Nordufer", parent=nord),
               sued=g.area("Südstadt", parent=nord))
    ids["kita"] = g.actor("Kita Boje", kind="kita", area=ids["sued"])
    g.save()
    return ids


def _pick(page, field_name: str, typed: str, option: str) -> None:
    field = page.get_by_role("combobox", name=field_name)
    field.press_sequentially(typed)
    hits = page.locator("#" + field.get_attribute("aria-controls"))
    hits.get_by_role("option", name=option).wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    hits.get_by_role("option", name=option).click()
    assert field.input_value() == ""


def test_actor_form_areas_are_picked_by_type_ahead_and_saved(browser_page, db):
    city = _city(db)
    page, watch = browser_page("koordination")
    page.goto(f"/akteure/{city['kita']}/bearbeiten")
    select = page.get_by_label("Sozialraum (Sitz)", exact=True)
    assert select.locator("option").count() == 2  # "kein Sozialraum" and Südstadt
    _pick(page, "Anderen Sozialraum suchen", "nordu", "Nordufer")
    assert select.input_value() == city["nordufer"]
    _pick(page, "Versorgten Sozialraum hinzufügen", "süd", "Südstadt")
    assert page.get_by_role("checkbox", name="Südstadt").is_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    saved = actors.get(db, city["kita"])
    assert saved["location"]["id"] == city["nordufer"]
    assert [s["id"] for s in saved["serves"]] == [city["sued"]]
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_account_areas_are_added_by_type_ahead_and_removed_by_unticking(browser_page, db):
    city = _city(db)
    user = auth.create_user(db, "k@example.org", "x" * 14, "koordination", "K",
                            areas=[city["sued"]])
    page, watch = browser_page("admin")
    page.goto(f"/admin/benutzer/{user.id}")
    assert page.get_by_role("checkbox", name="Südstadt").is_checked()
    _pick(page, "Sozialraum hinzufügen", "ufer", "Nordufer")
    added = page.get_by_role("checkbox", name="Nordufer")
    assert added.is_checked()
    page.get_by_role("checkbox", name="Südstadt").uncheck()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert auth.get_user(db, user.id).areas == [city["nordufer"]]
    assert watch.console_errors == [] and watch.foreign_requests == []
