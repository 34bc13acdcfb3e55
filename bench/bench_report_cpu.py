"""Benchmark: the Python work of each report beyond its floor, in CPU seconds.

On a shared machine the wall-clock figures of bench_pages.py mostly show how
much CPU the process got; this prints CPU seconds of this process
(``time.process_time``): the floor (structure and ties read and formed) and,
with those handed in, each report's build (no template), brokers' memo and
the report memo cleared before each run. ``--root`` runs the code of another
checkout (e.g. an unpacked older commit) against the same Neo4j, so before
and after can be run in turn:

    .venv/bin/python bench/bench_report_cpu.py --uri bolt://127.0.0.1:7805 [--root /tmp/old] [--repeat 1]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default=os.environ.get("BENCH_NEO4J_URI"))
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not args.uri:
        print("bench_report_cpu: needs --uri of a Neo4j holding demo-data --scale N; skipped")
        return 0
    sys.path.insert(0, args.root)
    from registry.analysis import brokers, cache, structure
    from registry.analysis import ties as ties_mod
    from registry.db import Database
    from registry.reports import PARTICIPATION_KEYS
    from registry.reports.build import build

    db, day = Database(args.uri), date.today()

    def cpu(fn) -> float:
        times = []
        for _ in range(args.repeat):
            brokers._memo.clear()
            cache.reports.clear()
            cache.area_reports.clear()
            cache.whole_figures.clear()
            started = time.process_time()
            fn()
            times.append(time.process_time() - started)
        return statistics.median(times)

    s, ties = structure.load(db), ties_mod.ties_at(db, day)
    floor = cpu(lambda: (structure.load(db), ties_mod.ties_at(db, day)))
    # The builds get the structure and ties read above (their floor).
    cache.shared_structure = lambda _db: s
    cache.shared_ties = lambda _db, d: ties if d == day else ties_mod.ties_at(db, d)
    area = s.sozialraeume[len(s.sozialraeume) // 2].id
    print(f"code {args.root}; floor (structure + ties) CPU {floor:.2f} s")
    for label, fn in (("report", lambda: build(db, day)),
                      ("participation", lambda: build(db, day, keys=PARTICIPATION_KEYS)),
                      ("committee", lambda: build(db, day, with_map=True)),
                      ("report one area", lambda: build(db, day, area))):
        print(f"{label:<16} beyond the floor CPU {cpu(fn):.2f} s", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
