"""Building the report: the wanted indicators of ``indicators.INDICATORS``
at a Stichtag, their comparison with an earlier Stichtag and/or the whole
municipality, and the static map of the committee report."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Iterable

from markupsafe import Markup

from ..analysis import brokers as brokers_mod
from ..analysis import cache as report_cache
from ..analysis import expiry, isolation, structure
from ..db import Database
from ..i18n import gettext as _
from ..i18n import number
from ..tabular import DASH, DATE, DECIMAL, INT, PERCENT, Column, Table, format_value
from . import charts
from .base import DEFAULT_SINCE_DAYS, Context, Figure, Indicator, Report, UnknownArea
from .indicators import COMPARISON_TABLE, INDICATORS, Entry


def build(db: Database, day: date | None = None, sozialraum: str | None = None,
          days: int = expiry.DEFAULT_DAYS, since: date | None = None,
          keys: Iterable[str] | None = None, with_map: bool = False,
          compare: date | None = None, gate=None) -> Report:
    """All indicators (or those named in ``keys``) at the Stichtag, for the
    whole area or one Sozialraum; ``with_map`` adds the static map.
    ``compare``: a second Stichtag ("Entwicklung seit …"); a Sozialraum is
    compared with the whole municipality (never with itself).
    Memoised per analysis version, its parts read from the history per
    data version (analysis/cache.py): never stale. ``gate``: a context
    around computing it (not around waiting for another request's
    computation of the same report); for one Sozialraum only around
    computing what every report shares (the structure, the ties, the whole
    area's figures), not its own part of about a second at scale 100."""
    day = day or date.today()
    since = since or date.today() - timedelta(days=DEFAULT_SINCE_DAYS)
    wanted = tuple(sorted(keys)) if keys is not None else None
    key = ("report", day, sozialraum, days, since, wanted, with_map, compare)
    memo = report_cache.reports if sozialraum is None else report_cache.area_reports
    report = memo.get(
        db, key, lambda: _build(db, day, sozialraum, days, since, wanted, with_map, compare, gate),
        gate if sozialraum is None else None)
    if not any(i.live for i in report.indicators):
        return report
    # Keyed by the memoised report too: a write of analysis inputs between
    # reading it and reading the data version makes a new one, never a mix.
    return report_cache.live_reports.get(db, (key, report.built), lambda: _live(db, report))


# Numbers the reports computed per analysis version (Report.built).
_built_reports = itertools.count(1)


def _live(db: Database, report: Report) -> Report:
    """``report`` with its indicators' parts read from the history now; the
    memoised report itself stays as it is."""
    return replace(report, indicators=[i.live(db, i) if i.live else i for i in report.indicators],
                   rendered={})


def _build(db: Database, day: date, sozialraum: str | None, days: int, since: date,
           keys: Iterable[str] | None, with_map: bool, compare: date | None, gate=None) -> Report:
    s = report_cache.shared_structure(db, gate)
    if sozialraum is not None and (sozialraum not in s.areas
                                   or s.areas[sozialraum].level != structure.SOZIALRAUM):
        raise UnknownArea(sozialraum)
    wanted = set(keys) if keys is not None else None
    ties = report_cache.shared_ties(db, day, gate) if with_map or _needs_ties(wanted) else []
    context = Context(s, day, sozialraum, ties, days, since, db)
    indicators = [_built(entry, n, context) for n, entry in _wanted(wanted)]
    report = Report(day, s.areas.get(sozialraum) if sozialraum else None, days, since,
                    indicators, s.sozialraeume)
    if with_map:
        report.map_svg, report.map_note = _map(context)
    _compare(report, context, wanted, compare, gate)
    report.built = next(_built_reports)
    return report


def _needs_ties(wanted: set[str] | None) -> bool:
    return any(e.ties for e in INDICATORS if wanted is None or e.key in wanted)


def _built(entry: Entry, number: int, c: Context) -> Indicator:
    """An entry's section: what its builder found, named by the entry."""
    indicator = entry.builder(c)
    unknown = {t.name for t in indicator.tables} - set(entry.tables)
    if unknown:  # a table the registry does not list could not be downloaded
        raise LookupError(f"{entry.key}: tables not in its entry: {sorted(unknown)}")
    indicator.key, indicator.number = entry.key, number
    indicator.title, indicator.definition = str(entry.title), str(entry.definition)
    return indicator


def _wanted(wanted: set[str] | None):
    """(number, entry) of the wanted indicators, numbered in report order."""
    return [(n, e) for n, e in enumerate(INDICATORS, 1) if wanted is None or e.key in wanted]


def _figures_at(c: Context, wanted: set[str] | None) -> dict[str, Figure]:
    """The comparable figures of the wanted indicators (cheap variant)."""
    found: dict[str, Figure] = {}
    for _n, entry in _wanted(wanted):
        found.update((f.key, f) for f in entry.builder(c).figures)
    return found


def _whole_figures(c: Context, day: date, gate=None) -> dict[str, Figure]:
    """The whole area's figures at ``day`` (every indicator's: the same
    beside every Sozialraum and report page), computed once per analysis
    version (about 4 s at scale 100)."""
    def compute():
        ties = report_cache.shared_ties(c.db, day, gate) if _needs_ties(None) else []
        return _figures_at(Context(c.s, day, None, ties, c.days, c.since, c.db, light=True), None)

    return report_cache.whole_figures.get(c.db, ("whole", day, c.days, c.since), compute, gate)


def _change(now: Figure, before: Figure | None) -> str:
    """The change as signed German text; percentages in Prozentpunkte."""
    if before is None or now.value is None or before.value is None:
        return DASH
    diff = now.value - before.value
    if now.fmt == PERCENT:
        points = number(abs(diff) * 100, 1).removesuffix(",0")
        if points == "0":
            return "±0"
        text = _("%(n)s Prozentpunkte") % {"n": points}
    elif now.fmt == DECIMAL:
        text = format_value(abs(diff), DECIMAL)
        if text == format_value(0.0, DECIMAL):
            return "±0"
    else:
        text = format_value(abs(diff), INT)
    if diff == 0:
        return "±0"
    return ("+" if diff > 0 else "−") + text


def _compare(report: Report, c: Context, wanted: set[str] | None, compare: date | None,
             gate=None) -> None:
    """Fill each indicator's comparison and the table "vergleich" (without a
    second Stichtag or a Sozialraum: the figures alone)."""
    whole = before = whole_before = {}
    if compare is not None:
        earlier = Context(c.s, compare, c.area,
                           report_cache.shared_ties(c.db, compare, gate) if _needs_ties(wanted)
                           else [],
                           c.days,
                           c.since, c.db, light=True)
        before = _figures_at(earlier, wanted)
    if c.area is not None:
        whole = _whole_figures(c, c.day, gate)
        if compare is not None:
            whole_before = _whole_figures(c, compare, gate)
    rows = []
    for indicator in report.indicators:
        indicator.comparison = []
        for fig in indicator.figures:
            if compare is None and c.area is None:
                rows.append({"label": fig.label, "now": format_value(fig.value, fig.fmt)})
                continue
            # The indicator's comparison is its row of the table "vergleich".
            row = {
                "label": fig.label, "now": format_value(fig.value, fig.fmt),
                "before": format_value(before[fig.key].value, fig.fmt) if fig.key in before
                else None,
                "change": _change(fig, before.get(fig.key)) if compare is not None else None,
                "whole": format_value(whole[fig.key].value, fig.fmt) if fig.key in whole else None,
                "whole_before": format_value(whole_before[fig.key].value, fig.fmt)
                if fig.key in whole_before else None}
            indicator.comparison.append(row)
            rows.append(row)
    report.compare_day = compare
    name = report.area_name
    columns = [Column("label", _("Kennzahl"))]
    if compare is not None:
        columns.append(Column("before", _("%(area)s am %(day)s") % {
            "area": name, "day": format_value(compare, DATE)}))
    columns.append(Column("now", _("%(area)s am %(day)s") % {
        "area": name, "day": format_value(c.day, DATE)}))
    if compare is not None:
        columns.append(Column("change", _("Veränderung")))
    if c.area is not None:
        if compare is not None:
            columns.append(Column("whole_before", _("Gesamtgebiet am %(day)s") % {
                "day": format_value(compare, DATE)}))
        columns.append(Column("whole", _("Gesamtgebiet am %(day)s") % {
            "day": format_value(c.day, DATE)}))
    if compare is not None and c.area is not None:
        caption = _("Entwicklung seit %(day)s und Vergleich mit dem Gesamtgebiet")
    elif compare is not None:
        caption = _("Entwicklung seit %(day)s")
    elif c.area is not None:
        caption = _("Vergleich mit dem Gesamtgebiet")
    else:
        caption = _("Kennzahlen am %(day)s") % {"day": format_value(c.day, DATE)}
    report.extra_tables.append(Table(
        COMPARISON_TABLE, caption % {"day": format_value(compare, DATE)} if compare else caption,
        columns, rows, _("Keine Kennzahlen.")))


def _map(c: Context) -> tuple[Markup, str]:
    """The static map of the committee report: the actors of the selection
    and their ties, isolated actors and articulation points marked."""
    s = c.s
    actor_ids = s.actors_in(c.area) if c.area else list(s.actors)
    isolated = set(isolation.isolated_actors(s, c.day, c.area))
    graph = c.whole_graph if c.area is None else brokers_mod.TieArrays(actor_ids, c.ties)
    points = set(graph.points)
    nodes = [charts.MapNode(a, s.actors[a].name, s.actors[a].sector, a in isolated, a in points)
             for a in actor_ids]
    keep = set(actor_ids)
    edges = [(t.a, t.b, t.weight) for t in c.ties if t.a in keep and t.b in keep]
    title = _("Kooperationsbeziehungen am %(day)s: %(area)s") % {
        "day": format_value(c.day, DATE),
        "area": s.areas[c.area].name if c.area else _("Gesamtgebiet")}
    return charts.tie_map(title, nodes, edges, label_all=c.area is not None)