"""Full backup and restore: export, wipe, restore gives the identical graph."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry import auth, cli, demo, history
from registry.exchange import backup, importer, readers

from conftest import PASSWORD
from factories import GraphBuilder

DATA = Path(__file__).parent / "data"


@pytest.fixture
def registry_with_everything(db):
    """The demo municipality, history from an import and an edit, one user."""
    demo.load(db)
    table = readers.read_path(DATA / "akteure-utf8-bom-komma.csv")
    importer.run(db, "actors", table, ctx=importer.Context(by="import@example.org"))
    db.transaction(lambda tx: history.record(
        tx, "actor", "000000000001", "update", "koordination@example.org",
        old={"name": "Alt"}, new={"name": "Neu"}))
    auth.create_user(db, "admin@example.org", PASSWORD, "admin", name="Admin")
    return db


def _export(db, with_users=True) -> str:
    out = io.StringIO()
    backup.export_json(db, out, with_users=with_users)
    return out.getvalue()


def test_export_wipe_restore_gives_an_identical_graph(registry_with_everything):
    db = registry_with_everything
    before = backup.canonical_dump(db)
    labels = {label for labels, _props in before["nodes"] for label in labels}
    assert {"Actor", "Agreement", "Network", "Area", "TargetGroup", "ContactPerson",
            "Change", "User"} <= labels
    text = _export(db)
    db.autocommit("wipe_batch")
    assert db.read_one("count_all_nodes")["nodes"] == 0
    counts = backup.restore(db, backup.load(io.StringIO(text)))
    assert counts == {"nodes": len(before["nodes"]), "relationships": len(before["relationships"])}
    assert backup.canonical_dump(db) == before
    # The restored registry works: the user can sign in, history reads back.
    assert auth.authenticate(db, "admin@example.org", PASSWORD, "test").user is not None
    assert history.for_entity(db, "000000000001")[0]["fields"] == [
        {"field": "name", "old": "Alt", "new": "Neu"}]


def test_backup_keeps_exact_value_types(registry_with_everything):
    data = json.loads(_export(registry_with_everything))
    assert (data["format"], data["version"]) == ("netzwerkregister-backup", 1)
    agreement = next(n for n in data["nodes"] if n["labels"] == ["Agreement"]
                     and "valid_from" in n["props"])
    assert set(agreement["props"]["valid_from"]) == {"$date"}
    assert set(agreement["props"]["created_at"]) == {"$datetime"}
    member = next(r for r in data["relationships"] if r["type"] == "MEMBER_OF" and r["props"].get("since"))
    assert set(member["props"]["since"]) == {"$date"}
    change = next(n for n in data["nodes"] if n["labels"] == ["Change"])
    assert isinstance(change["props"]["fields"], list)
    assert data["counts"]["nodes"] == len(data["nodes"])


def test_users_only_with_the_flag(registry_with_everything):
    data = json.loads(_export(registry_with_everything, with_users=False))
    assert "User" not in data["labels"]
    assert not [n for n in data["nodes"] if "User" in n["labels"]]
    assert "password_hash" not in json.dumps(data)
    assert "password_hash" in _export(registry_with_everything, with_users=True)


def test_restore_refuses_a_database_that_is_not_empty(registry_with_everything):
    db = registry_with_everything
    text = _export(db)
    before = backup.canonical_dump(db)
    with pytest.raises(backup.BackupError, match="nicht leer"):
        backup.restore(db, backup.load(io.StringIO(text)))
    assert backup.canonical_dump(db) == before


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="something-else"), "kein netzwerkregister-backup"),
    (lambda d: d.update(version=99), "Formatversion 99"),
    (lambda d: d["nodes"][0].update(labels=["Secret"]), "Secret"),
    (lambda d: d["relationships"][0].update(type="KNOWS"), "KNOWS"),
    (lambda d: d["relationships"][0].update(end=10 ** 9), "nicht in der Datei"),
])
def test_restore_refuses_foreign_or_broken_files(db, change, message):
    g = GraphBuilder(db)
    area = g.area("Nord")
    g.actor("Kita", kind="kita", area=area)
    g.save()
    data = json.loads(_export(db))
    change(data)
    db.autocommit("wipe_batch")
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(db, data)
    assert db.read_one("count_all_nodes")["nodes"] == 0


def test_restore_is_all_or_nothing(db):
    """A bad value in the last batch leaves the database empty."""
    data = {"format": backup.FORMAT, "version": 1, "nodes": [
        {"n": i, "labels": ["Area"], "props": {"id": f"a{i:011d}", "name": f"Gebiet {i}"}}
        for i in range(backup.BATCH_SIZE + 10)], "relationships": []}
    data["nodes"][-1]["props"]["created_at"] = {"$unknown": "x"}
    with pytest.raises(backup.BackupError, match="unbekannter markierter Wert"):
        backup.restore(db, data)
    assert db.read_one("count_all_nodes")["nodes"] == 0


def test_cli_export_wipe_restore(registry_with_everything, neo4j_uri, tmp_path):
    db = registry_with_everything
    before = backup.canonical_dump(db)
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_uri}
    target = tmp_path / "backup.json"
    result = runner.invoke(cli.main, ["export", "--format", "json", "--with-users", "-o",
                                      str(target)], env=env)
    assert result.exit_code == 0, result.output
    refused = runner.invoke(cli.main, ["restore", str(target)], env=env)
    assert refused.exit_code == 1 and "nicht leer" in refused.output
    db.autocommit("wipe_batch")
    result = runner.invoke(cli.main, ["restore", str(target)], env=env)
    assert result.exit_code == 0, result.output
    assert f"{len(before['nodes'])} Knoten" in result.output
    assert backup.canonical_dump(db) == before
