"""Login and logout."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

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
            limit=current_app.config.get("LOGIN_THROTTLE_LIMIT", 5),
            window=timedelta(seconds=current_app.config.get("LOGIN_THROTTLE_WINDOW_SECONDS", 900)),
        )
        if result.user:
            session.clear()
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME of inactivity
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
    logout_user()
    session.clear()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("auth.login"))
