"""Indicators 4 (isolated actors) and 5 (cooperation density) on small
hand-made graphs; every expected answer was worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry.analysis import density, isolation, structure
from registry.analysis.ties import ties_at

DAY = date(2025, 6, 1)


def _area_id(s, name):
    return next(a.id for a in s.areas.values() if a.name == name)


def test_isolated_actors_by_kind_and_sozialraum(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord"), g.area("Süd")
    g.area("Leer")
    a = g.actor("A Kita", kind="kita", area=nord)
    h = g.actor("H Kita", kind="kita", area=nord)
    b = g.actor("B Verein", kind="verein", area=nord)
    c = g.actor("C Verein", kind="verein", area=sued)
    d = g.actor("D Schule", kind="schule", area=sued)
    e = g.actor("E Kita", kind="kita", area=sued)
    f = g.actor("F Schule", kind="schule", area=nord)
    g.actor("G Sonstige", kind="sonstige")                       # located nowhere
    g.agreement("In Kraft", [a, h], valid_from=date(2025, 1, 1))
    g.agreement("Abgelaufen", [d, f], valid_from=date(2020, 1, 1),
                valid_until=date(2025, 5, 31), status="ausgelaufen")
    g.agreement("Gekündigt", [d, e], valid_from=date(2020, 1, 1), status="gekuendigt")
    g.agreement("Entwurf", [e, a], status="entwurf")
    g.network("Ehemalige", [(b, "mitglied", date(2020, 1, 1), date(2025, 5, 31))])
    g.network("Künftige", [(c, "mitglied", date(2025, 6, 2))])
    g.network("Allein", [f])                                     # one member: not isolated
    g.save()
    s = structure.load(db)

    isolated = isolation.isolated_actors(s, DAY)
    assert [s.actors[i].name for i in isolated] == [
        "B Verein", "C Verein", "D Schule", "E Kita", "G Sonstige"]
    assert isolation.by_kind(s, isolated) == {"verein": 2, "kita": 1, "schule": 1, "sonstige": 1}
    assert isolation.by_sozialraum(s, isolated) == {nord: 1, sued: 3, None: 1}
    assert [s.actors[i].name for i in isolation.isolated_actors(s, DAY, sued)] == [
        "C Verein", "D Schule", "E Kita"]
    assert isolation.isolated_actors(s, DAY, _area_id(s, "Leer")) == []
    # A day later C's membership has begun; the day before, B's had not ended.
    assert [s.actors[i].name for i in isolation.isolated_actors(s, date(2025, 6, 2))] == [
        "B Verein", "D Schule", "E Kita", "G Sonstige"]
    assert "B Verein" not in [s.actors[i].name for i in isolation.isolated_actors(s, date(2025, 5, 31))]


def test_density_per_sozialraum_against_the_whole_area(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord"), g.area("Süd")
    g.area("Leer")
    solo = g.area("Solo")
    quartier = g.area("Nordquartier", level="quartier", parent=nord)
    a, b, c = (g.actor(n, area=nord) for n in ("A", "B", "C"))
    g.actor("D", area=quartier)                                  # counts for Nord
    e, f, gg, h, i = (g.actor(n, area=sued) for n in ("E", "F", "G", "H", "I"))
    j = g.actor("J", area=solo)
    g.actor("K")                                                 # located nowhere
    g.agreement("ABC", [a, b, c], valid_from=date(2025, 1, 1))
    g.agreement("EF", [e, f], valid_from=date(2025, 1, 1))
    g.network("Über Grenzen", [a, e])                            # a tie across areas
    g.network("Beendet", [(f, "mitglied", None, date(2025, 5, 1)), (gg, "mitglied", None, date(2025, 5, 1))])
    g.network("Einzeln", [j])                                    # one member: no tie
    g.save()
    s = structure.load(db)

    report = density.density_by_area(s, ties_at(db, DAY))
    rows = [(s.areas[r.area].name, r.actors, r.ties, r.possible, r.density, report.far_below(r))
            for r in report.rows]
    assert rows == [
        ("Leer", 0, 0, 0, None, None),          # empty: undefined, not 0
        ("Nord", 4, 3, 6, 0.5, False),
        ("Solo", 1, 0, 0, None, None),          # one actor: undefined
        ("Süd", 5, 1, 10, 0.1, True),           # 0.1 < 0.5 x 0.25
    ]
    assert (report.whole.actors, report.whole.ties, report.whole.possible) == (11, 5, 55)
    assert report.whole.density == pytest.approx(1 / 11)
    assert report.reference == 0.25             # (3 + 1) / (6 + 10)
    assert [s.areas[r.area].name for r in report.flagged] == ["Süd"]


def test_density_of_an_empty_registry_is_undefined(db):
    s = structure.load(db)
    report = density.density_by_area(s, [])
    assert report.rows == [] and report.reference is None and report.whole.density is None
