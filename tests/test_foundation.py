"""The walking skeleton: local Neo4j, schema, health, query loader, start page."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from registry import cli, create_app
from registry.db import Database, Queries, UnknownQuery


def test_query_loader_refuses_unknown_name_with_clear_error():
    queries = Queries()
    with pytest.raises(UnknownQuery) as info:
        queries["no_such_query"]
    assert "no_such_query" in str(info.value)
    assert "cypher" in str(info.value)


def test_query_loader_rejects_duplicate_names(tmp_path):
    (tmp_path / "a.cypher").write_text("// name: x\nRETURN 1\n")
    (tmp_path / "b.cypher").write_text("// name: x\nRETURN 2\n")
    with pytest.raises(ValueError, match="defined twice"):
        Queries(tmp_path)


def test_database_refuses_unknown_query_name(db):
    with pytest.raises(UnknownQuery):
        db.read("drop_everything")


def test_init_db_twice_leaves_constraints_and_indexes(db, neo4j_uri):
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli.main, ["init-db"], env={"NEO4J_URI": neo4j_uri})
        assert result.exit_code == 0, result.output
    constraints = {row["name"] for row in db.read("schema_constraints")}
    assert {"actor_id", "agreement_id", "network_id", "area_id", "user_email"} <= constraints
    indexes = {row["name"]: row for row in db.read("schema_indexes")}
    assert indexes["registry_names"]["type"] == "FULLTEXT"
    assert all(row["state"] == "ONLINE" for row in indexes.values())


def test_healthz_reports_neo4j_526(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26.")
    assert body["neo4j"]["edition"] == "community"


def test_start_page_shows_counts_in_german(client, db, login_as):
    login_as("ausschuss")
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Akteure" in page and "Kooperationsvereinbarungen" in page
    assert 'data-count="actors">0<' in page
    assert "Noch keine Einträge" in page


def test_neo4j_start_while_running_is_harmless(local_server):
    env = {"REGISTRY_VAR": str(local_server.home.parent), "LOCAL_NEO4J_PORT": str(local_server.port)}
    pid = local_server.pid()
    result = CliRunner().invoke(cli.main, ["neo4j", "start"], env=env)
    assert result.exit_code == 0, result.output
    assert "already running" in result.output
    assert local_server.pid() == pid
    status = CliRunner().invoke(cli.main, ["neo4j", "status"], env=env)
    assert "5.26." in status.output and str(pid) in status.output


def test_outage_gives_503_and_friendly_page_then_recovers(local_server, probe_until_healthy):
    # The transparency view reads the database without a login.
    app = create_app({"TESTING": True, "NEO4J_URI": local_server.uri, "NEO4J_RETRY_SECONDS": 1,
                      "SECRET_KEY": "test", "PUBLIC_VIEW": True})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/oeffentlich/").status_code == 200
    local_server.stop()
    try:
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.get_json()["status"] == "unavailable"
        page = client.get("/oeffentlich/")
        assert page.status_code == 503
        text = page.get_data(as_text=True)
        assert "Datenbank nicht erreichbar" in text
        assert "Traceback" not in text
    finally:
        local_server.start()
    # The same app instance (and driver) recovers by itself.
    assert probe_until_healthy(client) == 200
    assert client.get("/oeffentlich/").status_code == 200


def test_clean_stop_needs_no_recovery(local_server):
    local_server.stop()
    log = local_server.home / "logs" / "debug.log"
    before = log.stat().st_size
    local_server.start()
    after_start = log.read_text(errors="replace")[before:]
    # After a kill, Neo4j logs "Recovery required from position ...".
    assert "Recovery required" not in after_start
    assert "Database" in after_start  # the log did record this start


def test_security_headers_on_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_german_404(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)
