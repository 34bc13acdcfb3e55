"""Full backup and restore: export, wipe, restore gives the identical graph."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry import auth, cli, demo, history, schema
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
    assert schema.data_node_count(db) == 0
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
    (lambda d: d["nodes"][1].update(n=d["nodes"][0]["n"]), "Knotennummer 0 steht zweimal"),
    (lambda d: d["nodes"][1].pop("n"), "ein Knoten hat keine Nummer"),
    (lambda d: d["nodes"][0]["props"].update(name=[{"x": 1}]), "Eigenschaft „name“"),
    (lambda d: d["relationships"][0].update(props=["x"]), "unlesbare Eigenschaften"),
    # Two Sozialräume with one id: named before anything is written.
    (lambda d: d["nodes"].append(dict(d["nodes"][1], n=99)),
     r"Die Knoten 1 und 99 \(Sozialraum\) haben beide id = "),
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
    assert schema.data_node_count(db) == 0


def test_restore_is_all_or_nothing(db):
    """A value only Neo4j finds bad (a date that is none), in the last
    batch, leaves the database empty, with a German message."""
    data = {"format": backup.FORMAT, "version": 1, "nodes": [
        {"n": i, "labels": ["Area"], "props": {"id": f"a{i:011d}", "name": f"Gebiet {i}"}}
        for i in range(backup.BATCH_SIZE + 10)], "relationships": []}
    data["nodes"][-1]["props"]["created_at"] = {"$date": "kein Datum"}
    with pytest.raises(backup.BackupError, match="Die Datenbank hat einen Wert der Sicherung "
                                                 "abgelehnt"):
        backup.restore(db, data)
    assert schema.data_node_count(db) == 0


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


def _cli_restore(neo4j_uri, *args: str):
    return CliRunner().invoke(cli.main, ["restore", *args], env={"NEO4J_URI": neo4j_uri})


def test_cli_restore_refusals_are_german_without_traceback(db, neo4j_uri, tmp_path):
    missing = _cli_restore(neo4j_uri, str(tmp_path / "fehlt.json"))
    assert missing.exit_code == 1
    assert missing.output == (f"Fehler: Die Datei „{tmp_path / 'fehlt.json'}“ gibt es nicht. "
                              "Es wurde nichts wiederhergestellt.\n")
    assert "ist ein Ordner" in _cli_restore(neo4j_uri, str(tmp_path)).output  # a folder
    g = GraphBuilder(db)
    g.actor("Kita Eins", kind="kita")
    g.actor("Kita Zwei", kind="kita")
    g.save()
    data = json.loads(_export(db, with_users=False))
    data["nodes"][1]["props"]["id"] = data["nodes"][0]["props"]["id"]
    db.autocommit("wipe_batch")
    target = tmp_path / "doppelt.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    result = _cli_restore(neo4j_uri, str(target))
    assert result.exit_code == 1
    assert result.output.startswith("Fehler: Die Knoten 0 und 1 (Akteur) haben beide id = ")
    assert result.output.endswith("Es wurde nichts wiederhergestellt.\n")
    assert "Error" not in result.output and "Traceback" not in result.output
    assert schema.data_node_count(db) == 0


def test_a_uniqueness_rule_the_check_does_not_know_is_refused_in_german(db):
    g = GraphBuilder(db)
    g.network("Netzwerk Frühe Hilfen")
    g.network("Netzwerk Kinderschutz")
    g.save()
    data = json.loads(_export(db, with_users=False))
    for node in data["nodes"]:
        node["props"]["name"] = "Netzwerk Frühe Hilfen"
    db.autocommit("wipe_batch")
    db.autocommit("test_network_name_unique")
    try:
        with pytest.raises(backup.BackupError, match="Ein Netzwerk der Sicherung hat name = "
                                                     "'Netzwerk Frühe Hilfen', das es schon gibt"):
            backup.restore(db, data)
    finally:
        db.autocommit("test_network_name_unique_drop")
    assert schema.data_node_count(db) == 0


def test_restore_into_a_database_with_only_accounts_keeps_them_with_the_option(
        registry_with_everything, neo4j_uri, tmp_path):
    db = registry_with_everything
    auth.create_user(db, "kollegin@example.org", PASSWORD, "koordination", name="Kollegin")
    target = tmp_path / "backup.json"
    target.write_text(_export(db), encoding="utf-8")  # admin@ and kollegin@
    before = backup.canonical_dump(db)
    db.autocommit("wipe_batch")
    # The new installation: its own administrator, one account also in the file.
    auth.create_user(db, "admin@example.org", "ein-neues-passwort-123", "admin", name="Neu")

    refused = _cli_restore(neo4j_uri, str(target))
    assert refused.exit_code == 1
    assert "enthält 1 Benutzerkonto/-konten und sonst nichts" in refused.output
    assert "--keep-users" in refused.output
    assert schema.data_node_count(db) == 1

    result = _cli_restore(neo4j_uri, str(target), "--keep-users")
    assert result.exit_code == 0, result.output
    assert "Benutzerkonten der Datenbank behalten: 1" in result.output
    assert "ausgelassen: 1" in result.output
    # The database's account won; the file's other account came in; the data is back.
    assert auth.authenticate(db, "admin@example.org", "ein-neues-passwort-123", "t").user
    assert auth.authenticate(db, "admin@example.org", PASSWORD, "t").user is None
    assert auth.authenticate(db, "kollegin@example.org", PASSWORD, "t").user
    after = backup.canonical_dump(db)
    assert [n for n in after["nodes"] if "User" not in n[0]] == [
        n for n in before["nodes"] if "User" not in n[0]]
    assert after["relationships"] == before["relationships"]
