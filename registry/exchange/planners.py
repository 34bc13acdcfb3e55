"""The planner of each import kind, in one table.

A planner reads a table and plans its writes with the importer's shared
checks, so the importer must not import the planners (that was an import
loop). Instead each planner registers itself here with ``@planner(kind)``;
the package imports every planner module once (exchange/__init__.py), and
the importer looks kinds up in ``PLANNERS``.
"""
from __future__ import annotations

from typing import Callable

# kind -> plan(tx, table, ctx, **options) -> Plan
PLANNERS: dict[str, Callable] = {}


def planner(kind: str) -> Callable[[Callable], Callable]:
    def register(plan: Callable) -> Callable:
        if kind in PLANNERS:
            raise RuntimeError(f"two planners for import kind {kind!r}")
        PLANNERS[kind] = plan
        return plan
    return register
