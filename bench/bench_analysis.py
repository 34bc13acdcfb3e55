"""Benchmark: all report indicators against the floor of streaming every tie once.

For each scale of the demo municipality (1, 10, 100 by default) this loads
the data into a throwaway Neo4j (registry.localneo4j on a free port, in a
temporary folder, stopped at the end) and times

  floor       one plain query that streams all ties at the Stichtag
              (``tie_groups_at``, pairs formed, nothing else);
  indicators  ``reports.build``: all eight indicators for the whole area
              (it reads the structure, the ties and the history itself);
  one area    the same for a single Sozialraum (the per-Sozialraum page).

Each figure is the median of ``--repeat`` runs after one warm-up run.

    .venv/bin/python bench/bench_analysis.py [--scale 1 10 100] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry import demo, reports, schema  # noqa: E402
from extra_queries import queries  # noqa: E402
from registry.db import Database  # noqa: E402
from registry.localneo4j import LocalNeo4j  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(work, repeat: int) -> tuple[float, object]:
    result = work()  # warm-up: query plans, page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def floor(db: Database, day: date) -> int:
    from registry.analysis.ties import ties_from_groups
    return len(ties_from_groups(db.read("tie_groups_at", day=day, agreement_types=None,
                                        network_ids=None, with_agreements=True,
                                        with_networks=True)))


def run(scales: list[int], repeat: int, heap: str, pagecache: str) -> list[dict]:
    home = Path(tempfile.mkdtemp(prefix="bench-analysis-"))
    server = LocalNeo4j(home / "neo4j", port=free_port(), heap=heap, pagecache=pagecache)
    rows = []
    try:
        server.start(log=lambda *a: None)
        db = Database(server.uri, retry_seconds=5, queries=queries())
        schema.apply(db)
        day = date.today()
        for scale in scales:
            db.autocommit("wipe_batch")
            started = time.perf_counter()
            counts = demo.load(db, scale=scale, today=day)
            load_s = time.perf_counter() - started
            floor_s, tie_rows = timed(lambda: floor(db, day), repeat)
            build_s, report = timed(lambda: reports.build(db, day), repeat)
            area = report.sozialraeume[0].id
            area_s, _ = timed(lambda: reports.build(db, day, area), repeat)
            ties = report.table("dichte").rows[-1]["ties"]
            rows.append({"scale": scale, "actors": counts["actors"], "ties": ties,
                         "tie_rows": tie_rows, "load": load_s, "floor": floor_s,
                         "indicators": build_s, "area": area_s})
            print(f"  scale {scale}: done", file=sys.stderr, flush=True)
        db.close()
    finally:
        server.stop(log=lambda *a: None)
        shutil.rmtree(home, ignore_errors=True)
    return rows


def print_table(rows: list[dict]) -> None:
    header = (f"{'scale':>5} {'actors':>7} {'ties':>8} {'tie rows':>9} {'load s':>8} "
              f"{'floor s':>8} {'all ind. s':>10} {'ratio':>6} {'1 area s':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['scale']:>5} {r['actors']:>7} {r['ties']:>8} {r['tie_rows']:>9} "
              f"{r['load']:>8.1f} {r['floor']:>8.3f} {r['indicators']:>10.3f} "
              f"{r['indicators'] / r['floor']:>6.1f} {r['area']:>9.3f}")
    print("\nfloor: one query streaming all ties at the Stichtag (tie_groups_at, rows counted); "
          "all ind.: reports.build for the whole area (8 indicators); ratio = all ind. / floor; "
          "1 area: reports.build for one Sozialraum. Medians of the timed runs.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--heap", default=os.environ.get("LOCAL_NEO4J_HEAP", "1g"))
    parser.add_argument("--pagecache", default=os.environ.get("LOCAL_NEO4J_PAGECACHE", "512m"))
    args = parser.parse_args()
    print_table(run(args.scale, args.repeat, args.heap, args.pagecache))


if __name__ == "__main__":
    main()
