"""PROFILE the named queries behind the heavy pages at city scale: total db
hits, rows and wall time per query, against a Neo4j holding
`registry demo-data --scale N` (see bench_pages.py for starting one).

    .venv/bin/python bench/profile_queries.py --uri bolt://127.0.0.1:7805 [names ...]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _hits(plan) -> int:
    if plan is None:
        return 0
    own = plan.get("dbHits", 0) if isinstance(plan, dict) else getattr(plan, "db_hits", 0)
    children = plan.get("children", []) if isinstance(plan, dict) else getattr(plan, "children", [])
    return own + sum(_hits(c) for c in children)


def cases(db, day: date) -> dict[str, dict]:
    area = db.read("analysis_areas")
    sozialraum = next(r["id"] for r in area if r["level"] == "sozialraum")
    none = dict(actor_ids=None, agreement_types=None, network_ids=None,
                with_agreements=True, with_networks=True)
    return {
        "tie_groups_at": dict(day=day, **none),
        "map_actors": dict(ids=None, kinds=None, area_id=None),
        "map_actors_area": dict(ids=None, kinds=None, area_id=sozialraum),
        "map_actor_count": dict(kinds=None, area_id=None),
        "map_overview_actors": dict(kinds=None, area_id=None),
        "actor_candidates_search": dict(kinds=["freier_traeger", "verein"], text="jugend",
                                        limit=21),
        "actor_list": dict(terms=[], kind=None, sector=None, area=None, operator=None,
                           sort="name", descending=False, skip=0, limit=25),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", required=True)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    from registry.db import Database

    db = Database(args.uri)
    day = date.today()
    print(f"{'query':<20} {'db hits':>12} {'rows':>9} {'seconds':>8}")
    for name, params in cases(db, day).items():
        if args.names and name not in args.names:
            continue
        query = name.removesuffix("_area")
        if query not in db.queries:
            print(f"{name:<20} (not in cypher/)")
            continue
        with db.driver.session(database=db.database) as session:
            started = time.perf_counter()
            result = session.run("PROFILE " + db.queries[query], params)
            rows = sum(1 for _ in result)
            summary = result.consume()
            elapsed = time.perf_counter() - started
        print(f"{name:<20} {_hits(summary.profile):>12,} {rows:>9,} {elapsed:>8.2f}", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
