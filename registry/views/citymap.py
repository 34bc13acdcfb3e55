"""The city map (/stadtplan) and its print SVG and PNG (/stadtplan/export.svg,
export.png), with the same query arguments (registry/maps/city.py)."""
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


# extension -> (draw, MIME type)
_PICTURES = {"svg": (city_svg.svg, "image/svg+xml"), "png": (city_svg.png, "image/png")}


@bp.get("/stadtplan/export.svg", endpoint="export", defaults={"ext": "svg"})
@bp.get("/stadtplan/export.png", endpoint="export_png", defaults={"ext": "png"})
def export(ext: str):
    form, plan = _chosen()
    if plan is None:
        return Response(refusal_text(form), status=400, mimetype="text/plain")
    draw, mimetype = _PICTURES[ext]
    return Response(draw(plan), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="stadtplan-{plan.day.isoformat()}.{ext}"'})
