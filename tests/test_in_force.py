"""One meaning of "in force": the Cypher fragment the ties queries use and
the Python rule of the analysis agree in every case, a terminated agreement
counts until its end date, and the report definition says so."""
from __future__ import annotations

from datetime import date
from itertools import product

from factories import GraphBuilder
from registry import reports
from registry.analysis import ties
from registry.rules.agreements import in_force

DAY = date(2025, 6, 15)
DATES = (None, date(2025, 1, 1), DAY, date(2025, 12, 31))


def test_cypher_and_python_agree_on_every_case(db):
    cases = [{"key": i, "status": s, "valid_from": f, "valid_until": u}
             for i, (s, f, u) in enumerate(product(
                 ("entwurf", "aktiv", "ausgelaufen", "gekuendigt"), DATES, DATES))]
    rows = db.read("agreement_in_force_check", rows=cases, day=DAY)
    cypher = {r["key"]: r["in_force"] for r in rows}
    python = {c["key"]: in_force(c["status"], c["valid_from"], c["valid_until"], DAY)
              for c in cases}
    assert cypher == python
    assert True in python.values() and False in python.values()


def test_a_terminated_agreement_links_its_parties_until_its_end_date(db):
    g = GraphBuilder(db)
    a, b, c = g.actor("A"), g.actor("B"), g.actor("C")
    g.agreement("Gekündigt mit Frist", [a, b], status="gekuendigt",
                valid_from=date(2024, 1, 1), valid_until=date(2025, 12, 31))
    g.agreement("Gekündigt ohne Ende", [b, c], status="gekuendigt", valid_from=date(2024, 1, 1))
    g.save()
    pairs = {(t.a, t.b) for t in ties.ties_at(db, DAY)}
    assert pairs == {tuple(sorted((a, b)))}
    assert {(t.a, t.b) for t in ties.ties_at(db, date(2026, 1, 1))} == set()


def test_report_definitions_say_the_same():
    for key in ("ohne_beteiligung", "isolierte_akteure"):
        text = str(reports.DEFINITIONS[key])
        assert "gekündigte Vereinbarung gilt bis zu ihrem Enddatum" in text \
            or "gekündigte Vereinbarung zählt bis zu ihrem Enddatum" in text
