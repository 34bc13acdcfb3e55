"""Constraints and indexes, applied from cypher/schema.cypher."""
from __future__ import annotations

from .db import Database


def apply(db: Database) -> int:
    """Run every block of schema.cypher in order; safe to repeat."""
    names = db.queries.in_file("schema")
    for name in names:
        if name == "await_indexes":
            continue
        db.write(name)
    db.read("await_indexes")
    return len(names)
