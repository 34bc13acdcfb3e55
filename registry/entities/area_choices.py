"""Areas for the fields and filters that pick one (views/pick.py): the chosen
ones, the type-ahead's search and a typed name or id resolved."""
from __future__ import annotations

from ..db import Database
from . import choices


def chosen(db: Database, ids: list[str], level: str | None = None) -> list[tuple[str, str]]:
    """The chosen areas (id, name) of a select that offers only those (a
    type-ahead finds the others), in the order given; unknown ids (and areas
    of another ``level``, if given) are left out, so the select refuses them."""
    if not ids:
        return []
    return choices.in_order({row["id"]: row["name"] for row in db.read(
        "area_choices_by_id", ids=list(ids)) if level is None or row["level"] == level}, ids)


def _rows(db: Database, level: str | None = None) -> list[dict]:
    rows = choices.candidates(db, "area_choices", lambda row: {
        "id": row["id"], "name": row["name"], "kind": row["level"], "area_name": None})
    return rows if level is None else [row for row in rows if row["kind"] == level]


def search(db: Database, text: str, limit: int = choices.SEARCH_LIMIT,
           level: str | None = None) -> tuple[list[dict], bool]:
    """Type-ahead of an area field: the areas (of ``level``, if given) whose
    name contains ``text``."""
    return choices.search(_rows(db, level), text, limit)


def named(db: Database, text: str, level: str | None = None) -> list[dict]:
    """The areas (of ``level``, if given) with exactly this id or name."""
    return choices.named(_rows(db, level), text)
