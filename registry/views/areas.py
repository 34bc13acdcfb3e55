"""Sozialräume: list, detail (sub-areas, actors, networks), create, edit, delete."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..entities import areas
from .. import auth, model, paging
from ..editing import InvalidInput, NotFound
from ..forms.actors import ActorDeleteForm
from ..forms.areas import AreaForm
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..web import get_db
from . import pages, pick
from .actors import form_version, saved

bp = Blueprint("areas", __name__, url_prefix="/sozialraeume")


def _fill_choices(form: AreaForm, area_id: str | None = None) -> None:
    form.entity_id = area_id
    # The area itself may be typed: NotSelfSelectField then says why not.
    pick.offer_areas(form, "parent", _("– oberste Ebene –"))


def _placement_allowed(form: AreaForm) -> bool:
    """A limited koordination account creates and moves areas only below its own."""
    if not current_user.limited or auth.can_edit(areas.path(get_db(), form.parent.data)):
        return True
    form.parent.errors = list(form.parent.errors) + [
        _("Sie dürfen Sozialräume nur innerhalb Ihrer eigenen Sozialräume anlegen.")]
    return False


pages.list_route(bp, areas, pages.ListTexts(
    heading=_l("Sozialräume"), create=_l("Sozialraum anlegen"),
    search=_l("Sozialräume suchen und filtern"), submit=_l("Suchen"),
    caption=_l("Sozialräume und Gebiete"), none=_l("Keine Sozialräume passen zu Suche und Filtern."),
    all=_l("Alle zeigen"), empty=_l("Noch keine Sozialräume erfasst."),
    first=_l("Ersten Sozialraum anlegen")))


def _editable(area_id: str) -> dict:
    """The area, after checking the right to edit it."""
    db = get_db()
    current = areas.get(db, area_id) or abort(404)
    auth.require_edit(areas.path(db, area_id))
    return current


@bp.get("/<area_id>")
def detail(area_id: str):
    db = get_db()
    data = areas.detail(db, area_id) or abort(404)
    page, per_page = paging.page_args(request.args)
    return render_template(
        "areas/detail.html", area=data, s=data["area"],
        actors_page=areas.actors_in(db, area_id, page, per_page),
        can_edit=auth.can_edit(areas.path(db, area_id)), can_create=auth.can_edit(),
        events=areas.history_events(db, area_id),
    )


def _initial(row: dict) -> dict:
    area = row["area"]
    return {"name": area.get("name"), "code": area.get("code"), "level": area.get("level"),
            "setting": area.get("setting"), "parent": (row["parent"] or {}).get("id") or "",
            "geometry": area.get("geometry") or "",
            "version": str(area.get("version") or 0)}


def _conflict_rows(row: dict) -> list[tuple[str, str]]:
    """The stored values a conflicting save would have overwritten, for display."""
    area, parent = row["area"], row["parent"]
    return [(_("Name"), area.get("name")), (_("Kennung"), area.get("code") or "–"),
            (_("Ebene"), model.label(model.AREA_LEVELS, area.get("level"))),
            (_("Siedlungsstruktur"), model.label(model.AREA_SETTINGS, area.get("setting"))),
            (_("Liegt in"), parent["name"] if parent else "–")]


@bp.route("/neu", methods=["GET", "POST"])
def new():
    form = AreaForm()
    if request.method == "GET" and request.args.get("in"):
        form.parent.data = request.args["in"]
    _fill_choices(form)
    if form.validate_on_submit() and _placement_allowed(form):
        done = saved(form, lambda: areas.create(get_db(), form.values(),
                                                     auth.acting_user_name()))
        if done.ok:
            flash(_("Sozialraum „%(name)s“ angelegt.") % {"name": form.name.data}, "success")
            return redirect(url_for("areas.detail", area_id=done.value))
    return render_template("areas/form.html", form=form, area=None, conflict=None)


@bp.route("/<area_id>/bearbeiten", methods=["GET", "POST"])
def edit(area_id: str):
    db = get_db()
    current = _editable(area_id)
    form = pages.entry_form(AreaForm, _initial(current))
    _fill_choices(form, area_id)
    conflict = None
    if form.validate_on_submit() and _placement_allowed(form):
        done = saved(form, lambda: areas.update(db, area_id, form_version(form),
                                                     form.values(), auth.acting_user_name()))
        if done.conflict:
            form.form_errors.append(done.conflict.message)
            latest = areas.get(db, area_id) or current
            form.version.data = str(latest["area"].get("version"))
            conflict = _conflict_rows(latest)
        elif done.ok:
            flash(_("Änderungen an „%(name)s“ gespeichert.") % {"name": form.name.data},
                  "success")
            return redirect(url_for("areas.detail", area_id=area_id))
    return render_template("areas/form.html", form=form, area=current["area"], conflict=conflict)


@bp.route("/<area_id>/loeschen", methods=["GET", "POST"])
def delete(area_id: str):
    db = get_db()
    impact = areas.deletion_impact(db, area_id) or abort(404)
    auth.require_edit(areas.path(db, area_id))
    form = ActorDeleteForm()  # only its CSRF token is used here
    error = None
    if form.validate_on_submit():
        try:
            areas.delete(db, area_id, auth.acting_user_name())
        except NotFound:
            abort(404)
        except InvalidInput as refused:
            error = refused.message
        else:
            flash(_("Sozialraum „%(name)s“ gelöscht. Eine Administratorin oder ein "
                    "Administrator kann ihn wiederherstellen.") % {"name": impact["name"]},
                  "success")
            return redirect(url_for("areas.index"))
    return render_template("areas/delete.html", form=form, impact=impact, area_id=area_id,
                           error=error)
