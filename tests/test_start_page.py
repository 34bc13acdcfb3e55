"""The start page per role, and the ways from a Sozialraum or a network to
its report and map (issue 13)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

import htmlpage
from factories import GraphBuilder


@pytest.fixture
def graph(db):
    today = date.today()
    g = GraphBuilder(db)
    stadt = g.area("Stadt", level="stadt")
    nord = g.area("Nord", code="N", parent=stadt)
    sued = g.area("Süd", code="S", parent=stadt)
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    kita = g.actor("Kita Nord", kind="kita", area=nord)
    verein = g.actor("Verein Süd", kind="verein", area=sued)
    g.agreement("Prüfen Nord", [ja, kita], valid_from=today - timedelta(days=400),
                review_date=today - timedelta(days=3))
    g.agreement("Endet bald Süd", [ja, verein], valid_from=today - timedelta(days=400),
                valid_until=today + timedelta(days=20))
    network = g.network("Runde Nord", [ja, kita], scope=nord)
    g.save()
    return {"nord": nord, "sued": sued, "network": network}


def test_committee_start_shows_the_report_figures_as_links(client, login_as, graph):
    login_as("ausschuss")
    page = client.get("/").get_data(as_text=True)
    figures = [(a["href"], a["data-indicator"])
               for a in htmlpage.parse(page).find_all("a", data_indicator=True)]
    assert sorted(key for _href, key in figures) == sorted((
        "ohne_beteiligung", "sozialraeume_ohne_vertretung", "zielgruppen_ohne_stimme",
        "isolierte_akteure", "fristen"))
    assert all(href == f"/berichte#ind-{key}" for href, key in figures)
    links = htmlpage.link_targets(page)
    assert links["Nord"] == f"/berichte?sozialraum={graph['nord']}"
    assert links["Als PDF herunterladen"] == "/berichte/ausschuss.pdf"
    assert "Zu prüfen" not in page


def test_coordination_start_shows_its_areas_reviews_and_expiring(client, login_as, graph):
    login_as("koordination", areas=[graph["nord"]])
    page = client.get("/").get_data(as_text=True)
    links = htmlpage.link_targets(page)
    assert links["Nord"] == f"/sozialraeume/{graph['nord']}" and "Süd" not in links
    assert "Prüfen Nord" in links
    assert "Endet bald Süd" in links   # a party (the Jugendamt) lies in Nord
    assert 'data-indicator=' not in page


def test_sozialraum_and_network_pages_link_to_report_and_map(client, login_as, graph):
    login_as("ausschuss")
    links = htmlpage.link_targets(client.get(f"/sozialraeume/{graph['nord']}").get_data(as_text=True))
    assert links["Bericht für Nord"] == f"/berichte?sozialraum={graph['nord']}"
    assert links["Karte von Nord"] == f"/karte?sozialraum={graph['nord']}"
    assert client.get(links["Karte von Nord"]).status_code == 200
    assert client.get(links["Bericht für Nord"]).status_code == 200
    links = htmlpage.link_targets(client.get(f"/netzwerke/{graph['network']}").get_data(as_text=True))
    assert links["Karte dieses Netzwerks"] == f"/karte?netzwerk={graph['network']}"
    assert client.get(links["Karte dieses Netzwerks"]).status_code == 200


def test_one_term_for_the_area_of_a_network(client, login_as, graph):
    login_as("ausschuss")
    for url in (f"/sozialraeume/{graph['nord']}", f"/netzwerke/{graph['network']}", "/netzwerke",
                "/berichte"):
        page = client.get(url).get_data(as_text=True)
        assert "Wirkungsraum" not in page and "Räumlicher Bezug" not in page, url
