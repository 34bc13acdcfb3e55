"""Colour choice and the layout grouped by Sozialraum (no database needed:
both work on the map's nodes and edges)."""
from __future__ import annotations

from datetime import date

from registry.maps import colours, layout, render
from registry.maps.view import MapEdge, MapFilters, MapNode, MapView


def _node(i, area, operator=None, kind="kita", sector="frei"):
    return MapNode(id=f"n{i:03d}", name=f"Akteur {i}", kind=kind, sector=sector,
                   sozialraum=area, operator_id=operator, operator_name=operator and f"Träger {operator}")


def test_colour_by_sozialraum_gives_each_frequent_area_its_own_colour_and_pools_the_rest():
    nodes = [_node(i, f"Gebiet {i % 15:02d}") for i in range(150)] + [_node(900, None)]
    paint = colours.colouring(nodes, "sozialraum")
    labels = [item.label for item in paint.items]
    assert len(set(paint.by_node[n.id] for n in nodes if n.sozialraum)) == len(colours.PALETTE) + 1
    assert labels[-2] == "weitere (3)" and labels[-1] == "ohne Angabe"
    assert sum(item.count for item in paint.items) == len(nodes)
    # Two actors of the same area share a colour; different named areas do not.
    assert paint.of("n000") == paint.of("n015") != paint.of("n001")
    assert paint.title == "Farbe: Sozialraum"


def test_colour_by_traeger_groups_facilities_with_their_traeger():
    nodes = [_node(1, "A", kind="freier_traeger"), _node(2, "A", operator="n001"),
             _node(3, "B", operator="n001"), _node(4, "B")]
    paint = colours.colouring(nodes, "traeger")
    assert paint.of("n001") == paint.of("n002") == paint.of("n003") != paint.of("n004")
    assert [i.label for i in paint.items][-1] == "ohne Angabe" and len(paint.items) == 2


def test_grouped_layout_keeps_each_sozialraum_inside_its_own_frame():
    nodes = [_node(i, f"Gebiet {i % 4}") for i in range(60)]
    edges = [MapEdge(a.id, b.id) for a in nodes for b in nodes
             if a.id < b.id and (int(a.id[1:]) + int(b.id[1:])) % 7 == 0]
    view = MapView(MapFilters(day=date(2025, 1, 1), layout="sozialraum"), nodes, edges)
    placed, frames = render.view_layout(view)
    assert sorted(f["label"] for f in frames) == [f"Gebiet {i}" for i in range(4)]
    by_label = {f["label"]: f for f in frames}
    for n in nodes:
        f = by_label[n.sozialraum]
        x, y = placed[n.id]
        assert f["x"] <= x <= f["x"] + f["width"] and f["y"] <= y <= f["y"] + f["height"]
    for a in frames:  # frames do not overlap
        for b in frames:
            if a is not b:
                assert (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                        or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
    data = render.payload(view)
    assert data["layout"] == "server" and len(data["groups"]) == 4
    legend = render.legend(view)
    assert [text for _s, _c, text in legend["groups"]] == [
        "Kooperation innerhalb eines Sozialraums", "Kooperation über Sozialraumgrenzen"]


def test_big_maps_write_only_the_best_connected_names():
    nodes = [_node(i, "A") for i in range(200)]
    for i, n in enumerate(nodes):
        n.degree = i
    view = MapView(MapFilters(day=date(2025, 1, 1), highlight=("n003",)), nodes, [])
    named = render.labelled_ids(view)
    assert "n199" in named and "n003" in named and "n100" not in named
    assert len(named) == render.LABELS + 1
    assert layout.THRESHOLD < len(nodes)
