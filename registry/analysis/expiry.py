"""Indicator 8: agreements that expire soon or are past their review date,
and what changed since a date.

Only agreements in force at the Stichtag count (the rule of ``ties_at``).
Expiring: valid_until lies from the Stichtag up to N days after it. Review
overdue: review_date lies before the Stichtag.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from .structure import Agreement, Structure

DEFAULT_DAYS = 90


def _in_scope(structure: Structure, day: date, sozialraum: str | None) -> list[Agreement]:
    agreements = structure.agreements_in_force(day)
    if sozialraum is None:
        return agreements
    located = set(structure.actors_in(sozialraum))
    return [a for a in agreements if located.intersection(a.parties)]


def expiring(structure: Structure, day: date, days: int = DEFAULT_DAYS,
             sozialraum: str | None = None) -> list[Agreement]:
    last = day + timedelta(days=days)
    found = [a for a in _in_scope(structure, day, sozialraum)
             if a.valid_until is not None and day <= a.valid_until <= last]
    return sorted(found, key=lambda a: (a.valid_until, a.title))


def review_overdue(structure: Structure, day: date, sozialraum: str | None = None) -> list[Agreement]:
    found = [a for a in _in_scope(structure, day, sozialraum)
             if a.review_date is not None and a.review_date < day]
    return sorted(found, key=lambda a: (a.review_date, a.title))


def entities_of(structure: Structure, sozialraum: str) -> set[str]:
    """Ids whose changes belong to a Sozialraum: its areas, the actors located
    there, agreements with a party there, networks that concern it."""
    actors = set(structure.actors_in(sozialraum))
    ids = set(structure.within(sozialraum)) | actors
    ids.update(a.id for a in structure.agreements if actors.intersection(a.parties))
    ids.update(n.id for n in structure.networks if structure.concerns(n, sozialraum))
    return ids


def changes(events: Iterable[dict], names: dict[str, str], only: set[str] | None = None) -> list[dict]:
    """History events (history.since) as rows: when, who, what, which entry,
    which fields; limited to the ids in ``only`` when given."""
    rows = []
    for event in events:
        if only is not None and event["entity_id"] not in only:
            continue
        rows.append({
            "at": event["at"],
            "by": event.get("by") or "",
            "action": event.get("action") or "",
            "entity_type": event.get("entity_type") or "",
            "entity_id": event["entity_id"],
            "name": names.get(event["entity_id"]),
            "fields": ", ".join(f.get("field", "") for f in event.get("fields") or []),
            "field_keys": [f.get("field", "") for f in event.get("fields") or []],
        })
    return rows
