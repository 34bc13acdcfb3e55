"""The network map people can read (headless Chromium, demo data): it uses
the content width with details and legend beside it, the colour choice is
kept in the URL and changes the legend, names do not pile up, a selected
actor is named, and on a phone the map comes before legend and details."""
from __future__ import annotations

from datetime import date

import pytest

from registry import demo
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

STABLE = 180_000


def _stable(page):
    page.wait_for_selector('#netzwerkkarte[data-map-state="stable"]', state="attached", timeout=STABLE)


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_demo_map_is_wide_readable_and_recoloured_by_sozialraum(browser_page, db):
    demo.load(db, today=date(2025, 6, 1))
    page, watch = browser_page("ausschuss")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/karte?stichtag=2025-06-01", timeout=STABLE)
    _stable(page)
    main = _box(page, "main")
    stage, canvas, side = _box(page, "#map-stage"), _box(page, "#netzwerkkarte"), _box(page, ".map-side")
    assert stage["width"] >= main["width"] - 1          # at least the content width
    assert canvas["width"] > 2.5 * side["width"]        # the map takes most of it
    assert abs(side["y"] - canvas["y"]) < 2 and side["x"] > canvas["x"]  # legend beside the map
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Filters are folded away; the map starts within the first screen.
    assert not page.locator("#auswahl").evaluate("d => d.open")
    assert canvas["y"] < 450

    # Names: a readable number, none overlapping on screen, the hubs among them.
    named = page.evaluate("""() => {
      const m = window.registryMaps.netzwerkkarte;
      return m.nodes.get().filter(n => n.label).map(n => ({id: n.id, degree: n.degree, name: n.name}));
    }""")
    assert 10 <= len(named) <= 60
    top = page.evaluate("""() => window.registryMaps.netzwerkkarte.nodes.get()
        .sort((a, b) => b.degree - a.degree)[0].id""")
    assert top in {n["id"] for n in named}
    font = page.evaluate("""() => { const m = window.registryMaps.netzwerkkarte;
        return m.network.getScale() * m.network.body.nodes[m.nodes.getIds()[0]].options.font.size; }""")
    assert font >= 12  # on-screen pixels at the default zoom

    # A selected actor without a name on the map gets one.
    quiet = page.evaluate("""() => window.registryMaps.netzwerkkarte.nodes.get()
        .filter(n => !n.label).map(n => n.id)[0]""")
    page.select_option("#map-finder", quiet)
    assert page.evaluate("(id) => window.registryMaps.netzwerkkarte.nodes.get(id).label", quiet)

    # Colour by Sozialraum: chosen beside the map, kept in the URL, legend follows.
    page.select_option("#farbe-schnell", "sozialraum")
    page.get_by_role("button", name="Darstellung ändern").click(no_wait_after=True)
    page.wait_for_url(lambda url: "farbe=sozialraum" in url, timeout=STABLE)
    _stable(page)
    legend = page.locator(".map-side .map-legend")
    assert "Farbe: Sozialraum" in legend.inner_text()
    items = legend.locator("[data-legend=colours] li").all_inner_texts()
    assert any(text.startswith("Altstadt") for text in items)
    assert not any(text.startswith("Kita (") for text in items)
    assert "stichtag=2025-06-01" in page.url  # the other choices stay
    assert axe_violations(page) == []

    # Grouped by Sozialraum: one frame per area on the map.
    page.select_option("#anordnung-schnell", "sozialraum")
    page.get_by_role("button", name="Darstellung ändern").click(no_wait_after=True)
    page.wait_for_url(lambda url: "anordnung=sozialraum" in url, timeout=STABLE)
    _stable(page)
    frames = page.evaluate("JSON.parse(document.getElementById('map-data').textContent).groups")
    assert {"Altstadt", "Lindenpark"} <= {f["label"] for f in frames}
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_on_a_phone_the_map_comes_first(browser_page, db):
    demo.load(db, today=date(2025, 6, 1))
    page, watch = browser_page("ausschuss")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/karte?stichtag=2025-06-01", timeout=STABLE)
    _stable(page)
    canvas, legend, filters = _box(page, "#netzwerkkarte"), _box(page, ".map-legend"), _box(page, "#auswahl")
    assert canvas["y"] < legend["y"]
    assert filters["height"] < 80           # folded: one line above the map
    assert canvas["y"] < 844                 # visible without scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []
