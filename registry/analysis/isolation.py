"""Indicator 4: isolated actors ("weiße Flecken").

An actor is isolated at a Stichtag when it is party to no agreement in force
then and member of no network then (memberships that ended before the day or
start after it do not count).
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from .structure import Structure


def isolated_actors(structure: Structure, day: date, sozialraum: str | None = None) -> list[str]:
    """Ids of the isolated actors (of the Sozialraum, when given), by name."""
    linked = structure.linked_at(day)
    pool = structure.actors_in(sozialraum) if sozialraum else structure.actors
    return sorted((a for a in pool if a not in linked), key=lambda a: structure.actors[a].name)


def by_kind(structure: Structure, actor_ids) -> dict[str, int]:
    """Count per actor kind, largest first."""
    counts = Counter(structure.actors[a].kind for a in actor_ids)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def by_sozialraum(structure: Structure, actor_ids) -> dict[str | None, int]:
    """Count per Sozialraum id (None: located in none), in Sozialraum order."""
    counts = Counter(structure.sozialraum_of(a) for a in actor_ids)
    order = [a.id for a in structure.sozialraeume] + [None]
    return {key: counts[key] for key in order if counts.get(key)}
