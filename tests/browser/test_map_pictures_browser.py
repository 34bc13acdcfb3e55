"""Every page format of the SVG picture measured in Chromium: title,
legend, filters and strip are there and no text box reaches past the page."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from registry.maps import exports
from registry.maps.image import PAGES, Picture
from tests.test_map_pictures import _texts, view  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_has_title_legend_filters_and_no_text_outside(view, page, _browser):
    svg = exports.export(view, "svg", Picture(page=page, title="Kooperation im Sozialraum 2025")).data
    texts = _texts(svg)
    assert "Kooperation im Sozialraum 2025" in texts            # the edited title
    assert any(t.startswith("Legende") for t in texts)
    assert any("Vergleichsstichtag: 01.06.2024" in t for t in texts)   # the filters
    assert "Ohne Kooperationspartner (6)" in texts                      # the strip
    assert any(t.startswith("neu: am Stichtag") for t in texts)

    tab = _browser.new_page()
    try:
        tab.set_content(svg.decode("utf-8"))
        outside = tab.evaluate("""() => {
          const svg = document.querySelector('svg'), page = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()])
            .filter(([text, r]) => text.trim() && (r.left < page.left - 0.5 || r.top < page.top - 0.5 ||
                     r.right > page.right + 0.5 || r.bottom > page.bottom + 0.5))
            .map(([text]) => text);
        }""")
        count = tab.evaluate("document.querySelectorAll('svg text').length")
    finally:
        tab.close()
    assert count > 20 and outside == []
    # The page has the chosen proportions.
    root = ET.fromstring(svg)
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    assert width / height == pytest.approx(PAGES[page][1][0] / PAGES[page][1][1], rel=0.01)


