"""Headline figures of the whole registry."""
from __future__ import annotations

from .db import Database


def counts(db: Database) -> dict[str, int]:
    row = db.read_one("overview_counts") or {}
    return {key: int(row.get(key) or 0) for key in
            ("actors", "agreements", "networks", "areas", "user_bodies")}
