"""Results memoised per data version, and computations shared by the
requests that wait for them.

A cached value is keyed by what was asked (e.g. Stichtag and Sozialraum)
and by a version of the database (``Database.data_version``), which every
committed write changes in its own transaction. So a value is never stale:
each use reads the current version (one index lookup) and any app instance
recomputes as soon as another one wrote. Values live in the process that
computed them, a few at a time (least recently used goes first).

A cache of values computed only from what analyses read (the structure,
the ties, the map and Stadtplan queries) keys on the analysis version
instead (``VersionedCache(analysis=True)``, ``Database.analysis_version``):
it changes with every write too, except one that changes only fields
declared descriptive (``Entity.descriptive``: an actor's description,
phone ...), which such a value never reads. So it is never stale either,
and a stream of such saves does not recompute every report.
tests/test_descriptive_fields.py keeps the analysis queries from reading a
descriptive field.

Under a stream of writes the version changes between any two requests, so a
cache alone would let every request compute the same report again, each
holding a thread and the CPU (the load test: report requests queued until
they timed out). ``Rounds`` shares one computation among the requests that
wait for it, without serving anything stale: a request takes the result of a
computation that *started after it arrived* (so it reads every write
committed before the request), never that of one already running; requests
arriving meanwhile wait for the next round. One computation per key runs at
a time, and all its waiters share the result.
"""
from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from contextlib import nullcontext
from contextvars import ContextVar
from typing import Any, Callable, ContextManager, Hashable, TypeVar

from ..db import Database

T = TypeVar("T")

# Arrival order of requests and start order of rounds, one sequence.
_tickets = itertools.count(1)
# Inside a round's computation: the latest arrival it serves, so a nested
# shared computation (the structure under a report) may be one that started
# after that arrival instead of after the round itself began.
_serving: ContextVar[int | None] = ContextVar("registry_rounds_serving", default=None)


class _Round:
    __slots__ = ("running", "done_start", "result", "latest_arrival", "users")

    def __init__(self) -> None:
        self.running = False
        self.done_start = 0        # start ticket of the last finished round
        self.result: Any = None
        self.latest_arrival = 0
        self.users = 0


class Rounds:
    """One computation per key at a time, shared by every request that
    arrived before it started. Results are kept only while someone waits."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._rounds: dict[Hashable, _Round] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        outer = _serving.get()
        with self._cond:
            arrival = outer if outer is not None else next(_tickets)
            entry = self._rounds.get(key)
            if entry is None:
                entry = self._rounds[key] = _Round()
            entry.users += 1
            entry.latest_arrival = max(entry.latest_arrival, arrival)
            self._cond.notify_all()  # for wait_for_users
            try:
                while entry.done_start <= arrival:
                    if not entry.running:
                        break
                    self._cond.wait()
                else:
                    self._leave(key, entry)
                    return entry.result
                entry.running = True
                start = next(_tickets)
                serves = entry.latest_arrival
            except BaseException:
                self._leave(key, entry)
                raise
        token = _serving.set(serves)
        try:
            value = compute()
        except BaseException:
            with self._cond:
                entry.running = False
                self._cond.notify_all()  # a waiter leads the next round
                self._leave(key, entry)
            raise
        finally:
            _serving.reset(token)
        with self._cond:
            entry.running = False
            entry.done_start, entry.result = start, value
            self._cond.notify_all()
            self._leave(key, entry)
        return value

    def wait_for_users(self, key: Hashable, n: int, timeout: float = 10.0) -> bool:
        """Wait until ``n`` requests are in ``key``'s rounds (computing or
        waiting): lets a test line requests up without sleeping."""
        with self._cond:
            return self._cond.wait_for(
                lambda: key in self._rounds and self._rounds[key].users >= n, timeout)

    def _leave(self, key: Hashable, entry: _Round) -> None:
        entry.users -= 1
        if entry.users == 0 and not entry.running:
            self._rounds.pop(key, None)


class VersionedCache:
    """Values per key and version; ``analysis``: keyed on the analysis
    version (only for values computed from analysis inputs alone)."""

    def __init__(self, capacity: int = 8, analysis: bool = False):
        self.capacity = capacity
        self._version = Database.analysis_version if analysis else Database.data_version
        self.hits = 0
        self.misses = 0
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._rounds = Rounds()

    def get(self, db: Database, key: Hashable, compute: Callable[[], T],
            gate: Callable[[], ContextManager] | None = None) -> T:
        """The value for ``key`` at the current version; ``gate``: a
        context (a turn of a bound on heavy work) around computing only."""
        version = self._version(db)
        if version is None:  # no write recorded yet: nothing to key on
            with gate() if gate is not None else nullcontext():
                return compute()
        with self._lock:
            full = (db.uri, db.database, version, key)
            if full in self._values:
                self._values.move_to_end(full)
                self.hits += 1
                return self._values[full]

        def fresh() -> T:
            # The version read before computing: a write committed meanwhile
            # gives a newer version, so this value is not served for it.
            now = self._version(db)
            with self._lock:
                found = (db.uri, db.database, now, key)
                if found in self._values:  # computed by the round just before
                    self.hits += 1
                    return self._values[found]
                self.misses += 1
            with gate() if gate is not None else nullcontext():
                value = compute()
            with self._lock:
                self._values[found] = value
                self._values.move_to_end(found)
                while len(self._values) > self.capacity:
                    self._values.popitem(last=False)
            return value

        return self._rounds.get((db.uri, db.database, key), fresh)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# Reports of the running process (registry/reports/build.py): computed from
# analysis inputs; the parts read from the history (the changes since a
# date) are added per data version (``live_reports``).
reports = VersionedCache(capacity=8, analysis=True)
# One Sozialraum's reports in a memo of their own: there are hundreds of
# Sozialräume, each a small report computed in about a second, and among
# the whole area's eight places they pushed out reports that take a minute.
area_reports = VersionedCache(capacity=16, analysis=True)
live_reports = VersionedCache(capacity=8)
# What every report reads, kept for the latest analysis version: the
# structure and the ties at one day. A one-Sozialraum report is 1 s of its own
# work on top of 9 s structure and 5 s ties (scale 100); with 900 Sozialräume
# each one is a report of its own, so without these each computed them again
# and queued for the heavy turn (bench_load's 503s).
structures = VersionedCache(capacity=1, analysis=True)
tie_lists = VersionedCache(capacity=1, analysis=True)
# The whole area's figures beside a Sozialraum's (reports/build.py).
whole_figures = VersionedCache(capacity=4, analysis=True)
# What the overview map reads (the groups making ties): shared, never kept.
floor = Rounds()


def shared_structure(db: Database, gate: Callable[[], ContextManager] | None = None):
    """The structure at the current analysis version, read once for all
    reports (and maps); ``gate`` around reading it."""
    from . import structure
    return structures.get(db, "structure", lambda: structure.load(db), gate)


def shared_tie_groups(db: Database, day):
    """Every group making ties at ``day`` (``ties.tie_groups``' rows), shared
    by the requests of one moment, never one read before the request came."""
    from .ties import tie_groups
    return floor.get((db.uri, db.database, "tie groups", day), lambda: tie_groups(db, day))


def shared_ties(db: Database, day, gate: Callable[[], ContextManager] | None = None):
    """Every tie at ``day`` at the current analysis version (read only);
    ``gate`` around reading them."""
    from .ties import ties_from_groups
    return tie_lists.get(db, ("ties", day),
                         lambda: ties_from_groups(shared_tie_groups(db, day)), gate)
