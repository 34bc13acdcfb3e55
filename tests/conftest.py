"""Fixtures: a throwaway real Neo4j for the session, an empty database for
every test, the app and its test client.

The test Neo4j runs on its own port (TEST_NEO4J_PORT, default 7697) with its
own data folder (var/test), wiped at the start and stopped at the end, so it
never touches the development instance. Set NEO4J_TEST_URI to use a running
server instead (it is wiped before every test!).
"""
from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_VAR = Path(os.environ.get("REGISTRY_TEST_VAR") or ROOT / "var" / "test").resolve()
TEST_PORT = int(os.environ.get("TEST_NEO4J_PORT") or 7697)
EXTERNAL_URI = os.environ.get("NEO4J_TEST_URI")
TEST_CYPHER = ROOT / "tests" / "cypher"  # test-only queries, not shipped

# Everything the app and the CLI read from the environment points at the
# throwaway instance, whatever the developer's shell has set.
for _name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "SECRET_KEY"):
    os.environ.pop(_name, None)
os.environ["REGISTRY_VAR"] = str(TEST_VAR)
os.environ["LOCAL_NEO4J_PORT"] = str(TEST_PORT)
os.environ["NEO4J_RETRY_SECONDS"] = "1"
os.environ["SESSION_COOKIE_SECURE"] = "0"
if EXTERNAL_URI:
    os.environ["NEO4J_URI"] = EXTERNAL_URI

from registry import create_app, schema  # noqa: E402
from registry.db import Database, Queries  # noqa: E402
from registry.localneo4j import LocalNeo4j  # noqa: E402


@pytest.fixture(scope="session")
def neo4j_server():
    """The local throwaway Neo4j (None when NEO4J_TEST_URI is used)."""
    if EXTERNAL_URI:
        yield None
        return
    server = LocalNeo4j(TEST_VAR / "neo4j", port=TEST_PORT, heap="768m", pagecache="256m")
    server.stop()  # a leftover from an interrupted run
    shutil.rmtree(TEST_VAR, ignore_errors=True)
    TEST_VAR.mkdir(parents=True)
    server.start()
    yield server
    server.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def probe_until_healthy():
    """Ask /healthz until it says 200, as a load balancer asks again, within
    ``seconds``: a Neo4j just restarted on a loaded machine may need longer
    than one probe's 0.8 s for its first answer. No sleep: each probe waits."""
    def probe(client, seconds: float = 60.0) -> int:
        deadline = time.monotonic() + seconds
        while True:
            status = client.get("/healthz").status_code
            if status == 200 or time.monotonic() > deadline:
                return status
    return probe


@pytest.fixture(scope="session")
def local_server(neo4j_server, tmp_path_factory):
    """A local Neo4j these tests may stop and start: the session's own, or a
    private one when the suite runs against an external server (NEO4J_TEST_URI)."""
    if neo4j_server is not None:
        yield neo4j_server
        return
    folder = tmp_path_factory.mktemp("private-var")
    server = LocalNeo4j(folder / "neo4j", port=_free_port(), heap="512m", pagecache="128m")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server) -> str:
    return EXTERNAL_URI or neo4j_server.uri


@pytest.fixture(scope="session")
def _schema_db(neo4j_uri):
    database = Database(neo4j_uri, retry_seconds=1, queries=Queries(extra=(TEST_CYPHER,)))
    schema.apply(database)
    yield database
    database.close()


@pytest.fixture
def db(_schema_db) -> Database:
    """The database, emptied before the test (schema kept)."""
    _schema_db.autocommit("wipe_batch")
    return _schema_db


@pytest.fixture
def app(db, neo4j_uri):
    app = create_app(
        {
            "TESTING": True,
            "NEO4J_URI": neo4j_uri,
            "NEO4J_RETRY_SECONDS": 1,
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "DATABASE": db,
        }
    )
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


# -- users and forms ------------------------------------------------------------

import htmlpage  # noqa: E402
from registry import auth  # noqa: E402

PASSWORD = "korrektes-pferd-batterie"


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token a real form on ``url`` carries."""
    page = client.get(url).get_data(as_text=True)
    field = htmlpage.parse(page).find("input", name="csrf_token")
    assert field is not None and field["value"], f"no CSRF token on {url}"
    return field["value"]


def post_form(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """POST like a browser: with the CSRF token of the page that shows the form."""
    payload = dict(data)
    payload.setdefault("csrf_token", csrf_token(client, form_url or url))
    return client.post(url, data=payload, **kwargs)


def make_user(db, role: str, email: str | None = None, areas: list[str] | None = None):
    return auth.create_user(db, email or f"{role}@example.org", PASSWORD, role,
                            name=role.capitalize(), areas=areas)


def login(client, email: str, password: str = PASSWORD):
    return post_form(client, "/login", {"email": email, "password": password})


@pytest.fixture
def login_as(client, db):
    """Sign the test client in with a fresh account of the given role."""

    def _login(role: str, areas: list[str] | None = None, email: str | None = None):
        user = make_user(db, role, email=email, areas=areas)
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


class FakeClock:
    """The app's clock in tests (config CLOCK): time moves only when told."""

    def __init__(self):
        from datetime import datetime, timezone

        self.now = datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def fake_clock(app) -> FakeClock:
    clock = FakeClock()
    app.config["CLOCK"] = clock
    return clock
