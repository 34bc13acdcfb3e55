"""Running the app in production: the health check answers fast when Neo4j
is down or hangs, list URLs work with and without the trailing slash, the
server is gunicorn sized from the CPU count, and import jobs live in the
database so any app instance can answer for them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from html.parser import HTMLParser

import pytest

from registry import create_app, serving
from registry.exchange import importer, uploads

LISTS = ["/akteure", "/vereinbarungen", "/netzwerke", "/sozialraeume", "/zielgruppen",
         "/berichte"]


class _Title(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1, self._in = "", False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "h1" and not self.h1

    def handle_data(self, data):
        if self._in:
            self.h1 += data

    def handle_endtag(self, tag):
        self._in = False


def _h1(response) -> str:
    parser = _Title()
    parser.feed(response.get_data(as_text=True))
    return parser.h1.strip()


@pytest.mark.parametrize("url", LISTS)
def test_list_urls_work_with_and_without_trailing_slash(url, client, login_as):
    login_as("admin")
    with_slash = client.get(url + "/?seite=1", follow_redirects=True)
    without = client.get(url + "?seite=1", follow_redirects=True)
    assert with_slash.status_code == 200 and without.status_code == 200
    # Both land on the one canonical URL, the query kept.
    assert with_slash.request.path == without.request.path
    assert with_slash.request.args.to_dict() == without.request.args.to_dict() == {"seite": "1"}
    assert _h1(without) == _h1(with_slash) and _h1(with_slash)


def test_no_redirect_to_another_host(client):
    response = client.get("/", environ_overrides={"PATH_INFO": "//example.org/"})
    assert "example.org" not in response.headers.get("Location", "")


def test_unknown_url_is_still_404_and_needs_no_login(client):
    assert client.get("/akteurex").status_code == 404
    assert client.get("/akteure/", follow_redirects=False).status_code == 302  # to the login


def _probe_app(uri: str):
    # A long retry budget, as in production: the probe must not wait for it.
    return create_app({"TESTING": True, "NEO4J_URI": uri, "NEO4J_RETRY_SECONDS": 10,
                       "SECRET_KEY": "test"}).test_client()


def test_healthz_answers_503_within_a_second_when_neo4j_is_stopped(local_server,
                                                                  probe_until_healthy):
    client = _probe_app(local_server.uri)
    assert client.get("/healthz").status_code == 200
    local_server.stop()
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        local_server.start()
    assert response.status_code == 503
    assert response.get_json()["error"] == "Neo4j ist nicht erreichbar."
    assert elapsed < 1.0, elapsed
    assert probe_until_healthy(client) == 200  # and it recovers by itself


def test_healthz_answers_503_within_a_second_when_neo4j_hangs(local_server):
    # A frozen server accepts TCP connections but never answers Bolt.
    client = _probe_app(local_server.uri)
    assert client.get("/healthz").status_code == 200
    pid = local_server.pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert response.status_code == 503 and elapsed < 1.0, (response.status_code, elapsed)
    assert client.get("/healthz").status_code == 200


def test_serve_uses_gunicorn_threads_and_workers_from_the_cpu_count():
    assert serving.worker_count(1) == 2 and serving.worker_count(8) == 8
    options = serving.gunicorn_options("127.0.0.1", 5000)
    assert options["worker_class"] == "gthread" and options["threads"] >= 2
    assert options["workers"] == serving.worker_count()
    assert options["timeout"] > 30  # gunicorn's default killed long reports


def test_serve_command_runs_gunicorn_unless_debug(monkeypatch):
    from click.testing import CliRunner

    from registry import cli

    calls = []
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # no local Neo4j start
    monkeypatch.setattr(serving, "run_gunicorn", lambda factory, options: calls.append(options))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "5999", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["bind"] == "127.0.0.1:5999" and calls[0]["workers"] == 3
    assert "gunicorn: 3 workers" in result.output


# Eight threads allocate at once, then glibc lists its arenas (one <heap>
# element each) on stdout.
_ARENAS = textwrap.dedent("""
    import ctypes, sys, threading
    from registry import serving
    limited = sys.argv[1] == "limit" and serving.limit_malloc_arenas()
    libc = ctypes.CDLL(None)
    barrier = threading.Barrier(8)
    def work():
        barrier.wait()
        keep = [bytearray(100_000) for _ in range(20)]
        barrier.wait()
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sys.stdout.flush()
    libc.malloc_info(0, ctypes.c_void_p.in_dll(libc, "stdout"))
    libc.fflush(None)
    print("limited" if limited else "default")
""")


def _arenas(mode: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", _ARENAS, mode], env=env, capture_output=True,
                         text=True, check=True).stdout
    return out.count("<heap nr="), out.split()[-1]


def test_served_workers_share_two_malloc_arenas_between_their_threads():
    many, mode = _arenas("default")
    assert mode == "default" and many > serving.MALLOC_ARENAS  # what the limit is for
    few, mode = _arenas("limit")
    assert mode == "limited" and few <= serving.MALLOC_ARENAS


def test_serve_sets_the_malloc_limit_before_gunicorn_forks(monkeypatch):
    calls = []
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(serving, "limit_malloc_arenas", lambda: calls.append("arenas"))
    import gunicorn.app.base
    monkeypatch.setattr(gunicorn.app.base.BaseApplication, "run",
                        lambda self: calls.append("run"))
    serving.run_gunicorn(lambda: None, serving.gunicorn_options("127.0.0.1", 5998))
    assert calls == ["arenas", "run"]


CSV = ("Externe ID;Name;Art;Sektor;Sozialraum\n"
       "T-001;Kinderhilfe Süd e.V.;Freier Träger;frei;\n").encode("utf-8")


def test_import_job_lives_in_the_database_for_every_instance(db, neo4j_uri, app, client,
                                                             login_as, tmp_path):
    """An upload taken by one app instance (its own REGISTRY_VAR) is answered
    for by another instance with another local folder."""
    user = login_as("admin")
    job = uploads.create(db, CSV, "akteure.csv", "actors", user.id)
    other = create_app({"TESTING": True, "NEO4J_URI": neo4j_uri, "SECRET_KEY": "test-secret-key",
                        "SESSION_COOKIE_SECURE": False, "REGISTRY_VAR": str(tmp_path)})
    other_client = other.test_client()
    from conftest import login
    login(other_client, user.email)
    state = other_client.get(f"/import/{job.token}/fortschritt").get_json()
    assert (state["state"], state["running"]) == ("checking", True)
    uploads.run(uploads.find(db, job.token), db, importer.Context(), apply=False)
    assert other_client.get(f"/import/{job.token}/fortschritt").get_json()["state"] == "checked"
    page = other_client.get(f"/import/{job.token}").get_data(as_text=True)
    assert "Jetzt übernehmen" in page
    assert client.get(f"/import/{job.token}/fortschritt").get_json()["state"] == "checked"


def test_an_import_step_is_claimed_once(db):
    job = uploads.create(db, CSV, "akteure.csv", "actors", "someone")
    assert job.claim("check") is True
    assert job.claim("check") is False
    assert job.claim("apply") is True
    assert uploads.find(db, "x" * 32) is None
