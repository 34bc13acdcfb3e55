"""What each role sees first on the start page.

ausschuss: the headline figures of the report (each a link to its section)
and the way to the report of every Sozialraum; koordination: its
Sozialräume, agreements whose review is overdue and those expiring soon.
Plain data; the view only picks by role.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import reports
from .analysis import expiry, structure
from .analysis.structure import Agreement, Area
from .db import Database

# The committee's headline figures (their entries in reports/indicators.py
# say so: the participation questions and deadlines).
COMMITTEE_KEYS = reports.keys_on(reports.START)
LIST_LIMIT = 10


@dataclass
class CoordinationStart:
    areas: list[Area]            # the Sozialräume in the account's remit
    all_areas: bool              # not limited to some areas
    overdue: list[Agreement]     # review date passed
    expiring: list[Agreement]    # valid_until within the next days
    days: int


def committee(db: Database, day: date) -> reports.Report:
    return reports.build(db, day, keys=COMMITTEE_KEYS)


def _sozialraeume(s: structure.Structure, area_ids: list[str]) -> list[Area]:
    """The Sozialräume an account's areas mean: those inside a Bezirk or Stadt,
    the area itself, or the Sozialraum a Quartier lies in."""
    wanted: set[str] = set()
    for area_id in area_ids:
        if area_id not in s.areas:
            continue
        wanted.update(a for a in s.within(area_id) if s.areas[a].level == structure.SOZIALRAUM)
        home = s.sozialraum_of_area(area_id)
        if home:
            wanted.add(home)
    return [a for a in s.sozialraeume if a.id in wanted]


def coordination(db: Database, area_ids: list[str], day: date,
                 days: int = expiry.DEFAULT_DAYS) -> CoordinationStart:
    s = structure.load(db)
    if not area_ids:
        return CoordinationStart(s.sozialraeume, True, expiry.review_overdue(s, day),
                                 expiry.expiring(s, day, days), days)
    areas = _sozialraeume(s, area_ids)
    overdue: dict[str, Agreement] = {}
    soon: dict[str, Agreement] = {}
    for area in areas:
        overdue.update((a.id, a) for a in expiry.review_overdue(s, day, area.id))
        soon.update((a.id, a) for a in expiry.expiring(s, day, days, area.id))
    return CoordinationStart(
        areas, False, sorted(overdue.values(), key=lambda a: (a.review_date, a.title)),
        sorted(soon.values(), key=lambda a: (a.valid_until, a.title)), days)
