"""User administration (admins only)."""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from .. import auth
from ..entities import area_choices
from ..forms.auth import PasswordForm, UserForm
from ..i18n import gettext as _
from ..web import get_db
from . import pick

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _area_choices(form: UserForm) -> None:
    pick.offer_areas(form, "areas")


@bp.get("/benutzer")
def users():
    users = auth.list_users(get_db())
    return render_template("admin/users.html", users=users, area_names=dict(
        area_choices.chosen(get_db(), [a for u in users for a in u.areas])))


def _attempt(field, save: Callable[[], Any]) -> Any:
    """What ``save`` returns (the new account), None when it was refused: the
    message then stands next to ``field``."""
    try:
        return save()
    except auth.AuthError as error:
        field.errors.append(str(error))
        return None


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("admin.users"))


@bp.route("/benutzer/neu", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    _area_choices(form)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Bitte ein Passwort angeben."))
        else:
            user = _attempt(form.email, lambda: auth.create_user(
                get_db(), form.email.data, form.password.data, form.role.data,
                form.name.data or "",
                form.areas.data if form.role.data == "koordination" else []))
            if user:
                return _done(_("Konto %(email)s angelegt.") % {"email": user.email})
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/benutzer/<user_id>", methods=["GET", "POST"])
def user_edit(user_id: str):
    user = auth.get_user(get_db(), user_id) or abort(404)
    form = UserForm(obj=user)
    _area_choices(form)
    del form.password
    form.email.render_kw = {"readonly": True}
    if form.validate_on_submit():
        auth.update_user(get_db(), user.id, role=form.role.data, name=form.name.data or user.email,
                         active=form.active.data, areas=form.areas.data or [])
        return _done(_("Konto %(email)s gespeichert.") % {"email": user.email})
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/benutzer/<user_id>/passwort", methods=["GET", "POST"])
def user_password(user_id: str):
    user = auth.get_user(get_db(), user_id) or abort(404)
    form = PasswordForm()
    if form.validate_on_submit():
        if _attempt(form.password, lambda: auth.set_password(
                get_db(), user.id, form.password.data) or True):  # returns None when done
            return _done(_("Passwort für %(email)s neu gesetzt.") % {"email": user.email})
    return render_template("admin/user_password.html", form=form, user=user)
