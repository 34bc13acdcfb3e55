"""The start page: what the registry holds, and what the signed-in role
needs first (registry/start_page.py)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from .. import overview, start_page
from ..web import get_db

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    db, today = get_db(), date.today()
    role = current_user.role if current_user.is_authenticated else None
    counts = overview.counts(db)
    # An empty registry has nothing to report: only the empty state.
    filled = counts["actors"] > 0
    committee = start_page.committee(db, today) if role == "ausschuss" and filled else None
    coordination = start_page.coordination(db, list(current_user.areas or []), today) \
        if role == "koordination" and filled else None
    return render_template("home/index.html", counts=counts, role=role,
                           committee=committee, coordination=coordination, today=today)
