"""The map's network filter lists only the chosen networks (a city has
thousands); a search field beside it finds the others: while typing through
/karte/netzwerke.json, without JavaScript by the name or id typed, resolved
on "Anzeigen" with a German message when it names none or several."""
from __future__ import annotations

from datetime import date

import pytest

import htmlpage
from factories import GraphBuilder
from test_area_pick import typing_reads_once_and_a_rename_shows_at_once

DAY = "stichtag=2025-06-01"


@pytest.fixture
def nets(db):
    """Two networks named "Runder Tisch" (told apart by their scope), a
    unique "AK Jugend" and one without members, "Lenkungsgruppe"."""
    g = GraphBuilder(db)
    sued = g.area("Südstadt", level="sozialraum")
    kita, verein = g.actor("Kita Boje", kind="kita", area=sued), g.actor("Verein Anker", area=sued)
    schule = g.actor("Schule am Hafen", kind="schule", area=sued)
    jugend = g.network("AK Jugend", members=[kita, verein], scope=sued)
    tisch_sued = g.network("Runder Tisch", members=[kita, schule], scope=sued)
    tisch = g.network("Runder Tisch", members=[verein, schule])
    leer = g.network("Lenkungsgruppe")
    g.agreement("Kooperation", [kita, schule], valid_from=date(2025, 1, 1))
    g.save()
    return dict(jugend=jugend, tisch_sued=tisch_sued, tisch=tisch, leer=leer, kita=kita)


def listed(doc) -> list[str]:
    """The networks the filter offers (checkboxes; the page's other forms
    carry the filters as hidden fields)."""
    return [i.attrs["value"] for i in doc.find_all("input", name="netzwerk", type="checkbox")]


def ticked(doc) -> list[str]:
    return [i.attrs["value"] for i in doc.find_all("input", name="netzwerk", type="checkbox")
            if "checked" in i.attrs]


def test_the_filter_lists_no_network_until_one_is_chosen(client, login_as, nets):
    login_as("ausschuss")
    doc = htmlpage.parse(client.get(f"/karte?{DAY}").get_data(as_text=True))
    assert listed(doc) == [] and doc.find("select", id="netzwerk") is None
    search = doc.find("input", name="netzwerk_suche")
    assert search.attrs["data-pick-url"] == "/karte/netzwerke.json"
    assert search.attrs["data-pick-select"] == "netzwerk-gewaehlt"
    assert doc.find("label", **{"for": "netzwerk_suche"}).text == "Netzwerk hinzufügen"
    # A chosen one (a link from the network's page) is listed, ticked, alone.
    doc = htmlpage.parse(client.get(f"/karte?{DAY}&netzwerk={nets['jugend']}")
                         .get_data(as_text=True))
    assert listed(doc) == [nets["jugend"]]
    assert ticked(doc) == [nets["jugend"]]


def test_a_typed_name_chooses_the_network_without_javascript(client, login_as, nets):
    login_as("ausschuss")
    response = client.get(f"/karte?{DAY}&verbindungen=netzwerke&isolierte=nein"
                          "&netzwerk_suche=ak+jugend")
    assert response.status_code == 200
    doc = htmlpage.parse(response.get_data(as_text=True))
    assert ticked(doc) == [nets["jugend"]]
    # The map shows the network's ties: its two members.
    assert doc.find("div", id="netzwerkkarte").attrs["data-node-count"] == "2"
    assert doc.find("input", name="netzwerk_suche").attrs.get("value", "") == ""
    # Added to one already chosen; the id settles a shared name.
    response = client.get(f"/karte?{DAY}&netzwerk={nets['jugend']}&netzwerk_suche={nets['tisch']}")
    doc = htmlpage.parse(response.get_data(as_text=True))
    assert ticked(doc) == [nets["jugend"], nets["tisch"]]


def test_a_name_of_none_or_several_networks_is_refused_in_german(client, login_as, nets):
    login_as("ausschuss")
    response = client.get(f"/karte?{DAY}&netzwerk_suche=Runder+Tisch")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = htmlpage.field_error(page, "netzwerk_suche")
    assert message.startswith("Mehrere Einträge heißen „Runder Tisch“: ")
    assert f"Runder Tisch (Südstadt, Kennung {nets['tisch_sued']})" in message
    assert f"Runder Tisch (ohne Geltungsbereich, Kennung {nets['tisch']})" in message
    # Kept for correcting it.
    typed = htmlpage.parse(page).find("input", name="netzwerk_suche")
    assert typed.attrs["value"] == "Runder Tisch"
    response = client.get(f"/karte?{DAY}&netzwerk_suche=Ost")
    assert response.status_code == 400
    assert htmlpage.field_error(response.get_data(as_text=True), "netzwerk_suche") == (
        "Kein Netzwerk mit dem Namen oder der Kennung „Ost“ gefunden.")
    # The table page reads the same filter.
    response = client.get(f"/karte/tabelle?{DAY}&netzwerk_suche=Ost")
    assert response.status_code == 400


def test_the_type_ahead_finds_networks_with_the_maps_rights(client, login_as, nets):
    url = "/karte/netzwerke.json?q=tisch"
    # Signed out: like the map, the sign-in page.
    for path in ("/karte", url):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("ausschuss")
    answer = client.get(url).get_json()
    assert answer["more"] is False
    assert sorted((h["id"], h["name"], h["area"], h["kind"]) for h in answer["results"]) == sorted([
        (nets["tisch_sued"], "Runder Tisch", "Südstadt", "Netzwerk"),
        (nets["tisch"], "Runder Tisch", "", "Netzwerk")])
    # Folded like every search: "lenkungs" finds the network without members.
    assert [h["id"] for h in client.get("/karte/netzwerke.json?q=LENKUNGS").get_json()[
        "results"]] == [nets["leer"]]
    assert client.get("/karte/netzwerke.json?q=").get_json()["results"] == []


def test_the_type_ahead_reads_the_networks_once_while_typing_and_a_rename_at_once(
        client, login_as, nets):
    login_as("admin")
    typing_reads_once_and_a_rename_shows_at_once(
        client, "/karte/netzwerke.json", f"/netzwerke/{nets['leer']}/bearbeiten",
        "Lenkungsgruppe", "Steuerungsgruppe")
