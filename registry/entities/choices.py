"""What every select that offers only the chosen entries shares (views/pick.py):
the candidates as rows ``{id, name, kind, area_name}``, searched by folded
name for the type-ahead and matched by id or name for a typed value. The
candidates themselves come from ``area_choices`` and ``network_choices``."""
from __future__ import annotations

from ..text import fold

# The most hits a type-ahead shows (like actors.CANDIDATE_LIMIT).
SEARCH_LIMIT = 20


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
    hits = [r for r in rows if folded in fold(r["name"])]
    return hits[:limit], len(hits) > limit


def named(rows: list[dict], text: str) -> list[dict]:
    """The rows with exactly this id or (folded) name: the search field that
    works without JavaScript; more than one means ambiguous."""
    text = (text or "").strip()
    if not text:
        return []
    by_id = [r for r in rows if r["id"] == text]
    return by_id or [r for r in rows if fold(r["name"]) == fold(text)]
