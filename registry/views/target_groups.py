"""Target groups (Zielgruppen): list, detail, create, rename, delete."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import auth, paging
from ..entities import target_groups
from ..editing import NotFound
from ..forms.actors import ActorDeleteForm
from ..forms.target_groups import TargetGroupForm
from ..i18n import gettext as _
from ..web import get_db
from . import pages
from .actors import form_version, saved

bp = Blueprint("target_groups", __name__, url_prefix="/zielgruppen")


def _editable(group_id: str) -> dict:
    """The group, after checking the right to edit it (a list every area uses)."""
    group = target_groups.get(get_db(), group_id) or abort(404)
    auth.require_edit(shared=True)
    return group


@bp.get("/")
def index():
    return render_template("target_groups/index.html",
                           groups=target_groups.search(get_db()), can_edit=auth.can_edit(shared=True))


@bp.get("/<group_id>")
def detail(group_id: str):
    db = get_db()
    group = target_groups.get(db, group_id) or abort(404)
    page, per_page = paging.page_args(request.args)
    return render_template("target_groups/detail.html", group=group,
                           actors_page=target_groups.actors_of(db, group_id, page, per_page),
                           can_edit=auth.can_edit(shared=True), events=target_groups.history_events(db, group_id))


@bp.route("/neu", methods=["GET", "POST"])
def new():
    auth.require_edit(shared=True)  # a list every area uses
    form = TargetGroupForm()
    if form.validate_on_submit() and saved(form, lambda: target_groups.create(
            get_db(), form.name.data, auth.acting_user_name())).ok:
        flash(_("Zielgruppe „%(name)s“ angelegt.") % {"name": form.name.data.strip()},
              "success")
        return redirect(url_for("target_groups.index"))
    return render_template("target_groups/form.html", form=form, group=None)


@bp.route("/<group_id>/bearbeiten", methods=["GET", "POST"])
def edit(group_id: str):
    db = get_db()
    group = _editable(group_id)
    form = pages.entry_form(TargetGroupForm, {"name": group["name"],
                                              "version": str(group.get("version") or 0)})
    if form.validate_on_submit():
        done = saved(form, lambda: target_groups.update(
            db, group_id, form_version(form), form.name.data, auth.acting_user_name()))
        if done.conflict:
            latest = target_groups.get(db, group_id) or group
            current_name = _("Aktueller Name: „%(name)s“.") % {"name": latest["name"]}
            form.form_errors.append(f"{done.conflict.message} {current_name}")
            form.version.data = str(latest.get("version"))
        elif done.ok:
            flash(_("Zielgruppe umbenannt in „%(name)s“.") % {"name": form.name.data.strip()},
                  "success")
            return redirect(url_for("target_groups.index"))
    return render_template("target_groups/form.html", form=form, group=group)


@bp.route("/<group_id>/loeschen", methods=["GET", "POST"])
def delete(group_id: str):
    db = get_db()
    group = _editable(group_id)
    form = ActorDeleteForm()  # only its CSRF token is used here
    if form.validate_on_submit():
        try:
            count = target_groups.delete(db, group_id, auth.acting_user_name())
        except NotFound:
            abort(404)
        flash(_("Zielgruppe „%(name)s“ gelöscht; %(n)d Akteur(e) führen sie nicht mehr.")
              % {"name": group["name"], "n": count}, "success")
        return redirect(url_for("target_groups.index"))
    return render_template("target_groups/delete.html", form=form, group=group,
                           users=target_groups.users(db, group_id))
