"""Spreadsheet import in the browser: upload, dry-run report, confirm, result;
template downloads. The file stays in the database (uploads.py) between the
steps; the confirmation applies that file, checked again, in one transaction.
"""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request,
                   url_for)
from flask_login import current_user

from .. import access, auth
from ..exchange import importer, limits, lists, templates, uploads
from ..forms.exchange import ConfirmForm, UploadForm
from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("exchange", __name__)

MAX_SHOWN_PROBLEMS = 1000
_MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _context() -> importer.Context:
    return importer.Context(by=auth.acting_user_name(),
                            allowed_areas=access.allowed_areas(current_user))


def _limits() -> limits.Limits:
    return limits.Limits.from_config(current_app.config)


def _job(token: str) -> tuple[uploads.Job, dict]:
    """The job, only for the account that uploaded it."""
    job = uploads.find(get_db(), token)
    if job is None:
        abort(404)
    meta = job.read()
    if meta.get("user_id") != current_user.id:
        abort(404)
    return job, meta


@bp.route("/import", methods=["GET", "POST"])
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        if uploads.user_busy(get_db(), current_user.id):
            form.file.errors.append(_(uploads.BUSY_MESSAGE))  # one import at a time
        else:
            files = [(storage.filename or "upload.csv", storage.read()) for storage in form.file.data]
            job = uploads.create(get_db(), files[0][1], files[0][0], form.entity.data or None,
                                 current_user.id, files=files)
            uploads.start(job, get_db(), _context(), apply=False, limits=_limits())
            return redirect(url_for("exchange.confirm", token=job.token))
    return render_template("exchange/upload.html", form=form, templates=templates.TEMPLATES,
                           entity_labels=templates.ENTITY_LABELS,
                           vocabularies=templates.VOCABULARIES,
                           clear_marker=importer.CLEAR_MARKER)


@bp.route("/import/<token>", methods=["GET", "POST"])
def confirm(token: str):
    job, meta = _job(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        if meta["state"] == "checked" and meta["report"]["problems"] == []:
            ctx = _context()
            ctx.duplicate_choices = importer.duplicate_choices(
                request.form, meta["report"].get("duplicates") or [])
            uploads.start(job, get_db(), ctx, apply=True, limits=_limits())
        return redirect(url_for("exchange.confirm", token=token))
    report = importer.Report.from_dict(meta["report"]) if meta.get("report") else None
    return render_template("exchange/job.html", job=job, meta=meta, report=report, form=form,
                           entity_labels=templates.ENTITY_LABELS,
                           max_problems=MAX_SHOWN_PROBLEMS)


@bp.get("/import/<token>/fortschritt")
def progress(token: str):
    _job_, meta = _job(token)
    state = meta["progress"]
    total, done = state.get("total") or 0, state.get("done") or 0
    return {
        "state": meta["state"],
        "running": meta["state"] in uploads.RUNNING,
        "phase": state.get("phase"),
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
    }


@bp.get("/import/export.xlsx", defaults={"entity": None})
@bp.get("/import/export/<entity>.xlsx")
def export(entity: str | None):
    """The registry's lists as the import reads them (exchange/lists.py)."""
    if entity is not None and entity not in templates.TEMPLATES:
        abort(404)
    body = lists.xlsx_bytes(get_db(), None if entity is None else [entity])
    name = f"register-{entity or 'alle-listen'}.xlsx"
    return Response(body, mimetype=_MIMETYPES["xlsx"],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/import/vorlage/<entity>.<fmt>")
def template(entity: str, fmt: str):
    if entity not in templates.TEMPLATES or fmt not in _MIMETYPES:
        abort(404)
    body = templates.csv_bytes(entity) if fmt == "csv" else templates.xlsx_bytes(entity)
    name = f"vorlage-{entity}.{fmt}"
    return Response(body, mimetype=_MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
