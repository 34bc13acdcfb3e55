"""The graph files for Gephi and yEd: the GEXF is dynamic (every tie among
the map's actors at any day, with start/end from agreement and membership
dates) and the GraphML carries colour, Träger and the Sozialraum hierarchy."""
from __future__ import annotations

import io
from datetime import date

import networkx as nx
import pytest

from factories import GraphBuilder
from registry.analysis.ties import merge_spans
from registry.maps import exports
from registry.maps.view import MapFilters, build_map

DAY = date(2025, 6, 1)


@pytest.fixture
def graph(db):
    g = GraphBuilder(db)
    altstadt = g.area("Altstadt", parent=g.area("Nord", level="bezirk"))
    ids = {key: g.actor(name, kind=kind, area=altstadt) for key, name, kind in [
        ("ja", "Jugendamt", "jugendamt"), ("awo", "AWO", "freier_traeger"),
        ("verein", "SV Blau", "verein"), ("schule", "Grundschule", "schule"),
        ("rat", "Jugendrat", "selbstvertretung"), ("alone", "Schachklub", "verein"),
        ("draft", "Entwurfsverein", "verein")]}
    ids["kita"] = g.actor("Kita Sonne", kind="kita", area=altstadt, operator=ids["awo"])
    g.agreement("Alt", [ids["ja"], ids["verein"]], valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31), status="ausgelaufen")
    g.agreement("Neu", [ids["ja"], ids["schule"]], valid_from=date(2025, 1, 1))
    g.agreement("Kita", [ids["ja"], ids["kita"]], valid_from=date(2021, 3, 1), valid_until=date(2022, 2, 28),
                status="ausgelaufen")
    g.agreement("Kita wieder", [ids["ja"], ids["kita"]], valid_from=date(2023, 1, 1))
    g.agreement("Nie", [ids["ja"], ids["draft"]], status="entwurf")
    g.network("Runde", [(ids["awo"], "mitglied", date(2019, 5, 1)),
                        (ids["rat"], "mitglied", date(2021, 1, 1), date(2024, 9, 30))])
    g.save()
    return ids


def _read(view, ext):
    data = exports.export(view, ext).data
    return (nx.read_gexf if ext == "gexf" else nx.read_graphml)(io.BytesIO(data))


def test_gexf_is_dynamic_with_every_tie_and_its_days(db, graph):
    view = build_map(db, MapFilters(day=DAY), with_history=True)
    data = exports.export(view, "gexf").data
    assert b'mode="dynamic"' in data and b'timeformat="date"' in data
    loaded = nx.read_gexf(io.BytesIO(data))
    assert loaded.graph["mode"] == "dynamic"
    edge = lambda a, b: loaded.edges[graph[a], graph[b]]  # noqa: E731
    # Ended before the Stichtag: still in the file, with its days.
    assert (edge("ja", "verein")["start"], edge("ja", "verein")["end"]) == ("2020-01-01", "2024-12-31")
    # Begins, no end.
    assert edge("ja", "schule")["start"] == "2025-01-01" and "end" not in edge("ja", "schule")
    # Network: from the later joining to the earlier leaving.
    assert (edge("awo", "rat")["start"], edge("awo", "rat")["end"]) == ("2021-01-01", "2024-09-30")
    # A pause between two agreements: two spells.
    # (networkx 3.6 reads a spell's missing end as the string "None")
    spells = [(s, None if e in (None, "None") else e) for s, e in edge("ja", "kita")["spells"]]
    assert spells == [("2021-03-01", "2022-02-28"), ("2023-01-01", None)]
    # A draft never links; an actor without ties carries no time.
    assert not loaded.has_edge(graph["ja"], graph["draft"])
    assert "start" not in loaded.nodes[graph["alone"]] and "spells" not in loaded.nodes[graph["alone"]]
    # An actor is in the network from its first tie to its last.
    assert loaded.nodes[graph["rat"]]["start"] == "2021-01-01"
    assert loaded.nodes[graph["rat"]]["end"] == "2024-09-30"
    assert loaded.nodes[graph["verein"]]["end"] == "2024-12-31"
    assert loaded.nodes[graph["ja"]]["start"] == "2020-01-01" and "end" not in loaded.nodes[graph["ja"]]
    # The view at the Stichtag is unchanged: its ties, degrees and colours.
    assert int(loaded.nodes[graph["ja"]]["degree"]) == 2
    assert loaded.nodes[graph["ja"]]["viz"]["color"]["b"] == 0x71   # Jugendamt's colour


def test_gexf_needs_the_history(db, graph):
    with pytest.raises(ValueError):
        exports.export(build_map(db, MapFilters(day=DAY)), "gexf")


def test_gexf_route_is_dynamic(client, graph, login_as):
    login_as("ausschuss")
    response = client.get("/karte/export.gexf?stichtag=2025-06-01")
    loaded = nx.read_gexf(io.BytesIO(response.data))
    assert loaded.graph["mode"] == "dynamic"
    assert loaded.edges[graph["ja"], graph["verein"]]["end"] == "2024-12-31"


def test_graphml_carries_colour_traeger_and_bezirk(db, graph):
    view = build_map(db, MapFilters(day=DAY, colour="sozialraum"))
    loaded = _read(view, "graphml")
    kita = loaded.nodes[graph["kita"]]
    assert kita["traeger"] == "AWO" and kita["traeger_id"] == graph["awo"]
    assert kita["sozialraum"] == "Altstadt" and kita["bezirk"] == "Nord"
    # One colour per Sozialraum: every actor here shares it, as on the map.
    colours = {loaded.nodes[n]["color"] for n in loaded.nodes}
    assert len(colours) == 1 and colours.pop().startswith("#")
    by_kind = _read(build_map(db, MapFilters(day=DAY)), "graphml")
    assert by_kind.nodes[graph["kita"]]["color"] != by_kind.nodes[graph["ja"]]["color"]


def test_merge_spans_joins_overlapping_and_touching_days():
    d = date
    assert merge_spans([(d(2020, 1, 1), d(2020, 6, 30)), (d(2020, 7, 1), d(2020, 12, 31))]) == \
        [(d(2020, 1, 1), d(2020, 12, 31))]
    assert merge_spans([(None, d(2020, 1, 1)), (d(2019, 1, 1), None)]) == [(None, None)]
    assert merge_spans([(d(2021, 1, 1), None), (d(2020, 1, 1), d(2020, 2, 1))]) == \
        [(d(2020, 1, 1), d(2020, 2, 1)), (d(2021, 1, 1), None)]
