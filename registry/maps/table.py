"""The map as two tables (WCAG 1.1.1: the text alternative of the picture):
actors with kind, Sozialraum and number of partners; ties with what links
them. Sorting keys are whitelisted; each table pages on its own."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Callable

from ..paging import Page
from ..text import fold
from .view import MapEdge, MapNode, MapView

PER_PAGE = 100

# Primary keys; equal rows stay in name order either way (stable sorts).
ACTOR_SORTS: dict[str, Callable[[MapNode], object]] = {
    "name": lambda n: fold(n.name),
    "art": lambda n: fold(n.kind_label),
    "traegerschaft": lambda n: fold(n.sector_label),
    "sozialraum": lambda n: fold(n.sozialraum or ""),
    "partner": lambda n: n.degree,
}


@dataclass
class TieRow:
    a: MapNode
    b: MapNode
    edge: MapEdge


TIE_SORTS: dict[str, Callable[[TieRow], object]] = {
    "a": lambda r: fold(r.a.name),
    "b": lambda r: fold(r.b.name),
    "gewicht": lambda r: r.edge.weight,
    # new, ended, unchanged: what changed comes first
    "veraenderung": lambda r: ("neu", "beendet", "gleich", None).index(r.edge.change),
}


def sort_key(raw: str | None, allowed: dict, default: str) -> tuple[str, bool]:
    raw = raw or default
    key = raw.lstrip("-")
    if key not in allowed:
        return default.lstrip("-"), default.startswith("-")
    return key, raw.startswith("-")


def page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _page(items: list, number: int) -> Page:
    pages = max(1, ceil(len(items) / PER_PAGE))
    number = min(number, pages)
    start = (number - 1) * PER_PAGE
    return Page(items[start:start + PER_PAGE], len(items), number, PER_PAGE)


def actor_page(view: MapView, key: str, descending: bool, number: int) -> Page:
    rows = sorted(view.nodes, key=lambda n: (fold(n.name), n.id))
    rows.sort(key=ACTOR_SORTS[key], reverse=descending)
    return _page(rows, number)


def tie_page(view: MapView, key: str, descending: bool, number: int) -> Page:
    by_id = view.node_by_id()
    rows = []
    for edge in view.edges:
        a, b = by_id[edge.a], by_id[edge.b]
        if fold(b.name) < fold(a.name):
            a, b = b, a  # read alphabetically left to right
        rows.append(TieRow(a, b, edge))
    rows.sort(key=lambda r: (fold(r.a.name), fold(r.b.name), r.a.id, r.b.id))
    rows.sort(key=TIE_SORTS[key], reverse=descending)
    return _page(rows, number)
