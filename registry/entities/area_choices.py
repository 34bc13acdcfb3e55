"""Areas for the fields and filters that pick one (views/pick.py): the chosen
ones, the type-ahead's search and a typed name or id resolved."""
from __future__ import annotations

from ..db import Database
from ..text import fold


# The most hits a type-ahead shows (like actors.CANDIDATE_LIMIT).
SEARCH_LIMIT = 20


def chosen(db: Database, ids: list[str], level: str | None = None) -> list[tuple[str, str]]:
    """The chosen areas (id, name) of a select that offers only those (a
    type-ahead finds the others), in the order given; unknown ids (and areas
    of another ``level``, if given) are left out, so the select refuses them."""
    if not ids:
        return []
    found = {row["id"]: row["name"] for row in db.read("area_choices_by_id", ids=list(ids))
             if level is None or row["level"] == level}
    return [(i, found[i]) for i in dict.fromkeys(ids) if i in found]


def _rows(db: Database, level: str | None = None) -> list[dict]:
    return [{"id": row["id"], "name": row["name"], "kind": row["level"], "area_name": None}
            for row in db.read("area_choices") if level is None or row["level"] == level]


def search(db: Database, text: str, limit: int = SEARCH_LIMIT,
           level: str | None = None) -> tuple[list[dict], bool]:
    """Type-ahead of an area field: the areas (of ``level``, if given) whose
    folded name contains ``text``, at most ``limit``, and whether there are
    more. Filtered here: a city has a few thousand areas at most, one read
    is cheaper than an index."""
    folded = fold(text)
    if not folded:
        return [], False
    hits = [r for r in _rows(db, level) if folded in fold(r["name"])]
    return hits[:limit], len(hits) > limit


def named(db: Database, text: str, level: str | None = None) -> list[dict]:
    """The areas (of ``level``, if given) with exactly this id or (folded)
    name: the search field that works without JavaScript; more than one
    means ambiguous."""
    text = (text or "").strip()
    if not text:
        return []
    rows = _rows(db, level)
    by_id = [r for r in rows if r["id"] == text]
    return by_id or [r for r in rows if fold(r["name"]) == fold(text)]
