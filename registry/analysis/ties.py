"""Derived cooperation ties at a date (Stichtag).

A tie joins two actors that are parties to the same valid agreement or
members of the same network at the date. It carries what links them and a
weight (the number of agreements and networks they share).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, groupby
from sys import intern
from datetime import date
from typing import Iterable, NamedTuple

import numpy as np

from ..db import Database
from ..rules.agreements import in_force


@dataclass(frozen=True, slots=True)
class Link:
    via: str        # "agreement" or "network"
    id: str
    name: str
    type: str


@dataclass(slots=True)
class Tie:
    # Slots: at city scale a report holds 212,900 ties (60 MB with a __dict__ each).
    a: str          # actor id, a < b
    b: str
    links: list[Link] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return len(self.links)

    @property
    def agreement_types(self) -> list[str]:
        return sorted({l.type for l in self.links if l.via == "agreement"})

    @property
    def network_names(self) -> list[str]:
        return sorted({l.name for l in self.links if l.via == "network"})

    def other(self, actor_id: str) -> str:
        return self.b if actor_id == self.a else self.a


def group_ties(rows: Iterable[dict]) -> list[Tie]:
    """Rows of ``ties_at`` (one per pair and link) to one Tie per pair."""
    ties: dict[tuple[str, str], Tie] = {}
    for row in rows:
        key = (row["a"], row["b"])
        tie = ties.get(key)
        if tie is None:
            tie = ties[key] = Tie(*key)
        tie.links.append(_link(row))
    return list(ties.values())


def _link(row) -> Link:
    return Link(row["via"], row["via_id"], row["via_name"] or "", row["via_type"] or "")


def _filters(actor_ids: Iterable[str] | None = None, agreement_types: Iterable[str] | None = None,
             network_ids: Iterable[str] | None = None, with_agreements: bool = True,
             with_networks: bool = True) -> dict:
    """The shared parameters of ties_at and tie_history."""
    return dict(
        actor_ids=list(actor_ids) if actor_ids is not None else None,
        agreement_types=list(agreement_types) if agreement_types is not None else None,
        network_ids=list(network_ids) if network_ids is not None else None,
        with_agreements=with_agreements,
        with_networks=with_networks,
    )


# A set of fewer actors than this is read from its actors (an index lookup
# each) instead of from every group of the city.
ANCHOR_BELOW = 2000


def ties_at(db: Database, day: date, actor_ids: Iterable[str] | None = None,
            **filters) -> list[Tie]:
    """The ties at ``day``, ordered by pair, each pair's links by kind and
    name; ``actor_ids``: only pairs within them; ``filters``: those of
    ``tie_groups``. Reads one row per agreement and network (``tie_groups_at``)
    and forms the pairs here: at city scale a Cypher cross product of the
    parties made 1.8 million db hits for 230,000 ties."""
    within = set(actor_ids) if actor_ids is not None else None
    return ties_from_groups(tie_groups(db, day, within, **filters), within)


def tie_groups(
    db: Database,
    day: date,
    actor_ids: Iterable[str] | None = None,
    agreement_types: Iterable[str] | None = None,
    network_ids: Iterable[str] | None = None,
    with_agreements: bool = True,
    with_networks: bool = True,
) -> list[dict]:
    """The groups making ties at ``day``, one row each with its actors: of a
    small actor set (``actor_ids``) read from its actors, else every group of
    the city (the caller keeps the pairs within the set); only agreements of
    ``agreement_types``, only networks of ``network_ids`` (None: all)."""
    params = dict(
        day=day,
        agreement_types=list(agreement_types) if agreement_types is not None else None,
        network_ids=list(network_ids) if network_ids is not None else None,
        with_agreements=with_agreements,
        with_networks=with_networks,
    )
    if actor_ids is not None:
        within = set(actor_ids)
        if len(within) <= ANCHOR_BELOW:
            return db.read("tie_groups_among", actor_ids=sorted(within), **params)
    return db.read("tie_groups_at", **params)


def ties_from_groups(rows: Iterable[dict], within: set[str] | None = None) -> list[Tie]:
    """Rows of ``tie_groups_at`` (one per group with its actors) to one Tie
    per pair; ``within``: only pairs with both ends in it."""
    ties: dict[tuple[str, str], Tie] = {}
    for row in rows:
        # One Link object per group, shared by its pairs.
        link = Link(row["via"], row["via_id"], row["via_name"] or "", row["via_type"] or "")
        # Each actor id once in memory (the driver makes a new string per
        # row; 212,900 ties name 29,600 actors), shared with the structure's.
        members = {intern(a) for a in row["actors"]}
        if within is not None:
            members &= within
        for key in combinations(sorted(members), 2):
            tie = ties.get(key)
            if tie is None:
                tie = ties[key] = Tie(*key)
            tie.links.append(link)
    for tie in ties.values():
        tie.links.sort(key=lambda l: (l.via, l.name))
    return sorted(ties.values(), key=lambda t: (t.a, t.b))


def pair_codes(rows: Iterable[dict], index: dict[str, int]) -> np.ndarray:
    """The pairs of ``ties_from_groups`` without making a Tie of each: the
    distinct pairs of actors in ``index`` (actor id -> 0..n-1; others left
    out) as sorted codes ``i * n + j``, i < j. For counting ties by some
    property of their ends (the overview map counts 212,900 ties per pair
    of Sozialräume): 0.2 s instead of 5 s of Tie objects at city scale."""
    n = len(index)
    by_size: dict[int, list[list[int]]] = {}  # groups of k members, each sorted
    for row in rows:
        members = sorted({index[a] for a in row["actors"] if a in index})
        if len(members) > 1:
            by_size.setdefault(len(members), []).append(members)
    chunks = []
    for k, groups in by_size.items():
        at = np.array(groups, dtype=np.int64)
        first, second = np.triu_indices(k, 1)  # every i < j of k members
        chunks.append((at[:, first] * n + at[:, second]).ravel())
    if not chunks:
        return np.empty(0, dtype=np.int64)
    # Sorted, then each code once: numpy 2's np.unique hashes first and
    # took 0.24 s for the city's 230,400 pairs, this 0.02 s.
    codes = np.sort(np.concatenate(chunks))
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]


# A span of days a tie holds: (first, last), None = open.
Span = tuple[date | None, date | None]


class TieHistory(NamedTuple):
    """A pair's links at any time and the days it holds (merged spans).
    A tuple, so that pairs linked alike share one (tie_history)."""
    links: tuple[Link, ...]
    spans: tuple[Span, ...]


def _link_span(row) -> Span | None:
    """The days one link holds; None when it never does."""
    starts = [d for d in row["starts"] if d is not None]
    ends = [d for d in row["ends"] if d is not None]
    first, last = (max(starts) if starts else None), (min(ends) if ends else None)
    if first and last and last < first:
        return None  # the two memberships never overlapped
    if row["via"] == "agreement":
        probe = first or last or date(2000, 1, 1)  # in the span: only the status decides
        if not in_force(row["status"], first, last, probe):
            return None
    return first, last


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined; open ends stay open."""
    low, high = date.min, date.max
    ordered = sorted(((s or low, e or high) for s, e in spans))
    merged: list[list[date]] = []
    for start, end in ordered:
        if merged and start.toordinal() <= merged[-1][1].toordinal() + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(None if s == low else s, None if e == high else e) for s, e in merged]


def tie_history(db: Database, **filters) -> dict[tuple[str, str], TieHistory]:
    """Every pair that is linked at some day, with its spans (ties_at's
    rules and filters, over all days). ``filters``: those of ties_at.

    The rows (ordered by pair) are read as they come and each pair is
    complete at its last row; equal links, spans and histories are one
    object each. At city scale (252,200 rows, 227,100 pairs) 37 MB are
    held; the list of rows and an object per pair and row held 390 MB."""
    params = _filters(**filters)
    return db.read_transaction(lambda tx: _histories(tx.stream("tie_history", **params)))


def _histories(rows: Iterable[dict]) -> dict[tuple[str, str], TieHistory]:
    """Rows of ``tie_history`` (ordered by pair) to a TieHistory per pair."""
    found: dict[tuple[str, str], TieHistory] = {}
    links_seen: dict[Link, Link] = {}
    spans_seen: dict[tuple[Span, ...], tuple[Span, ...]] = {}
    items_seen: dict[TieHistory, TieHistory] = {}
    for (a, b), pair_rows in groupby(rows, key=lambda row: (row["a"], row["b"])):
        links, spans = [], []
        for row in pair_rows:
            span = _link_span(row)
            if span is None:
                continue
            link = _link(row)
            links.append(links_seen.setdefault(link, link))
            spans.append(span)
        if links:
            merged = tuple(merge_spans(spans))
            item = TieHistory(tuple(links), spans_seen.setdefault(merged, merged))
            found[intern(a), intern(b)] = items_seen.setdefault(item, item)
    return found


def operator_links(db: Database, actor_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(Träger id, facility id) pairs."""
    rows = db.read("operator_links", actor_ids=list(actor_ids) if actor_ids is not None else None)
    return [(row["traeger"], row["facility"]) for row in rows]


def degree(ties: Iterable[Tie]) -> dict[str, int]:
    """Number of distinct partners per actor."""
    counts: dict[str, int] = {}
    for tie in ties:
        counts[tie.a] = counts.get(tie.a, 0) + 1
        counts[tie.b] = counts.get(tie.b, 0) + 1
    return counts
