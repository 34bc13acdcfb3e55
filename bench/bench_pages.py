"""Benchmark: page types at city scale, the app against its cheapest raw Cypher.

Against a Neo4j already holding `registry demo-data --scale N` (loading
scale 100 takes minutes, so it is not repeated here), this prints for each
page type, side by side in one run:

  server   time for GET <page> through the app (Flask test client, in
           process: queries, Python, template), median of --repeat runs;
  raw      time of the cheapest raw Cypher returning the same rows
           (named queries of cypher/, run directly), median;
  ratio    server / raw;
  size     the page's size in bytes;
and at the end the peak RSS of this process (which is what an app worker
does for these pages).

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry demo-data --scale 100
    .venv/bin/python bench/bench_pages.py --uri bolt://127.0.0.1:7805 [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default=os.environ.get("BENCH_NEO4J_URI"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reports", action="store_true", help="include the report pages")
    parser.add_argument("--maps", action="store_true", help="include the whole-area map")
    parser.add_argument("--only", nargs="*", help="only the pages whose label starts so")
    args = parser.parse_args()
    if not args.uri:
        print("bench_pages: needs --uri of a Neo4j holding demo-data --scale N (see docstring); "
              "skipped")
        return 0
    os.environ["SESSION_COOKIE_SECURE"] = "0"
    from registry import auth, create_app
    from registry.db import Database

    db = Database(args.uri)
    email = "bench-admin@example.org"
    if db.read_one("user_by_email", email=email) is None:
        auth.create_user(db, email, "bench-passwort-lang-genug", "admin", name="Bench")
    app = create_app({"NEO4J_URI": args.uri, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "bench-passwort-lang-genug"})
    actors_n = db.read_one("overview_counts") or {}
    some_actor = db.read("actor_list", terms=[], kind=None, sector=None, area=None,
                         operator=None, sort="name", descending=False, skip=0,
                         limit=1)[0]["actor"]["id"]
    list_params = dict(terms=[], kind=None, sector=None, area=None, operator=None,
                       sort="name", descending=False, skip=0, limit=25)
    pages = [
        ("actor list", "/akteure/", lambda: db.read("actor_list", **list_params)),
        ("actor list p.500", "/akteure/?seite=500",
         lambda: db.read("actor_list", **dict(list_params, skip=499 * 25))),
        ("actor detail", f"/akteure/{some_actor}",
         lambda: (db.read("actor_get", id=some_actor),
                  db.read("actor_relations", id=some_actor, include_private=True))),
        ("agreement list", "/vereinbarungen/", None),
        ("network list", "/netzwerke/", None),
        ("area list", "/sozialraeume/", None),
        ("healthz", "/healthz", lambda: db.server_info()),
        ("actor edit form", f"/akteure/{some_actor}/bearbeiten",
         lambda: db.read("actor_get", id=some_actor)),
        ("agreement new form", "/vereinbarungen/neu", None),
        ("network new form", "/netzwerke/neu", None),
    ]
    if args.reports:
        from registry.analysis.ties import ties_at
        from registry.analysis import structure
        today = date.today()
        # The floor of a report: loading the structure and streaming all ties once.
        floor = lambda: (structure.load(db), ties_at(db, today))  # noqa: E731
        pages += [
            ("isolated CSV", "/berichte/tabelle/isolierte_akteure.csv", lambda: structure.load(db)),
            ("isolated table p.2", "/berichte/tabelle/isolierte_akteure?seite=2",
             lambda: structure.load(db)),
            ("report", "/berichte", floor),
            ("participation", "/berichte/beteiligung", lambda: structure.load(db)),
            ("committee", "/berichte/ausschuss", floor),
        ]
    if args.maps:
        groups = dict(day=date.today(), agreement_types=None, network_ids=None,
                      with_agreements=True, with_networks=True)
        pages.append(("map whole area", "/karte",
                      lambda: (db.read("map_overview_actors", kinds=None, area_id=None),
                               db.read("tie_groups_at", **groups))))
        area = next(r["id"] for r in db.read("analysis_areas") if r["level"] == "sozialraum")
        pages.append(("map one Sozialraum", f"/karte?sozialraum={area}",
                      lambda: (db.read("map_actors", ids=None, kinds=None, area_id=area),
                               db.read("tie_groups_at", **groups))))
    if args.only:
        pages = [p for p in pages if any(p[0].startswith(o) for o in args.only)]
    print(f"Neo4j {args.uri}; counts {actors_n}")
    print(f"{'page':<18} {'server s':>9} {'raw s':>8} {'ratio':>6} {'size KB':>8} status")
    for label, url, raw in pages:
        from registry.analysis import cache
        client.get(url)  # warm-up (driver, templates)
        cache.reports.clear()  # cold cache: the report is computed in each timed run
        response = [None]

        def get():
            cache.reports.clear()
            response[0] = client.get(url)

        server = _median(get, args.repeat)
        raw_s = _median(raw, args.repeat) if raw else None
        size = len(response[0].get_data())
        ratio = f"{server / raw_s:6.2f}" if raw_s else "     –"
        raw_text = f"{raw_s:8.3f}" if raw_s else "       –"
        print(f"{label:<18} {server:9.3f} {raw_text} {ratio} {size / 1024:8.0f} "
              f"{response[0].status_code}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this app process: {peak:.0f} MB")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
