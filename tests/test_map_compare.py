"""Two Stichtage on one map: ties that began, ended or stayed, on the map
data, in the legend, the table and the exports; the Vergleichsstichtag is
checked like every other filter."""
from __future__ import annotations

import json
from datetime import date
from html import unescape

import pytest

import htmlpage
from factories import GraphBuilder
from registry.maps import exports
from registry.maps.view import MapFilters, build_map

BEFORE, AFTER = date(2024, 6, 1), date(2025, 6, 1)


@pytest.fixture
def history(db):
    """Jugendamt-Verein ends 2024-12-31, Jugendamt-Schule begins 2025-01-01,
    Jugendamt-Kita holds throughout, the Jugendrat leaves the network."""
    g = GraphBuilder(db)
    area = g.area("Altstadt")
    ids = {name: g.actor(label, kind=kind, area=area) for name, label, kind in [
        ("ja", "Jugendamt", "jugendamt"), ("verein", "SV Blau", "verein"),
        ("schule", "Grundschule", "schule"), ("kita", "Kita Sonne", "kita"),
        ("rat", "Jugendrat", "selbstvertretung"), ("awo", "AWO", "freier_traeger")]}
    g.agreement("Alt", [ids["ja"], ids["verein"]], valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31), status="ausgelaufen")
    g.agreement("Neu", [ids["ja"], ids["schule"]], valid_from=date(2025, 1, 1))
    g.agreement("Dauer", [ids["ja"], ids["kita"]], valid_from=date(2023, 1, 1))
    g.network("Runde", [(ids["awo"], "mitglied"),
                        (ids["rat"], "mitglied", None, date(2024, 9, 30))])
    g.save()
    ids["area"] = area
    return ids


def _changes(view, ids):
    names = {v: k for k, v in ids.items()}
    return {tuple(sorted((names[e.a], names[e.b]))): e.change for e in view.edges}


def test_compared_map_marks_new_ended_and_unchanged_ties(db, history):
    view = build_map(db, MapFilters(day=AFTER, compare=BEFORE))
    assert _changes(view, history) == {
        ("ja", "verein"): "beendet", ("awo", "rat"): "beendet",
        ("ja", "schule"): "neu", ("ja", "kita"): "gleich",
    }
    # Counts and degrees are those of the Stichtag; the subtitle says what changed.
    assert view.tie_count == 2
    assert {n.name: n.degree for n in view.nodes}["Jugendamt"] == 2
    assert "seit 01.06.2024: 1 neu, 2 beendet, 1 unverändert" in view.subtitle
    assert ("Vergleichsstichtag", "01.06.2024") in view.filter_summary()
    # Without isolated actors, those with an ended tie stay (the tie is drawn).
    hidden = build_map(db, MapFilters(day=AFTER, compare=BEFORE, isolated=False))
    assert {"SV Blau", "Jugendrat", "AWO"} <= {n.name for n in hidden.nodes}
    # No comparison: no change on any edge, ended ties not drawn.
    plain = build_map(db, MapFilters(day=AFTER))
    assert {e.change for e in plain.edges} == {None} and len(plain.edges) == 2


def test_map_page_draws_changes_in_distinct_styles_with_a_legend(client, history, login_as):
    login_as("ausschuss")
    page = client.get("/karte?stichtag=2025-06-01&vergleich=2024-06-01").get_data(as_text=True)
    doc = htmlpage.parse(page)
    data = json.loads(unescape(doc.by_id("map-data").text))
    style = {e["change"]: (e["color"]["color"], json.dumps(e.get("dashes", False)), e["width"])
             for e in data["edges"]}
    assert set(style) == {"neu", "beendet", "gleich"}
    assert len({s[0] for s in style.values()}) == 3           # three colours
    assert style["beendet"][1] != "false" and style["neu"][1] == "false"  # ended: dashed
    assert style["neu"][2] > style["gleich"][2]                # new: wider
    legend = doc.find(data_legend="changes")
    assert "Veränderung seit 01.06.2024" in doc.find("section", class_=htmlpage.has_class("map-legend")).text
    items = [li.text for li in legend.find_all("li")]
    assert any(t.startswith("neu") and "(1)" in t for t in items)
    assert any(t.startswith("beendet") and "(2)" in t for t in items)
    assert any(t.startswith("unverändert") and "(1)" in t for t in items)
    # The comparison travels to the table and the exports.
    table_link = doc.find(href=htmlpage.starts("/karte/tabelle?"))["href"]
    assert "vergleich=2024-06-01" in table_link
    assert doc.find(href=htmlpage.starts("/karte/export.svg?"))["href"].count("vergleich=2024-06-01") == 1


def test_table_has_a_change_column_sortable(client, history, login_as):
    login_as("ausschuss")
    page = client.get("/karte/tabelle?stichtag=2025-06-01&vergleich=2024-06-01&sort_b=veraenderung")
    doc = htmlpage.parse(page.get_data(as_text=True))
    ties = doc.find("table", data_table="ties")
    assert "Veränderung seit 01.06.2024" in ties.find("thead").text
    rows = [(r.find("th").text.strip(), r.find("td").text.strip(), r.find("td", data_change=True)["data-change"])
            for r in ties.find("tbody").find_all("tr")]
    assert [r[2] for r in rows] == ["neu", "beendet", "beendet", "gleich"]
    assert ("Grundschule", "Jugendamt", "neu") in rows
    assert ("AWO", "Jugendrat", "beendet") in rows
    assert "beendet" in ties.find("td", data_change="beendet").text


def test_json_export_names_the_change_of_each_tie(db, history):
    view = build_map(db, MapFilters(day=AFTER, compare=BEFORE))
    document = json.loads(exports.export(view, "json").data)
    assert sorted(link["change"] for link in document["links"]) == ["beendet", "beendet", "gleich", "neu"]


def test_vergleichsstichtag_must_lie_before_the_stichtag(client, history, login_as):
    login_as("koordination")
    for bad in ("2025-06-01", "2026-01-01"):
        response = client.get(f"/karte?stichtag=2025-06-01&vergleich={bad}")
        assert response.status_code == 400
        assert "Der Vergleichsstichtag muss vor dem Stichtag liegen." in response.get_data(as_text=True)
    assert client.get("/karte/export.json?stichtag=2025-06-01&vergleich=31.02.2024").status_code == 400
