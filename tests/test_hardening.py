"""Smaller holes of issue 12: absurd numbers and dates in URLs, file modes of
the local Neo4j and of exports with accounts, a restore that would plant
accounts or smuggle labels."""
from __future__ import annotations

import io
import json
import stat

import pytest
from click.testing import CliRunner

from factories import GraphBuilder
from registry import auth, cli, schema
from registry.exchange import backup
from registry.localneo4j import lock_down

HUGE = "9" * 30


@pytest.fixture
def small_world(db):
    g = GraphBuilder(db)
    nord = g.area("Nord", code="N")
    a = g.actor("Haus A", area=nord)
    b = g.actor("Haus B", area=nord)
    g.agreement("Absprache", [a, b])
    g.network("Runde", members=[a, b], scope=nord)
    group = g.target_group("Familien")
    g.save()
    return {"group": group}


@pytest.mark.parametrize("query", [
    f"/akteure/?seite={HUGE}", f"/vereinbarungen/?seite={HUGE}", f"/netzwerke/?seite={HUGE}",
    f"/sozialraeume/?seite={HUGE}", f"/akteure/?seite={HUGE}&pro_seite={HUGE}",
    "/berichte?stichtag=9999-12-31", "/berichte?stichtag=0001-01-01&tage=3650",
    "/berichte?seit=0001-01-01", "/berichte/beteiligung?stichtag=9999-12-31",
    "/berichte/ausschuss?stichtag=9999-12-31", "/berichte?stichtag=99999-01-01",
    "/karte?stichtag=31.12.9999", "/karte?stichtag=01.01.0001", "/karte/tabelle?stichtag=31.12.9999",
    f"/vereinbarungen/?ablauf_tage={HUGE}",
])
def test_absurd_numbers_and_dates_give_a_page_not_a_500(client, login_as, small_world, query):
    login_as("admin")
    response = client.get(query)
    assert response.status_code in (200, 400), (query, response.status_code)


def test_huge_page_number_of_a_target_group(client, login_as, small_world):
    login_as("admin")
    assert client.get(f"/zielgruppen/{small_world['group']}?seite={HUGE}").status_code == 200


# -- files ---------------------------------------------------------------------------------

def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_local_neo4j_folder_is_private(tmp_path):
    home = tmp_path / "neo4j"
    (home / "data" / "databases").mkdir(parents=True)
    store = home / "data" / "databases" / "store"
    store.write_text("hashes")
    store.chmod(0o644)
    home.chmod(0o755)
    lock_down(home)
    assert _mode(home) == 0o700
    assert _mode(home / "data") == 0o700 and _mode(store) == 0o600


def test_running_test_neo4j_store_is_private(local_server):
    home = local_server.home
    assert _mode(home) == 0o700
    files = [p for p in home.rglob("*") if p.is_file() and not p.is_symlink()]
    assert files and all(_mode(p) & 0o077 == 0 for p in files), [
        (str(p), oct(_mode(p))) for p in files if _mode(p) & 0o077][:5]


def test_export_with_users_is_owner_only(db, neo4j_uri, tmp_path):
    auth.create_user(db, "admin@example.org", "korrektes-pferd-batterie", "admin")
    target = tmp_path / "mit-konten.json"
    target.write_text("")
    target.chmod(0o644)  # an older file with a loose mode is tightened
    runner = CliRunner()
    result = runner.invoke(cli.main, ["export", "--with-users", "-o", str(target)],
                           env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o600 and "password_hash" in target.read_text()


# -- restore ---------------------------------------------------------------------------------

def _backup(db, with_users: bool) -> dict:
    g = GraphBuilder(db)
    g.actor("Haus A", area=g.area("Nord"))
    g.save()
    out = io.StringIO()
    backup.export_json(db, out, with_users=with_users)
    return json.loads(out.getvalue())


_PLANTED = {"id": "eingeschleust", "email": "boese@example.org", "role": "admin",
            "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$x$y", "active": True}


def test_restore_refuses_users_planted_in_a_file_without_users(db, neo4j_uri, tmp_path):
    data = _backup(db, with_users=False)
    data["nodes"].append({"n": 999, "labels": ["User"], "props": _PLANTED})
    path = tmp_path / "ohne-konten.json"
    path.write_text(json.dumps(data))
    db.autocommit("wipe_batch")
    result = CliRunner().invoke(cli.main, ["restore", str(path)], env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 1
    assert "Benutzerkonto in einer Sicherung ohne Benutzerkonten" in result.output
    assert "Traceback" not in result.output
    assert schema.data_node_count(db) == 0


@pytest.mark.parametrize("labels", [["Actor", "User"], ["Actor", "Area"], ["Change", "User"],
                                    ["Actor", "Actor"], []])
def test_restore_refuses_label_combinations_the_registry_never_has(db, labels):
    data = _backup(db, with_users=True)
    data["nodes"][0]["labels"] = labels
    db.autocommit("wipe_batch")
    with pytest.raises(backup.BackupError, match="gehören nicht zum Register|Benutzerkonto"):
        backup.restore(db, data)
    assert schema.data_node_count(db) == 0


def test_restore_takes_users_when_the_file_says_so(db):
    data = _backup(db, with_users=True)
    data["nodes"].append({"n": 999, "labels": ["User"], "props": _PLANTED})
    db.autocommit("wipe_batch")
    backup.restore(db, data)
    assert db.read_one("user_by_email", email="boese@example.org") is not None


def test_restore_of_a_damaged_file_says_so_in_german(db, neo4j_uri, tmp_path):
    path = tmp_path / "kaputt.json"
    path.write_text('{"format": "netzwerkregister-backup", "version": 1, "nodes": [')
    result = CliRunner().invoke(cli.main, ["restore", str(path)], env={"NEO4J_URI": neo4j_uri})
    assert result.exit_code == 1 and "Keine JSON-Datei" in result.output
    assert "Traceback" not in result.output
