"""The network map in a real browser (headless Chromium): drawn under the
app's CSP, every filtered actor drawn, a click shows the actor's details,
nothing from another host, no console error, accessible; names that are XSS
probes stay inert on the page and in the HTML export opened from disk."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry import demo, overview
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PROBES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
STABLE_TIMEOUT = 180_000  # ms; a loaded CI machine settles physics slowly

_NODE_POINT = """([mapId, nodeId]) => {
  const map = window.registryMaps[mapId];
  const canvasPoint = map.network.getPositions([nodeId])[nodeId];
  const dom = map.network.canvasToDOM(canvasPoint);
  const box = map.network.body.container.querySelector("canvas").getBoundingClientRect();
  return {x: box.left + dom.x, y: box.top + dom.y, hit: map.network.getNodeAt(dom)};
}"""


def _wait_stable(page, map_id="netzwerkkarte"):
    page.wait_for_selector(f'#{map_id}[data-map-state="stable"]', state="attached",
                           timeout=STABLE_TIMEOUT)


def _click_node(page, candidates, map_id="netzwerkkarte"):
    """Click the first candidate that is not hidden under another node;
    return its id."""
    page.locator(f"#{map_id}").scroll_into_view_if_needed()
    for node_id in candidates:
        point = page.evaluate(_NODE_POINT, [map_id, node_id])
        if point["hit"] == node_id:
            page.mouse.click(point["x"], point["y"])
            return node_id
    raise AssertionError("every candidate node is covered by another")


def test_map_of_the_demo_data_draws_every_actor_and_shows_details(browser_page, db):
    demo.load(db, today=date(2025, 6, 1))
    page, watch = browser_page("ausschuss")
    page.goto("/karte?stichtag=2025-06-01")
    _wait_stable(page)
    container = page.locator("#netzwerkkarte")
    expected = overview.counts(db)["actors"]  # no filter: every actor
    assert int(container.get_attribute("data-node-count")) == expected
    assert int(container.get_attribute("data-drawn-nodes")) == expected
    assert page.evaluate("window.registryMaps.netzwerkkarte.nodes.length") == expected

    order = page.evaluate("""() => window.registryMaps.netzwerkkarte.nodes.get()
        .sort((a, b) => b.size - a.size).map(n => n.id)""")
    node_id = _click_node(page, order)
    node = page.evaluate("(id) => window.registryMaps.netzwerkkarte.nodes.get(id)", node_id)
    details = page.locator("#map-details")
    details.locator("h3").wait_for()
    assert details.locator("h3").inner_text() == node["label"]
    assert node["kindLabel"] in details.inner_text()
    assert details.get_by_role("link", name="Zur Seite des Akteurs").get_attribute("href") == \
        f"/akteure/{node_id}"

    # The finder selects an actor by keyboard, without the canvas.
    page.select_option("#map-finder", node_id)
    assert page.evaluate("window.registryMaps.netzwerkkarte.network.getSelectedNodes()") == [node_id]

    assert watch.console_errors == []
    assert watch.foreign_requests == []
    assert axe_violations(page) == []

    page.goto("/karte/tabelle?stichtag=2025-06-01")
    assert page.locator("table[data-table=actors] caption").inner_text().endswith(f"({expected})")
    assert axe_violations(page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_large_map_is_drawn_at_once_from_the_server_layout(browser_page, db):
    g = GraphBuilder(db)
    hub = g.actor("Jugendamt", kind="jugendamt")
    kitas = [g.actor(f"Kita {i:03d}", kind="kita") for i in range(320)]
    g.network("Netzwerk Kitas", [hub] + kitas[:40])
    g.save()
    page, watch = browser_page("ausschuss")
    page.goto("/karte")
    _wait_stable(page)
    container = page.locator("#netzwerkkarte")
    assert container.get_attribute("data-layout") == "server"
    assert container.get_attribute("data-drawn-nodes") == "321"
    # Physics is off: positions are the server's, unchanged by the browser
    # (getPositions cuts to whole pixels).
    placed = page.evaluate("""() => {
      const m = window.registryMaps.netzwerkkarte, pos = m.network.getPositions();
      return m.nodes.get().every(n => Math.abs(pos[n.id].x - n.x) < 1 && Math.abs(pos[n.id].y - n.y) < 1);
    }""")
    assert placed
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_xss_probe_names_stay_inert_on_the_map_and_in_the_html_export(browser_page, db, tmp_path):
    g = GraphBuilder(db)
    area = g.area(PROBES[1])
    probes = [g.actor(name, area=area) for name in PROBES]
    other = g.actor("Jugendamt", kind="jugendamt", area=area)
    g.network(PROBES[0], [*probes, other])
    g.agreement(PROBES[1], [probes[0], other])
    g.save()
    page, watch = browser_page("koordination")
    page.goto(f"/karte?sozialraum={area}")
    _wait_stable(page)

    def inert():
        assert watch.dialogs == []
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
        injected = page.evaluate("""() => [...document.scripts].filter(s =>
            s.textContent.includes('alert(1)') && s.type !== 'application/json').length""")
        assert injected == 0

    clicked = _click_node(page, probes)
    page.locator("#map-details h3").wait_for()
    name = PROBES[probes.index(clicked)]
    assert page.locator("#map-details h3").inner_text() == name  # shown as text
    # The tooltip shows the name as text too.
    point = page.evaluate(_NODE_POINT, ["netzwerkkarte", clicked])
    page.mouse.move(point["x"] + 1, point["y"] + 1)
    tooltip = page.locator("#netzwerkkarte div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(name)
    assert tooltip.locator("img").count() == 0
    inert()
    assert page.title().startswith("Netzwerkkarte " + PROBES[1])
    assert watch.console_errors == [] and watch.foreign_requests == []

    download = page.request.get(f"/karte/export.html?sozialraum={area}")
    assert download.ok
    exported = tmp_path / "netzwerkkarte.html"
    exported.write_bytes(download.body())
    page.goto(exported.as_uri())
    _wait_stable(page)
    assert page.locator("#netzwerkkarte").get_attribute("data-drawn-nodes") == "3"
    clicked = _click_node(page, probes)
    page.locator("#map-details h3").wait_for()
    assert page.locator("#map-details h3").inner_text() == PROBES[probes.index(clicked)]
    inert()
    assert watch.foreign_requests == []  # opened from disk: no request to any host
    assert watch.console_errors == []
