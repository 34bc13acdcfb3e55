"""The city map (/stadtplan), the data its script draws (/stadtplan/daten.json)
and its print SVG and PNG (/stadtplan/export.svg, export.png), all with the
same query arguments (registry/maps/city.py)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request

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
    # Outlines and points are fetched by the script (daten.json), not embedded:
    # at city scale they alone are megabytes; the page keeps the table.
    return render_template("citymap/index.html", form=form, plan=plan,
                           args=form.query_args())


@bp.get("/stadtplan/daten.json")
def data():
    """What static/js/citymap.js draws; same arguments and rights as the page."""
    form, plan = _chosen()
    if plan is None:
        return Response(refusal_text(form), status=400, mimetype="text/plain")
    # Only https tiles: the CSP lets no other image host through (web._tile_origin).
    tiles = current_app.config.get("CITY_MAP_TILES") or ""
    tiles = tiles if tiles.startswith("https://") else None
    return jsonify(dict(plan.payload(), tiles=tiles and {
        "url": tiles, "attribution": current_app.config.get("CITY_MAP_TILES_ATTRIBUTION") or ""}))


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
