"""Netzwerkregister: cooperation networks of child and youth welfare."""
from __future__ import annotations

import atexit
from typing import Any, Mapping

from flask import Flask

from . import config as _config
from .db import Database
from .resources import static_dir, templates_dir


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """The application factory: settings, database, extensions, blueprints."""
    app = Flask(
        __name__,
        template_folder=str(templates_dir()),
        static_folder=str(static_dir()),
    )
    app.config.update(_config.from_environment())
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    if overrides:
        app.config.update(overrides)
    if app.config.get("TRUSTED_PROXIES"):
        # Only then: client address and https from the proxy's headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    db = app.config.get("DATABASE") or Database(
        app.config["NEO4J_URI"],
        user=app.config["NEO4J_USER"],
        password=app.config["NEO4J_PASSWORD"],
        database=app.config["NEO4J_DATABASE"],
        retry_seconds=app.config["NEO4J_RETRY_SECONDS"],
    )
    app.extensions["registry.db"] = db
    atexit.register(db.close)

    from flask_wtf.csrf import CSRFProtect

    from . import auth, slashes, web

    slashes.init_app(app)
    web.init_app(app)
    auth.init_app(app)  # first: who may call a route is decided before CSRF
    CSRFProtect(app)

    from .views import admin, auth as auth_views, health, home, public
    from .views import agreements, networks
    from .views import actors, areas, history, target_groups
    from .views import exchange
    from .views import reports
    from .views import maps
    from .views import citymap
    from .views import type_settings

    for blueprint in (health.bp, auth_views.bp, home.bp, admin.bp, public.bp,
                      agreements.bp, networks.bp,
                      actors.bp, areas.bp, target_groups.bp, history.bp,
                      exchange.bp, reports.bp, maps.bp, citymap.bp, type_settings.bp):
        app.register_blueprint(blueprint)
    return app
