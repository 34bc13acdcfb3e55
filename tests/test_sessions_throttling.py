"""Sessions that end and throttling that holds (issue 12): copied cookies die
at logout, password reset and role change; idle and absolute limits; atomic
throttle under concurrency, back-off instead of lock-out, trusted proxies,
long e-mails, purged counters, no server banner, HSTS over https."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from conftest import PASSWORD, FakeClock, csrf_token, login, make_user, post_form
from registry import auth, create_app


def _copy_session(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def _signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


@pytest.fixture
def two_clients(app, db, fake_clock):
    user = make_user(db, "koordination", email="kopie@example.org")
    original, copy = app.test_client(), app.test_client()
    assert login(original, user.email).status_code == 302
    _copy_session(original, copy)
    assert _signed_in(copy)  # a copied cookie works while the session lives
    return user, original, copy


def test_logout_ends_every_copy_of_the_session(two_clients):
    _user, original, copy = two_clients
    original.post("/logout", data={"csrf_token": csrf_token(original, "/")})
    response = copy.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = copy.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="password"' in page  # the login page


def test_password_reset_ends_sessions(two_clients, db):
    user, original, copy = two_clients
    auth.set_password(db, user.id, "ein-ganz-neues-passwort")
    assert not _signed_in(copy) and not _signed_in(original)


def test_role_change_and_deactivation_end_sessions(app, two_clients, db):
    user, _original, copy = two_clients
    auth.update_user(db, user.id, role="ausschuss", name=user.name, active=True, areas=[])
    assert not _signed_in(copy)
    # A fresh login works with the new role; deactivating ends that one too.
    fresh = app.test_client()
    assert login(fresh, user.email).status_code == 302 and _signed_in(fresh)
    auth.update_user(db, user.id, role="ausschuss", name=user.name, active=False, areas=[])
    assert not _signed_in(fresh)


def test_saving_an_account_unchanged_keeps_its_sessions(two_clients, db):
    user, original, _copy = two_clients
    auth.update_user(db, user.id, role="koordination", name="Neuer Name", active=True, areas=[])
    assert _signed_in(original)


def test_idle_and_absolute_limits(app, db, fake_clock):
    user = make_user(db, "ausschuss")
    client = app.test_client()
    login(client, user.email)
    fake_clock.advance(minutes=31)
    assert not _signed_in(client)  # idle longer than 30 minutes

    login(client, user.email)
    for _ in range(10 * 3):  # busy all day: a request every 20 minutes
        fake_clock.advance(minutes=20)
        if not _signed_in(client):
            break
    # Ended after the working day (10 hours), not before.
    assert fake_clock.now - FakeClock().now >= timedelta(hours=10)
    assert fake_clock.now - FakeClock().now <= timedelta(hours=10, minutes=40)


def test_session_cookie_lifetime_is_the_idle_limit_not_31_days(app):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)
    other = create_app({"TESTING": True, "DATABASE": app.extensions["registry.db"],
                        "SECRET_KEY": "x", "SESSION_IDLE_SECONDS": 600})
    assert other.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=10)


# -- throttling -----------------------------------------------------------------------------

def test_thirty_concurrent_wrong_passwords_evaluate_at_most_the_limit(db):
    user = make_user(db, "admin", email="ziel@example.org")
    now = FakeClock().now
    before = auth.verification_count
    barrier = threading.Barrier(30)

    def attempt(n: int):
        barrier.wait()
        return auth.authenticate(db, user.email, f"falsch-{n}-falsch", client=f"198.51.100.{n}",
                                 now=now)

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(attempt, range(30)))
    evaluated = auth.verification_count - before
    assert evaluated <= 5, evaluated
    assert all(r.user is None for r in results)
    throttled = [r for r in results if "Zu viele" in (r.error or "")]
    assert len(throttled) == 30 - evaluated


def test_owner_logs_in_after_the_back_off_despite_an_attack(app, client, db, fake_clock):
    user = make_user(db, "admin", email="chefin@example.org")
    for n in range(30):  # one attempt a minute from ever new addresses
        auth.authenticate(db, user.email, "geraten-geraten", client=f"203.0.113.{n}",
                          now=fake_clock.now, throttle=auth.Throttle.from_config(app.config))
        fake_clock.advance(minutes=1)
    # The wait doubles per failure but never exceeds 15 minutes: no lock-out.
    fake_clock.advance(minutes=15, seconds=1)
    assert login(client, user.email).status_code == 302


def test_back_off_doubles(app, client, db, fake_clock):
    user = make_user(db, "admin")
    for _ in range(5):
        login(client, user.email, "falsch-falsch-falsch")
    fake_clock.advance(seconds=31)
    assert login(client, user.email, "falsch-falsch-falsch").status_code == 401  # 6th: 60 s
    fake_clock.advance(seconds=45)
    page = login(client, user.email).get_data(as_text=True)
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in page
    fake_clock.advance(seconds=20)
    assert login(client, user.email).status_code == 302


def test_forwarded_address_only_from_a_configured_proxy(app, db):
    app.config["LOGIN_THROTTLE_ADDRESS_LIMIT"] = 3
    user = make_user(db, "admin", email="proxy@example.org")

    def attempts(client, n: int):
        for i in range(n):
            post_form(client, "/login", {"email": f"x{i}@example.org", "password": "falsch"},
                      headers={"X-Forwarded-For": f"192.0.2.{i}"})

    direct = app.test_client()
    attempts(direct, 3)  # the header is ignored: one address, now waiting
    assert "Zu viele" in login(direct, user.email).get_data(as_text=True)

    db.write("throttle_clear", keys=["ip:127.0.0.1"])
    proxied = create_app({"TESTING": True, "DATABASE": db, "SECRET_KEY": "x",
                          "SESSION_COOKIE_SECURE": False, "TRUSTED_PROXIES": 1,
                          "LOGIN_THROTTLE_ADDRESS_LIMIT": 3}).test_client()
    attempts(proxied, 3)  # three different client addresses behind the proxy
    assert post_form(proxied, "/login", {"email": user.email, "password": PASSWORD},
                     headers={"X-Forwarded-For": "192.0.2.200"}).status_code == 302


def test_overlong_email_is_a_clear_400_not_a_500(client, db):
    response = login(client, "a" * 8000 + "@example.org", "falsch")
    assert response.status_code == 400
    assert "höchstens 254 Zeichen" in response.get_data(as_text=True)


def _throttle_records(db) -> int:
    return sum("LoginThrottle" in row["labels"] for row in db.read("graph_nodes", bookkeeping=[]))


def test_old_throttle_records_are_purged(db):
    start = FakeClock().now
    auth.authenticate(db, "alt@example.org", "falsch", client="192.0.2.1", now=start)
    assert _throttle_records(db) == 2  # account and address counter
    later = start + timedelta(hours=1)
    auth.authenticate(db, "neu@example.org", "falsch", client="192.0.2.2", now=later)
    assert _throttle_records(db) == 2  # the old pair is gone


# -- headers ----------------------------------------------------------------------------------

def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_server_banner_from_the_development_server(app):
    import http.client

    from werkzeug.serving import make_server

    from registry.banner import QuietRequestHandler

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        assert response.getheader("Server") is None
        assert "Werkzeug" not in str(response.headers)
    finally:
        server.shutdown()


def test_no_server_banner_from_gunicorn():
    from gunicorn.http import wsgi as gunicorn_wsgi

    from registry import banner

    banner.hide_gunicorn_banner()

    class Fake:
        upgrade, chunked, status, version = False, False, "200 OK", "gunicorn"
        req = type("Req", (), {"version": (1, 1)})()

        def should_close(self):
            return False

    lines = gunicorn_wsgi.Response.default_headers(Fake())
    assert lines[0].startswith("HTTP/1.1 200") and not any(
        line.lower().startswith("server:") for line in lines)
