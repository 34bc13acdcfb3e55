"""Constraints and indexes, applied from cypher/schema.cypher."""
from __future__ import annotations

import re

from .db import Database

# Nodes of the app's own bookkeeping, not registry data: the data version,
# import jobs, the demo loader's progress and login counters. Never exported,
# never counted as content, left out of whole-graph comparisons.
BOOKKEEPING_LABELS = ("DataVersion", "ImportJob", "DemoLoad", "LoginThrottle")

_UNIQUE = re.compile(r"FOR \(n:(\w+)\) REQUIRE \(?([\w., ]+?)\)? IS UNIQUE")


def apply(db: Database) -> int:
    """Run every block of schema.cypher in order; safe to repeat."""
    names = db.queries.in_file("schema")
    for name in names:
        if name == "await_indexes":
            continue
        db.write(name)
    db.read("await_indexes")
    return len(names)


def unique_properties(db: Database) -> dict[str, list[tuple[str, ...]]]:
    """The uniqueness constraints of schema.cypher: label -> property tuples
    (a restore checks a backup against them before writing)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for name in db.queries.in_file("schema"):
        match = _UNIQUE.search(db.queries[name])
        if match:
            props = tuple(p.strip().removeprefix("n.") for p in match.group(2).split(","))
            found.setdefault(match.group(1), []).append(props)
    return found


def data_node_count(db: Database) -> int:
    """How many nodes hold data (everything but the bookkeeping)."""
    return db.read_one("count_all_nodes", bookkeeping=list(BOOKKEEPING_LABELS))["nodes"]
