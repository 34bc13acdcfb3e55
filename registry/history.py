"""Field-level change records and the restore of deleted entities.

Every write of a registry entity goes through ``record`` inside the same
transaction as the change itself, so the history can never disagree with the
data. A deletion stores a snapshot of the node and all its relationships;
``restore`` recreates them (relationships only to nodes that still exist).
"""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable

from .db import Database, Tx
from .entities import ENTITIES

# Labels and relationship types a snapshot may recreate: the fixed whitelist
# that guards the dynamic labels of the restore query.
ENTITY_LABELS = tuple(entity.label for entity in ENTITIES)
RELATIONSHIP_TYPES = (
    "PART_OF", "LOCATED_IN", "SERVES", "OPERATED_BY", "AFFILIATED_WITH",
    "SERVES_GROUP", "HAS_CONTACT", "PARTY_TO", "MEMBER_OF", "COORDINATED_BY", "SCOPE",
)

# Properties kept by the system, not worth a history line.
_SKIP = {"version", "updated_at", "created_at", "search_name"}

# Per entity kind: the fields no analysis, report, map or Stadtplan reads
# (``Entity.descriptive``, declared with the entity in ``ENTITIES``). A
# transaction whose every recorded change is an update of these alone
# leaves the analysis version alone (db.Tx.described); anything else, and a
# write without a record, changes it. tests/test_descriptive_fields.py fails
# when an analysis query reads one of them.
DESCRIPTIVE: dict[str, frozenset[str]] = {entity.kind: entity.descriptive for entity in ENTITIES}


def plain(value: Any) -> Any:
    """A value as text for the change record (dates ISO, lists joined)."""
    if value is None or type(value) is str:  # most values: nothing to convert
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(plain(v)) for v in value)
    return str(value) if not isinstance(value, (int, float, bool)) else value


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None,
         only: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Changed fields as rows {field, old, new}; None for a missing side.
    ``only`` limits the comparison to these fields (an entity's editable ones)."""
    if not old and only is None:
        return _created(new or {})
    old, new = old or {}, new or {}
    keys = set(only) if only is not None else set(old) | set(new)
    rows = []
    for field in sorted(keys):
        if field in _SKIP:
            continue
        before, after = plain(old.get(field)), plain(new.get(field))
        if before in ("", None) and after in ("", None):
            continue
        if before != after:
            rows.append({"field": field, "old": before, "new": after})
    return rows


def _created(new: dict[str, Any]) -> list[dict[str, Any]]:
    """``diff`` without a before state (a new entry): every field with a
    value. The same rows, without comparing each field with nothing (an
    import of 100,000 new actors diffs a dozen fields each)."""
    return [{"field": field, "old": None, "new": after} for field, after in created(new)]


def created(new: dict[str, Any]) -> list[tuple[str, Any]]:
    """(field, new value) of each row ``diff(None, new)`` gives, in its
    order (the import writes them as text without making the rows)."""
    pairs = []
    for field in sorted(new):
        if field in _SKIP:
            continue
        after = new[field]
        if type(after) is not str:
            after = plain(after)
        if after is not None and after != "":
            pairs.append((field, after))
    return pairs


def record(tx: Tx, entity_type: str, entity_id: str, action: str, by: str,
           old: dict | None = None, new: dict | None = None,
           snapshot: dict | None = None, fields: list[dict] | None = None) -> int:
    """Write one change event (create, update, delete, restore, relation).

    ``fields`` overrides the computed diff (for relation changes such as
    "Partei hinzugefügt"). Returns the number of field rows recorded.
    """
    rows = fields if fields is not None else diff(old, new)
    if action == "update" and not rows:
        return 0
    tx.described(action == "update" and all(
        row.get("field") in DESCRIPTIVE.get(entity_type, ()) for row in rows))
    tx.run(
        "history_record",
        id=secrets.token_hex(6),
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        by=by,
        at=datetime.now(timezone.utc),
        fields=[json.dumps(row, ensure_ascii=False) for row in rows],
        snapshot=json.dumps(_encode(snapshot), ensure_ascii=False) if snapshot else None,
    )
    return len(rows)


def record_unlinked(tx: Tx, by: str, name: str,
                    links: list[tuple[list[dict], str, str, str]]) -> None:
    """One change record per entry that loses its link to the deleted entry
    ``name``; ``links``: (entries, their entity type, action, field)."""
    for entries, entity_type, action, field in links:
        for entry in entries:
            record(tx, entity_type, entry["id"], action, by,
                   fields=[{"field": field, "old": name, "new": None}])


def delete_linked(tx: Tx, entity_type: str, entity_id: str, by: str, name: str,
                  links: list[tuple[list[dict], str, str, str]], old: dict | None,
                  snap: dict | None, delete_query: str) -> None:
    """Delete an entry others link to, in the caller's transaction: a record
    per entry that loses its link (``record_unlinked``), the delete
    (``delete_query``), then the entry's own record with the ``snap``shot a
    restore brings back."""
    record_unlinked(tx, by, name, links)
    tx.run(delete_query, id=entity_id)
    record(tx, entity_type, entity_id, "delete", by, old=old, snapshot=snap)


def for_entity(db: Database, entity_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """Change events of one entity, newest first, fields decoded."""
    events = db.read("history_for_entity", entity_id=entity_id, limit=limit)
    for event in events:
        event["fields"] = [json.loads(f) for f in event.get("fields") or []]
    return events


def since(db: Database, moment: datetime, limit: int = 1000) -> list[dict[str, Any]]:
    events = db.read("history_since", since=moment, limit=limit)
    for event in events:
        event["fields"] = [json.loads(f) for f in event.get("fields") or []]
    return events


def deleted(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    """Deletions that have not been restored, newest first."""
    return db.read("history_deleted", limit=limit)


# -- snapshots -------------------------------------------------------------------

def snapshot(tx: Tx, entity_id: str, label: str) -> dict[str, Any] | None:
    """The node and every relationship it has, for a later restore."""
    if label not in ENTITY_LABELS:
        raise ValueError(f"not a restorable label: {label}")
    return tx.one("history_snapshot", id=entity_id, label=label)


def delete_recorded(tx: Tx, label: str, entity_type: str, entity_id: str, by: str,
                    fields: Callable[[dict], list[dict]], delete_query: str) -> bool:
    """Snapshot, record and delete one entity in the caller's transaction, so
    an admin can restore it. ``fields(props)`` gives the recorded field rows.
    False when there is no such entity."""
    snap = snapshot(tx, entity_id, label)
    if snap is None:
        return False
    record(tx, entity_type, entity_id, "delete", by, fields=fields(snap["props"]), snapshot=snap)
    tx.run(delete_query, id=entity_id)
    return True


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class RestoreError(ValueError):
    pass


def restore(db: Database, change_id: str, by: str) -> dict[str, Any]:
    """Recreate a deleted entity from its deletion record, with its relations
    to nodes that still exist. Returns {label, id, relations, skipped}."""

    def work(tx: Tx) -> dict[str, Any]:
        change = tx.one("history_get_deletion", id=change_id)
        if change is None or not change.get("snapshot"):
            raise RestoreError("Dieser Löschvorgang ist nicht bekannt.")
        if change.get("restored"):
            raise RestoreError("Dieser Eintrag wurde bereits wiederhergestellt.")
        snap = _decode(json.loads(change["snapshot"]))
        label = snap["label"]
        if label not in ENTITY_LABELS:
            raise RestoreError(f"Nicht wiederherstellbar: {label}")
        if tx.one("history_entity_exists", id=snap["props"]["id"], label=label):
            raise RestoreError("Ein Eintrag mit dieser Kennung existiert bereits.")
        props = dict(snap["props"])
        props["version"] = int(props.get("version") or 0) + 1
        tx.run("history_restore_node", label=label, props=props)
        relations = [r for r in snap["relations"] if r["type"] in RELATIONSHIP_TYPES]
        created = tx.run(
            "history_restore_relations", id=props["id"], label=label, relations=relations
        )
        restored = sum(row["created"] for row in created)
        # Nodes deleted together with this one (an actor's contact persons)
        # come back with it: snapshots listed under "owned".
        for owned in snap.get("owned") or []:
            if owned["label"] not in ENTITY_LABELS or tx.one(
                    "history_entity_exists", id=owned["props"]["id"], label=owned["label"]):
                continue
            tx.run("history_restore_node", label=owned["label"], props=owned["props"])
            restored += sum(row["created"] for row in tx.run(
                "history_restore_relations", id=owned["props"]["id"], label=owned["label"],
                relations=[r for r in owned["relations"] if r["type"] in RELATIONSHIP_TYPES]))
        tx.run("history_mark_restored", id=change_id)
        record(tx, change["entity_type"], props["id"], "restore", by,
               fields=[{"field": "wiederhergestellt", "old": None,
                        "new": f"{restored} von {len(relations)} Beziehungen"}])
        return {"label": label, "id": props["id"], "relations": restored,
                "skipped": len(relations) - restored}

    return db.transaction(work)
