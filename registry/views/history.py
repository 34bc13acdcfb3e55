"""Deleted entries and their restore (administration only)."""
from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from .. import auth, history
from ..i18n import gettext as _
from ..entities import ENTITIES
from ..entities import ENTITY_PATHS, entity_url
from ..web import get_db

bp = Blueprint("history", __name__, url_prefix="/admin/geloescht")

# Change records name the entity by its kind ("actor").
ENTITY_LABELS = {entity.kind: entity.name for entity in ENTITIES}


def _named(row: dict) -> dict:
    """A deletion with the name it had (from its recorded fields)."""
    fields = [json.loads(f) for f in row.get("fields") or []]
    values = {f.get("field"): f.get("old") for f in fields}
    row["name"] = values.get("name") or values.get("title") or row["entity_id"]
    row["kind"] = str(ENTITY_LABELS.get(row["entity_type"], row["entity_type"]))
    return row


@bp.get("/")
def deleted():
    rows = [_named(row) for row in history.deleted(get_db())]
    return render_template("history/deleted.html", rows=rows, form=FlaskForm())


@bp.post("/<change_id>/wiederherstellen")
def restore(change_id: str):
    form = FlaskForm()
    if not form.validate_on_submit():
        flash(_("Die Anfrage war ungültig. Bitte versuchen Sie es erneut."), "error")
        return redirect(url_for("history.deleted"))
    try:
        result = history.restore(get_db(), change_id, auth.acting_user_name())
    except history.RestoreError as error:
        flash(str(error), "error")
        return redirect(url_for("history.deleted"))
    message = _("Wiederhergestellt mit %(n)d Beziehung(en).") % {"n": result["relations"]}
    if result["skipped"]:
        message += " " + _("%(n)d Beziehung(en) zu inzwischen gelöschten Einträgen fehlen.") % {
            "n": result["skipped"]}
    flash(message, "success")
    kind = {entity.label: entity.kind for entity in ENTITIES}.get(result["label"])
    if kind in ENTITY_PATHS:
        return redirect(entity_url(kind, result["id"]))
    return redirect(url_for("history.deleted"))
