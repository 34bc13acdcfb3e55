"""Results memoised per data version.

A cached value is keyed by what was asked (e.g. Stichtag and Sozialraum)
and by the database's data version (``Database.data_version``), which every
committed write changes in its own transaction. So a value is never stale:
each use reads the current version (one index lookup) and any app instance
recomputes as soon as another one wrote. Values live in the process that
computed them, a few at a time (least recently used goes first); requests
for the same missing value wait for one computation instead of repeating it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

from ..db import Database

T = TypeVar("T")


class VersionedCache:
    def __init__(self, capacity: int = 8):
        self.capacity = capacity
        self.hits = 0
        self.misses = 0
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, db: Database, key: Hashable, compute: Callable[[], T]) -> T:
        version = db.data_version()
        if version is None:  # no write recorded yet: nothing to key on
            return compute()
        full = (db.uri, db.database, version, key)
        with self._lock:
            if full in self._values:
                self._values.move_to_end(full)
                self.hits += 1
                return self._values[full]
            gate = self._computing.setdefault(full, threading.Lock())
        with gate:
            with self._lock:
                if full in self._values:
                    self.hits += 1
                    return self._values[full]
                self.misses += 1
            value = compute()
            with self._lock:
                self._values[full] = value
                self._values.move_to_end(full)
                while len(self._values) > self.capacity:
                    self._values.popitem(last=False)
                self._computing.pop(full, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# Reports of the running process (registry/reports.py).
reports = VersionedCache(capacity=8)
