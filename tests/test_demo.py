"""The demo municipality: deterministic, complete, with its deliberate gaps."""
from __future__ import annotations

from click.testing import CliRunner

from registry import cli, demo, model


def _snapshot(db):
    return [(row["label"], row["id"]) for row in db.read("all_entity_ids")]


def test_demo_data_twice_on_empty_databases_gives_identical_ids_and_counts(db, neo4j_uri):
    runner = CliRunner()
    first = runner.invoke(cli.main, ["demo-data"], env={"NEO4J_URI": neo4j_uri})
    assert first.exit_code == 0, first.output
    ids_first = _snapshot(db)
    db.autocommit("wipe_batch")
    second = runner.invoke(cli.main, ["demo-data"], env={"NEO4J_URI": neo4j_uri})
    assert second.exit_code == 0
    assert _snapshot(db) == ids_first
    assert first.output.splitlines()[-1] == second.output.splitlines()[-1]


def test_demo_data_if_empty_leaves_a_filled_database_alone(db, neo4j_uri):
    runner = CliRunner()
    runner.invoke(cli.main, ["demo-data"], env={"NEO4J_URI": neo4j_uri})
    before = db.read_one("overview_counts")
    again = runner.invoke(cli.main, ["demo-data", "--if-empty"], env={"NEO4J_URI": neo4j_uri})
    assert "not empty" in again.output
    assert db.read_one("overview_counts") == before


def test_demo_municipality_has_the_promised_shape(db):
    counts = demo.load(db)
    assert 250 <= counts["actors"] <= 350
    assert 100 <= counts["agreements"] <= 150
    assert 12 <= counts["networks"] <= 20
    data = demo.generate()
    assert {a["kind"] for a in data.actors} == set(model.ACTOR_KINDS)
    assert {v["type"] for v in data.agreements} == set(model.AGREEMENT_TYPES)
    levels = [a["level"] for a in data.areas]
    assert levels.count("bezirk") == 3 and levels.count("sozialraum") == 9
    assert any(a["setting"] == "rural" for a in data.areas)
    assert data.operated_by, "Träger run facilities"


def test_scale_multiplies_the_municipality(db):
    one, three = demo.generate(1), demo.generate(3)
    assert len(three.actors) == 3 * (len(one.actors))
    assert len({a["id"] for a in three.actors}) == len(three.actors)
    # The first copy of any scale is the scale-1 municipality.
    assert [a["id"] for a in three.actors[: len(one.actors)]] == [a["id"] for a in one.actors]
