"""Derived cooperation ties on small hand-made graphs, asserted exactly."""
from __future__ import annotations

from datetime import date

from factories import GraphBuilder
from registry.analysis.ties import degree, ties_at

DAY = date(2025, 6, 1)


def _pairs(ties, names):
    return {
        (names[t.a], names[t.b]): (t.weight, tuple(t.agreement_types), tuple(t.network_names))
        for t in ties
    }


def test_ties_from_agreements_and_networks_at_a_stichtag(db):
    g = GraphBuilder(db)
    sr = g.area("Altstadt")
    ja = g.actor("Jugendamt", kind="jugendamt", area=sr)
    awo = g.actor("AWO", area=sr)
    kita = g.actor("Kita Sonne", kind="kita", area=sr, operator=awo)
    schule = g.actor("Grundschule", kind="schule", area=sr, sector="oeffentlich")
    verein = g.actor("SV Blau", kind="verein", area=sr)
    g.agreement("8a Kita", [ja, kita], type="kinderschutz_8a",
                valid_from=date(2024, 1, 1), valid_until=date(2026, 12, 31))
    # Ended before the Stichtag: no tie.
    g.agreement("Alt", [ja, verein], valid_from=date(2020, 1, 1),
                valid_until=date(2024, 12, 31), status="ausgelaufen")
    # A draft never counts.
    g.agreement("Entwurf", [awo, verein], status="entwurf")
    g.agreement("Schule-Jugendhilfe", [ja, kita, schule], type="jugendhilfe_schule",
                valid_from=date(2025, 1, 1))
    g.network("Stadtteilkonferenz", [
        (ja, "koordination"), (awo, "mitglied"),
        (verein, "mitglied", date(2025, 9, 1)),            # starts later
        (schule, "gast", date(2023, 1, 1), date(2025, 5, 31)),  # ended the day before
    ])
    g.save()
    names = {ja: "JA", awo: "AWO", kita: "Kita", schule: "Schule", verein: "Verein"}

    ties = ties_at(db, DAY)
    assert _pairs(ties, names) == {
        tuple(sorted_pair): value for sorted_pair, value in {
            _ordered(ja, kita, names): (2, ("jugendhilfe_schule", "kinderschutz_8a"), ()),
            _ordered(ja, schule, names): (1, ("jugendhilfe_schule",), ()),
            _ordered(kita, schule, names): (1, ("jugendhilfe_schule",), ()),
            _ordered(ja, awo, names): (1, (), ("Stadtteilkonferenz",)),
        }.items()
    }
    assert degree(ties) == {ja: 3, kita: 2, schule: 2, awo: 1}

    later = _pairs(ties_at(db, date(2025, 10, 1)), names)
    assert _ordered(ja, verein, names) in later and _ordered(awo, verein, names) in later
    assert _ordered(ja, schule, names) in later  # via the agreement only now
    assert later[_ordered(ja, schule, names)] == (1, ("jugendhilfe_schule",), ())

    # A few actors (a one-Sozialraum map) are read from their own groups:
    # the same ties as the whole area's among them, on either day.
    some = {ja, kita, schule, verein}
    for day in (DAY, date(2025, 10, 1)):
        whole = _pairs(ties_at(db, day), names)
        among = {pair: value for pair, value in whole.items()
                 if set(pair) <= {names[x] for x in some}}
        assert _pairs(ties_at(db, day, actor_ids=some), names) == among
        assert among  # not vacuous


def test_ties_filtered_by_actor_set_and_agreement_type(db):
    g = GraphBuilder(db)
    a, b, c = g.actor("A"), g.actor("B"), g.actor("C")
    g.agreement("K", [a, b, c], type="kooperation")
    g.agreement("F", [a, b], type="fruehe_hilfen")
    g.save()
    only_ab = ties_at(db, DAY, actor_ids=[a, b])
    assert [(t.a, t.b, t.weight) for t in only_ab] == [tuple(sorted((a, b))) + (2,)]
    fh = ties_at(db, DAY, agreement_types=["fruehe_hilfen"])
    assert [(t.a, t.b) for t in fh] == [tuple(sorted((a, b)))]
    assert ties_at(db, DAY, with_agreements=False) == []


def _ordered(x, y, names):
    first, second = sorted((x, y))
    return (names[first], names[second])
