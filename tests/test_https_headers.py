"""HSTS when the app is reached over https, also behind a trusted reverse
proxy (X-Forwarded-Proto with TRUSTED_PROXIES), never from a header an
untrusted client made up; no Server banner to anonymous callers (issue 12).
The direct https case and the servers' banners: test_sessions_throttling.py."""
from __future__ import annotations

from registry import create_app

HTTPS_FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def _app(db, neo4j_uri, **config):
    return create_app({"TESTING": True, "NEO4J_URI": neo4j_uri, "SECRET_KEY": "test-secret-key",
                       "SESSION_COOKIE_SECURE": False, "DATABASE": db, **config})


def test_hsts_over_https_behind_a_trusted_proxy(db, neo4j_uri):
    client = _app(db, neo4j_uri, TRUSTED_PROXIES=1).test_client()
    response = client.get("/login", headers=HTTPS_FROM_PROXY)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get("/login", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_a_forwarded_header_without_a_trusted_proxy_changes_nothing(db, neo4j_uri):
    client = _app(db, neo4j_uri).test_client()
    response = client.get("/login", headers=HTTPS_FROM_PROXY)
    assert "Strict-Transport-Security" not in response.headers


def test_no_server_header_for_anonymous_callers(db, neo4j_uri):
    client = _app(db, neo4j_uri).test_client()
    for path in ("/healthz", "/login", "/akteure/", "/gibt-es-nicht", "/static/gibt-es-nicht.css"):
        response = client.get(path, base_url="https://localhost")
        assert "Server" not in response.headers, path
        assert "Werkzeug" not in str(response.headers) and "gunicorn" not in str(response.headers)
