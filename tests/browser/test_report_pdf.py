"""The report pages in headless Chromium: no WCAG 2.1 AA violations found by
axe-core, nothing from another host, and the committee report printed to
PDF carries the figures, the tables and the map as text."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from registry import demo
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(db):
    demo.load(db)


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text), len(reader.pages)


@pytest.mark.parametrize("path", ["/berichte", "/berichte/beteiligung", "/berichte/ausschuss"])
def test_report_pages_are_accessible(browser_page, demo_data, path):
    page, watch = browser_page("ausschuss")
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert watch.foreign_requests == []
    assert watch.console_errors == []


def test_committee_report_prints_to_pdf_with_figures_tables_and_map(browser_page, demo_data, db):
    page, watch = browser_page("ausschuss")
    page.goto("/berichte/ausschuss")
    figures = {
        key: page.locator(f'dd[data-indicator="{key}"]').inner_text()
        for key in ("ohne_beteiligung", "sozialraeume_ohne_vertretung", "isolierte_akteure",
                    "partnerschaft")
    }
    data = page.pdf(format="A4", print_background=True)
    text, pages = _pdf_text(data)
    assert pages >= 2
    # Header, date and filters.
    assert "Bericht für den Jugendhilfeausschuss" in text
    assert "Stichtag" in text and "Gesamtgebiet" in text
    # The figures, with the values the page shows.
    assert "Kennzahlen" in text
    for value in figures.values():
        assert re.sub(r"\s+", " ", value) in text
    assert "Netzwerke und Vereinbarungen ohne Beteiligung der Nutzer*innen" in text
    # The tables: the demo's deliberate gaps by name.
    for name in demo.NETWORKS_WITHOUT_PARTICIPATION[:3] + [demo.AREA_WITHOUT_REPRESENTATION,
                                                             demo.BODY_IN_NO_NETWORK]:
        assert name in text, name
    # The map: its heading, its title, its legend and actors' names as text.
    assert "Karte der Kooperationsbeziehungen" in text
    assert "Kooperationsbeziehungen am" in text
    assert "Ohne Kooperationsbeziehung am Stichtag:" in text
    assert "Vermittler (Artikulationspunkt)" in text
    assert "Jugendamt Lindenau" in text
    assert demo.ISOLATED_ACTORS[0] in text
    # Definitions are printed; navigation, filters and download links are not.
    assert "Wie wird das berechnet?" in text
    assert "Zum Inhalt springen" not in text and "Herunterladen" not in text
    assert "Hauptnavigation" not in text
    assert watch.console_errors == []
