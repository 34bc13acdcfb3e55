"""User administration (admins only)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from .. import auth
from ..entities import area_choices
from ..forms.auth import PasswordForm, UserForm
from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _area_choices(form: UserForm) -> None:
    form.areas.choices = area_choices.choices(get_db())


@bp.get("/benutzer")
def users():
    return render_template("admin/users.html", users=auth.list_users(get_db()),
                           area_names=dict(area_choices.choices(get_db())))


@bp.route("/benutzer/neu", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    _area_choices(form)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Bitte ein Passwort angeben."))
        else:
            try:
                user = auth.create_user(get_db(), form.email.data, form.password.data,
                                        form.role.data, form.name.data or "",
                                        form.areas.data if form.role.data == "koordination" else [])
            except auth.AuthError as error:
                form.email.errors.append(str(error))
            else:
                flash(_("Konto %(email)s angelegt.") % {"email": user.email}, "success")
                return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/benutzer/<user_id>", methods=["GET", "POST"])
def user_edit(user_id: str):
    user = auth.get_user(get_db(), user_id)
    if user is None:
        abort(404)
    form = UserForm(obj=user)
    _area_choices(form)
    del form.password
    form.email.render_kw = {"readonly": True}
    if form.validate_on_submit():
        auth.update_user(get_db(), user.id, role=form.role.data, name=form.name.data or user.email,
                         active=form.active.data, areas=form.areas.data or [])
        flash(_("Konto %(email)s gespeichert.") % {"email": user.email}, "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/benutzer/<user_id>/passwort", methods=["GET", "POST"])
def user_password(user_id: str):
    user = auth.get_user(get_db(), user_id)
    if user is None:
        abort(404)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            auth.set_password(get_db(), user.id, form.password.data)
        except auth.AuthError as error:
            form.password.errors.append(str(error))
        else:
            flash(_("Passwort für %(email)s neu gesetzt.") % {"email": user.email}, "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_password.html", form=form, user=user)
