"""The actor form's Träger field in a real browser: the select holds only
the current Träger, the text field beside it searches while typing, and the
picked Träger is saved."""
from __future__ import annotations

import pytest

from factories import GraphBuilder
from registry.entities import actors
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_traeger_is_picked_by_type_ahead_and_saved(browser_page, db):
    g = GraphBuilder(db)
    area = g.area("Nordstadt")
    awo = g.actor("AWO Nordstadt", kind="freier_traeger", area=area)
    caritas = g.actor("Caritas Nordstadt", kind="freier_traeger", area=area)
    kita = g.actor("Kita Sonne", kind="kita", area=area, operator=awo)
    g.save()
    page, watch = browser_page("koordination")
    page.goto(f"/akteure/{kita}/bearbeiten")
    select = page.get_by_label("Träger", exact=True)
    assert select.locator("option").count() == 2  # "kein Träger" and AWO
    field = page.get_by_role("combobox", name="Anderen Träger suchen")
    field.press_sequentially("caritas")
    page.get_by_role("option", name="Caritas Nordstadt").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    field.press("ArrowDown")
    field.press("Enter")
    assert select.input_value() == caritas
    assert field.input_value() == ""
    # The sector follows the Träger (actor-form.js hears the change).
    assert page.locator("#sector").is_disabled()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert actors.get(db, kita)["operator"]["id"] == caritas
    assert watch.console_errors == [] and watch.foreign_requests == []
