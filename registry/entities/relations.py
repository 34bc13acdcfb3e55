"""Parties of an agreement and members of a network: one helper for both.

A relation joins an actor to an entry (``PARTY_TO {role}``,
``MEMBER_OF {role, since, until}``). ``Relation`` finds one in an entry's
rows, adds, changes and removes it, each in one transaction with its history
record. History rows keep keys, not German text: ``{"field": "member",
"name": <actor name>, "old": None, "new": {"role": "gast", "since": ...}}``
for an added or removed relation, ``{"field": "member_role", "name": ...,
"old": "gast", "new": "mitglied"}`` for a changed value. ``shown`` turns
them into the German rows the history table prints.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .. import editing, history, model
from ..db import Database, Tx
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l

# Short German names of a relation's values, for pages listing changed fields.
_VALUE_LABELS = {"role": _l("Rolle"), "since": _l("Mitglied seit"), "until": _l("Mitglied bis")}


@dataclass(frozen=True)
class Relation:
    key: str                       # history key and rows name: "party", "member"
    rows: str                      # the entry's list of relations: "parties", "members"
    entity_type: str               # as recorded in the history: "agreement", "network"
    query: str                     # named Cypher: <query>, <query>_add, _set, _remove
    touch: str                     # raises the entry's version; None when it is gone
    props: tuple[str, ...]         # the relation's values, "role" first
    label: Any                     # German name of the relation ("Partei")
    prop_labels: Mapping[str, Any]  # German row label per value, with %(name)s
    already: Any                   # message: the actor is related already, %(name)s
    not_related: Any               # message: the actor is not related
    roles: Mapping[str, Any] | None = None  # vocabulary of "role"; None: free text

    # -- reading -----------------------------------------------------------------

    def find(self, entry: Mapping[str, Any], actor_id: str) -> dict[str, Any] | None:
        """The relation row of ``actor_id`` in an entry read by ``get``."""
        return next((row for row in entry[self.rows] if row["id"] == actor_id), None)

    def field_labels(self) -> dict[str, Any]:
        """German names of the history keys, for pages that list changed fields."""
        return {self.key: self.label,
                **{f"{self.key}_{p}": _VALUE_LABELS[p] for p in self.props}}

    # -- history rows ------------------------------------------------------------

    def row(self, name: str, old: Mapping | None, new: Mapping | None) -> dict[str, Any]:
        """The history row of an added (old None) or removed (new None) relation."""
        def values(side):
            return None if side is None else {p: history.plain(side.get(p)) for p in self.props}
        return {"field": self.key, "name": name, "old": values(old), "new": values(new)}

    def changed_rows(self, name: str, old: Mapping, new: Mapping) -> list[dict[str, Any]]:
        """One history row per value that differs between ``old`` and ``new``."""
        return [{"field": f"{self.key}_{p}", "name": name,
                 "old": history.plain(old.get(p)), "new": history.plain(new.get(p))}
                for p in self.props if old.get(p) != new.get(p)]

    def _text(self, name: str, values: Mapping | None) -> str | None:
        if values is None:
            return None
        parts = []
        if values.get("role"):
            parts.append(self._role(values["role"]))
        since, until = values.get("since"), values.get("until")
        if since or until:
            parts.append(f"{since or '…'} – {until or '…'}")
        return f"{name} ({', '.join(parts)})" if parts else name

    def _role(self, role: str | None) -> str | None:
        return model.label(self.roles, role) if self.roles and role else role

    def shown(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """A stored row in German, or None when it is not this relation's."""
        field, name = row.get("field"), row.get("name")
        if name is None:
            return None
        if field == self.key:
            return {"field": str(self.label), "old": self._text(name, row.get("old")),
                    "new": self._text(name, row.get("new"))}
        prop = field[len(self.key) + 1:] if field and field.startswith(self.key + "_") else None
        if prop not in self.prop_labels:
            return None
        old, new = row.get("old"), row.get("new")
        if prop == "role":
            old, new = self._role(old), self._role(new)
        return {"field": str(self.prop_labels[prop]) % {"name": name}, "old": old, "new": new}

    # -- writing -----------------------------------------------------------------

    def _touch(self, tx: Tx, entry_id: str) -> dict[str, Any]:
        row = tx.one(self.touch, id=entry_id)
        if row is None:
            raise editing.NotFound(entry_id)
        return row

    def _record(self, tx: Tx, entry_id: str, by: str, fields: list[dict]) -> None:
        history.record(tx, self.entity_type, entry_id, "relation", by, fields=fields)

    def add(self, db: Database, entry_id: str, actor_id: str, values: Mapping[str, Any],
            by: str) -> str:
        """Relate ``actor_id`` (once); returns the actor's name."""
        def work(tx: Tx) -> str:
            self._touch(tx, entry_id)
            current = tx.one(self.query, id=entry_id, actor_id=actor_id)
            if current is None:
                raise editing.InvalidInput(_("Diesen Akteur gibt es nicht (mehr)."))
            if current["related"]:
                raise editing.InvalidInput(str(self.already) % {"name": current["name"]})
            tx.run(f"{self.query}_add", id=entry_id, actor_id=actor_id,
                   **{p: values.get(p) for p in self.props})
            self._record(tx, entry_id, by, [self.row(current["name"], None, values)])
            return current["name"]

        return db.transaction(work)

    def change(self, db: Database, entry_id: str, actor_id: str, values: Mapping[str, Any],
               by: str) -> str:
        """Set the relation's values; writes nothing when none changed."""
        def work(tx: Tx) -> str:
            current = tx.one(self.query, id=entry_id, actor_id=actor_id)
            if current is None or not current["related"]:
                self._touch(tx, entry_id)  # NotFound when the entry is gone
                raise editing.InvalidInput(str(self.not_related))
            fields = self.changed_rows(current["name"], current, values)
            if fields:
                self._touch(tx, entry_id)
                tx.run(f"{self.query}_set", id=entry_id, actor_id=actor_id,
                       **{p: values.get(p) for p in self.props})
                self._record(tx, entry_id, by, fields)
            return current["name"]

        return db.transaction(work)

    def remove(self, db: Database, entry_id: str, actor_id: str, by: str,
               check: Callable[[dict], None] | None = None) -> str:
        """End the relation; ``check(touched)`` may refuse with InvalidInput."""
        def work(tx: Tx) -> str:
            touched = self._touch(tx, entry_id)
            current = tx.one(self.query, id=entry_id, actor_id=actor_id)
            if current is None or not current["related"]:
                raise editing.InvalidInput(str(self.not_related))
            if check:
                check(touched)
            tx.run(f"{self.query}_remove", id=entry_id, actor_id=actor_id)
            self._record(tx, entry_id, by, [self.row(current["name"], current, None)])
            return current["name"]

        return db.transaction(work)

