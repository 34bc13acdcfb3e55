"""The registry's structure, read once for the analyses.

Four plain queries (cypher/analysis.cypher) give areas, actors, networks and
agreements; everything the indicators need about dates and the area tree is
answered here in Python, so each indicator is a pure function over a
``Structure`` and the ties of ``analysis.ties``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from sys import intern
from typing import Iterable

from .. import type_settings
from ..db import Database
from ..model import USER_REPRESENTATION_KIND, participation_expected_default
from ..rules import agreements as agreement_rules

SOZIALRAUM = "sozialraum"


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    level: str
    code: str | None = None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    sector: str | None = None
    area: str | None = None          # LOCATED_IN
    operator: str | None = None      # OPERATED_BY (the Träger)
    serves: tuple[str, ...] = ()     # SERVES
    groups: tuple[str, ...] = ()     # SERVES_GROUP

    @property
    def is_body(self) -> bool:
        return self.kind == USER_REPRESENTATION_KIND


@dataclass(frozen=True, slots=True)
class Member:
    actor: str
    role: str | None = None
    since: date | None = None
    until: date | None = None

    def current(self, day: date) -> bool:
        """Same rule as the ``ties_at`` query: the day lies in since..until."""
        return (self.since is None or self.since <= day) and (self.until is None or self.until >= day)


@dataclass(frozen=True, slots=True)
class Network:
    id: str
    name: str
    type: str | None = None
    participation: str | None = None
    scope: str | None = None         # SCOPE; None = the whole area
    members: tuple[Member, ...] = ()

    def members_at(self, day: date) -> list[str]:
        return [m.actor for m in self.members if m.current(day)]


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    type: str | None = None
    status: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    review_date: date | None = None
    participation: str | None = None
    parties: tuple[str, ...] = ()

    def in_force(self, day: date) -> bool:
        """The one rule (registry/rules/agreements.py; in Cypher the fragment
        ``agreement_in_force`` the ties queries use)."""
        return agreement_rules.in_force(self.status, self.valid_from, self.valid_until, day)


@dataclass
class Structure:
    areas: dict[str, Area] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    networks: list[Network] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)   # target group id -> name
    # (kind, type) -> is user participation expected (type_settings.expected)
    participation_expected: dict[tuple[str, str], bool] = field(default_factory=dict)

    # -- the area tree -------------------------------------------------------

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for area in self.areas.values():
            if area.parent:
                children.setdefault(area.parent, []).append(area.id)
        return children

    def ancestors(self, area_id: str) -> list[str]:
        """The areas above, nearest first (not the area itself)."""
        found, seen = [], {area_id}
        area = self.areas.get(area_id)
        while area and area.parent and area.parent not in seen:
            found.append(area.parent)
            seen.add(area.parent)
            area = self.areas.get(area.parent)
        return found

    def within(self, area_id: str) -> set[str]:
        """The area and every area inside it (Quartiere of a Sozialraum)."""
        found, stack = {area_id}, [area_id]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    @cached_property
    def sozialraeume(self) -> list[Area]:
        """Areas of level "sozialraum", ordered by code, then name."""
        return sorted((a for a in self.areas.values() if a.level == SOZIALRAUM),
                      key=lambda a: (a.code or "", a.name))

    def sozialraum_of_area(self, area_id: str | None) -> str | None:
        """The Sozialraum an area is (or lies in); None above that level."""
        if area_id is None or area_id not in self.areas:
            return None
        for candidate in (area_id, *self.ancestors(area_id)):
            if self.areas[candidate].level == SOZIALRAUM:
                return candidate
        return None

    @cached_property
    def _actors_by_sozialraum(self) -> dict[str, list[str]]:
        by_area: dict[str, list[str]] = {a.id: [] for a in self.sozialraeume}
        for actor in self.actors.values():
            sr = self.sozialraum_of_area(actor.area)
            if sr is not None:
                by_area.setdefault(sr, []).append(actor.id)
        return by_area

    def actors_in(self, sozialraum: str) -> list[str]:
        """Actors located in the Sozialraum or one of its Quartiere."""
        return list(self._actors_by_sozialraum.get(sozialraum, []))

    @cached_property
    def _home(self) -> dict[str, str]:
        """Actor -> its Sozialraum (the inverse of ``_actors_by_sozialraum``):
        reports ask for every actor's, once per tie at city scale."""
        return {a: area for area, ids in self._actors_by_sozialraum.items() for a in ids}

    def sozialraum_of(self, actor_id: str) -> str | None:
        return self._home.get(actor_id)

    # -- coverage --------------------------------------------------------------

    @cached_property
    def _serving_directly(self) -> dict[str, list[str]]:
        by_area: dict[str, list[str]] = {}
        for actor in self.actors.values():
            for area in actor.serves:
                by_area.setdefault(area, []).append(actor.id)
        return by_area

    def servers_of(self, sozialraum: str) -> set[str]:
        """Actors located in the Sozialraum (or a Quartier of it), or serving
        it: SERVES to the Sozialraum, an area inside it, or an area above it
        (Bezirk, Stadt)."""
        found = set(self.actors_in(sozialraum))
        for area in (*self.within(sozialraum), *self.ancestors(sozialraum)):
            found.update(self._serving_directly.get(area, ()))
        return found

    def covers(self, network: Network, sozialraum: str) -> bool:
        """A network covers a Sozialraum if it has no scope (the whole area)
        or its scope is the Sozialraum or an area above it."""
        return network.scope is None or network.scope == sozialraum \
            or network.scope in self.ancestors(sozialraum)

    def concerns(self, network: Network, sozialraum: str) -> bool:
        """Covers it, or is scoped to an area inside it (a Quartier)."""
        return self.covers(network, sozialraum) or network.scope in self.within(sozialraum)

    # -- dated membership -----------------------------------------------------

    def agreements_in_force(self, day: date) -> list[Agreement]:
        return [a for a in self.agreements if a.in_force(day)]

    def linked_at(self, day: date) -> set[str]:
        """Actors party to an agreement in force or member of a network at the day."""
        linked: set[str] = set()
        for agreement in self.agreements_in_force(day):
            linked.update(agreement.parties)
        for network in self.networks:
            linked.update(network.members_at(day))
        return linked

    def expects_participation(self, kind: str, type_key: str | None) -> bool:
        """Is user participation expected in a network / agreement of this type?"""
        if (kind, type_key) in self.participation_expected:
            return self.participation_expected[(kind, type_key)]
        return participation_expected_default(kind, type_key)

    def names(self, actor_ids: Iterable[str]) -> list[str]:
        return [self.actors[a].name for a in actor_ids if a in self.actors]


def load(db: Database) -> Structure:
    """Read the whole structure (no dates applied: that is the analyses' job).
    Ids are interned: the driver makes a new string per row and field, and at
    city scale the same 29,600 actor ids recur in parties, members and ties."""
    structure = Structure()
    for row in db.read("analysis_areas"):
        structure.areas[intern(row["id"])] = Area(
            intern(row["id"]), row["name"] or "", row["level"] or "", row["code"],
            _intern(row["parent"]))
    for row in db.read("analysis_actors"):
        actor_id = intern(row["id"])
        structure.actors[actor_id] = Actor(
            actor_id, row["name"] or "", row["kind"] or "sonstige", row["sector"],
            _intern(row["area"]), _intern(row["operator"]),
            tuple(map(intern, row["serves"] or ())), tuple(map(intern, row["groups"] or ())))
    for row in db.read("analysis_networks"):
        members = tuple(Member(intern(m["actor"]), m.get("role"), m.get("since"), m.get("until"))
                        for m in row["members"] or ())
        structure.networks.append(Network(row["id"], row["name"] or "", row["type"],
                                          row["participation"], _intern(row["scope"]), members))
    for row in db.read("analysis_agreements"):
        structure.agreements.append(Agreement(
            row["id"], row["title"] or "", row["type"], row["status"], row["valid_from"],
            row["valid_until"], row["review_date"], row["participation"],
            tuple(map(intern, row["parties"] or ()))))
    structure.groups = {row["id"]: row["name"] or "" for row in db.read("analysis_target_groups")}
    structure.participation_expected = type_settings.expected(db.read("type_settings_all"))
    return structure


def _intern(value: str | None) -> str | None:
    return None if value is None else intern(value)
