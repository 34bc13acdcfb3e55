"""The actor list's Sozialraum filter in a real browser: the select holds
only the chosen area, the text field beside it searches while typing, and
the picked area filters the list."""
from __future__ import annotations

import pytest

from factories import GraphBuilder
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_an_area_is_picked_by_type_ahead_and_filters_the_list(browser_page, db):
    g = GraphBuilder(db)
    nord = g.area("Nordstadt")
    g.area("Südstadt")
    g.actor("Kita Sonne", kind="kita", area=nord)
    g.actor("Kita Mond", kind="kita")
    g.save()
    page, watch = browser_page("ausschuss")
    page.goto("/akteure/")
    select = page.get_by_label("Sozialraum (mit Unter-Gebieten)", exact=True)
    assert select.locator("option").count() == 1  # "alle" only
    field = page.get_by_role("combobox", name="Anderen Sozialraum suchen")
    field.press_sequentially("nord")
    page.get_by_role("option", name="Nordstadt").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    field.press("ArrowDown")
    field.press("Enter")
    assert select.input_value() == nord
    assert field.input_value() == ""
    assert axe_violations(page) == []
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "Kita Sonne" in rows.first.inner_text()
    assert select.input_value() == nord
    assert watch.console_errors == [] and watch.foreign_requests == []
