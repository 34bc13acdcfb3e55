"""The city map (/stadtplan) and its print SVG (/stadtplan/export.svg),
with the same query arguments (registry/maps/city.py)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from ..forms import refusal_text
from ..maps import city, city_svg
from ..web import get_db

bp = Blueprint("citymap", __name__)


def _chosen():
    """(form, city map); the map is None when an argument was refused."""
    form = city.CityMapForm(formdata=request.args)
    if not form.validate():
        return form, None
    return form, city.build_city_map(get_db(), form.stichtag.data, form.kennzahl.data,
                                     form.farbe.data, form.verbindungen.data == "ja")


@bp.get("/stadtplan")
def index():
    form, plan = _chosen()
    if plan is None:
        return render_template("citymap/index.html", form=form, plan=None), 400
    # Only https tiles: the CSP lets no other image host through (web._tile_origin).
    tiles = current_app.config.get("CITY_MAP_TILES") or ""
    tiles = tiles if tiles.startswith("https://") else None
    data = dict(plan.payload(), tiles=tiles and {
        "url": tiles, "attribution": current_app.config.get("CITY_MAP_TILES_ATTRIBUTION") or ""})
    return render_template("citymap/index.html", form=form, plan=plan, data=data,
                           args=form.query_args())


@bp.get("/stadtplan/export.svg", endpoint="export")
def export():
    form, plan = _chosen()
    if plan is None:
        return Response(refusal_text(form), status=400, mimetype="text/plain")
    return Response(city_svg.svg(plan), mimetype="image/svg+xml", headers={
        "Content-Disposition": f'attachment; filename="stadtplan-{plan.day.isoformat()}.svg"'})
