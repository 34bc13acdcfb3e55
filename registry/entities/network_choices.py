"""Networks for the filters that pick them (the map's, views/pick.py): the
chosen ones, the type-ahead's search and a typed name or id resolved. A city
has thousands of networks; no select lists them all."""
from __future__ import annotations

from ..db import Database
from . import choices


def chosen(db: Database, ids: list[str]) -> list[tuple[str, str]]:
    """The chosen networks (id, name), in the order given; unknown ids are
    left out, so the select refuses them."""
    if not ids:
        return []
    return choices.in_order({row["id"]: row["name"] for row in db.read(
        "network_choices_by_id", ids=list(ids))}, ids)


def _rows(db: Database) -> list[dict]:
    # A network is told apart by its scope (pick_problem, the type-ahead's hits).
    return choices.candidates(db, "network_choices", lambda row: {
        "id": row["id"], "name": row["name"], "kind": row["type"], "area_name": row["scope"]})


def search(db: Database, text: str, limit: int = choices.SEARCH_LIMIT) -> tuple[list[dict], bool]:
    """Type-ahead of a network filter: the networks whose name contains ``text``."""
    return choices.search(_rows(db), text, limit)


def named(db: Database, text: str) -> list[dict]:
    """The networks with exactly this id or name."""
    return choices.named(_rows(db), text)
