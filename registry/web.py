"""Request-wide web concerns: templates' helpers, security headers, errors."""
from __future__ import annotations

import secrets

from flask import Flask, current_app, g, render_template, request
from markupsafe import Markup
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from . import i18n, model
from .db import Database
from .entities import ENTITIES, ENTITY_PATHS, entity_url  # noqa: F401 - templates' helpers


def get_db() -> Database:
    return current_app.extensions["registry.db"]


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


# Main navigation, in order; entries whose blueprint is not registered (or
# that the user may not open) are left out.
NAV = [
    ("home.index", i18n.lazy_gettext("Übersicht")),
    ("actors.index", i18n.lazy_gettext("Akteure")),
    ("agreements.index", i18n.lazy_gettext("Vereinbarungen")),
    ("networks.index", i18n.lazy_gettext("Netzwerke")),
    ("areas.index", i18n.lazy_gettext("Sozialräume")),
    ("maps.index", i18n.lazy_gettext("Karte")),
    ("citymap.index", i18n.lazy_gettext("Stadtplan")),
    ("reports.index", i18n.lazy_gettext("Berichte")),
    ("exchange.upload", i18n.lazy_gettext("Import")),
    ("admin.users", i18n.lazy_gettext("Benutzer")),
    ("type_settings.edit", i18n.lazy_gettext("Einstellungen")),
    ("public.index", i18n.lazy_gettext("Transparenz")),
]


def nav_items() -> list[tuple[str, str]]:
    allowed = current_app.extensions.get("registry.nav_filter", lambda endpoint: True)
    return [
        (endpoint, text)
        for endpoint, text in NAV
        if endpoint in current_app.view_functions and allowed(endpoint)
    ]


def field_attrs(field, hint=None, autofocus=False) -> dict:
    """ARIA attributes tying a form field to its hint and error message
    (only attributes with a value: WTForms would print None as "None")."""
    described = []
    if hint:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
    attrs: dict = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if autofocus:
        attrs["autofocus"] = True
    return attrs


def _tile_origin() -> str:
    """" <origin>" of the Stadtplan's configured tile server (CITY_MAP_TILES),
    the one other host a page may load images from; "" without one."""
    from urllib.parse import urlsplit

    parts = urlsplit(current_app.config.get("CITY_MAP_TILES") or "")
    return f" {parts.scheme}://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


def _security_headers(response):
    # Nothing from another host, no inline script without this request's nonce.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{csp_nonce()}'; "
        f"style-src 'self'; img-src 'self' data:{_tile_origin()}; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        # Served over https (directly or behind a trusted proxy): stay there.
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # No server or version banner (Werkzeug/gunicorn add theirs below the app:
    # registry/banner.py removes those).
    response.headers.pop("Server", None)
    return response


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def database_unavailable(error):
    current_app.logger.warning("Neo4j unreachable: %s", error)
    # The user cannot be loaded without the database: render as anonymous
    # (Flask-Login keeps the loaded user in g._login_user).
    from flask_login import AnonymousUserMixin

    g._login_user = AnonymousUserMixin()
    message = i18n.gettext(
        "Die Datenbank ist nicht erreichbar. Bitte versuchen Sie es in einigen "
        "Minuten erneut; die Seite funktioniert wieder, sobald die Datenbank läuft."
    )
    if _wants_json():
        return {"status": "unavailable", "error": message}, 503
    return (
        render_template("errors/db_unavailable.html", message=message),
        503,
        {"Retry-After": "30"},
    )


def _error_page(code: int, title: str, text: str):
    def handler(error):
        return render_template("errors/error.html", code=code, title=title, text=text), code

    return handler


def _too_large(error):
    """A request body above MAX_CONTENT_LENGTH (an upload), refused before
    it is read."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    size = f"{limit / 2 ** 20:.0f} MB" if limit >= 2 ** 20 else f"{limit / 1024:.0f} KB"
    text = i18n.gettext("Die Datei ist zu groß: höchstens %(max)s können hochgeladen werden. "
                        "Bitte die Datei teilen oder als CSV speichern.") % {"max": size}
    title = i18n.gettext("Datei zu groß")
    return render_template("errors/error.html", code=413, title=title, text=text), 413


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_translations(i18n.translations(), newstyle=True)
    app.jinja_env.globals.update(
        model=model, csp_nonce=csp_nonce, label=model.label, nav_items=nav_items,
        entity_url=entity_url, field_attrs=field_attrs,
    )
    app.jinja_env.filters.update(i18n.JINJA_FILTERS)  # German dates (Babel)
    app.after_request(_security_headers)
    app.register_error_handler(ServiceUnavailable, database_unavailable)
    app.register_error_handler(SessionExpired, database_unavailable)
    _ = i18n.gettext
    app.register_error_handler(
        404, _error_page(404, _("Seite nicht gefunden"),
                         _("Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder nutzen Sie die Navigation."))
    )
    app.register_error_handler(
        403, _error_page(403, _("Keine Berechtigung"),
                         _("Für diese Seite oder Aktion fehlt Ihnen die Berechtigung."))
    )
    app.register_error_handler(
        405, _error_page(405, _("Aktion nicht erlaubt"),
                         _("Diese Aktion ist auf dieser Seite nicht möglich."))
    )
    # Absurd values in a URL (page 10^30, year 9999 plus days) are the
    # caller's mistake, not a server error.
    bad_request = _error_page(400, _("Ungültige Angabe"),
                              _("Eine Angabe in der Adresse liegt außerhalb des möglichen "
                                "Bereichs. Bitte prüfen Sie Datum und Seitenzahl."))
    app.register_error_handler(OverflowError, bad_request)
    app.register_error_handler(413, _too_large)
    app.register_error_handler(
        500, _error_page(500, _("Interner Fehler"),
                         _("Es ist ein unerwarteter Fehler aufgetreten. Ihre Daten wurden nicht verändert."))
    )
