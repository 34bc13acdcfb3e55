"""Areas as select choices (indented by depth), for every form that picks one."""
from __future__ import annotations

from ..analysis import cache
from ..db import Database
from ..text import fold


def choices(db: Database) -> list[tuple[str, str]]:
    return [
        (row["id"], "\u2003" * row["depth"] + row["name"])
        for row in db.read("area_choices")
    ]


def sozialraeume(db: Database) -> list[tuple[str, str]]:
    """The Sozialräume (id, name), for the filters that narrow a report to one.
    Memoised per data version (never stale): every look at a memoised report
    needs them (900 at city scale, a third of a second)."""
    return list(SOZIALRAEUME.get(db, "sozialraeume", lambda: [
        (row["id"], row["name"]) for row in db.read("analysis_areas")
        if row["level"] == "sozialraum"]))


SOZIALRAEUME = cache.VersionedCache(capacity=2)


# The most hits a type-ahead shows (like actors.CANDIDATE_LIMIT).
SEARCH_LIMIT = 20


def _rows(db: Database) -> list[dict]:
    return [{"id": row["id"], "name": row["name"], "kind": row["level"], "area_name": None}
            for row in db.read("area_choices")]


def search(db: Database, text: str, limit: int = SEARCH_LIMIT) -> tuple[list[dict], bool]:
    """Type-ahead of an area field: the areas whose folded name contains
    ``text``, at most ``limit``, and whether there are more. Filtered here:
    a city has a few thousand areas at most, one read is cheaper than an index."""
    folded = fold(text)
    if not folded:
        return [], False
    hits = [r for r in _rows(db) if folded in fold(r["name"])]
    return hits[:limit], len(hits) > limit


def named(db: Database, text: str) -> list[dict]:
    """The areas with exactly this id or (folded) name: the search field that
    works without JavaScript; more than one means ambiguous."""
    text = (text or "").strip()
    if not text:
        return []
    rows = _rows(db)
    by_id = [r for r in rows if r["id"] == text]
    return by_id or [r for r in rows if fold(r["name"]) == fold(text)]
