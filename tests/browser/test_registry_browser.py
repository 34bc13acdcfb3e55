"""A coordinator's week in a real browser: create an actor, an agreement
between two actors and a network with members through the UI, find them by
search, then import a list that holds the new actor again and choose to
update it. Each page is checked with axe-core on the way."""
from __future__ import annotations

import re

import pytest

from factories import GraphBuilder
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _submit(page, name: str):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_create_actor_agreement_and_network_then_find_them(browser_page, db):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    bezirk = g.area("Mitte", level="bezirk", parent=stadt, code="LIN-01")
    g.area("Altstadt", level="sozialraum", parent=bezirk, code="LIN-01-01")
    g.actor("Jugendamt Lindenau", kind="jugendamt")
    g.save()
    page, watch = browser_page("koordination")

    # 1. An actor.
    page.goto("/akteure/neu")
    assert axe_violations(page) == []
    page.locator("#name").fill("Familienzentrum Müllerstraße")
    page.locator("#kind").select_option("familienzentrum")
    page.locator("#sector").select_option("frei")
    page.locator("#street").fill("Müllerstraße 12")
    page.locator("#location_search").fill("Altstadt")  # taken on save
    _submit(page, "Speichern")
    assert page.locator("h1").inner_text() == "Familienzentrum Müllerstraße"
    assert axe_violations(page) == []

    # 2. An agreement between the new actor and the Jugendamt.
    page.goto("/vereinbarungen/neu")
    page.locator("#title").fill("Kinderschutzvereinbarung Familienzentrum")
    page.locator("#type").select_option("kinderschutz_8a")
    page.locator("#status").select_option("entwurf")
    page.locator("#party_search").fill("lindenau")
    _submit(page, "Akteure suchen")
    page.get_by_label(re.compile("^Jugendamt Lindenau")).check()
    page.locator("#party_search").fill("muller")
    _submit(page, "Akteure suchen")
    page.get_by_label(re.compile("^Familienzentrum Müllerstraße")).check()
    assert axe_violations(page) == []
    _submit(page, "Vereinbarung anlegen")
    assert page.locator("h1").inner_text() == "Kinderschutzvereinbarung Familienzentrum"
    parties = page.locator("main").inner_text()
    assert "Jugendamt Lindenau" in parties and "Familienzentrum Müllerstraße" in parties
    assert axe_violations(page) == []

    # 3. A network, then its members from the network's page.
    page.goto("/netzwerke/neu")
    page.locator("#name").fill("Stadtteilkonferenz Altstadt")
    page.locator("#type").select_option("gremium")
    _submit(page, "Netzwerk anlegen")
    assert page.locator("h1").inner_text() == "Stadtteilkonferenz Altstadt"
    for query, name in (("jugendamt", "Jugendamt Lindenau"), ("familien", "Familienzentrum Müllerstraße")):
        page.get_by_label("Akteur suchen (Name)").fill(query)
        _submit(page, "Suchen")
        with page.expect_navigation():
            page.get_by_role("button", name=f"Hinzufügen {name}").click()
    members = page.locator("#mitglieder").locator("xpath=..").inner_text()
    assert "Jugendamt Lindenau" in members and "Familienzentrum Müllerstraße" in members
    assert axe_violations(page) == []

    # 4. Find all three by search, tolerant of umlauts and ß.
    page.goto("/akteure/?q=mullerstrasse")
    assert page.get_by_role("link", name="Familienzentrum Müllerstraße").count() == 1
    page.goto("/vereinbarungen/?q=kinderschutz")
    assert page.get_by_role("link", name="Kinderschutzvereinbarung Familienzentrum").count() == 1
    page.goto("/netzwerke/?q=stadtteil")
    assert page.get_by_role("link", name="Stadtteilkonferenz Altstadt").count() == 1
    assert axe_violations(page) == []

    # 5. A list from a spreadsheet whose first row is the actor of step 1,
    # spelt the typewriter way: the check lists it with a link, and the
    # coordinator chooses to update it instead of creating it twice.
    sheet = ("Name;Art;Sozialraum;Straße;Telefon\n"
             "FAMILIENZENTRUM MUELLERSTRASSE;Familienzentrum;LIN-01-01;Müllerstr. 12;05561 4711\n"
             "Jugendtreff Altstadt;Jugendzentrum;LIN-01-01;;\n")
    page.goto("/import")
    page.locator("#file").set_input_files(files=[{
        "name": "akteure.csv", "mimeType": "text/csv", "buffer": sheet.encode("utf-8")}])
    _submit(page, "Hochladen und prüfen")
    page.get_by_text("Prüfung ohne Probleme").wait_for()
    duplicates = page.locator("table.import-duplicates")
    assert duplicates.get_by_role("link", name="Familienzentrum Müllerstraße").count() == 1
    assert page.get_by_label("Zeile überspringen").is_checked()  # the default
    assert axe_violations(page) == []
    page.get_by_label("„Familienzentrum Müllerstraße“ aktualisieren").check()
    _submit(page, "Jetzt übernehmen")
    page.get_by_text("Die Datei wurde vollständig übernommen.").wait_for()
    assert duplicates.locator("tbody td").last.inner_text() == (
        "„Familienzentrum Müllerstraße“ aktualisiert")
    assert axe_violations(page) == []
    page.goto("/akteure/?q=familienzentrum")
    assert page.get_by_role("link", name="FAMILIENZENTRUM MUELLERSTRASSE").count() == 1
    assert page.get_by_role("link", name="Familienzentrum Müllerstraße").count() == 0
    page.goto("/akteure/?q=jugendtreff")
    assert page.get_by_role("link", name="Jugendtreff Altstadt").count() == 1
    assert watch.foreign_requests == []
    assert watch.console_errors == []
