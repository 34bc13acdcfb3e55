"""Users, passwords, sessions, login throttling and the per-request policy check.

Users are nodes in Neo4j. Passwords are hashed with Argon2id (argon2-cffi,
rehashed when its parameters change). Failed logins are counted in the
database, so every worker and host sees the same counters.
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, abort, current_app, g, request, session
from flask_login import AnonymousUserMixin, LoginManager, current_user

from . import access, policy
from .db import Database
from .i18n import gettext as _

hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id

MIN_PASSWORD_LENGTH = 12
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def clock() -> Clock:
    """The app's clock (tests inject one as config CLOCK; nothing sleeps)."""
    try:
        return current_app.config.get("CLOCK") or utc_now
    except RuntimeError:  # outside the app (CLI)
        return utc_now


class AuthError(ValueError):
    """A user operation that cannot be done (message is shown to people)."""


@dataclass
class User:
    id: str
    email: str
    name: str
    role: str
    active: bool = True
    areas: list[str] = field(default_factory=list)  # limits koordination
    last_login: datetime | None = None
    session_version: int = 0  # raised to end every session of the account

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.id

    @property
    def limited(self) -> bool:
        return self.role == "koordination" and bool(self.areas)

    @classmethod
    def from_row(cls, row: dict) -> "User":
        return cls(
            id=row["id"], email=row["email"], name=row.get("name") or row["email"],
            role=row["role"], active=bool(row.get("active", True)),
            areas=list(row.get("areas") or []), last_login=row.get("last_login"),
            session_version=int(row.get("session_version") or 0),
        )


class Anonymous(AnonymousUserMixin):
    role = None
    name = ""
    areas: list[str] = []
    limited = False


# -- user store -------------------------------------------------------------

def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(
            _("Das Passwort muss mindestens %(n)d Zeichen lang sein.") % {"n": MIN_PASSWORD_LENGTH}
        )


def create_user(db: Database, email: str, password: str, role: str, name: str = "",
                areas: list[str] | None = None) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise AuthError(_("Bitte eine gültige E-Mail-Adresse angeben."))
    if role not in policy.ROLES:
        raise AuthError(_("Unbekannte Rolle: %(role)s") % {"role": role})
    check_password_rules(password)
    if db.read_one("user_by_email", email=email):
        raise AuthError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
    row = db.write(
        "user_create", id=secrets.token_hex(6), email=email, name=name.strip() or email,
        role=role, password_hash=hasher.hash(password), areas=list(areas or []),
    )[0]
    return User.from_row(row["user"])


def get_user(db: Database, user_id: str) -> User | None:
    row = db.read_one("user_get", id=user_id)
    return User.from_row(row["user"]) if row else None


def get_user_by_email(db: Database, email: str) -> User | None:
    row = db.read_one("user_by_email", email=normalise_email(email))
    return User.from_row(row["user"]) if row else None


def list_users(db: Database) -> list[User]:
    return [User.from_row(row["user"]) for row in db.read("user_list")]


def update_user(db: Database, user_id: str, *, role: str, name: str, active: bool,
                areas: list[str]) -> User:
    if role not in policy.ROLES:
        raise AuthError(_("Unbekannte Rolle: %(role)s") % {"role": role})
    rows = db.write("user_update", id=user_id, role=role, name=name, active=active,
                    areas=areas if role == "koordination" else [])
    if not rows:
        raise AuthError(_("Dieses Konto gibt es nicht."))
    return User.from_row(rows[0]["user"])


def set_password(db: Database, user_id: str, password: str) -> None:
    check_password_rules(password)
    if not db.write("user_set_password", id=user_id, password_hash=hasher.hash(password)):
        raise AuthError(_("Dieses Konto gibt es nicht."))


# -- login and throttling ------------------------------------------------------

LOGIN_FAILED = "Anmeldung fehlgeschlagen: E-Mail-Adresse oder Passwort ist falsch."
LOGIN_THROTTLED = (
    "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(wait)s "
    "und versuchen Sie es dann erneut."
)
LOGIN_BUSY = ("Der Server prüft gerade sehr viele Anmeldungen. Bitte versuchen Sie es in "
              "einigen Sekunden erneut.")


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


@dataclass(frozen=True)
class Throttle:
    """Login throttling: after ``limit`` failures of an account (or
    ``address_limit`` from one client address) within ``window``, every
    further failure doubles the wait, starting at ``base``, at most ``cap``.
    No hard lock: the owner gets in once the wait is over."""

    limit: int = 5
    address_limit: int = 20
    window: timedelta = timedelta(minutes=15)
    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=15)

    @classmethod
    def from_config(cls, config) -> "Throttle":
        return cls(
            limit=int(config.get("LOGIN_THROTTLE_LIMIT", 5)),
            address_limit=int(config.get("LOGIN_THROTTLE_ADDRESS_LIMIT", 20)),
            window=timedelta(seconds=float(config.get("LOGIN_THROTTLE_WINDOW_SECONDS", 900))),
            base=timedelta(seconds=float(config.get("LOGIN_THROTTLE_BASE_SECONDS", 30))),
            cap=timedelta(seconds=float(config.get("LOGIN_THROTTLE_CAP_SECONDS", 900))),
        )


# Argon2 takes 64 MiB per check: at most this many at once per process, the
# rest wait briefly (then are told to retry) instead of exhausting memory.
MAX_CONCURRENT_VERIFICATIONS = 2
_verifications = threading.BoundedSemaphore(MAX_CONCURRENT_VERIFICATIONS)
VERIFY_WAIT_SECONDS = 10.0
# Counted, for tests and the bench: how many password checks really ran.
verification_count = 0
_count_lock = threading.Lock()


def _verify(password_hash: str, password: str) -> bool | None:
    """Argon2 check under the concurrency cap; None when the cap stayed full."""
    global verification_count
    if not _verifications.acquire(timeout=VERIFY_WAIT_SECONDS):
        return None
    try:
        with _count_lock:
            verification_count += 1
        try:
            return hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    finally:
        _verifications.release()


def _throttle_keys(email: str, client: str, throttle: Throttle) -> list[dict]:
    return [{"key": f"email:{normalise_email(email)[:MAX_EMAIL_LENGTH]}", "limit": throttle.limit},
            {"key": f"ip:{client[:64]}", "limit": throttle.address_limit}]


_last_purge = [0.0]
PURGE_EVERY_SECONDS = 300


def _purge(db: Database, stamp: float, horizon: float) -> None:
    """Drop counters untouched for twice the longest wait, every few minutes
    per process (its own small write, apart from the attempt's)."""
    if abs(stamp - _last_purge[0]) < PURGE_EVERY_SECONDS:
        return
    _last_purge[0] = stamp
    db.write("throttle_purge", stale=stamp - 2 * horizon)


def _wait_text(seconds: float) -> str:
    if seconds < 90:
        return _("%(n)d Sekunden") % {"n": max(1, round(seconds))}
    return _("%(n)d Minuten") % {"n": round(seconds / 60)}


def authenticate(db: Database, email: str, password: str, client: str,
                 throttle: Throttle | None = None, now: datetime | None = None) -> LoginResult:
    """Check credentials; the same answer for unknown users and wrong passwords.

    The attempt is checked against the throttle and counted in one write
    transaction BEFORE the password is verified, so concurrent attempts
    cannot slip past the limit."""
    throttle = throttle or Throttle()
    now = now or clock()()
    stamp = now.timestamp()
    keys = _throttle_keys(email, client, throttle)
    horizon = max(throttle.window, throttle.cap).total_seconds()
    _purge(db, stamp, horizon)
    wait = db.write(
        "throttle_attempt", keys=keys, now=stamp, window=throttle.window.total_seconds(),
        base=throttle.base.total_seconds(), cap=throttle.cap.total_seconds())[0]["wait"] or 0
    if wait > 0:
        return LoginResult(None, _(LOGIN_THROTTLED) % {"wait": _wait_text(wait)})
    if len(email or "") > MAX_EMAIL_LENGTH:
        return LoginResult(None, _(LOGIN_FAILED))  # counted above, never looked up

    row = db.read_one("user_credentials", email=normalise_email(email))
    if row and row["active"]:
        ok = _verify(row["password_hash"], password or "")
    else:
        # Spend the same time as a real check so timing reveals nothing.
        checked = _verify(_DUMMY_HASH, password or "")
        ok = None if checked is None else False
    if ok is None:
        return LoginResult(None, _(LOGIN_BUSY))
    if not ok:
        return LoginResult(None, _(LOGIN_FAILED))

    db.write("throttle_success", keys=[k["key"] for k in keys], account=keys[0]["key"])
    if hasher.check_needs_rehash(row["password_hash"]):
        db.write("user_rehash_password", id=row["id"], password_hash=hasher.hash(password))
    user_row = db.write("user_touch_login", id=row["id"], at=now)[0]
    return LoginResult(User.from_row(user_row["user"]))


_DUMMY_HASH = hasher.hash(secrets.token_hex(16))


# -- sessions ------------------------------------------------------------------------

def start_session(user: User) -> None:
    """Called at login: the session carries the account's session version and
    when it began, so it can be ended from the server side."""
    stamp = clock()().timestamp()
    session["sv"] = user.session_version
    session["started"] = stamp
    session["seen"] = stamp


def end_sessions(db: Database, user_id: str) -> None:
    """Every session of the account ends (logout, on every device)."""
    db.write("user_end_sessions", id=user_id)


def session_valid(user: User) -> bool:
    """The session belongs to the account's current version, was used within
    the idle limit and is younger than the absolute limit. Marks it used."""
    config = current_app.config
    stamp = clock()().timestamp()
    started, seen = session.get("started"), session.get("seen")
    if session.get("sv") != user.session_version or started is None or seen is None:
        return False
    if stamp - seen > float(config.get("SESSION_IDLE_SECONDS", 1800)):
        return False
    if stamp - started > float(config.get("SESSION_MAX_SECONDS", 10 * 3600)):
        return False
    session["seen"] = stamp
    return True


# -- request-time checks -------------------------------------------------------

def acting_user_name() -> str:
    """Who a change is recorded for: the signed-in e-mail, else "system"."""
    try:
        if current_user and current_user.is_authenticated:
            return current_user.email
    except RuntimeError:  # outside a request (CLI, import)
        pass
    return "system"


def can_edit(area_paths: list[list[str]] | list[str] | None = None, *,
             shared: bool = False) -> bool:
    """The one edit check of the web views, for the current user.

    - no arguments: may edit at all (create entries, see private contacts);
    - ``area_paths``: an entry located in these areas: for each place it
      sits, the ids of that area and all areas above it (a flat list counts
      as one path; an empty list is nobody's area, so only for accounts
      without an area limit);
    - ``shared=True``: a list every area uses (target groups), editors
      without an area limit only.
    The rules live in ``access`` (shared with import, CLI and restore).
    """
    if shared:
        return access.may_edit_shared(current_user)
    if area_paths is None:
        return access.is_editor(current_user)
    return access.may_edit(current_user, area_paths)


def require_edit(area_paths: list[list[str]] | list[str] | None = None, *,
                 shared: bool = False) -> None:
    """``can_edit`` or 403."""
    if not can_edit(area_paths, shared=shared):
        abort(403)


def _check_policy():
    if request.routing_exception is not None:
        return None  # Flask answers 404/405 or redirects /akteure to /akteure/ itself
    permission = policy.permission_for(request.endpoint, request.method)
    if permission is None:
        # No entry for this route and method: refuse (deny by default).
        abort(404 if request.endpoint is None else 405 if request.endpoint in policy.POLICY else 403)
    if permission == policy.PUBLIC:
        return None  # no user lookup: /healthz must answer when the DB is down
    role = current_user.role if current_user.is_authenticated else None
    if policy.allowed(permission, role, current_app.config["PUBLIC_VIEW"]):
        return None
    if role is None:
        from flask import redirect, url_for

        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.session_protection = "strong"
    manager.anonymous_user = Anonymous
    manager.login_view = "auth.login"
    manager.login_message = None

    @manager.user_loader
    def load_user(user_id: str):
        from .web import get_db

        if "auth_user" not in g:
            user = get_user(get_db(), user_id)
            if user and user.active and session_valid(user):
                g.auth_user = user
            else:
                # Logged out elsewhere, password or role changed, idle or too
                # old: this cookie is worth nothing any more.
                session.clear()
                g.auth_user = None
        return g.auth_user

    manager.init_app(app)
    # Flask already holds a default of 31 days, so set (not setdefault) the
    # cookie's lifetime to the idle limit; the server checks both limits anyway.
    app.config.setdefault("SESSION_IDLE_SECONDS", 1800)
    app.config.setdefault("SESSION_MAX_SECONDS", 10 * 3600)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        seconds=float(app.config["SESSION_IDLE_SECONDS"]))
    app.config.setdefault("SESSION_REFRESH_EACH_REQUEST", True)
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(0))
    app.before_request(_check_policy)
    app.extensions["registry.nav_filter"] = _nav_allowed


def _nav_allowed(endpoint: str) -> bool:
    permission = policy.permission_for(endpoint, "GET")
    if permission == policy.OPEN and not current_app.config["PUBLIC_VIEW"]:
        return False
    role = current_user.role if current_user.is_authenticated else None
    return permission is not None and policy.allowed(
        permission, role, current_app.config["PUBLIC_VIEW"]
    )
