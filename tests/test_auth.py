"""Accounts, login, sessions, throttling, CSRF and security headers."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from conftest import PASSWORD, csrf_token, login, make_user, post_form
from registry import auth, cli
from registry.auth import hasher


def test_stored_hash_is_argon2id_and_never_the_password(db):
    user = make_user(db, "admin")
    stored = db.read_one("user_credentials", email=user.email)["password_hash"]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_login_rehashes_when_parameters_change(db, client):
    user = make_user(db, "koordination")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    db.write("user_set_password", id=user.id, password_hash=weak)
    assert login(client, user.email).status_code == 302
    stored = db.read_one("user_credentials", email=user.email)["password_hash"]
    assert stored != weak and not hasher.check_needs_rehash(stored)


def test_login_and_logout(client, db):
    user = make_user(db, "ausschuss")
    assert client.get("/").status_code == 302  # anonymous: to the login page
    response = login(client, user.email)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Ausschuss" in page and "Abmelden" in page
    assert db.read_one("user_get", id=user.id)["user"]["last_login"] is not None
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_same_message_for_unknown_user_and_wrong_password(client, db):
    make_user(db, "admin", email="chef@example.org")
    wrong = login(client, "chef@example.org", "falsches-passwort-123")
    unknown = login(client, "niemand@example.org", "falsches-passwort-123")
    assert wrong.status_code == unknown.status_code == 401
    message = "E-Mail-Adresse oder Passwort ist falsch"
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, db):
    user = make_user(db, "koordination")
    auth.update_user(db, user.id, role="koordination", name=user.name, active=False, areas=[])
    assert login(client, user.email).status_code == 401


def test_throttling_engages_after_five_failures_and_releases(app, client, db, fake_clock):
    user = make_user(db, "admin")
    for _ in range(5):
        assert login(client, user.email, "falsch-falsch-falsch").status_code == 401
    # Even the right password is refused while throttled, with a clear message.
    refused = login(client, user.email)
    assert refused.status_code == 401
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in refused.get_data(as_text=True)
    fake_clock.advance(seconds=31)  # the first back-off is 30 seconds
    assert login(client, user.email).status_code == 302


def test_throttling_counts_per_client_address_across_accounts(app, client, db):
    app.config["LOGIN_THROTTLE_ADDRESS_LIMIT"] = 5
    for n in range(5):
        login(client, f"raten{n}@example.org", "falsch-falsch-falsch")
    user = make_user(db, "admin", email="echt@example.org")
    refused = login(client, user.email)
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in refused.get_data(as_text=True)
    # Another client address is not affected.
    other = app.test_client()
    response = post_form(other, "/login", {"email": user.email, "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 302


def test_session_cookie_flags(app, db):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    user = make_user(db, "admin")
    response = login(client, user.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_session_expires_after_inactivity(app, client, db, fake_clock):
    user = make_user(db, "ausschuss")
    login(client, user.email)
    assert client.get("/").status_code == 200
    fake_clock.advance(minutes=29)
    assert client.get("/").status_code == 200  # used: the idle time starts again
    fake_clock.advance(minutes=31)
    assert client.get("/").status_code == 302


def test_post_without_or_with_wrong_csrf_token_is_refused_and_changes_nothing(client, db):
    admin = make_user(db, "admin")
    login(client, admin.email)
    data = {"email": "neu@example.org", "role": "ausschuss", "password": "ein-langes-passwort"}
    assert client.post("/admin/benutzer/neu", data=data).status_code == 400
    assert client.post("/admin/benutzer/neu", data={**data, "csrf_token": "falsch"}).status_code == 400
    assert auth.get_user_by_email(db, "neu@example.org") is None
    # With the page's token the same post works.
    assert post_form(client, "/admin/benutzer/neu", data).status_code == 302
    assert auth.get_user_by_email(db, "neu@example.org").role == "ausschuss"


def test_login_without_csrf_token_is_refused(client, db):
    user = make_user(db, "admin")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_redirects_only_to_local_paths(client, db):
    user = make_user(db, "admin")
    response = post_form(client, "/login?next=https://evil.example/", {"email": user.email, "password": PASSWORD},
                         form_url="/login")
    assert response.headers["Location"] == "/"


def test_admin_creates_edits_and_resets_users_in_the_ui(client, db, login_as):
    login_as("admin")
    response = post_form(client, "/admin/benutzer/neu", {
        "email": "Koord@Example.org", "name": "Kim Koord", "role": "koordination",
        "password": "zwoelf-zeichen-lang", "active": "y"})
    assert response.status_code == 302
    user = auth.get_user_by_email(db, "koord@example.org")
    assert (user.name, user.role, user.active) == ("Kim Koord", "koordination", True)
    assert "koord@example.org" in client.get("/admin/benutzer").get_data(as_text=True)
    url = f"/admin/benutzer/{user.id}"
    post_form(client, url, {"email": user.email, "name": "Kim K.", "role": "ausschuss"})
    user = auth.get_user_by_email(db, "koord@example.org")
    assert (user.name, user.role, user.active) == ("Kim K.", "ausschuss", False)
    short = post_form(client, f"{url}/passwort", {"password": "kurz"})
    assert "mindestens 12 Zeichen" in short.get_data(as_text=True)
    assert post_form(client, f"{url}/passwort", {"password": "ganz-neues-passwort"}).status_code == 302


def test_admin_form_refuses_unknown_role_posted_by_hand(client, db, login_as):
    login_as("admin")
    response = post_form(client, "/admin/benutzer/neu", {
        "email": "x@example.org", "role": "superuser", "password": "zwoelf-zeichen-lang"})
    assert response.status_code == 200
    assert "Ungültige Auswahl" in response.get_data(as_text=True)
    assert auth.get_user_by_email(db, "x@example.org") is None


def test_cli_users_commands(db, neo4j_uri):
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_uri}
    created = runner.invoke(cli.main, ["users", "create", "cli@example.org", "--role", "ausschuss",
                                       "--password-stdin"], input="ein-sehr-langes-passwort\n", env=env)
    assert created.exit_code == 0, created.output
    assert auth.get_user_by_email(db, "cli@example.org").role == "ausschuss"
    assert runner.invoke(cli.main, ["users", "set-role", "cli@example.org", "admin"], env=env).exit_code == 0
    assert auth.get_user_by_email(db, "cli@example.org").role == "admin"
    reset = runner.invoke(cli.main, ["users", "reset-password", "cli@example.org", "--password-stdin"],
                          input="noch-ein-langes-passwort\n", env=env)
    assert reset.exit_code == 0
    assert runner.invoke(cli.main, ["users", "deactivate", "cli@example.org"], env=env).exit_code == 0
    assert auth.get_user_by_email(db, "cli@example.org").active is False
    short = runner.invoke(cli.main, ["users", "create", "k@example.org", "--role", "admin",
                                     "--password-stdin"], input="kurz\n", env=env)
    assert short.exit_code != 0 and "12 Zeichen" in short.output


def test_demo_admin_only_on_an_empty_account_list(db, neo4j_uri):
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_uri}
    first = runner.invoke(cli.main, ["users", "ensure-demo-admin"], env=env)
    assert "admin@demo.invalid" in first.output
    password = first.output.split("Passwort:")[1].split()[0]
    result = auth.authenticate(db, "admin@demo.invalid", password, client="t")
    assert result.user and result.user.role == "admin"
    again = runner.invoke(cli.main, ["users", "ensure-demo-admin"], env=env)
    assert again.output == ""


def test_public_view_is_closed_by_default_and_never_shows_contacts(app, client, db):
    from factories import GraphBuilder

    g = GraphBuilder(db)
    actor = g.actor("Familienzentrum Linde", kind="familienzentrum")
    g.contact(actor, "Erika Geheim", public=False, email="erika@example.org")
    g.agreement("Entwurf XY", [actor, g.actor("AWO")], status="entwurf")
    g.agreement("Aktive Vereinbarung", [actor, g.actor("Caritas")], status="aktiv")
    g.save()
    assert client.get("/oeffentlich/").status_code == 302
    app.config["PUBLIC_VIEW"] = True
    listing = client.get("/oeffentlich/?q=linde")
    assert listing.status_code == 200 and "Familienzentrum Linde" in listing.get_data(as_text=True)
    page = client.get(f"/oeffentlich/akteure/{actor}").get_data(as_text=True)
    assert "Aktive Vereinbarung" in page
    assert "Entwurf XY" not in page and "Erika Geheim" not in page and "erika@" not in page
    # Still nothing else for anonymous visitors.
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/login", "/", "/admin/benutzer", "/gibt-es-nicht"])
def test_csp_and_security_headers_on_html_responses(client, login_as, path):
    login_as("admin")
    response = client.get(path)
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "http" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
