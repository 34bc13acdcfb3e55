"""Indicators 1-3 (participation) on one small hand-made graph; every
expected answer below was worked out by hand from the graph."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry.analysis import participation, structure

DAY = date(2025, 6, 1)


@pytest.fixture
def graph(db):
    g = GraphBuilder(db)
    stadt = g.area("Stadt", level="stadt")
    nord = g.area("Nord", parent=stadt)
    sued = g.area("Süd", parent=stadt)
    g.area("Leer", parent=stadt)                       # an empty Sozialraum
    west = g.area("West", parent=stadt)
    westend = g.area("Westend", level="quartier", parent=west)
    eltern, jugend, klein = g.target_group("Eltern"), g.target_group("Jugendliche"), \
        g.target_group("Kleinkinder")

    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    kita = g.actor("Kita", kind="kita", area=nord, groups=(klein, eltern))
    verein = g.actor("Verein", kind="verein", area=sued, groups=(jugend,))
    beratung = g.actor("Beratungsstelle", kind="beratungsstelle", area=sued,
                       serves=(nord,), groups=(jugend,))
    rat_nord = g.actor("Rat Nord", kind="selbstvertretung", area=nord, groups=(jugend,))
    rat_sued = g.actor("Rat Süd", kind="selbstvertretung", area=sued, groups=(jugend,))
    elternbeirat = g.actor("Elternbeirat", kind="selbstvertretung", area=sued, groups=(eltern,))
    bewohner = g.actor("Bewohnerbeirat Westend", kind="selbstvertretung", area=westend,
                       groups=(eltern,))

    g.network("AK Nord", [ja, kita], scope=nord, participation="informiert")
    # The body's membership ended the day before the Stichtag.
    g.network("Runde Nord", [ja, (rat_nord, "mitglied", date(2020, 1, 1), date(2025, 5, 31))],
              scope=nord)
    # A body of Nord sitting in a network of Süd.
    g.network("Konferenz Süd", [verein, rat_nord], scope=sued)
    g.network("Forum Stadt", [kita, elternbeirat])                 # no scope: whole area
    g.network("Einzel", [verein], scope=sued)                      # one member
    g.network("Forum West", [bewohner], scope=west, participation="informiert")
    g.network("Beirat Nord", [ja], scope=nord, participation="mitbestimmend")

    g.agreement("Vereinbarung Kita", [ja, kita], participation="informiert",
                valid_from=date(2024, 1, 1))
    g.agreement("Beteiligung Süd", [ja, rat_sued], valid_from=date(2024, 1, 1))
    g.agreement("Alt", [ja, verein], valid_from=date(2020, 1, 1), valid_until=date(2024, 12, 31),
                status="ausgelaufen")
    g.agreement("Entwurf", [ja, kita], status="entwurf")
    g.save()
    return structure.load(db)


def _area_id(s, name):
    return next(a.id for a in s.areas.values() if a.name == name)


def _names(s, ids):
    return [s.actors[i].name for i in ids]


def test_networks_and_agreements_without_participation(graph):
    s = graph
    gaps = participation.without_participation(s, DAY)
    assert [(g.kind, g.name) for g in gaps] == [
        ("network", "AK Nord"),
        ("network", "Einzel"),          # one member, no body
        ("network", "Runde Nord"),      # the body's membership ended
        ("agreement", "Vereinbarung Kita"),
    ]
    # Expired agreements and drafts are not in force, so not listed at all.
    everything = {row.name for row in participation.involvement(s, DAY)}
    assert "Alt" not in everything and "Entwurf" not in everything
    # Level above "informiert" without a body is no gap; a body sitting
    # outside its own area still counts for that network.
    by_name = {row.name: row for row in participation.involvement(s, DAY)}
    assert by_name["Beirat Nord"].gap is False
    assert _names(s, by_name["Konferenz Süd"].bodies) == ["Rat Nord"]
    assert by_name["Runde Nord"].members == (_id(s, "Jugendamt"),)


def _id(s, name):
    return next(a.id for a in s.actors.values() if a.name == name)


def test_participation_gaps_per_sozialraum(graph):
    s = graph
    per_area = {
        name: [g.name for g in participation.without_participation(s, DAY, _area_id(s, name))]
        for name in ("Nord", "Süd", "Leer", "West")
    }
    assert per_area == {
        "Nord": ["AK Nord", "Runde Nord", "Vereinbarung Kita"],
        "Süd": ["Einzel"],
        "Leer": [],
        "West": [],
    }


def test_sozialraeume_without_representation(graph):
    s = graph
    rows = {s.areas[r.area].name: (r.reason, _names(s, r.bodies), _names(s, r.in_network))
            for r in participation.representation_by_area(s, DAY)}
    assert rows == {
        "Leer": ("keine_vertretung", [], []),
        # Rat Nord sits only in Süd's network, and its Nord membership ended.
        "Nord": ("kein_netzwerk", ["Rat Nord"], []),
        "Süd": (None, ["Elternbeirat", "Rat Süd"], ["Elternbeirat"]),
        # The body sits in a Quartier of West and in West's network.
        "West": (None, ["Bewohnerbeirat Westend"], ["Bewohnerbeirat Westend"]),
    }
    flagged = participation.areas_without_representation(s, DAY)
    assert [(s.areas[r.area].name, r.reason) for r in flagged] == [
        ("Leer", "keine_vertretung"), ("Nord", "kein_netzwerk")]
    assert participation.areas_without_representation(s, DAY, _area_id(s, "Süd")) == []


def test_target_groups_whose_voice_sits_in_no_covering_network(graph):
    s = graph
    gaps = participation.unrepresented_groups(s, DAY)
    assert [(s.areas[g.area].name, s.groups[g.group], _names(s, g.served_by), _names(s, g.voices))
            for g in gaps] == [
        # Jugendliche: served in Nord by the Beratungsstelle (it serves Nord);
        # Rat Nord speaks for them but sits only in Süd's network.
        ("Nord", "Jugendliche", ["Beratungsstelle"], ["Rat Nord", "Rat Süd"]),
        ("Nord", "Kleinkinder", ["Kita"], []),
    ]
    # In Süd, Rat Nord's seat in "Konferenz Süd" does cover the Jugendliche.
    assert participation.unrepresented_groups(s, DAY, _area_id(s, "Süd")) == []
    assert participation.unrepresented_groups(s, DAY, _area_id(s, "Leer")) == []
    # Before Rat Nord's Nord membership ended, Nord's Jugendliche had a voice.
    earlier = participation.unrepresented_groups(s, date(2025, 5, 1), _area_id(s, "Nord"))
    assert [s.groups[g.group] for g in earlier] == ["Kleinkinder"]
