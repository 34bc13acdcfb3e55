"""Full backup and restore: ``registry export --format json`` and
``registry restore FILE`` (format: docs/backup-format.md).

The export writes every node of the registry's labels (entities, history,
users only when asked) and every relationship between them, with exact
types: dates, datetimes with their zone, durations are tagged so a restore
gives back the very same values. Nodes are numbered within the file and
relationships refer to those numbers, so nothing depends on Neo4j's internal
ids. The export streams (memory stays flat for big registries).

A restore loads such a file into an EMPTY database (it refuses otherwise;
with ``keep_users`` a database that holds only user accounts keeps them), in
one transaction: all of it or nothing. Every refusal is a German message
(BackupError), found before anything is written where the file alone shows
it: unknown labels, types or values, node numbers or unique values twice.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import IO, Any, Callable, Iterator

from neo4j.exceptions import ClientError, ConstraintError, Neo4jError

from .. import history, policy, schema
from ..db import Database, Tx, to_native

FORMAT = "netzwerkregister-backup"
VERSION = 1
SUPPORTED_VERSIONS = (1,)
BATCH_SIZE = 2000

# What a backup holds; the restore accepts nothing else (labels and types
# become dynamic labels there, so this whitelist guards them).
ENTITY_LABELS = history.ENTITY_LABELS
HISTORY_LABEL = "Change"
USER_LABEL = "User"
RESTORE_LABELS = frozenset(ENTITY_LABELS + (HISTORY_LABEL, USER_LABEL))
# The only label combinations a node of the registry has: exactly one label.
# A node carrying two (Actor and User) would smuggle an account into the data.
LABEL_SETS = frozenset(frozenset({label}) for label in ENTITY_LABELS + (HISTORY_LABEL,))
USER_LABEL_SET = frozenset({USER_LABEL})
RELATIONSHIP_TYPES = frozenset(history.RELATIONSHIP_TYPES)
# Never exported: the bookkeeping (login counters, import jobs, the data
# version, the demo loader's progress).
TRANSIENT_LABELS = frozenset(schema.BOOKKEEPING_LABELS)

# Neo4j value type -> tag in the file, and back.
_TEMPORAL_TAGS = {
    "DATE": "$date",
    "ZONED DATETIME": "$datetime",
    "LOCAL DATETIME": "$localdatetime",
    "ZONED TIME": "$time",
    "LOCAL TIME": "$localtime",
    "DURATION": "$duration",
}
_TAG_TYPES = {tag: kind for kind, tag in _TEMPORAL_TAGS.items()}

Progress = Callable[[int, int, str], None]


class BackupError(ValueError):
    """A file that cannot be restored, or a database that must not take it."""


# -- export ------------------------------------------------------------------------------

def export_labels(with_users: bool) -> tuple[str, ...]:
    return ENTITY_LABELS + (HISTORY_LABEL,) + ((USER_LABEL,) if with_users else ())


def unexported(db: Database, with_users: bool) -> dict[str, list[str]]:
    """Labels and relationship types in the database that a backup leaves out
    (besides users without --with-users and login counters): a warning that
    someone added data this format does not know yet."""
    labels = {row["label"] for row in db.read("backup_labels")}
    types = {row["type"] for row in db.read("backup_relationship_types")}
    skipped = labels - set(export_labels(with_users)) - TRANSIENT_LABELS - {USER_LABEL}
    return {"labels": sorted(skipped), "types": sorted(types - RELATIONSHIP_TYPES)}


def export_json(db: Database, out: IO[str], with_users: bool = False,
                progress: Progress | None = None) -> dict[str, int]:
    """Write the backup to the text stream ``out``; return the counts."""
    labels = export_labels(with_users)
    numbers: dict[str, int] = {}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "with_users": with_users,
        "labels": list(labels),
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    counts: dict[str, int] = defaultdict(int)
    with db.driver.session(database=db.database, default_access_mode="READ") as session:
        with session.begin_transaction() as tx:
            out.write('"nodes": [')
            first = True
            for label in labels:
                for record in tx.run(db.queries["backup_nodes"], label=label):
                    if record["eid"] in numbers:
                        continue  # a node with two exported labels, written once
                    number = numbers[record["eid"]] = len(numbers)
                    node = {"n": number, "labels": sorted(record["labels"]),
                            "props": _encode_props(record["props"], record["temporal"])}
                    out.write(("\n" if first else ",\n") + json.dumps(node, ensure_ascii=False, sort_keys=True))
                    first = False
                    counts[label] += 1
                    if progress and number % 1000 == 0:
                        progress(number, 0, "nodes")
            out.write("\n],\n")
            out.write('"relationships": [')
            first = True
            total = 0
            for rel_type in sorted(RELATIONSHIP_TYPES):
                for record in tx.run(db.queries["backup_relationships"], type=rel_type):
                    start, end = numbers.get(record["start"]), numbers.get(record["end"])
                    if start is None or end is None:
                        continue
                    rel = {"type": rel_type, "start": start, "end": end,
                           "props": _encode_props(record["props"], record["temporal"])}
                    out.write(("\n" if first else ",\n") + json.dumps(rel, ensure_ascii=False, sort_keys=True))
                    first = False
                    counts[rel_type] += 1
                    total += 1
                    if progress and total % 1000 == 0:
                        progress(total, 0, "relationships")
            out.write("\n],\n")
    summary = {"nodes": len(numbers), "relationships": total, **counts}
    out.write(f'"counts": {json.dumps(summary)}\n}}\n')
    return summary


def _encode_props(props: dict[str, Any], temporal: list[list[str]]) -> dict[str, Any]:
    encoded = {}
    tagged = {key: (kind, text) for key, kind, text in temporal}
    for key, value in props.items():
        if key in tagged:
            kind, text = tagged[key]
            encoded[key] = {_TEMPORAL_TAGS[kind.removesuffix(" NOT NULL")]: text}
        elif _plain(value):
            encoded[key] = value
        else:
            raise BackupError(f"Eigenschaft {key!r} hat einen Werttyp, den das Sicherungsformat "
                              f"nicht kennt: {type(value).__name__}.")
    return encoded


def _plain(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, list):
        return all(isinstance(v, (str, int, float, bool)) for v in value)
    return False


# -- restore -------------------------------------------------------------------------------

def load(stream: IO[str]) -> dict[str, Any]:
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        raise BackupError(f"Keine JSON-Datei (Zeile {error.lineno}, Spalte {error.colno}).") \
            from error
    except UnicodeDecodeError as error:
        raise BackupError("Die Datei ist nicht UTF-8-kodiert.") from error
    check(data)
    return data


# The names of the labels in messages.
LABEL_NAMES = {"Actor": "Akteur", "Agreement": "Vereinbarung", "Network": "Netzwerk",
               "Area": "Sozialraum", "TargetGroup": "Zielgruppe",
               "ContactPerson": "Kontaktperson", HISTORY_LABEL: "Änderungseintrag",
               USER_LABEL: "Benutzerkonto"}


def check(data: Any) -> None:
    """Refuse files of another format or version, with unknown labels or
    label combinations, user accounts in a file that says it has none, node
    numbers twice, values of a type the format does not have, and
    relationships to nodes the file does not hold (or to user accounts)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"Die Datei ist kein {FORMAT} (keine Sicherung dieses Registers).")
    if data.get("version") not in SUPPORTED_VERSIONS:
        raise BackupError(f"Die Sicherung hat die Formatversion {data.get('version')!r}; dieses "
                          f"Register liest die Versionen {list(SUPPORTED_VERSIONS)}.")
    nodes, rels = data.get("nodes", []), data.get("relationships", [])
    if not isinstance(nodes, list) or not isinstance(rels, list):
        raise BackupError("Die Sicherung ist beschädigt: Knoten oder Beziehungen fehlen.")
    allowed = LABEL_SETS | ({USER_LABEL_SET} if data.get("with_users") is True else set())
    labels_of: dict[int, frozenset[str]] = {}
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("props", {}), dict):
            raise BackupError("Die Sicherung ist beschädigt: ein Knoten ist unlesbar.")
        number = node.get("n")
        if not isinstance(number, int) or isinstance(number, bool):
            raise BackupError("Die Sicherung ist beschädigt: ein Knoten hat keine Nummer (n).")
        if number in labels_of:
            raise BackupError(f"Die Sicherung ist beschädigt: die Knotennummer {number} steht "
                              "zweimal in der Datei.")
        labels = node.get("labels") or []
        label_set = frozenset(labels) if isinstance(labels, list) and all(
            isinstance(label, str) for label in labels) else frozenset()
        if label_set not in allowed or len(label_set) != len(labels):
            if label_set == USER_LABEL_SET:
                raise BackupError(f"Knoten {number}: ein Benutzerkonto in einer Sicherung "
                                  "ohne Benutzerkonten (with_users fehlt).")
            shown = ", ".join(f"„{label}“" for label in map(str, labels)) or "keine"
            raise BackupError(f"Knoten {number}: die Labels {shown} gehören nicht zum Register.")
        if label_set == USER_LABEL_SET and node.get("props", {}).get("role") not in policy.ROLES:
            raise BackupError(f"Knoten {number}: ein Benutzerkonto mit unbekannter Rolle.")
        for key, value in (node.get("props") or {}).items():
            _check_value(f"Knoten {number}", key, value)
        labels_of[number] = label_set
    for rel in rels:
        if not isinstance(rel, dict) or rel.get("type") not in RELATIONSHIP_TYPES:
            kind = rel.get("type") if isinstance(rel, dict) else None
            raise BackupError(f"Die Beziehungsart „{kind}“ gehört nicht zum Register.")
        ends = (rel.get("start"), rel.get("end"))
        if not all(isinstance(end, int) and end in labels_of for end in ends):
            raise BackupError(f"Eine Beziehung {rel['type']} verweist auf einen Knoten, "
                              "der nicht in der Datei steht.")
        if any(labels_of[end] == USER_LABEL_SET for end in ends):
            raise BackupError(f"Eine Beziehung {rel['type']} führt zu einem Benutzerkonto; "
                              "Benutzerkonten haben keine Beziehungen.")
        if not isinstance(rel.get("props", {}), dict):
            raise BackupError(f"Die Sicherung ist beschädigt: eine Beziehung {rel['type']} "
                              "hat unlesbare Eigenschaften.")
        for key, value in (rel.get("props") or {}).items():
            _check_value(f"Eine Beziehung {rel['type']}", key, value)


def _check_value(where: str, key: str, value: Any) -> None:
    if _plain(value) or value is None:
        return
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _TAG_TYPES \
            and isinstance(next(iter(value.values())), str):
        return
    raise BackupError(f"{where}, Eigenschaft „{key}“: unbekannter markierter Wert {value!r} "
                      "(erlaubt sind Text, Zahlen, Wahrheitswerte, Listen davon und die "
                      "markierten Zeitwerte des Formats).")


def _unique_problem(nodes: list[dict], unique: dict[str, list[tuple[str, ...]]]) -> str | None:
    """Two nodes of the file that the database's uniqueness constraints
    (schema.cypher) would refuse: named, before anything is written."""
    for label, keys in unique.items():
        for props in keys:
            seen: dict[tuple, int] = {}
            for node in nodes:
                if node["labels"] != [label]:
                    continue
                values = tuple(node.get("props", {}).get(k) for k in props)
                if None in values:
                    continue
                key = tuple(json.dumps(v, sort_keys=True) for v in values)
                if key in seen:
                    shown = ", ".join(f"{k} = {v!r}" for k, v in zip(props, values))
                    return (f"Die Knoten {seen[key]} und {node['n']} "
                            f"({LABEL_NAMES.get(label, label)}) haben beide {shown}; das "
                            "muss im Register eindeutig sein.")
                seen[key] = node["n"]
    return None


_CONSTRAINT = re.compile(r"label `(\w+)` and propert(?:y|ies) (.+?) = (.+)$", re.S)


def _constraint_message(error: Neo4jError) -> str:
    """A uniqueness constraint the check did not know of, in German."""
    match = _CONSTRAINT.search(error.message or "")
    if match:
        label, props, value = match.groups()
        return (f"Ein {LABEL_NAMES.get(label, label)} der Sicherung hat "
                f"{props.replace('`', '')} = {value.strip()}, das es schon gibt; das muss im "
                "Register eindeutig sein.")
    return "Die Sicherung verletzt eine Regel der Datenbank (Eindeutigkeit)."


def restore(db: Database, data: dict[str, Any], progress: Progress | None = None,
            keep_users: bool = False) -> dict[str, int]:
    """Load a checked backup into the empty database in one transaction.
    ``keep_users``: the database may hold user accounts (and nothing else);
    they stay, and an account of the file whose id or e-mail one of them has
    is left out (the database's wins)."""
    check(data)
    content = db.read_one("backup_database_content", bookkeeping=list(schema.BOOKKEEPING_LABELS))
    accounts = content["accounts"]
    if content["others"]:
        raise BackupError("Die Datenbank ist nicht leer: eine Sicherung wird nur in eine leere "
                          "Datenbank geladen (sonst mischten sich die Daten).")
    if accounts and not keep_users:
        raise BackupError(f"Die Datenbank enthält {len(accounts)} Benutzerkonto/-konten und "
                          "sonst nichts. Eine Sicherung wird nur in eine leere Datenbank "
                          "geladen; mit der Option --keep-users bleiben die Konten erhalten "
                          "und die Sicherung wird dazugeladen.")
    taken = {a["id"] for a in accounts} | {(a["email"] or "").casefold() for a in accounts}
    nodes = [node for node in data.get("nodes", []) if not (
        node["labels"] == [USER_LABEL] and _account_taken(node.get("props") or {}, taken))]
    skipped = len(data.get("nodes", [])) - len(nodes)
    rels = data.get("relationships", [])
    problem = _unique_problem(nodes, schema.unique_properties(db))
    if problem:
        raise BackupError(problem)
    schema.apply(db)
    total = len(nodes) + len(rels)

    def work(tx: Tx) -> dict[str, int]:
        now = tx.one("backup_database_content", bookkeeping=list(schema.BOOKKEEPING_LABELS))
        if now["others"] or len(now["accounts"]) != len(accounts):
            raise BackupError("Die Datenbank hat sich während der Wiederherstellung geändert.")
        done = 0
        element: dict[int, str] = {}
        for labels, batch in _batches(nodes, lambda n: tuple(n["labels"])):
            rows = [{"n": node["n"], **_decode_props(node.get("props") or {})} for node in batch]
            for row in tx.run("backup_restore_nodes", labels=list(labels), rows=rows):
                element[row["n"]] = row["eid"]
            done += len(batch)
            if progress:
                progress(done, total, "restore")
        for rel_type, batch in _batches(rels, lambda r: r["type"]):
            rows = [{"start": element[r["start"]], "end": element[r["end"]],
                     **_decode_props(r.get("props") or {})} for r in batch]
            tx.run("backup_restore_relationships", type=rel_type, rows=rows)
            done += len(batch)
            if progress:
                progress(done, total, "restore")
        counts = {"nodes": len(nodes), "relationships": len(rels)}
        if keep_users:
            counts.update(users_kept=len(accounts), users_skipped=skipped)
        return counts

    try:
        return db.transaction(work)
    except ConstraintError as error:
        raise BackupError(_constraint_message(error)) from error
    except ClientError as error:  # e.g. a date text Neo4j cannot read
        raise BackupError(f"Die Datenbank hat einen Wert der Sicherung abgelehnt "
                          f"({error.code}).") from error


def _account_taken(props: dict[str, Any], taken: set[str]) -> bool:
    return props.get("id") in taken or (props.get("email") or "").casefold() in taken


def _batches(items: list[dict], key) -> Iterator[tuple[Any, list[dict]]]:
    groups: dict[Any, list[dict]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    for group_key, group in groups.items():
        for start in range(0, len(group), BATCH_SIZE):
            yield group_key, group[start:start + BATCH_SIZE]


def _decode_props(props: dict[str, Any]) -> dict[str, Any]:
    """Plain properties, and the tagged temporal ones for Cypher to rebuild."""
    plain, temporal = {}, []
    for key, value in props.items():
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in _TAG_TYPES:
                raise BackupError(f"Eigenschaft {key!r}: unbekannter markierter Wert {value!r}.")
            tag, text = next(iter(value.items()))
            temporal.append({"k": key, "t": _TAG_TYPES[tag], "v": str(text)})
        else:
            plain[key] = value
    return {"plain": plain, "temporal": temporal}


# -- comparing ---------------------------------------------------------------------------------

def canonical_dump(db: Database) -> dict[str, list]:
    """The graph in a canonical order, for comparing two databases: nodes as
    (labels, properties), relationships as (type, start id, end id, properties),
    each sorted. Values keep their exact Python type (including time zones)."""
    def value(v: Any) -> str:
        return repr(to_native(v))

    nodes = sorted(
        (tuple(sorted(row["labels"])), tuple(sorted((k, value(v)) for k, v in row["props"].items())))
        for row in _raw(db, "backup_canonical_nodes")
        if not TRANSIENT_LABELS.intersection(row["labels"]))  # bookkeeping, not content
    rels = sorted(
        (row["type"], row["start"], row["end"],
         tuple(sorted((k, value(v)) for k, v in row["props"].items())))
        for row in _raw(db, "backup_canonical_relationships"))
    return {"nodes": nodes, "relationships": rels}


def _raw(db: Database, name: str) -> list[dict[str, Any]]:
    """Rows with the driver's own temporal types (``db.read`` would convert
    them and lose the zone names)."""
    records, _, _ = db.driver.execute_query(db.queries[name], database_=db.database,
                                            routing_="r")
    return [dict(record) for record in records]
