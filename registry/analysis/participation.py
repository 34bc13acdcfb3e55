"""Where users are left out: indicators 1 to 3.

1. networks and agreements without user participation, where the type
   expects it (not in statutory bilateral agreements: model.py),
2. Sozialräume without a user-representation body, or whose bodies sit in
   no network that covers them,
3. target groups served in a Sozialraum whose voice sits in none of the
   networks that cover it.

A user-representation body is an actor of kind ``selbstvertretung``. It takes
part in a network by a membership current at the Stichtag, in an agreement
as a party of an agreement in force at the Stichtag.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import participation_rank
from .structure import Structure

# Levels up to this one count as "no participation" when no body takes part.
GAP_CEILING = "informiert"


@dataclass(frozen=True)
class Involvement:
    """A network or an agreement in force, with who takes part at the day."""

    kind: str                   # "network" or "agreement"
    id: str
    name: str
    level: str                  # participation key, "keine" when not set
    members: tuple[str, ...]    # current members / parties
    bodies: tuple[str, ...]     # the user-representation bodies among them
    scope: str | None = None    # networks only
    type: str | None = None     # agreement type / network type
    expected: bool = True       # is user participation expected for this type?

    @property
    def uninvolved(self) -> bool:
        """No body takes part and the level is at most "informiert"."""
        return not self.bodies and participation_rank(self.level) <= participation_rank(GAP_CEILING)

    @property
    def gap(self) -> bool:
        """Indicator 1: uninvolved where participation is expected."""
        return self.expected and self.uninvolved

    @property
    def not_expected(self) -> bool:
        """Uninvolved, but of a type where participation is not expected
        (statutory bilateral agreements): shown apart, as context."""
        return not self.expected and self.uninvolved


def involvement(structure: Structure, day: date) -> list[Involvement]:
    """Every network and every agreement in force at the day."""
    rows = []
    for network in structure.networks:
        members = tuple(network.members_at(day))
        rows.append(Involvement("network", network.id, network.name,
                                network.participation or "keine", members,
                                _bodies(structure, members), network.scope, network.type,
                                structure.expects_participation("network", network.type)))
    for agreement in structure.agreements_in_force(day):
        rows.append(Involvement("agreement", agreement.id, agreement.title,
                                agreement.participation or "keine", agreement.parties,
                                _bodies(structure, agreement.parties), None, agreement.type,
                                structure.expects_participation("agreement", agreement.type)))
    return rows


def _bodies(structure: Structure, actor_ids) -> tuple[str, ...]:
    return tuple(a for a in actor_ids if a in structure.actors and structure.actors[a].is_body)


def involvement_in(structure: Structure, day: date, sozialraum: str | None) -> list[Involvement]:
    """Networks that concern the Sozialraum (cover it or are scoped inside it)
    and agreements with a party located there; everything when None."""
    rows = involvement(structure, day)
    if sozialraum is None:
        return rows
    networks = {n.id: n for n in structure.networks}
    located = set(structure.actors_in(sozialraum))
    return [
        row for row in rows
        if (row.kind == "network" and structure.concerns(networks[row.id], sozialraum))
        or (row.kind == "agreement" and located.intersection(row.members))
    ]


def without_participation(structure: Structure, day: date,
                          sozialraum: str | None = None) -> list[Involvement]:
    """Indicator 1: no body takes part, the level is at most "informiert",
    and participation is expected for the type."""
    return [row for row in involvement_in(structure, day, sozialraum) if row.gap]


# -- indicator 2 ------------------------------------------------------------------

NO_BODY = "keine_vertretung"
NO_NETWORK = "kein_netzwerk"


@dataclass(frozen=True)
class AreaRepresentation:
    area: str
    bodies: tuple[str, ...]       # located there or serving it
    in_network: tuple[str, ...]   # of those: member of a network covering the area
    networks: tuple[str, ...]     # those networks

    @property
    def reason(self) -> str | None:
        if not self.bodies:
            return NO_BODY
        if not self.in_network:
            return NO_NETWORK
        return None


def _cover_keys(structure: Structure, sozialraum: str) -> list[str | None]:
    """Scopes of the networks that cover a Sozialraum: none, itself, above it."""
    return [None, sozialraum, *structure.ancestors(sozialraum)]


def _body_members_by_scope(structure: Structure, day: date) -> dict[str | None, dict[str, set[str]]]:
    """scope -> body id -> ids of the networks of that scope it is a member of."""
    by_scope: dict[str | None, dict[str, set[str]]] = {}
    for network in structure.networks:
        for actor in network.members_at(day):
            if actor in structure.actors and structure.actors[actor].is_body:
                by_scope.setdefault(network.scope, {}).setdefault(actor, set()).add(network.id)
    return by_scope


def _bodies_serving(structure: Structure) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The bodies alone of ``actors_in`` (by Sozialraum) and of
    ``_serving_directly`` (by area): indicator 2 looks only at bodies, and
    walking every actor serving the Stadt for each of 900 Sozialräume was
    most of its time at city scale."""
    def keep(by_area):
        return {area: found for area, ids in by_area.items()
                if (found := [a for a in ids if structure.actors[a].is_body])}
    return keep(structure._actors_by_sozialraum), keep(structure._serving_directly)


def representation_by_area(structure: Structure, day: date) -> list[AreaRepresentation]:
    """Indicator 2 for every Sozialraum. A body counts for a Sozialraum only
    through networks that cover it: a body of Nord sitting in a network of
    Süd takes part in that network, but Nord still has no voice."""
    by_scope = _body_members_by_scope(structure, day)
    located, serving = _bodies_serving(structure)
    rows = []
    for area in structure.sozialraeume:
        # servers_of(area), bodies only
        found = set(located.get(area.id, ()))
        for key in (*structure.within(area.id), *structure.ancestors(area.id)):
            found.update(serving.get(key, ()))
        bodies = sorted(found, key=lambda a: structure.actors[a].name)
        # Only the area's own bodies are looked up in the covering scopes.
        covering = [by_scope[key] for key in _cover_keys(structure, area.id) if key in by_scope]
        seated = {b: set().union(*(scope[b] for scope in covering if b in scope))
                  for b in bodies if any(b in scope for scope in covering)}
        in_network = tuple(b for b in bodies if b in seated)
        networks = sorted({n for b in in_network for n in seated[b]})
        rows.append(AreaRepresentation(area.id, tuple(bodies), in_network, tuple(networks)))
    return rows


def areas_without_representation(structure: Structure, day: date,
                                 sozialraum: str | None = None) -> list[AreaRepresentation]:
    return [row for row in representation_by_area(structure, day)
            if row.reason and (sozialraum is None or row.area == sozialraum)]


# -- indicator 3 ------------------------------------------------------------------

@dataclass(frozen=True)
class GroupGap:
    area: str
    group: str
    served_by: tuple[str, ...]    # actors (not bodies) serving the group there
    voices: tuple[str, ...]       # bodies speaking for the group anywhere


def unrepresented_groups(structure: Structure, day: date,
                         sozialraum: str | None = None) -> list[GroupGap]:
    """Indicator 3: (Sozialraum, target group) pairs where the group is served
    by an actor located in or serving the Sozialraum, but no body speaking for
    the group (SERVES_GROUP) is a current member of a network covering it."""
    by_scope = _body_members_by_scope(structure, day)
    voices: dict[str, list[str]] = {}
    for actor in structure.actors.values():
        if actor.is_body:
            for group in actor.groups:
                voices.setdefault(group, []).append(actor.id)
    # The groups the bodies of each scope speak for, once per scope (not
    # once per Sozialraum it covers).
    spoken = {key: {g for body in bodies for g in structure.actors[body].groups}
              for key, bodies in by_scope.items()}
    # The non-body actors with groups, by where they are located / serve.
    located, serving = _with_groups(structure)
    voices_of: dict[str, tuple[str, ...]] = {}
    gaps = []
    areas = [a for a in structure.sozialraeume if sozialraum is None or a.id == sozialraum]
    for area in areas:
        found = set(located.get(area.id, ()))
        for key in (*structure.within(area.id), *structure.ancestors(area.id)):
            found.update(serving.get(key, ()))
        served: dict[str, list[str]] = {}
        for actor_id in found:
            for group in structure.actors[actor_id].groups:
                served.setdefault(group, []).append(actor_id)
        represented: set[str] = set()
        for key in _cover_keys(structure, area.id):
            represented.update(spoken.get(key, ()))
        for group in sorted(served, key=lambda g: structure.groups.get(g, g)):
            if group in represented:
                continue
            by_name = sorted(served[group], key=lambda a: structure.actors[a].name)
            if group not in voices_of:
                voices_of[group] = tuple(sorted(voices.get(group, ()),
                                                  key=lambda a: structure.actors[a].name))
            gaps.append(GroupGap(area.id, group, tuple(by_name), voices_of[group]))
    return gaps


def _with_groups(structure: Structure) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The actors (not bodies) serving a target group, of ``actors_in`` (by
    Sozialraum) and of ``_serving_directly`` (by area)."""
    def keep(by_area):
        return {area: found for area, ids in by_area.items()
                if (found := [a for a in ids
                              if structure.actors[a].groups and not structure.actors[a].is_body])}
    return keep(structure._actors_by_sozialraum), keep(structure._serving_directly)
