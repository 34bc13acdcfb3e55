"""Pieces shared by the edit capabilities (actors, areas, target groups):
input errors tied to a form field, version conflicts, and the history of an
entity with German field labels for display."""
from __future__ import annotations

import secrets
from typing import Any, Callable, Mapping

from . import history
from .db import Database, Tx


class InvalidInput(ValueError):
    """Input the data rules refuse; ``field`` names the form field to mark."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class EditConflict(ValueError):
    """Someone saved the entity after the editor loaded it (version mismatch)."""

    def __init__(self, message: str, current: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.current = current


class NotFound(LookupError):
    pass


def stripped(data: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The editable properties ``fields`` of ``data``: text stripped, empty text None."""
    props: dict[str, Any] = {}
    for key in fields:
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip() or None
        props[key] = value
    return props


def create_entry(db: Database, entity_type: str, by: str,
                 write: Callable[[Tx, str], dict | list[dict] | None]) -> str:
    """A new entry under a fresh id, in one transaction: ``write(tx, id)``
    checks and stores it and returns its record, which the history keeps
    as the creation (or the creation's change rows themselves, where they
    hold more than the record, such as an agreement's first parties).
    Returns the id."""
    entry_id = secrets.token_hex(6)

    def work(tx: Tx) -> str:
        made = write(tx, entry_id)
        history.record(tx, entity_type, entry_id, "create", by,
                       fields=made if isinstance(made, list) else history.diff(None, made))
        return entry_id

    return db.transaction(work)


def delete_entry(db: Database, label: str, entity_type: str, entry_id: str, by: str,
                 only: tuple[str, ...], query: str) -> None:
    """Delete an agreement or network with ``query``; the history keeps a
    snapshot (its ``only`` fields as the change rows) for a restore."""

    def work(tx) -> None:
        if not history.delete_recorded(tx, label, entity_type, entry_id, by,
                                       lambda props: history.diff(props, None, only=only),
                                       query):
            raise NotFound(entry_id)

    db.transaction(work)


def opened_at(found: Any, entry_id: str, stored: str, version: int,
              conflict: Callable[[Any], EditConflict]) -> Any:
    """The entry as read in the saving transaction (``found``, its properties
    under ``stored``), if an edit opened at ``version`` may save over it:
    NotFound when it is gone, ``conflict(found)`` when someone saved it
    since (raise the same when the versioned write then finds no entry)."""
    if found is None:
        raise NotFound(entry_id)
    if found[stored].get("version") != version:
        raise conflict(found)
    return found


def version_number(value: Any, stale: Exception) -> int:
    """The version a form was opened at; ``stale`` is raised when it is no number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise stale from None


def unchanged(stored: Mapping[str, Any], props: Mapping[str, Any]) -> bool:
    """Would writing ``props`` over the ``stored`` properties change nothing?
    (A missing property and None are the same.) Saving an unchanged form
    then writes nothing: no new version, no change record."""
    return all(stored.get(key) == value for key, value in props.items())


def labelled_history(db: Database, entity_id: str, labels: Mapping[str, str],
                     vocabularies: Mapping[str, Mapping[str, str]] | None = None,
                     relation: Any = None) -> list[dict]:
    """``history.for_entity`` with field keys shown as German labels and
    vocabulary keys (kind, sector, level...) shown as their labels. The
    stored records keep the keys, so a later translation still works.
    ``relation`` (a ``entities.relations.Relation``) shows its own rows."""
    vocabularies = vocabularies or {}
    events = history.for_entity(db, entity_id)
    for event in events:
        if relation is not None:
            event["fields"] = [relation.shown(row) or row for row in event["fields"]]
        for row in event["fields"]:
            key = row.get("field")
            vocabulary = vocabularies.get(key)
            if vocabulary:
                for side in ("old", "new"):
                    if row.get(side) is not None:
                        row[side] = str(vocabulary.get(row[side], row[side]))
            if key in labels:
                row["field"] = str(labels[key])
    return events
