"""Indicator 6 (partnership structure) on a small hand-made graph; every
expected answer was worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from factories import GraphBuilder
from registry.analysis import partnership, structure
from registry.analysis.ties import ties_at

DAY = date(2025, 6, 1)


@pytest.fixture
def s(db):
    g = GraphBuilder(db)
    nord, sued = g.area("Nord"), g.area("Süd")
    g.area("Leer")
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    eigen = g.actor("Eigenbetrieb", kind="sonstige", area=nord, sector="oeffentlich")
    awo = g.actor("AWO", kind="freier_traeger", area=nord)
    kita1 = g.actor("Kita 1", kind="kita", area=nord, operator=eigen)
    g.actor("Kita 2", kind="kita", area=nord, operator=eigen)
    g.actor("Kita 6", kind="kita", area=nord, operator=eigen)
    kita3 = g.actor("Kita 3", kind="kita", area=nord, operator=awo)
    schule = g.actor("Schule", kind="schule", area=nord, sector="oeffentlich")
    verein = g.actor("Verein", kind="verein", area=nord)
    caritas = g.actor("Caritas", kind="freier_traeger", area=sued)
    kita4 = g.actor("Kita 4", kind="kita", area=sued, operator=caritas)
    g.actor("Kita 5", kind="kita", area=sued, operator=awo)      # its Träger sits in Nord
    g.actor("Beratung", kind="beratungsstelle", area=sued, operator=caritas)
    g.agreement("8a Eigenbetrieb", [ja, eigen, kita1], valid_from=date(2025, 1, 1))
    g.agreement("Kooperation", [kita3, schule, caritas], valid_from=date(2025, 1, 1))
    g.agreement("Alt", [ja, verein], valid_from=date(2020, 1, 1), valid_until=date(2024, 1, 1),
                status="ausgelaufen")
    g.network("AG 78", [ja, awo, caritas, (verein, "mitglied", None, date(2025, 5, 31))])
    g.network("Allein", [kita4])
    g.save()
    return structure.load(db)


def _area(s, name):
    return next(a.id for a in s.areas.values() if a.name == name)


def _counts(shares):
    return {group: (c.oeffentlich, c.frei, c.unbekannt) for group, c in shares.items()}


def test_public_and_free_shares(s):
    assert _counts(partnership.sector_shares(s, DAY)) == {
        "akteure": (6, 7, 0), "parteien": (4, 2, 0), "mitglieder": (1, 3, 0)}
    assert _counts(partnership.sector_shares(s, DAY, _area(s, "Nord"))) == {
        "akteure": (6, 3, 0), "parteien": (4, 1, 0), "mitglieder": (1, 1, 0)}
    assert _counts(partnership.sector_shares(s, DAY, _area(s, "Süd"))) == {
        "akteure": (0, 4, 0), "parteien": (0, 1, 0), "mitglieder": (0, 2, 0)}
    empty = partnership.sector_shares(s, DAY, _area(s, "Leer"))["akteure"]
    assert (empty.total, empty.share("frei")) == (0, None)
    whole = partnership.sector_shares(s, DAY)["akteure"]
    assert whole.share("oeffentlich") == pytest.approx(6 / 13)
    per_network = {n.name: (c.oeffentlich, c.frei)
                   for n, c in partnership.network_sectors(s, DAY, s.networks)}
    assert per_network == {"AG 78": (1, 2), "Allein": (0, 1)}


def test_facilities_per_traeger_and_concentration(s):
    names = lambda rows: [(s.actors[t].name, n) for t, n in rows]  # noqa: E731
    assert names(partnership.facilities_per_traeger(s)) == [
        ("Eigenbetrieb", 3), ("AWO", 2), ("Caritas", 2)]
    rows = {s.areas[c.area].name: (c.facilities, names(c.traeger), c.hhi, c.high)
            for c in partnership.concentration_by_area(s)}
    assert rows["Nord"] == (4, [("Eigenbetrieb", 3), ("AWO", 1)], 6250.0, True)
    assert rows["Süd"][:2] == (3, [("Caritas", 2), ("AWO", 1)])
    assert rows["Süd"][2] == pytest.approx(5555.5556, abs=1e-3)    # 10000 x (4/9 + 1/9)
    assert rows["Leer"] == (0, [], None, False)
    assert partnership.hhi([1, 1, 1, 1]) == 2500.0
    assert partnership.hhi([]) is None


def test_kind_by_kind_matrix_of_ties(s, db):
    ties = ties_at(db, DAY)
    assert partnership.kind_matrix(s, ties) == {
        ("jugendamt", "sonstige"): 1, ("jugendamt", "kita"): 1, ("kita", "sonstige"): 1,
        ("schule", "kita"): 1, ("freier_traeger", "kita"): 1, ("freier_traeger", "schule"): 1,
        ("jugendamt", "freier_traeger"): 2, ("freier_traeger", "freier_traeger"): 1,
    }
    assert partnership.kind_matrix(s, ties, s.actors_in(_area(s, "Nord"))) == {
        ("jugendamt", "sonstige"): 1, ("jugendamt", "kita"): 1, ("kita", "sonstige"): 1,
        ("schule", "kita"): 1, ("jugendamt", "freier_traeger"): 1,
    }
    assert partnership.kind_matrix(s, ties, s.actors_in(_area(s, "Leer"))) == {}


def test_kind_matrix_counts_each_tie_once_in_tie_order():
    # Counted per ordered pair, then merged (speed): the same figures and
    # the same order of pairs as counting each tie under its sorted pair,
    # with unknown kinds, ties to actors not in the register and a subset.
    import random
    from collections import Counter

    from registry.analysis.ties import Tie
    from registry.model import ACTOR_KINDS

    order = {kind: i for i, kind in enumerate(ACTOR_KINDS)}

    def one_by_one(st, ties, keep=None):
        matrix = Counter()
        for t in ties:
            if keep is not None and (t.a not in keep or t.b not in keep):
                continue
            if t.a in st.actors and t.b in st.actors:
                pair = sorted((st.actors[t.a].kind, st.actors[t.b].kind),
                              key=lambda k: (order.get(k, len(order)), k))
                matrix[tuple(pair)] += 1
        return dict(matrix)

    for seed in range(5):
        rng = random.Random(seed)
        st = structure.Structure()
        kinds = [*ACTOR_KINDS, "unbekannt_x", "aaa"]
        for n in range(120):
            st.actors[f"a{n:03d}"] = structure.Actor(f"a{n:03d}", "", rng.choice(kinds))
        ids = [*st.actors, "fremd1", "fremd2"]
        ties = [Tie(*sorted(rng.sample(ids, 2))) for _ in range(600)]
        keep = rng.sample(ids, 60)
        for subset in (None, keep):
            found = partnership.kind_matrix(st, ties, subset)
            expected = one_by_one(st, ties, None if subset is None else set(subset))
            assert list(found.items()) == list(expected.items())
        assert len(found) > 10
