"""The public transparency view: what anyone may see when PUBLIC_VIEW is on.
Contact persons and drafts never appear here."""
from __future__ import annotations

from .db import Database
from .paging import Page
from .text import fold


def actors(db: Database, q: str, page: int, per_page: int) -> Page:
    terms = fold(q).split()
    total = db.read_one("public_actor_count", terms=terms)["total"]
    rows = db.read("public_actor_page", terms=terms, skip=(page - 1) * per_page, limit=per_page)
    return Page(rows, total, page, per_page)


def actor(db: Database, actor_id: str) -> dict | None:
    return db.read_one("public_actor", id=actor_id)
