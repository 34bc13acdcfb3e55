"""Users, passwords, sessions, login throttling and the per-request policy check.

Users are nodes in Neo4j. Passwords are hashed with Argon2id (argon2-cffi,
rehashed when its parameters change). Failed logins are counted in the
database, so every worker and host sees the same counters.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, abort, current_app, g, request
from flask_login import AnonymousUserMixin, LoginManager, current_user

from . import policy
from .db import Database
from .i18n import gettext as _

hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id

MIN_PASSWORD_LENGTH = 12


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
    "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(minutes)d Minuten "
    "und versuchen Sie es dann erneut."
)


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def _throttle_keys(email: str, client: str) -> list[str]:
    return [f"email:{normalise_email(email)}", f"ip:{client}"]


def authenticate(db: Database, email: str, password: str, client: str,
                 limit: int = 5, window: timedelta = timedelta(minutes=15)) -> LoginResult:
    """Check credentials; the same answer for unknown users and wrong passwords."""
    now = datetime.now(timezone.utc)
    since = now - window
    keys = _throttle_keys(email, client)
    blocked = db.read_one("throttle_failures", keys=keys, since=since)
    if blocked and blocked["failures"] >= limit:
        minutes = max(1, round(window.total_seconds() / 60))
        return LoginResult(None, _(LOGIN_THROTTLED) % {"minutes": minutes})

    row = db.read_one("user_credentials", email=normalise_email(email))
    ok = False
    if row and row["active"]:
        try:
            ok = hasher.verify(row["password_hash"], password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check so timing reveals nothing.
        try:
            hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
    if not ok:
        db.write("throttle_record_failure", keys=keys, at=now, since=since)
        return LoginResult(None, _(LOGIN_FAILED))

    db.write("throttle_clear", keys=[keys[0]])
    if hasher.check_needs_rehash(row["password_hash"]):
        db.write("user_set_password", id=row["id"], password_hash=hasher.hash(password))
    user_row = db.write("user_touch_login", id=row["id"], at=now)[0]
    return LoginResult(User.from_row(user_row["user"]))


_DUMMY_HASH = hasher.hash(secrets.token_hex(16))


# -- request-time checks -------------------------------------------------------

def acting_user_name() -> str:
    """Who a change is recorded for: the signed-in e-mail, else "system"."""
    try:
        if current_user and current_user.is_authenticated:
            return current_user.email
    except RuntimeError:  # outside a request (CLI, import)
        pass
    return "system"


def may_edit_in(area_paths: list[list[str]] | list[str]) -> bool:
    """May the current user edit an entry located in these areas?

    ``area_paths``: for each place the entry sits, the ids of that area and
    all areas above it (a flat list counts as one path). A limited
    koordination account may edit when any path contains one of its areas.
    """
    user = current_user
    if not user.is_authenticated or user.role not in policy.GRANTS[policy.EDIT]:
        return False
    if not user.limited:
        return True
    if area_paths and isinstance(area_paths[0], str):
        area_paths = [area_paths]  # type: ignore[list-item]
    own = set(user.areas)
    return any(own.intersection(path) for path in area_paths)


def require_edit_in(area_paths) -> None:
    if not may_edit_in(area_paths):
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
            g.auth_user = user if user and user.active else None
        return g.auth_user

    manager.init_app(app)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(minutes=30))
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
