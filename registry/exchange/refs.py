"""Lookups an import needs, fetched once per file: areas and actors.

References in a spreadsheet name an area by its code or name, and an actor by
its registry id, its external id or its name. Names are compared folded
(``text.fold``), so "Muller" finds "Müller".
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..db import Tx
from ..i18n import gettext as _
from ..text import fold

REGISTRY_ID = re.compile(r"^[0-9a-f]{12}$")


class Unresolved(ValueError):
    """A reference that names nothing, or more than one thing."""


@dataclass
class Areas:
    """Every area, with its parent: codes and names to ids, and the path up."""

    names: dict[str, str] = field(default_factory=dict)  # id -> name
    codes: dict[str, str] = field(default_factory=dict)  # id -> code
    levels: dict[str, str] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Cell text -> id, for cells resolved before: a file names the same few
    # areas in row after row. ``add`` empties it; code that fills the indexes
    # above by hand (the area planner's hierarchy) does so before resolving.
    _resolved: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, tx: Tx) -> "Areas":
        areas = cls()
        for row in tx.run("exchange_areas"):
            areas.add(row["id"], row["name"], row["code"], row["level"], row["parent"])
        return areas

    def add(self, area_id: str, name: str, code: str | None, level: str | None,
            parent: str | None) -> None:
        self._resolved.clear()
        self.names[area_id] = name
        self.codes[area_id] = code or ""
        self.levels[area_id] = level or ""
        self.parent[area_id] = parent
        if code:
            self.by_code[fold(code)] = area_id
        self.by_name[fold(name)].append(area_id)

    def resolve(self, text: str) -> str:
        """The id of the area a cell names (code first, then name)."""
        found_before = self._resolved.get(text)
        if found_before is not None:
            return found_before
        area_id = self._resolve(text)
        if len(self._resolved) < 10000:
            self._resolved[text] = area_id
        return area_id

    def _resolve(self, text: str) -> str:
        key = fold(text)
        if key in self.by_code:
            return self.by_code[key]
        if REGISTRY_ID.match(text) and text in self.names:
            return text
        found = self.by_name.get(key) or []
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(_("Mehrdeutiger Sozialraum „%(text)s“: %(n)d Sozialräume heißen "
                               "so. Bitte das Kürzel angeben.") % {"text": text, "n": len(found)})
        raise Unresolved(_("Unbekannter Sozialraum „%(text)s“.") % {"text": text})

    def path(self, area_id: str | None) -> list[str]:
        """The area and every area above it."""
        path: list[str] = []
        while area_id and area_id not in path:
            path.append(area_id)
            area_id = self.parent.get(area_id)
        return path

    def label(self, area_id: str | None) -> str | None:
        return self.names.get(area_id) if area_id else None


@dataclass
class ActorEntry:
    id: str
    name: str
    external_id: str | None
    kind: str | None
    sector: str | None
    area: str | None
    operator: str | None
    umbrella: str | None
    serves: list[str]
    # The address, for duplicate detection (rules.probable_duplicate).
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    # The version the check read: an update overwrites only this one.
    version: int | None = None


@dataclass
class Actors:
    """Every actor, compactly, with the indexes a reference needs."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    by_external: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, tx: Tx) -> "Actors":
        actors = cls()
        for row in tx.run("exchange_actor_index"):
            actors.add(ActorEntry(row["id"], row["name"] or "", row["external_id"],
                                  row["kind"], row["sector"], row["area"], row["operator"],
                                  row["umbrella"], list(row["serves"] or []),
                                  row["street"], row["postcode"], row["city"],
                                  row["version"]))
        return actors

    def add(self, entry: ActorEntry) -> None:
        self.entries[entry.id] = entry
        if entry.external_id:
            self.by_external[entry.external_id] = entry.id
        self.by_name[fold(entry.name)].append(entry.id)

    def resolve(self, text: str) -> str:
        """The id of the actor a cell names: registry id, external id or name."""
        if REGISTRY_ID.match(text) and text in self.entries:
            return text
        if text in self.by_external:
            return self.by_external[text]
        found = self.by_name.get(fold(text)) or []
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(_("Mehrdeutiger Akteur „%(text)s“: %(n)d Akteure heißen so. "
                               "Bitte die Externe ID angeben.") % {"text": text, "n": len(found)})
        raise Unresolved(_("Unbekannter Akteur „%(text)s“: weder im Register noch in "
                           "dieser Datei.") % {"text": text})

    def name(self, actor_id: str | None) -> str | None:
        entry = self.entries.get(actor_id) if actor_id else None
        return entry.name if entry else None


class Keys:
    """Entries found by their external id, else by their folded natural key
    (name, title); a new external id only finds entries without one, which
    then adopt it."""

    def __init__(self, entries: dict[str, dict], natural: str):
        self.entries = entries
        self.by_external = {props["external_id"]: i for i, props in entries.items()
                            if props.get("external_id")}
        self.by_natural: dict[str, list[str]] = defaultdict(list)
        for entry_id, props in entries.items():
            self.by_natural[fold(props.get(natural))].append(entry_id)

    def match(self, external_id: str | None, natural: str) -> list[str]:
        if external_id in self.by_external:
            return [self.by_external[external_id]]
        return [i for i in self.by_natural.get(fold(natural), [])
                if not (external_id and self.entries[i].get("external_id"))]


def details(tx: Tx, query: str, ids: Iterable[str], batch: int = 5000) -> dict[str, dict]:
    """Full properties of the given nodes, fetched in batches, by id."""
    ids = list(ids)
    found: dict[str, dict] = {}
    for start in range(0, len(ids), batch):
        for row in tx.run(query, ids=ids[start:start + batch]):
            found[row["props"]["id"]] = row["props"]
    return found


def split_list(text: str, separator: str = "|") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]
