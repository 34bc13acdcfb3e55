"""Read-only transparency view, open to anonymous visitors only when the
PUBLIC_VIEW setting is on (see policy.OPEN)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from .. import transparency
from ..paging import page_args
from ..web import get_db

bp = Blueprint("public", __name__, url_prefix="/oeffentlich")


@bp.get("/")
def index():
    q = request.args.get("q", "").strip()[:200]
    page, per_page = page_args(request.args)
    result = transparency.actors(get_db(), q, page, per_page)
    return render_template("public/index.html", page=result, q=q, args={"q": q} if q else {})


@bp.get("/akteure/<actor_id>")
def actor(actor_id: str):
    entry = transparency.actor(get_db(), actor_id)
    if entry is None:
        abort(404)
    return render_template("public/actor.html", entry=entry)
