"""Two Stichtage on the map in headless Chromium (hand-made graph): the tie
that ended is drawn dashed in its own colour, the one that began wider in
another, the legend beside the map explains both, and the table names them."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_comparison_marks_a_tie_that_ended_and_one_that_began(browser_page, db):
    g = GraphBuilder(db)
    area = g.area("Altstadt")
    ja = g.actor("Jugendamt", kind="jugendamt", area=area)
    verein = g.actor("SV Blau", kind="verein", area=area)
    schule = g.actor("Grundschule", kind="schule", area=area)
    kita = g.actor("Kita Sonne", kind="kita", area=area)
    g.agreement("Alt", [ja, verein], valid_from=date(2020, 1, 1), valid_until=date(2024, 12, 31),
                status="ausgelaufen")
    g.agreement("Neu", [ja, schule], valid_from=date(2025, 1, 1))
    g.agreement("Dauer", [ja, kita], valid_from=date(2023, 1, 1))
    g.save()

    page, watch = browser_page("ausschuss")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/karte?stichtag=2025-06-01")
    # The comparison is chosen beside the map.
    page.get_by_label("Vergleichen mit Stichtag").fill("2024-06-01")
    page.get_by_role("button", name="Darstellung ändern").click()
    page.wait_for_url(lambda url: "vergleich=2024-06-01" in url)
    page.wait_for_selector('#netzwerkkarte[data-map-state="stable"]', state="attached")

    drawn = page.evaluate("""() => {
      const m = window.registryMaps.netzwerkkarte;
      return m.edges.get().map(e => {
        const o = m.network.body.edges[e.id].options;
        return {pair: [m.nodes.get(e.from).name, m.nodes.get(e.to).name].sort().join(' – '),
                change: e.change, colour: o.color.color, dashes: o.dashes, width: o.width};
      });
    }""")
    by_pair = {d["pair"]: d for d in drawn}
    ended, began = by_pair["Jugendamt – SV Blau"], by_pair["Grundschule – Jugendamt"]
    same = by_pair["Jugendamt – Kita Sonne"]
    assert (ended["change"], began["change"], same["change"]) == ("beendet", "neu", "gleich")
    assert ended["dashes"] and not began["dashes"] and not same["dashes"]
    assert len({ended["colour"], began["colour"], same["colour"]}) == 3
    assert began["width"] > same["width"]

    # The legend beside the map shows the same colours and says what they mean.
    legend = page.locator(".map-side [data-legend=changes]")
    assert legend.is_visible()
    swatches = legend.locator("line").evaluate_all(
        "ls => ls.map(l => [l.getAttribute('stroke'), l.getAttribute('stroke-dasharray')])")
    assert [ended["colour"], "4 3"] in swatches and [began["colour"], None] in swatches
    text = legend.inner_text()
    assert "beendet" in text and "neu" in text and "unverändert" in text
    canvas, side = page.locator("#netzwerkkarte").bounding_box(), page.locator(".map-side").bounding_box()
    assert side["x"] > canvas["x"] and abs(side["y"] - canvas["y"]) < 2
    assert "seit 01.06.2024: 1 neu, 1 beendet, 1 unverändert" in page.locator(".lead").inner_text()
    assert axe_violations(page) == []

    # The table view names each change, in the same styles.
    page.get_by_role("link", name="Dieselbe Karte als Tabelle").click()
    # Until the table page has loaded, its rows may be half parsed.
    page.wait_for_url("**/karte/tabelle?*")
    rows = page.locator("table[data-table=ties] tbody tr")
    cells = {rows.nth(i).locator("th").inner_text() + " – " + rows.nth(i).locator("td").first.inner_text():
             rows.nth(i).locator("td[data-change]").inner_text().strip() for i in range(rows.count())}
    assert cells["Jugendamt – SV Blau"] == "beendet"
    assert cells["Grundschule – Jugendamt"] == "neu"
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.go_back()
    page.wait_for_selector('#netzwerkkarte[data-map-state="stable"]', state="attached")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watch.console_errors == [] and watch.foreign_requests == []

