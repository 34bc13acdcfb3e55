"""Test-only and benchmark-only queries stay out of the shipped package: the
app's query set (cypher/) lacks them, the tests' and benchmarks' sets add them."""
from __future__ import annotations

from pathlib import Path

import pytest

from registry.db import Queries

ROOT = Path(__file__).resolve().parent.parent
EXTRA = {"tests": ROOT / "tests" / "cypher", "bench": ROOT / "bench" / "cypher"}


@pytest.mark.parametrize("folder", sorted(EXTRA))
def test_extra_queries_are_not_shipped(folder):
    shipped = Queries()
    extra = Queries(EXTRA[folder])
    names = [name for path in EXTRA[folder].glob("*.cypher") for name in extra.in_file(path.stem)]
    assert names, f"{folder}/cypher holds no queries"
    assert [name for name in names if name in shipped] == []


def test_tests_and_benchmarks_load_both_sets():
    both = Queries(extra=tuple(EXTRA.values()))
    assert both["wipe_batch"] and both["bench_floor_merge"] and both["count_all_nodes"]
