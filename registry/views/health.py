"""Liveness for load balancers and people: is Neo4j there, which one.
Answers within about a second either way (``Database.probe``)."""
from __future__ import annotations

from flask import Blueprint
from neo4j.exceptions import DriverError, Neo4jError

from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        info = get_db().probe()
    except (DriverError, Neo4jError) as error:
        return {
            "status": "unavailable",
            "error": _("Neo4j ist nicht erreichbar."),
            "detail": type(error).__name__,
        }, 503
    return {"status": "ok", "neo4j": info}
