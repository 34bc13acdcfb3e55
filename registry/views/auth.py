"""Login and logout."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from .. import auth
from ..forms.auth import LoginForm
from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect to another host after login.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        result = auth.authenticate(
            get_db(), form.email.data, form.password.data, client=request.remote_addr or "-",
            throttle=auth.Throttle.from_config(current_app.config),
        )
        if result.user:
            session.clear()
            session.permanent = True  # the cookie lives as long as the idle limit
            auth.start_session(result.user)
            login_user(result.user)
            flash(_("Sie sind angemeldet."), "success")
            return redirect(_safe_next(request.args.get("next")))
        error = result.error
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        auth.end_sessions(get_db(), current_user.id)  # copies of the cookie die too
    logout_user()
    session.clear()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("auth.login"))
