"""The network map (/karte), its table (/karte/tabelle) and exports
(/karte/export.<ext>), all with the same query arguments."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from .. import model
from ..entities import network_choices
from ..forms import refusal_text
from ..heavy import heavy
from ..i18n import lazy_gettext as _l
from ..maps import exports, filters, overview, render, table
from ..maps.view import build_map
from ..web import get_db
from . import pick
from .actors import candidates_json

bp = Blueprint("maps", __name__)

EXPORT_TEXTS = [
    ("html", _l("interaktive Karte als Datei, öffnet ohne Internet")),
    ("svg", _l("Bild für Druck und Sitzungsunterlagen, beliebig vergrößerbar")),
    ("png", _l("Bild")),
    ("pdf", _l("Bild als PDF")),
    ("graphml", _l("für Gephi, yEd und andere Netzwerkprogramme")),
    ("gexf", _l("für Gephi")),
    ("json", _l("Knoten und Verbindungen als Daten")),
    ("csv", _l("ZIP mit zwei Tabellen: Akteure und Verbindungen")),
]


def _form():
    """The filter form of the URL; its area and network fields offer only the
    chosen ones (a type-ahead finds the others)."""
    form = filters.filter_form(request.args)
    pick.offer_areas(form, "sozialraum", str(_l("alle Sozialräume")), search="sozialraum_suche")
    pick.offer_networks(form, "netzwerk", search="netzwerk_suche")
    return form


def _view(with_history: bool = False):
    """(form, view, filters): view and filters are None when refused."""
    db = get_db()
    form = _form()
    chosen = filters.parse(form)
    return form, (build_map(db, chosen, with_history) if chosen else None), chosen


@bp.get("/karte")
def index():
    db = get_db()
    form = _form()
    chosen = filters.parse(form)
    if chosen is not None and overview.too_large(db, chosen):
        # Too many actors to draw one by one: the Sozialraum overview.
        found = overview.build(db, chosen)
        open_url = url_for("maps.index", **found.query_args(overview.AREA_MARK))
        data = overview.payload(found, open_url, links=request.script_root)
        return render_template("maps/overview.html", form=form, overview=found,
                               args=chosen.query_args(), map_data=data,
                               links={a.id: overview.area_url(open_url, a.id) for a in found.areas},
                               exports=EXPORT_TEXTS, limit=overview.ABOVE)
    view = build_map(db, chosen) if chosen else None
    if view is None:
        return render_template("maps/index.html", form=form, view=None), 400
    return render_template(
        "maps/index.html", form=form, view=view, args=chosen.query_args(),
        map_data=render.payload(view), legend=render.legend(view), exports=EXPORT_TEXTS,
        picture_form=filters.PictureForm(data={"titel": view.title}),
    )


@bp.get("/karte/netzwerke.json")
def network_search():
    """The type-ahead of the map's network filter (views/pick.py): the
    networks whose name contains ``q``. Same rights as the map."""
    hits, more = network_choices.search(get_db(), request.args.get("q", "")[:100])
    return candidates_json(hits, more, kinds=model.NETWORK_TYPES)


@bp.get("/karte/tabelle", endpoint="table")
def table_page():
    form, view, chosen = _view()
    if view is None:
        return render_template("maps/table.html", form=form, view=None), 400
    args = chosen.query_args()
    actor_sort = table.sort_key(request.args.get("sort"), table.ACTOR_SORTS, "name")
    tie_sort = table.sort_key(request.args.get("sort_b"), table.TIE_SORTS, "a")
    actors = table.actor_page(view, *actor_sort, table.page_number(request.args.get("seite")))
    ties = table.tie_page(view, *tie_sort, table.page_number(request.args.get("seite_b")))
    sort_args = dict(args, sort=("-" if actor_sort[1] else "") + actor_sort[0],
                     sort_b=("-" if tie_sort[1] else "") + tie_sort[0])
    page_args = dict(sort_args, seite=actors.page, seite_b=ties.page)
    return render_template(
        "maps/table.html", form=form, view=view, args=args, actors=actors, ties=ties,
        actor_sort=actor_sort, tie_sort=tie_sort, sort_args=page_args, page_args=page_args,
        legend=render.legend(view),
    )


@bp.get("/karte/export.<any(html, svg, png, pdf, graphml, gexf, json, csv):ext>")
@heavy
def export(ext: str):
    form, view, _chosen = _view(with_history=ext == "gexf")
    picture_form, picture = filters.parse_picture(request.args)
    if view is None or (ext in exports.PICTURES and picture is None):
        return Response(refusal_text(form, picture_form), status=400, mimetype="text/plain")
    result = exports.export(view, ext, picture)
    # Sent as it is written (graphml, json, csv): the heavy bound covers the
    # queries and the layout; the file never lies whole in memory. The rows
    # need no request context (which a streamed body would hold open).
    return Response(result.stream(), mimetype=result.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{result.filename}"',
    })
