"""Indicators 7 (brokers) and 8 (expiry, changes) on small hand-made
graphs; every expected answer was worked out by hand."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from factories import GraphBuilder
from registry import history
from registry.analysis import brokers, expiry, structure
from registry.analysis.ties import ties_at

DAY = date(2025, 6, 1)


def test_articulation_points_and_betweenness(db, monkeypatch):
    g = GraphBuilder(db)
    nord = g.area("Nord")
    g.area("Leer")
    solo = g.area("Solo")
    a, b, c, d, e = (g.actor(n, area=nord) for n in "ABCDE")
    f = g.actor("F", area=solo)
    # A - B - C - {D, E}: a chain ending in a triangle.
    g.agreement("AB", [a, b])
    g.agreement("BC", [b, c])
    g.agreement("CDE", [c, d, e])
    g.network("Beendet", [(a, "mitglied", None, date(2025, 1, 1)), (e, "mitglied", None, date(2025, 1, 1))])
    g.network("Allein", [f])
    g.save()
    s = structure.load(db)
    ties = ties_at(db, DAY)
    name = {v: k for k, v in {"A": a, "B": b, "C": c, "D": d, "E": e}.items()}

    found, exact = brokers.brokers(brokers.tie_graph(s.actors_in(nord), ties))
    assert exact is True
    assert [(name[x.actor], round(x.betweenness, 4), x.articulation, x.cut_off) for x in found] == [
        ("C", 0.6667, True, 2),     # on A-D, A-E, B-D, B-E: 4 of 6 pairs; cuts A, B off
        ("B", 0.5, True, 1),        # on A-C, A-D, A-E: 3 of 6; cuts A off
    ]
    graph = brokers.tie_graph(s.actors_in(nord), ties)
    assert [(name[x], cut) for x, cut in brokers.articulation_points(graph)] == [("C", 2), ("B", 1)]
    # Before the old membership ended, A-E closed the ring: no articulation point.
    ring, _ = brokers.brokers(brokers.tie_graph(s.actors_in(nord), ties_at(db, date(2024, 12, 1))))
    assert [x.articulation for x in ring] == [False] * len(ring)
    # An empty Sozialraum and a one-member network give no brokers.
    assert brokers.brokers(brokers.tie_graph(s.actors_in(next(
        x.id for x in s.areas.values() if x.name == "Leer")), ties)) == ([], True)
    assert brokers.brokers(brokers.tie_graph(s.actors_in(solo), ties)) == ([], True)
    # Past the size limit betweenness is a seeded estimate; the points stay exact.
    monkeypatch.setattr(brokers, "EXACT_LIMIT", 3)
    sampled, exact = brokers.brokers(brokers.tie_graph(s.actors_in(nord), ties))
    assert exact is False
    assert sorted(name[x.actor] for x in sampled if x.articulation) == ["B", "C"]
    assert all(x.cut_off is None for x in sampled)


@pytest.fixture
def agreements(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord"), g.area("Süd")
    x, y = g.actor("X", area=nord), g.actor("Y", area=nord)
    z = g.actor("Z", area=sued)
    start = date(2024, 1, 1)
    g.agreement("Läuft bald aus", [x, y], valid_from=start, valid_until=date(2025, 7, 15))
    g.agreement("Genau 90 Tage", [x, z], valid_from=start, valid_until=date(2025, 8, 30))
    g.agreement("91 Tage", [x, y], valid_from=start, valid_until=date(2025, 8, 31))
    g.agreement("Endet heute", [z, z], valid_from=start, valid_until=date(2025, 6, 1))
    g.agreement("Abgelaufen", [x, y], valid_from=start, valid_until=date(2025, 5, 31),
                status="ausgelaufen", review_date=date(2025, 1, 1))
    g.agreement("Entwurf", [x, y], valid_from=date(2025, 6, 2), valid_until=date(2025, 7, 1),
                status="entwurf")
    g.agreement("Prüfung fällig", [x, y], valid_from=start, review_date=date(2025, 5, 1))
    g.agreement("Prüfung heute", [x, y], valid_from=start, review_date=date(2025, 6, 1))
    g.agreement("Gekündigt", [x, y], valid_from=start, valid_until=date(2025, 5, 1),
                status="gekuendigt", review_date=date(2025, 2, 1))
    g.save()
    return structure.load(db), nord, sued


def test_agreements_expiring_within_n_days(agreements):
    s, nord, sued = agreements
    titles = lambda rows: [a.title for a in rows]  # noqa: E731
    assert titles(expiry.expiring(s, DAY)) == ["Endet heute", "Läuft bald aus", "Genau 90 Tage"]
    assert titles(expiry.expiring(s, DAY, days=30)) == ["Endet heute"]
    assert titles(expiry.expiring(s, DAY, sozialraum=sued)) == ["Endet heute", "Genau 90 Tage"]
    assert titles(expiry.expiring(s, DAY, days=0, sozialraum=nord)) == []


def test_agreements_past_their_review_date(agreements):
    s, nord, sued = agreements
    assert [a.title for a in expiry.review_overdue(s, DAY)] == ["Prüfung fällig"]
    assert expiry.review_overdue(s, DAY, sozialraum=sued) == []


def test_changes_since_a_date(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord"), g.area("Süd")
    x = g.actor("Kita Nord", area=nord)
    z = g.actor("Kita Süd", area=sued)
    g.save()

    def work(tx):
        history.record(tx, "actor", x, "update", "Koordinatorin",
                       old={"name": "Kita N"}, new={"name": "Kita Nord"})
        history.record(tx, "actor", z, "update", "Koordinator",
                       old={"phone": "1"}, new={"phone": "2"})
        history.record(tx, "actor", "geloescht001", "delete", "Koordinatorin",
                       old={"name": "Weg"}, snapshot={"label": "Actor", "props": {}, "relations": []})
    db.transaction(work)
    s = structure.load(db)
    events = history.since(db, datetime.now(timezone.utc) - timedelta(hours=1))
    names = {x: "Kita Nord", z: "Kita Süd"}
    rows = expiry.changes(events, names)
    assert {(r["name"], r["action"], r["fields"]) for r in rows} == {
        ("Kita Nord", "update", "name"), ("Kita Süd", "update", "phone"),
        (None, "delete", "name")}
    only_nord = expiry.changes(events, names, expiry.entities_of(s, nord))
    assert [(r["name"], r["by"]) for r in only_nord] == [("Kita Nord", "Koordinatorin")]
    assert history.since(db, datetime.now(timezone.utc) + timedelta(hours=1)) == []


def test_sampled_betweenness_is_memoised_by_the_graph_never_by_chance():
    # City scale: the sampled betweenness is most of a report's time; the
    # same tie graph (an edit that changed no tie) gives the same scores
    # without computing again, any other graph is computed afresh.
    import networkx as nx

    size = brokers.EXACT_LIMIT + 10
    chain = nx.path_graph([f"a{i:05d}" for i in range(size)])
    first, exact = brokers.betweenness(chain)
    assert not exact
    again = nx.path_graph([f"a{i:05d}" for i in range(size)])
    assert brokers.betweenness(again)[0] is first  # the memo, not a second computation
    middle = f"a{size // 2:05d}"
    shortcut = nx.path_graph([f"a{i:05d}" for i in range(size)])
    shortcut.add_edge("a00000", f"a{size - 1:05d}")  # a ring: the middle carries less
    changed, _ = brokers.betweenness(shortcut)
    assert changed is not first and changed[middle] < first[middle]


def test_sampled_betweenness_is_networkx_figure_for_figure():
    # The array version replaces networkx's sampled betweenness for speed;
    # the report's figures must not move by a single bit: same sample, same
    # scores, on graphs with isolated actors, several components and ties of
    # equal length (many shortest paths).
    import networkx as nx

    for seed in (1, 2):
        graph = nx.gnm_random_graph(brokers.EXACT_LIMIT + 200, 2600, seed=seed)
        graph = nx.relabel_nodes(graph, {i: f"x{(i * 7919) % 10007:05d}" for i in graph})
        graph.add_nodes_from(["allein1", "allein2"])
        graph.add_edges_from([("p", "q"), ("q", "r"), ("p", "s"), ("s", "r")])
        expected = nx.betweenness_centrality(graph, k=brokers.SAMPLE, normalized=True,
                                             seed=brokers.SEED)
        found = brokers.sampled_betweenness(graph, brokers.SAMPLE, brokers.SEED)
        assert list(found) == list(expected)
        assert found == expected  # exact floats, not approximately
        assert any(v > 0 for v in found.values())


def test_articulation_points_of_all_sozialraeume_at_once_equal_one_graph_each():
    # The whole-area report finds every Sozialraum's articulation points in
    # one graph of all inner ties (speed); each Sozialraum must get the same
    # actors and cut-off sizes as in its own graph: Sozialräume with
    # Quartiere, actors outside any Sozialraum, ties across Sozialräume.
    import random

    import networkx as nx

    from registry.analysis.ties import Tie
    from registry.reports.cooperation import _points_by_area

    for seed in range(4):
        rng = random.Random(seed)
        s = structure.Structure()
        s.areas["stadt"] = structure.Area("stadt", "Stadt", "stadt", None, None)
        for i in range(6):
            s.areas[f"sr{i}"] = structure.Area(f"sr{i}", f"SR {i}", structure.SOZIALRAUM,
                                               f"{i:02d}", "stadt")
            s.areas[f"q{i}"] = structure.Area(f"q{i}", f"Q {i}", "quartier", None, f"sr{i}")
        places = [*s.areas, None]
        for n in range(300):
            actor = f"a{n:03d}"
            s.actors[actor] = structure.Actor(actor, actor, "traeger", area=rng.choice(places))
        # Sparse graphs inside each Sozialraum (many articulation points),
        # and ties across them.
        pairs = set()
        for area in s.sozialraeume:
            own = sorted(s.actors_in(area.id))
            inner = nx.gnm_random_graph(len(own), len(own) + rng.randint(-5, 10), seed=rng.randrange(10**6))
            pairs.update(tuple(sorted((own[u], own[v]))) for u, v in inner.edges)
        actors = sorted(s.actors)
        pairs.update(tuple(sorted(rng.sample(actors, 2))) for _ in range(150))
        ties = [Tie(a, b) for a, b in sorted(pairs)]
        expected = {}
        for area in s.sozialraeume:
            own = set(s.actors_in(area.id))
            points = brokers.articulation_points(brokers.tie_graph(
                s.actors_in(area.id), [t for t in ties if t.a in own and t.b in own]))
            if points:
                expected[area.id] = points
        assert _points_by_area(s, ties) == expected
        assert len(expected) >= 4 and sum(map(len, expected.values())) > 20


def test_tie_graph_as_arrays_equals_networkx_on_random_graphs(monkeypatch):
    # The whole-area report reads its tie graph as arrays (speed); the
    # order of nodes and neighbours (the sampled betweenness depends on
    # it), the articulation points and their cut-off sizes must be
    # networkx's: sparse and dense graphs, several components, isolated
    # actors, ties to actors outside the graph and a pair tied twice.
    import random

    import networkx as nx

    from registry.analysis.ties import Tie

    for seed in range(6):
        rng = random.Random(seed)
        actors = [f"a{(i * 7919) % 10007:05d}" for i in range(rng.randint(150, 400))]
        edges = nx.gnm_random_graph(len(actors), rng.randint(len(actors) // 2, 3 * len(actors)),
                                    seed=seed).edges
        pairs = [(actors[u], actors[v]) for u, v in edges]
        rng.shuffle(pairs)
        ties = [Tie(*p) for p in pairs] + [Tie(actors[0], "aussen"), Tie(*reversed(pairs[0]))]
        graph = brokers.tie_graph(actors, ties)
        arrays = brokers.TieArrays(actors, ties)
        nodes, indptr, indices = brokers._adjacency(graph)
        assert arrays.nodes == nodes
        assert arrays.indptr.tolist() == indptr.tolist()
        assert arrays.indices.tolist() == indices.tolist()
        expected = brokers.articulation_points(graph)
        assert brokers.articulation_points(arrays) == expected
        assert len(expected) > 3
    # Both kinds of betweenness give networkx's figures from the arrays.
    assert brokers.betweenness(arrays) == brokers.betweenness(graph)
    monkeypatch.setattr(brokers, "EXACT_LIMIT", 10)
    brokers._memo.clear()
    sampled = brokers.betweenness(arrays)
    brokers._memo.clear()
    assert sampled == brokers.betweenness(graph) and sampled[1] is False
