"""The start page: what the registry holds, at a glance."""
from __future__ import annotations

from flask import Blueprint, render_template

from .. import overview
from ..web import get_db

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home/index.html", counts=overview.counts(get_db()))
