"""The map's network filter in a real browser: a network picked by
type-ahead is added as a ticked box and shows on "Anzeigen"; axe finds
nothing. And the Sozialraum overview drawn from its compact data: every
Sozialraum with its tooltip and the link a click opens, the same as the
table's."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry.maps import overview
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _city(db):
    g = GraphBuilder(db)
    nord = g.area("Nord", level="bezirk")
    ufer, sued = g.area("Nordufer", parent=nord), g.area("Südstadt", parent=nord)
    kita, verein = g.actor("Kita Boje", kind="kita", area=sued), g.actor("Verein Anker", area=ufer)
    schule = g.actor("Schule am Hafen", kind="schule", area=sued)
    jugend = g.network("AK Jugend", members=[kita, verein])
    g.network("Runder Tisch Süd", members=[kita, schule])
    g.agreement("Kooperation", [verein, schule], valid_from=date(2025, 1, 1))
    g.save()
    return dict(ufer=ufer, sued=sued, jugend=jugend)


def test_a_network_is_picked_by_type_ahead_and_shown(browser_page, db):
    city = _city(db)
    page, watch = browser_page("ausschuss")
    page.goto("/karte?stichtag=2025-06-01")
    page.locator("#auswahl summary").click()
    assert page.locator("input[name=netzwerk]").count() == 0
    field = page.get_by_role("combobox", name="Netzwerk hinzufügen")
    field.press_sequentially("jug")
    hits = page.locator("#" + field.get_attribute("aria-controls"))
    hits.get_by_role("option", name="AK Jugend").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    hits.get_by_role("option", name="AK Jugend").click()
    assert field.input_value() == ""
    assert page.get_by_role("checkbox", name="AK Jugend").is_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(lambda url: f"netzwerk={city['jugend']}" in url)
    page.locator("#auswahl summary").click()
    assert page.get_by_role("checkbox", name="AK Jugend").is_checked()
    assert page.locator("input[name=netzwerk][type=checkbox]").count() == 1
    assert axe_violations(page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_the_overview_draws_every_sozialraum_with_its_tooltip_and_link(
        browser_page, db, monkeypatch):
    city = _city(db)
    monkeypatch.setattr(overview, "ABOVE", 2)  # 3 actors: the overview
    page, watch = browser_page("ausschuss")
    page.goto("/karte?stichtag=2025-06-01")
    page.locator("#netzwerkkarte[data-map-state=stable]").wait_for()
    drawn = page.evaluate("""() => {
      const m = window.registryMaps.netzwerkkarte;
      return [m.nodes.get().map(n => [n.id, n.label, n.title, n.open]),
              m.edges.get().map(e => [e.from, e.to, e.width])]; }""")
    links = {a.text_content(): a.get_attribute("href")
             for a in page.locator("#overview-table ~ div table a").all()}
    nodes = sorted(drawn[0])
    assert [(n[0], n[1]) for n in nodes] == [(city["ufer"], "Nordufer"),
                                             (city["sued"], "Südstadt")]
    assert [n[2] for n in nodes] == [
        "Nordufer: 1 Akteure, 0 Beziehungen innerhalb, 2 über die Grenze",
        "Südstadt: 2 Akteure, 1 Beziehungen innerhalb, 2 über die Grenze"]
    assert {n[1]: n[3] for n in nodes} == links
    assert all(f"sozialraum={n[0]}" in n[3] for n in nodes)
    # Verein–Kita (AK Jugend) and Verein–Schule (agreement): 2 ties, width 1 + 1.5·log2(2).
    ends = sorted([city["ufer"], city["sued"]])
    assert [sorted(e[:2]) + [e[2]] for e in drawn[1]] == [ends + [2.5]]
    assert axe_violations(page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []
