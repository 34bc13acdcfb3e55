"""Benchmark: the import's actor update (``exchange_actor_update``) of a base
revision beside this tree's, in one run, against a Neo4j holding actors.

Since 2026-12-06 the import writes an actor only over the version its check
read (the optimistic locking of the actor form): it takes the actor's write
lock before comparing versions and returns the ids it wrote. This runs both
queries' text (the base's from ``git show <base>:cypher/exchange.cypher``)
over the same ``--rows`` actors in batches of ``importer.BATCH_SIZE``, each
in a transaction that is rolled back (the store is left as it was),
alternating, and prints the medians of ``--repeat`` runs.

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    .venv/bin/python bench/bench_import_guard.py --uri bolt://127.0.0.1:7805 [--base REV] [--rows 10000]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from base_tree import base_revision  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neo4j import GraphDatabase  # noqa: E402

from registry.db import Queries  # noqa: E402
from registry.exchange.importer import BATCH_SIZE  # noqa: E402

QUERY = "exchange_actor_update"


def _base_query(base: str) -> str:
    text = subprocess.run(["git", "show", f"{base}:cypher/exchange.cypher"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "exchange.cypher").write_text(text, encoding="utf-8")
        return Queries(Path(folder))[QUERY]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    parser.add_argument("--base", default=None)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    args.base = base_revision(args.base)
    queries = {"base": _base_query(args.base), "now": Queries()[QUERY]}
    driver = GraphDatabase.driver(args.uri)
    actors = driver.execute_query("MATCH (a:Actor) RETURN a.id AS id, a.version AS version "
                                  "LIMIT $n", n=args.rows).records
    # What the planner sends for a changed street (row and name: for the message).
    rows = [{"id": a["id"], "version": a["version"], "props": {"street": "Benchstraße 1"},
             "row": i + 2, "name": "Bench"} for i, a in enumerate(actors)]
    times: dict[str, list[float]] = {label: [] for label in queries}
    for _ in range(args.repeat):
        for label, text in queries.items():
            with driver.session() as session:
                tx = session.begin_transaction()
                started = time.perf_counter()
                for start in range(0, len(rows), BATCH_SIZE):
                    tx.run(text, rows=rows[start:start + BATCH_SIZE]).consume()
                times[label].append(time.perf_counter() - started)
                tx.rollback()
    driver.close()
    base, now = (statistics.median(times[label]) for label in ("base", "now"))
    print(f"base {args.base}: {len(rows)} actors updated, batches of {BATCH_SIZE}, "
          f"median of {args.repeat} (rolled back)")
    print(f"{'query':<24}{'base s':>9}{'now s':>9}{'now/base':>10}")
    print(f"{QUERY:<24}{base:>9.3f}{now:>9.3f}{now / base:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
