"""Admin page: is user participation expected, per type of agreement and
network (registry/type_settings.py holds the rule)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from .. import auth, model, type_settings
from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("type_settings", __name__, url_prefix="/admin/beteiligung-erwartet")


def _field(setting: type_settings.TypeSetting) -> str:
    return f"{setting.kind}:{setting.type}"


@bp.route("", methods=["GET", "POST"])
def edit():
    db = get_db()
    settings = type_settings.load(db)
    form = FlaskForm()
    errors = []
    if form.validate_on_submit():
        known = {_field(s) for s in settings}
        posted = [name for name in request.form if ":" in name]
        unknown = [name for name in posted if name not in known]
        if unknown:
            errors.append(_("Unbekannter Typ: %(type)s") % {"type": ", ".join(unknown)})
        else:
            values = {(s.kind, s.type): request.form.get(_field(s)) == "ja" for s in settings}
            try:
                changed = type_settings.save(db, values, auth.acting_user_name())
            except type_settings.SettingError as error:
                errors.append(str(error))
            else:
                flash(_("%(n)d Einstellungen geändert.") % {"n": changed} if changed
                      else _("Keine Änderung."), "success")
                return redirect(url_for("type_settings.edit"))
    groups = [(str(model.TYPE_KINDS[kind]), [s for s in settings if s.kind == kind])
              for kind in model.TYPE_VOCABULARIES]
    return render_template("admin/type_settings.html", form=form, groups=groups,
                           field_name=_field, errors=errors), 400 if errors else 200
