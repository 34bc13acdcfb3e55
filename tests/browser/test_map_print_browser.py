"""Printing /karte (headless Chromium, print media): the map comes first on
the whole width, right under the title and the line that states the
filters; the filter form, toolbar and download forms are not printed; the
legend follows the map."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder

pytestmark = pytest.mark.browser


def test_printed_map_comes_first(browser_page, db):
    g = GraphBuilder(db)
    area = g.area("Altstadt")
    ja = g.actor("Jugendamt", kind="jugendamt", area=area)
    kitas = [g.actor(f"Kita {i}", kind="kita", area=area) for i in range(5)]
    g.agreement("Vereinbarung", [ja, *kitas], valid_from=date(2024, 1, 1))
    g.save()
    page, watch = browser_page("ausschuss")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/karte?stichtag=2025-06-01")
    page.wait_for_selector('#netzwerkkarte[data-map-state="stable"]', state="attached")
    page.emulate_media(media="print")
    for hidden in ("#auswahl", ".map-toolbar", ".map-look", ".map-exports", ".map-picture", ".site-header"):
        assert not page.locator(hidden).first.is_visible(), hidden
    canvas = page.locator("#netzwerkkarte").bounding_box()
    legend = page.locator(".map-legend").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert canvas["y"] < 250                       # only title, subtitle, filter line above
    assert canvas["width"] >= 0.95 * main["width"]
    assert legend["y"] > canvas["y"] + canvas["height"] - 1
    assert page.locator(".map-filter-line").is_visible()
    assert watch.console_errors == []
