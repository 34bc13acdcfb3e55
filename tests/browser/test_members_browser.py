"""A network with 100 members in a real browser: read-only rows with one
edit link each, no horizontal scroll at 1366 px or 390 px, labelled dates,
and a member added by type-ahead without reloading the page for the search."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry.entities import networks
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

LONG = "Kinder- und Jugendhilfeverbund Lindenau-Nordstadt-Mühlenviertel gemeinnützige GmbH"


def _network_with_100_members(db):
    g = GraphBuilder(db)
    area = g.area("Mühlenviertel-Nord")
    members = [g.actor(f"{LONG} {i:03d}", kind="freier_traeger", area=area) for i in range(100)]
    g.actor("Familienzentrum Wasserturm", kind="familienzentrum", area=area)
    network = g.network("Arbeitskreis nach § 78 SGB VIII Mühlenviertel",
                        [(m, "mitglied", date(2023, 1, 1), date(2030, 12, 31)) for m in members])
    g.save()
    return network


def test_100_members_fit_both_widths_and_a_member_is_added_by_type_ahead(browser_page, db):
    network = _network_with_100_members(db)
    page, watch = browser_page("koordination")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/netzwerke/{network}")
        rows = page.locator("table.member-rows tbody tr")
        assert rows.count() == 100
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # No form per member: one edit link per row.
        assert page.locator("table.member-rows form").count() == 0
        assert rows.nth(0).get_by_role("link", name="Ändern").count() == 1
        table = page.locator("table.member-rows").bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= width
        assert axe_violations(page) == []

    # The dates of the add form have visible labels.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/netzwerke/{network}")
    loads = []
    page.on("load", lambda _page: loads.append(1))
    field = page.get_by_role("combobox", name="Akteur suchen (Name)")
    field.press_sequentially("wasser")
    option = page.get_by_role("option", name="Familienzentrum Wasserturm")
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    field.press("ArrowDown")
    field.press("Enter")
    form = page.locator("#picker-chosen")
    assert form.is_visible() and "Familienzentrum Wasserturm" in form.inner_text()
    assert loads == []  # searching and picking did not reload the page
    since = form.get_by_label("Mitglied seit")
    assert since.is_visible()
    assert form.locator("label", has_text="Mitglied bis").is_visible()
    since.fill("2025-02-01")
    assert axe_violations(page) == []
    form.get_by_role("button", name="Hinzufügen").click()
    page.wait_for_load_state()
    assert "ist jetzt Mitglied" in page.locator("body").inner_text()
    added = next(m for m in networks.get(db, network)["members"]
                 if m["name"] == "Familienzentrum Wasserturm")
    assert added["since"] == date(2025, 2, 1)
    assert page.locator("table.member-rows tbody tr").count() == 101

    # The edit link leads to one form for that membership.
    page.locator("table.member-rows tbody tr", has_text=f"{LONG} 000").get_by_role("link", name="Ändern").click()
    page.get_by_role("heading", name="Mitgliedschaft ändern").wait_for()  # is_visible alone does not wait for the new page
    assert page.get_by_label("Mitglied bis").input_value() == "2030-12-31"
    assert axe_violations(page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_100_parties_are_rows_with_one_edit_link_each_at_both_widths(browser_page, db):
    """Agreement parties follow the members' pattern (one relation helper,
    one template pattern, one picker): read-only rows, one edit link, a
    party added by type-ahead, a small edit page."""
    g = GraphBuilder(db)
    area = g.area("Mühlenviertel-Süd")
    parties = [g.actor(f"{LONG} {i:03d}", kind="freier_traeger", area=area) for i in range(100)]
    g.actor("Familienzentrum Wasserturm", kind="familienzentrum", area=area)
    agreement = g.agreement("Kooperation Schulsozialarbeit Mühlenviertel",
                            [(p, "Ko-Träger") for p in parties])
    g.save()
    page, watch = browser_page("koordination")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/vereinbarungen/{agreement}")
        rows = page.locator("table.member-rows tbody tr")
        assert rows.count() == 100
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("table.member-rows form").count() == 0
        assert rows.nth(0).get_by_role("link", name="Ändern").count() == 1
        assert axe_violations(page) == []

    # A party is picked by type-ahead (the members' picker) without a reload.
    page.set_viewport_size({"width": 1366, "height": 900})
    loads = []
    page.on("load", lambda _page: loads.append(1))
    field = page.get_by_role("combobox", name="Akteur suchen (Name)")
    field.press_sequentially("wasser")
    page.get_by_role("option", name="Familienzentrum Wasserturm").click()
    form = page.locator("#picker-chosen")
    assert form.is_visible() and "Familienzentrum Wasserturm" in form.inner_text()
    assert loads == []
    form.get_by_label("Rolle").fill("Ort der Angebote")
    assert axe_violations(page) == []
    form.get_by_role("button", name="Hinzufügen").click()
    page.wait_for_load_state()
    assert "ist jetzt Partei der Vereinbarung" in page.locator("body").inner_text()
    added = page.locator("table.member-rows tbody tr", has_text="Familienzentrum Wasserturm")
    assert added.locator("td", has_text="Ort der Angebote").count() == 1
    assert page.locator("table.member-rows tbody tr").count() == 101

    page.locator("table.member-rows tbody tr", has_text=f"{LONG} 000").get_by_role("link", name="Ändern").click()
    page.get_by_role("heading", name="Partei ändern").wait_for()  # is_visible alone does not wait for the new page
    role = page.get_by_label("Rolle")
    assert role.input_value() == "Ko-Träger"
    assert axe_violations(page) == []
    role.fill("Moderation")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "Rolle von" in page.locator("body").inner_text()
    assert page.locator("table.member-rows tbody tr", has_text=f"{LONG} 000").locator(
        "td", has_text="Moderation").count() == 1
    assert watch.console_errors == [] and watch.foreign_requests == []
