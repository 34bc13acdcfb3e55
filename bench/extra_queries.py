"""The queries the benchmarks run beside the shipped ones: wipe_batch (tests/cypher)
and the floor queries (bench/cypher); neither folder ships with the package."""
from __future__ import annotations

from pathlib import Path

from registry.db import Queries

ROOT = Path(__file__).resolve().parent.parent


def queries() -> Queries:
    return Queries(extra=(ROOT / "tests" / "cypher", ROOT / "bench" / "cypher"))
