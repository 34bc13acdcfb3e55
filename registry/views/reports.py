"""Reports: overview, participation report, printable committee report and
the download of every report table as CSV or XLSX.

All pages read the same GET filters (``stichtag``, ``sozialraum``, ``tage``,
``seit``), so a report can be bookmarked and a download gives exactly the
table on the page.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup
from wtforms import Form, IntegerField
from wtforms.validators import NumberRange, Optional

from .. import glossary, paging, reports, tabular
from .. import heavy as heavy_work
from ..heavy import heavy
from ..analysis.expiry import DEFAULT_DAYS
from ..forms import GermanDateField, PickSearchField, StrictSelectField, refusal_text
from ..i18n import lazy_gettext as _l
from ..reports import pdf as report_pdf
from ..web import get_db
from . import pick

bp = Blueprint("reports", __name__, url_prefix="/berichte")


class ReportFilterForm(Form):
    stichtag = GermanDateField(_l("Stichtag"), default=date.today)
    sozialraum = StrictSelectField(_l("Sozialraum"), default="")
    sozialraum_suche = PickSearchField(_l("Anderen Sozialraum suchen"))
    tage = IntegerField(_l("Auslaufend innerhalb von … Tagen"), default=DEFAULT_DAYS,
                        validators=[Optional(), NumberRange(min=0, max=3650, message=_l(
                            "Bitte eine Zahl von 0 bis 3650 angeben."))])
    seit = GermanDateField(_l("Änderungen seit"),
                        default=lambda: date.today() - timedelta(days=reports.DEFAULT_SINCE_DAYS))
    vergleich = GermanDateField(_l("Entwicklung seit (Vergleichsstichtag)"), default=None)


def _download_keys(name: str) -> list[str] | None:
    """One table's download builds only its indicator (the comparison table
    spans them all)."""
    indicator = reports.table_indicator(name)
    return [indicator] if indicator else None


def _filters():
    """The bound filter form and the values to use (defaults where refused)."""
    form = ReportFilterForm(formdata=request.args)
    pick.offer_areas(form, "sozialraum", str(_l("Gesamtgebiet")), level="sozialraum",
                     search="sozialraum_suche")
    valid = form.validate()
    field_ok = lambda f: not f.errors  # noqa: E731
    values = {
        "day": form.stichtag.data if field_ok(form.stichtag) and form.stichtag.data else date.today(),
        "sozialraum": (form.sozialraum.data or None) if field_ok(form.sozialraum) else None,
        "days": form.tage.data if field_ok(form.tage) and form.tage.data is not None else DEFAULT_DAYS,
        "since": form.seit.data if field_ok(form.seit) and form.seit.data else None,
        "compare": form.vergleich.data if field_ok(form.vergleich) else None,
    }
    return form, values, valid


def _query_args(values) -> dict[str, str]:
    args = {"stichtag": values["day"].isoformat(), "tage": str(values["days"])}
    if values["sozialraum"]:
        args["sozialraum"] = values["sozialraum"]
    if values["since"]:
        args["seit"] = values["since"].isoformat()
    if values["compare"]:
        args["vergleich"] = values["compare"].isoformat()
    return args


def _render(template: str, keys=None, with_map: bool = False):
    form, values, _valid = _filters()
    report = reports.build(get_db(), values["day"], values["sozialraum"], values["days"],
                           values["since"], keys=keys, with_map=with_map,
                           compare=values["compare"], gate=heavy_work.slot)
    return render_template(template, form=form, report=report, args=_query_args(values),
                           created=date.today())


@bp.get("")
def index():
    return _render("reports/index.html")


@bp.get("/beteiligung")
def participation():
    return _render("reports/participation.html", keys=reports.PARTICIPATION_KEYS)


@bp.get("/ausschuss")
def committee():
    return _render("reports/committee.html", with_map=True)


@bp.get("/ausschuss.pdf")
@heavy
def committee_pdf():
    form, values, valid = _filters()
    if not valid:  # not today's report under a refused Stichtag's name
        return Response(refusal_text(form), status=400, mimetype="text/plain")
    report = reports.build(get_db(), values["day"], values["sozialraum"], values["days"],
                           values["since"], with_map=True, compare=values["compare"])
    page = render_template("reports/committee.html", form=form, report=report,
                           args=_query_args(values), created=date.today(), pdf=True)
    body = report_pdf.render(page, report.area_name, report.day)
    name = report_pdf.filename(report.area_name, report.day)
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _one_table(name: str):
    """(values, report, table) for one table's page or download: only its
    indicator is built; 404 for an unknown table or one not in this report."""
    if name not in reports.TABLE_NAMES:
        abort(404)
    form, values, valid = _filters()
    if not valid:
        abort(Response(refusal_text(form), status=400, mimetype="text/plain"))
    report = reports.build(get_db(), values["day"], values["sozialraum"], values["days"],
                           values["since"], keys=_download_keys(name),
                           compare=values["compare"], gate=heavy_work.slot)
    found = report.table(name)
    if found is None:  # e.g. the whole-area table asked for one Sozialraum
        abort(404)
    return values, report, found


@bp.get("/tabelle/<table>")
def table(table: str):
    """One report table in full, paged and sortable by any column (the
    report pages show only its first rows)."""
    values, report, found = _one_table(table)
    columns = {c.key: c.key for c in found.columns}
    sort, descending = paging.sort_arg(request.args, columns, "")
    page, per_page = paging.page_args(request.args)
    rows = tabular.sorted_rows(found, sort, descending) if sort in columns else found.rows
    start = (page - 1) * per_page
    shown = paging.Page(rows[start:start + per_page], len(rows), page, per_page)
    args = _query_args(values)
    page_args = dict(args, pro_seite=per_page) if per_page != paging.PER_PAGE else dict(args)
    if sort in columns:
        page_args["sort"] = ("-" if descending else "") + sort
    return render_template("reports/table.html", report=report, table=found, page=shown,
                           sort=sort, descending=descending, args=args, page_args=page_args)


@bp.get("/tabelle/<table>.<any(csv, xlsx):fmt>")
def download(table: str, fmt: str):
    name = table
    values, report, found = _one_table(name)
    suffix = values["day"].isoformat()
    if report.area is not None:
        suffix += "_" + (report.area.code or report.area.id)
    filename = f"{name}_{suffix}.{fmt}"
    if fmt == "csv":
        body, mimetype = tabular.to_csv(found), "text/csv; charset=utf-8"
    else:
        body = tabular.to_xlsx(found)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _sections(report, args: dict, downloads: bool = True, open_definition: bool = False) -> Markup:
    """The indicator sections of a report page, rendered once per report
    and arguments: a second look at the same version skips most of
    the template (at city scale 0.6 s of the committee report's 0.8 s).
    Nothing in them depends on who asks."""
    key = ("sections", tuple(sorted(args.items())), downloads, open_definition)
    found = report.rendered.get(key)
    if found is None:
        found = report.rendered[key] = Markup(render_template(
            "reports/_sections.html", report=report, args=args, downloads=downloads,
            open_definition=open_definition))
    return found


@bp.app_context_processor
def _glossary():
    # The one German term per concept, for every template (registry/glossary.py).
    return {"term": glossary.term, "glossary": glossary.TERMS}


# Globals, not context: the report macros are imported without context.
bp.add_app_template_global(tabular.PREVIEW_ROWS, "report_preview_rows")
bp.add_app_template_global(lambda n: tabular.format_value(n, tabular.INT), "german_int")
bp.add_app_template_global(_sections, "report_sections")


@bp.errorhandler(heavy_work.Busy)
def _busy(error):
    return heavy_work.busy_page()


@bp.errorhandler(reports.UnknownArea)
def _unknown_area(error):
    abort(404)

