"""What every select that offers only the chosen entries shares (views/pick.py):
the candidates as rows ``{id, name, kind, area_name}``, searched by folded
name for the type-ahead and matched by id or name for a typed value. The
candidates themselves come from ``area_choices`` and ``network_choices``,
read through ``candidates``: once per analysis version, not per keystroke."""
from __future__ import annotations

from typing import Callable

from ..analysis.cache import VersionedCache
from ..db import Database
from ..text import fold

# The most hits a type-ahead shows (like actors.CANDIDATE_LIMIT).
SEARCH_LIMIT = 20

# Every candidate row by query (cypher/choices.cypher), per analysis version:
# a new or renamed area or network raises it (a name is no descriptive
# field), so the next keystroke reads the list again; typing reads it once.
MEMO = VersionedCache(capacity=4, analysis=True)


def candidates(db: Database, query: str, row: Callable[[dict], dict]) -> list[dict]:
    """The rows of ``query`` as candidates (``row`` shapes one), each with its
    folded name (``folded``), memoised per analysis version. Shared: never
    change them."""
    return MEMO.get(db, query, lambda: [
        dict(candidate, folded=fold(candidate["name"]))
        for candidate in map(row, db.read(query))])


def in_order(names: dict[str, str], ids: list[str]) -> list[tuple[str, str]]:
    """(id, name) of the chosen ids found, in the order given; unknown ids
    are left out, so the select refuses them."""
    return [(i, names[i]) for i in dict.fromkeys(ids) if i in names]


def search(rows: list[dict], text: str, limit: int = SEARCH_LIMIT) -> tuple[list[dict], bool]:
    """The rows whose folded name contains ``text``, at most ``limit``, and
    whether there are more. Filtered here: a city has a few thousand areas or
    networks at most, one read is cheaper than an index."""
    folded = fold(text)
    if not folded:
        return [], False
    hits = [r for r in rows if folded in r["folded"]]
    return hits[:limit], len(hits) > limit


def named(rows: list[dict], text: str) -> list[dict]:
    """The rows with exactly this id or (folded) name: the search field that
    works without JavaScript; more than one means ambiguous."""
    text = (text or "").strip()
    if not text:
        return []
    by_id = [r for r in rows if r["id"] == text]
    return by_id or [r for r in rows if r["folded"] == fold(text)]
