"""The demo loader writes whole units per transaction: an interruption in
the middle of a group leaves no agreement without parties, no actor without
its location and no contact without its actor, and the next run continues
where the last one stopped (or says clearly why it will not)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from neo4j.exceptions import ServiceUnavailable

from registry import cli, demo
from registry.db import Database, Tx

BROKEN = {"agreements_without_parties": 0, "actors_without_location": 0,
          "contacts_without_actor": 0, "networks_without_members": 0}


class _LostAfter:
    """The real database, whose connection is lost in the middle of the
    transaction number ``lost`` (counted from 1), after ``statements`` of its
    statements ran: that transaction rolls back, as after a kill -9."""

    def __init__(self, db: Database, lost: int, statements: int):
        self._db, self._lost, self._statements = db, lost, statements
        self._count = 0

    def __getattr__(self, name):
        return getattr(self._db, name)

    def transaction(self, work):
        self._count += 1
        if self._count != self._lost:
            return self._db.transaction(work)
        budget = [self._statements]

        class Cut(Tx):
            def run(self, name, /, **params):
                if budget[0] == 0:
                    raise ServiceUnavailable("Verbindung verloren")
                budget[0] -= 1
                return super().run(name, **params)

        return self._db.transaction(lambda tx: work(Cut(tx._tx, tx._queries)))


def _counts(db) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in db.read("all_entity_ids"):
        if row["label"] not in ("DataVersion", "DemoLoad"):  # bookkeeping
            counts[row["label"]] = counts.get(row["label"], 0) + 1
    return counts


@pytest.fixture
def one_copy_per_group(monkeypatch):
    monkeypatch.setattr(demo, "GROUP_ACTORS", 1)


def test_a_complete_load_has_no_broken_units(db):
    demo.load(db, scale=2)
    assert db.read_one("demo_integrity") == BROKEN
    assert not demo.interrupted(db)


def test_interrupted_load_leaves_whole_units_and_resumes(db, neo4j_uri, one_copy_per_group):
    with pytest.raises(ServiceUnavailable):
        demo.load(_LostAfter(db, lost=2, statements=7), scale=3)
    # Copy 1 is complete, nothing of copy 2 is there.
    assert demo.interrupted(db)
    assert db.read_one("demo_integrity") == BROKEN
    one = demo.generate(1).counts()
    assert _counts(db)["Actor"] == one["actors"]
    assert _counts(db)["Agreement"] == one["agreements"]

    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_uri}
    other = runner.invoke(cli.main, ["demo-data", "--scale", "2"], env=env)
    assert other.exit_code != 0
    assert "unterbrochenes Laden der Demodaten mit --scale 3" in other.output
    assert "1 von 3 Teilen" in other.output

    resumed = runner.invoke(cli.main, ["demo-data", "--scale", "3", "--if-empty"], env=env)
    assert resumed.exit_code == 0, resumed.output
    assert "wird fortgesetzt" in resumed.output
    assert db.read_one("demo_integrity") == BROKEN
    three = demo.generate(3).counts()
    assert _counts(db)["Actor"] == three["actors"]
    assert _counts(db)["Agreement"] == three["agreements"]
    assert not demo.interrupted(db)

    again = runner.invoke(cli.main, ["demo-data", "--scale", "3"], env=env)
    assert again.exit_code != 0 and "bereits vollständig geladen" in again.output


def test_resumed_load_gives_the_same_ids_as_an_uninterrupted_one(db, one_copy_per_group):
    demo.load(db, scale=2)
    whole = sorted((r["label"], r["id"]) for r in db.read("all_entity_ids"))
    db.autocommit("wipe_batch")
    with pytest.raises(ServiceUnavailable):
        demo.load(_LostAfter(db, lost=1, statements=3), scale=2)
    assert _counts(db) == {}
    demo.load(db, scale=2)
    assert sorted((r["label"], r["id"]) for r in db.read("all_entity_ids")) == whole
