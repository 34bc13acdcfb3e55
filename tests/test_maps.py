"""Network maps: the filtered view on hand-made graphs, the map and table
pages, the actor page's "kooperiert mit", the server layout for large maps."""
from __future__ import annotations

import json
from datetime import date
from html import unescape

import pytest
from flask import render_template

import htmlpage
from conftest import post_form
from factories import GraphBuilder
from registry.maps import cooperation
from registry.maps import layout, render
from registry.maps.view import MapFilters, build_map

DAY = date(2025, 6, 1)
PROBES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def city(db):
    """Nord (Bezirk) > Altstadt (Sozialraum) > Markt (Quartier); Süd beside it."""
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    altstadt = g.area("Altstadt", parent=nord)
    markt = g.area("Markt", level="quartier", parent=altstadt)
    sued = g.area("Süd", level="bezirk", parent=stadt)
    ids = dict(nord=nord, altstadt=altstadt, markt=markt, sued=sued)
    ids["ja"] = g.actor("Jugendamt", kind="jugendamt", area=altstadt)
    ids["awo"] = g.actor("AWO", area=altstadt)
    ids["kita"] = g.actor("Kita Sonne", kind="kita", area=markt, operator=ids["awo"])
    ids["schule"] = g.actor("Grundschule Süd", kind="schule", area=sued, sector="oeffentlich")
    ids["rat"] = g.actor("Jugendrat", kind="selbstvertretung", area=altstadt)
    ids["verein"] = g.actor("SV Blau", kind="verein", area=altstadt)
    g.agreement("8a Kita", [ids["ja"], ids["kita"]], type="kinderschutz_8a",
                valid_from=date(2024, 1, 1), valid_until=date(2026, 12, 31))
    g.agreement("Alt", [ids["ja"], ids["verein"]], valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31), status="ausgelaufen")
    g.agreement("Schule-Jugendhilfe", [ids["ja"], ids["kita"], ids["schule"]],
                type="jugendhilfe_schule", valid_from=date(2025, 1, 1))
    ids["konferenz"] = g.network("Stadtteilkonferenz", [
        (ids["ja"], "koordination"), (ids["awo"], "mitglied"), (ids["rat"], "mitglied"),
        (ids["verein"], "mitglied", date(2025, 9, 1)),   # joins later
    ])
    g.save()
    return ids


def _edges(view, ids):
    names = {v: k for k, v in ids.items()}
    return {
        tuple(sorted((names[e.a], names[e.b]))): (e.weight, names.get(e.traeger))
        for e in view.edges
    }


def test_map_of_a_bezirk_has_its_actors_and_their_ties_at_the_stichtag(db, city):
    view = build_map(db, MapFilters(day=DAY, area_id=city["nord"]))
    names = {n.name for n in view.nodes}
    # Sub-areas count (Kita sits in the Quartier); Süd's school does not.
    assert names == {"Jugendamt", "AWO", "Kita Sonne", "Jugendrat", "SV Blau"}
    assert _edges(view, city) == {
        ("ja", "kita"): (2, None),       # 8a and Jugendhilfe-Schule
        ("awo", "ja"): (1, None),
        ("ja", "rat"): (1, None),
        ("awo", "rat"): (1, None),
    }
    degree = {n.name: n.degree for n in view.nodes}
    assert degree == {"Jugendamt": 3, "AWO": 2, "Kita Sonne": 1, "Jugendrat": 2, "SV Blau": 0}
    assert view.area_name == "Nord" and view.tie_count == 4


def test_filters_isolated_traeger_kinds_types_and_a_later_stichtag(db, city):
    base = dict(day=DAY, area_id=city["nord"])
    no_isolated = build_map(db, MapFilters(**base, isolated=False))
    assert "SV Blau" not in {n.name for n in no_isolated.nodes}

    with_traeger = build_map(db, MapFilters(**base, traeger=True))
    assert _edges(with_traeger, city)[("awo", "kita")] == (0, "awo")
    assert with_traeger.tie_count == 4  # a Träger link is no cooperation

    kinds = build_map(db, MapFilters(day=DAY, kinds=("jugendamt", "kita")))
    assert {n.name for n in kinds.nodes} == {"Jugendamt", "Kita Sonne"}
    assert _edges(kinds, city) == {("ja", "kita"): (2, None)}

    only_8a = build_map(db, MapFilters(day=DAY, agreement_types=("kinderschutz_8a",),
                                       links="vereinbarungen", isolated=False))
    assert _edges(only_8a, city) == {("ja", "kita"): (1, None)}

    only_network = build_map(db, MapFilters(day=DAY, network_ids=(city["konferenz"],),
                                            links="netzwerke", isolated=False))
    assert set(_edges(only_network, city)) == {("awo", "ja"), ("ja", "rat"), ("awo", "rat")}

    later = build_map(db, MapFilters(day=date(2025, 10, 1), area_id=city["altstadt"]))
    assert {n.name: n.degree for n in later.nodes}["SV Blau"] == 3


def test_map_page_shows_the_filtered_map_with_legend_table_link_and_exports(client, city, login_as):
    login_as("ausschuss")
    response = client.get(f"/karte?sozialraum={city['nord']}&stichtag=2025-06-01&isolierte=nein")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Netzwerkkarte Nord" in page
    assert 'data-node-count="4"' in page
    doc = htmlpage.parse(page)
    data = json.loads(unescape(doc.find("script", type="application/json", id="map-data").text))
    assert sorted(n["label"] for n in data["nodes"]) == ["AWO", "Jugendamt", "Jugendrat", "Kita Sonne"]
    assert len(data["edges"]) == 4 and data["layout"] == "physics"
    by_label = {n["label"]: n for n in data["nodes"]}
    # Kind, carrier and user representation are visible on the map.
    assert by_label["Jugendrat"]["shape"] == "star"
    assert by_label["Jugendamt"]["shape"] == "square" and by_label["AWO"]["shape"] == "dot"
    assert by_label["Jugendamt"]["size"] > by_label["Kita Sonne"]["size"]
    assert by_label["Kita Sonne"]["url"] == f"/akteure/{city['kita']}"
    assert "Legende" in page and "Selbstvertretung / Beteiligungsgremium" in page
    # The table and every export keep the filter state.
    table_link = doc.find(href=htmlpage.starts("/karte/tabelle?"))["href"]
    assert f"sozialraum={city['nord']}" in table_link and "isolierte=nein" in table_link
    for ext in ("html", "svg", "png", "graphml", "gexf", "json", "csv"):
        assert any("isolierte=nein" in link["href"]
                   for link in doc.find_all(href=htmlpage.starts(f"/karte/export.{ext}?"))), ext
    # No executable inline script: only the JSON data block and script files.
    scripts = doc.find_all("script")
    assert all(s.get("type") == "application/json" or s.has("src") for s in scripts)


def test_map_filters_are_checked(client, city, login_as):
    login_as("koordination")
    bad_kind = client.get("/karte?art=hacker")
    assert bad_kind.status_code == 400
    assert "Ungültige Auswahl." in bad_kind.get_data(as_text=True)
    bad_date = client.get("/karte?stichtag=31.02.2025")
    assert bad_date.status_code == 400
    assert "gültiges Datum" in bad_date.get_data(as_text=True)
    assert client.get("/karte?sozialraum=nichtda").status_code == 400
    assert client.get("/karte/export.exe").status_code == 404
    assert client.get("/karte/export.json?typ=nichtda").status_code == 400


def test_table_lists_actors_and_ties_sortable(client, city, login_as):
    login_as("ausschuss")
    response = client.get(f"/karte/tabelle?sozialraum={city['nord']}&stichtag=2025-06-01&sort=-partner")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    doc = htmlpage.parse(page)
    actors = doc.find("table", data_table="actors")
    rows = htmlpage.row_header_links(actors, "/akteure/")
    assert rows == ["Jugendamt", "AWO", "Jugendrat", "Kita Sonne", "SV Blau"]
    assert actors.find(aria_sort="descending") is not None
    ties = doc.find("table", data_table="ties")
    assert "Kita Sonne" in ties.text and "8a Kita" in ties.text and "Stadtteilkonferenz" in ties.text
    assert "Schutzauftrag nach § 8a SGB VIII" in ties.text
    assert ties.find("caption") is not None
    # Back to the map with the same selection.
    assert any(f"sozialraum={city['nord']}" in link["href"]
               for link in doc.find_all(href=htmlpage.starts("/karte?")))


def test_table_pages_through_many_actors(client, db, login_as):
    g = GraphBuilder(db)
    for i in range(105):
        g.actor(f"Akteur {i:03d}")
    g.save()
    login_as("ausschuss")
    first = client.get("/karte/tabelle").get_data(as_text=True)
    assert "Akteur 099" in first and "Akteur 100" not in first
    assert "Seite 1 von 2" in first
    second = client.get("/karte/tabelle?seite=2").get_data(as_text=True)
    assert "Akteur 104" in second and "Akteur 000" not in second


def test_names_that_are_xss_probes_are_escaped_in_page_and_table(client, db, login_as):
    g = GraphBuilder(db)
    area = g.area(PROBES[1])
    a = g.actor(PROBES[0], area=area)
    b = g.actor(PROBES[1], area=area)
    g.network(PROBES[0], [a, b])
    g.save()
    login_as("ausschuss")
    for url in ("/karte", f"/karte?sozialraum={area}", "/karte/tabelle"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
    page = client.get("/karte").get_data(as_text=True)
    assert "\\u003cscript\\u003ealert(1)" in page  # inside the JSON block
    data = json.loads(unescape(htmlpage.parse(page).by_id("map-data").text))
    # Tooltips are plain text (vis-network shows string titles as text).
    assert data["nodes"][0]["title"].startswith(("<script>", '"><img'))


def test_large_maps_are_laid_out_on_the_server_and_the_same_twice(db):
    g = GraphBuilder(db)
    hub = g.actor("Jugendamt", kind="jugendamt")
    members = [g.actor(f"Kita {i:03d}", kind="kita") for i in range(layout.THRESHOLD)]
    g.network("Großes Netzwerk", [hub] + members[:150])
    g.save()
    view = build_map(db, MapFilters(day=DAY))
    assert len(view.nodes) == layout.THRESHOLD + 1
    first = render.payload(view)
    assert first["layout"] == "server"
    assert first["options"]["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in first["nodes"])
    layout._cache.clear()
    second = render.payload(build_map(db, MapFilters(day=DAY)))
    assert [(n["id"], n["x"], n["y"]) for n in first["nodes"]] == \
        [(n["id"], n["x"], n["y"]) for n in second["nodes"]]
    # Small maps use the browser's physics unless the server layout is asked for.
    small = build_map(db, MapFilters(day=DAY, kinds=("jugendamt",)))
    assert render.payload(small)["layout"] == "physics"
    fixed = build_map(db, MapFilters(day=DAY, kinds=("jugendamt",), layout="server"))
    assert render.payload(fixed)["layout"] == "server"


def test_layout_separates_nodes_and_keeps_edges_short():
    # Two cliques joined by a path, plus singletons.
    nodes = [f"n{i:02d}" for i in range(30)]
    edges = [(a, b) for i, a in enumerate(nodes[:10]) for b in nodes[i + 1:10]]
    edges += [(a, b) for i, a in enumerate(nodes[10:20]) for b in nodes[11 + i:20]]
    edges += [("n09", "n20"), ("n20", "n21"), ("n21", "n10")]
    pos = layout.positions(nodes, edges)
    assert set(pos) == set(nodes)
    distinct = {pos[n] for n in nodes}
    assert len(distinct) == len(nodes)  # no two nodes on the same spot
    def dist(a, b):
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5
    within = sum(dist(a, b) for a, b in edges[:45]) / 45
    across = sum(dist(a, b) for a in nodes[:10] for b in nodes[10:20]) / 100
    assert within < across  # a clique sits together, apart from the other one


def test_layout_of_a_component_does_not_depend_on_its_neighbours():
    # Components of one size are laid out together (the overview's Bezirke):
    # each must get the picture it gets alone, up to where its block sits.
    def clique(prefix, n):
        ids = [f"{prefix}{i}" for i in range(n)]
        return ids, [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]

    def path(prefix, n):
        ids = [f"{prefix}{i}" for i in range(n)]
        return ids, list(zip(ids, ids[1:]))

    parts = [clique("a", 6), path("b", 6), clique("c", 4), path("d", 40)]

    def shape(pos, ids):
        left = min(pos[i][0] for i in ids)
        top = min(pos[i][1] for i in ids)
        return [(pos[i][0] - left, pos[i][1] - top) for i in ids]

    def same(p, q):  # positions are rounded to 0.1 px where the block sits
        return all(abs(a - c) < 0.15 and abs(b - d) < 0.15 for (a, b), (c, d) in zip(p, q))

    together = layout.positions([i for ids, _ in parts for i in ids],
                                [e for _, edges in parts for e in edges])
    for ids, edges in parts:
        assert same(shape(together, ids), shape(layout.positions(ids, edges), ids))
    assert not same(shape(together, parts[0][0]), shape(together, parts[1][0]))


_LAY_OUT = """
from registry.maps import layout
nodes = [f"n{i:02d}" for i in range(60)]
# many small parts beside a larger one: each part a small share of the graph
edges = [(f"n{i:02d}", f"n{j:02d}") for i in range(0, 40, 5) for j in range(i + 1, i + 5)]
edges += [(f"n{i:02d}", f"n{j:02d}") for i in range(40, 60) for j in range(i + 1, 60)
          if (i * j) % 7 == 1]
print(sorted(layout.positions(nodes, edges).items()))
"""


def test_the_same_graph_gets_the_same_layout_in_every_process():
    # Workers draw the same map for different users: the positions must not
    # depend on the process's hash seed.
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    drawn = {subprocess.run([sys.executable, "-c", _LAY_OUT], check=True, capture_output=True,
                            text=True, cwd=root,
                            env=dict(os.environ, PYTHONHASHSEED=str(seed))).stdout
             for seed in (1, 2, 3)}
    assert len(drawn) == 1 and "n59" in next(iter(drawn))


def test_cooperation_groups_partners_by_kind_with_links(db, city):
    result = cooperation.for_actor(db, city["ja"], day=DAY)
    assert [(g.kind, [p.node.name for p in g.partners]) for g in result.groups] == [
        ("freier_traeger", ["AWO"]),
        ("schule", ["Grundschule Süd"]),
        ("kita", ["Kita Sonne"]),
        ("selbstvertretung", ["Jugendrat"]),
    ]  # in the order of the vocabulary
    kita = result.groups[2].partners[0]
    assert sorted(l.name for l in kita.agreements) == ["8a Kita", "Schule-Jugendhilfe"]
    assert [l.name for l in result.groups[0].partners[0].networks] == ["Stadtteilkonferenz"]
    assert result.partner_count == 4
    # Ego map, one step: the actor, its partners and the ties among them.
    ego = {n["label"] for n in result.ego_data["nodes"]}
    assert ego == {"Jugendamt", "AWO", "Kita Sonne", "Grundschule Süd", "Jugendrat"}
    centre = next(n for n in result.ego_data["nodes"] if n["id"] == city["ja"])
    assert centre["borderWidth"] == 4


def test_cooperation_two_steps_reaches_partners_of_partners(db, city):
    one = cooperation.for_actor(db, city["schule"], day=DAY, steps=1)
    assert {n.name for n in one.ego.nodes} == {"Grundschule Süd", "Jugendamt", "Kita Sonne"}
    two = cooperation.for_actor(db, city["schule"], day=DAY, steps=2)
    assert {n.name for n in two.ego.nodes} == {
        "Grundschule Süd", "Jugendamt", "Kita Sonne", "AWO", "Jugendrat"}
    # Degrees are the real partner counts, not just those inside the ego map.
    assert {n.name: n.degree for n in one.ego.nodes}["Jugendamt"] == 4
    lonely = cooperation.for_actor(db, city["verein"], day=DAY)
    assert lonely.groups == [] and lonely.ego_data is None
    assert cooperation.steps_arg("2") == 2 and cooperation.steps_arg("9") == 1


def test_cooperation_partial_renders_partners_and_ego_map(app, db, city):
    result = cooperation.for_actor(db, city["ja"], day=DAY)
    with app.test_request_context(f"/akteure/{city['ja']}"):
        html = render_template("maps/_cooperation.html", cooperation=result)
    assert "Kooperiert mit" in html and "Kita Sonne" in html
    assert f'href="/vereinbarungen/' in html and f'href="/netzwerke/{city["konferenz"]}"' in html
    assert 'id="ego-map-data"' in html and 'data-node-count="5"' in html
    assert "2 Schritte" in html
    empty = cooperation.for_actor(db, city["verein"], day=DAY)
    with app.test_request_context("/"):
        html = render_template("maps/_cooperation.html", cooperation=empty)
    assert "keine Kooperationspartner" in html and "ego-map" not in html


def test_everyone_signed_in_may_view_and_export_anonymous_may_not(client, city, login_as):
    assert client.get("/karte").status_code == 302
    assert client.get("/karte/export.json").status_code == 302
    login_as("ausschuss")
    assert client.get("/karte").status_code == 200
    assert client.get("/karte/tabelle").status_code == 200
    assert client.get("/karte/export.json").status_code == 200


def test_report_links_highlight_actors_on_the_map_and_in_the_table(client, city, login_as):
    login_as("ausschuss")
    marked = city["verein"]
    page = client.get(f"/karte?stichtag={DAY.isoformat()}&hervorheben={marked}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    section = htmlpage.parse(html).by_id("hervorgehoben").parent
    assert "1 Akteure aus dem Bericht" in section.text
    assert section.find("a", href=f"/akteure/{marked}") is not None
    data = json.loads(htmlpage.parse(html).by_id("map-data").text)
    rings = {n["id"]: (n["borderWidth"], n["color"]["border"]) for n in data["nodes"]}
    assert rings[marked] == (7, "#d00000")
    assert all(ring != (7, "#d00000") for node_id, ring in rings.items() if node_id != marked)
    # The selection survives re-filtering and the link to the table.
    assert f'name="hervorheben" value="{marked}"' in html
    table = client.get(f"/karte/tabelle?stichtag={DAY.isoformat()}&hervorheben={marked}")
    assert table.get_data(as_text=True).count("hervorgehoben</span>") == 1
    bad = client.get("/karte?hervorheben=<script>")
    assert bad.status_code == 400 and "Ungültige Liste" in bad.get_data(as_text=True)


def overview_data(doc) -> dict:
    """The overview's nodes and edges as static/js/map.js draws them from the
    compact payload (``expandAreas``; the browser test checks it draws
    these): each Sozialraum's id, name and the URL a click opens, each edge's
    ends and width."""
    areas = json.loads(unescape(doc.find("script", id="map-data").text))["areas"]
    nodes = [{"id": n[0], "label": n[1], "open": areas["open"].replace(areas["mark"], n[0])}
             for n in areas["nodes"]]
    return {"nodes": nodes, "edges": [{"from": nodes[p]["id"], "to": nodes[q]["id"], "width": w}
                                      for p, q, w in areas["edges"]]}


def test_overview_counts_each_tie_once_by_the_sozialraeume_of_its_ends(
        db, client, login_as, monkeypatch):
    from registry.maps import overview
    monkeypatch.setattr(overview, "ABOVE", 4)
    g = GraphBuilder(db)
    nord = g.area("Nord", level="bezirk")
    a, b = g.area("Anger", parent=nord), g.area("Bahnhof", parent=nord)
    c = g.area("Chausseeviertel", parent=g.area("Süd", level="bezirk"))
    a1, a2 = g.actor("A eins", area=a), g.actor("A zwei", area=a)
    b1, b2 = g.actor("B eins", area=b), g.actor("B zwei", area=b)
    c1 = g.actor("C eins", area=c)
    x = g.actor("Bezirksamt Nord", kind="jugendamt", area=nord)  # no Sozialraum
    g.agreement("Dreier", [a1, a2, b1], valid_from=date(2025, 1, 1))
    g.agreement("Mit Bezirk", [b1, b2, x], valid_from=date(2025, 1, 1))
    # The same pairs again through a network: still one tie each.
    g.network("Runder Tisch", [(a1, "mitglied"), (a2, "mitglied"), (b1, "mitglied"),
                               (c1, "mitglied")])
    g.save()
    login_as("ausschuss")

    def seen(query):
        doc = htmlpage.parse(client.get(f"/karte?stichtag=2025-06-01{query}").get_data(as_text=True))
        data = overview_data(doc)
        label = {n["id"]: n["label"] for n in data["nodes"]}
        widths = {(label[e["from"]], label[e["to"]]): e["width"] for e in data["edges"]}
        return doc.find("p", class_="lead").text, doc.find("table").rows()[1:], widths

    lead, rows, widths = seen("")
    # 9 ties: a1-a2, a1-b1, a2-b1, a1-c1, a2-c1, b1-c1, b1-b2, b1-x, b2-x.
    assert "6 Akteure" in lead and "9 Kooperationsbeziehungen" in lead
    assert rows == [["Anger", "2", "1", "4"], ["Bahnhof", "2", "1", "3"],
                    ["Chausseeviertel", "1", "0", "3"]]
    # Width 1 + 1.5·log2(ties across the border).
    assert {tuple(sorted(k)): v for k, v in widths.items()} == {
        ("Anger", "Bahnhof"): 2.5, ("Anger", "Chausseeviertel"): 2.5,
        ("Bahnhof", "Chausseeviertel"): 1.0}
    # Only agreements: the network's ties are gone, the agreements' stay.
    lead, rows, widths = seen("&verbindungen=vereinbarungen")
    assert "6 Kooperationsbeziehungen" in lead
    assert rows == [["Anger", "2", "1", "2"], ["Bahnhof", "2", "1", "2"],
                    ["Chausseeviertel", "1", "0", "0"]]
    assert {tuple(sorted(k)) for k in widths} == {("Anger", "Bahnhof")}


def test_map_filter_finds_a_network_created_after_the_last_look(db, client, city, login_as):
    # The filter lists only the chosen networks; its type-ahead reads the
    # current ones: a network created since shows.
    login_as("koordination")

    def found(q):
        return [h["name"] for h in client.get(f"/karte/netzwerke.json?q={q}").get_json()["results"]]

    page = htmlpage.parse(client.get("/karte?stichtag=2025-06-01").get_data(as_text=True))
    assert page.find_all("input", name="netzwerk", type="checkbox") == []
    assert found("a") == ["Stadtteilkonferenz"]
    created = post_form(client, "/netzwerke/neu", {
        "name": "AG Frühe Hilfen", "type": "netzwerk", "description": "", "scope": "",
        "rhythm": "", "participation": "informiert"})
    assert created.status_code == 302
    assert found("a") == ["AG Frühe Hilfen", "Stadtteilkonferenz"]


def test_a_selection_above_the_limit_starts_as_the_sozialraum_overview(
        client, city, login_as, monkeypatch):
    from registry.maps import overview
    # The limit is 500 actors; the city has 6: lower it instead of building 500.
    monkeypatch.setattr(overview, "ABOVE", 4)
    login_as("ausschuss")
    page = client.get("/karte?stichtag=2025-06-01").get_data(as_text=True)
    doc = htmlpage.parse(page)
    assert doc.find("h1").text == "Netzwerkkarte: Übersicht nach Sozialräumen"
    data = overview_data(doc)
    # Altstadt (5 actors, Markt's Kita included); Süd is a Bezirk, not a
    # Sozialraum: its school is counted as not drawn.
    assert [(n["label"], n["id"]) for n in data["nodes"]] == [("Altstadt", city["altstadt"])]
    assert "1 Akteure ohne Sozialraum sind nicht eingezeichnet" in doc.find(
        "p", id="overview-note").text
    rows = doc.find("table").rows()
    assert rows[1][:2] == ["Altstadt", "5"]
    # A click (or the table's link) opens the Sozialraum's own actor map.
    link = doc.find("table").find("a").attrs["href"]
    assert data["nodes"][0]["open"] == link and f"sozialraum={city['altstadt']}" in link
    # Its downloads: the whole selection as files, no picture of the overview.
    downloads = doc.find("section", aria_labelledby="map-exports-heading").find_all("a")
    assert [a.text for a in downloads] == ["GRAPHML", "GEXF", "JSON", "CSV"]
    assert all(a["href"].startswith("/karte/export.") and "stichtag=2025-06-01" in a["href"]
               and a.has("download") for a in downloads)
    monkeypatch.setattr(overview, "ABOVE", 5)
    area_page = htmlpage.parse(client.get(link).get_data(as_text=True))
    assert area_page.find("div", id="netzwerkkarte").attrs["data-node-count"] == "5"
