"""Benchmark: page types at city scale, the app against its cheapest raw Cypher.

Against a Neo4j already holding `registry demo-data --scale N` (loading
scale 100 takes minutes, so it is not repeated here), this prints for each
page type, side by side in one run:

  server   time for GET <page> through the app (Flask test client, in
           process: queries, Python, template), memoised results cleared
           before each run (cold), median of --repeat runs;
  warm     the same request again without clearing the memoised results
           (reports, overview map, Stadtplan; per data version), median;
  raw      time of the cheapest raw Cypher returning the same rows
           (named queries of cypher/, run directly), median; for pages
           without a hand-picked floor: the page's own read queries,
           recorded while serving it and replayed directly (``q`` says how
           many), which is an upper bound of the cheapest;
  ratio    server (cold) / raw;
  size     the page's size in bytes (a streamed body is counted as it
           comes, never held whole);
  peak MB  the peak RSS (VmHWM) of this process while serving the page:
           before each page the garbage is collected, freed memory handed
           back (malloc_trim) and the high-water mark reset
           (/proc/self/clear_refs), so each figure is that page's own peak
           over what the process holds anyway (which is what an app worker
           reaches for the page);
and at the end the largest of these peaks and the pages missing the
issue's targets (cold <= 1.5x raw, warm <= 0.5 s, size <= 1 MB).
``--fresh`` serves each page in a new process (a worker serving it first,
nothing left from other pages); ``--exports`` adds the report PDF and XLSX
and the whole-area map exports.

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry demo-data --scale 100
    .venv/bin/python bench/bench_pages.py --uri bolt://127.0.0.1:7805 [--repeat 3]
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import os
import re
import statistics
import subprocess
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


def _status(field: str) -> float:
    """A VmHWM / VmRSS figure of this process in MB."""
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", text).group(1)) / 1024


def logged_in(uri: str):
    """(Database, test client of the app logged in as the bench's admin)."""
    os.environ["SESSION_COOKIE_SECURE"] = "0"
    from registry import auth, create_app
    from registry.db import Database

    db = Database(uri)
    email = "bench-admin@example.org"
    if db.read_one("user_by_email", email=email) is None:
        auth.create_user(db, email, "bench-passwort-lang-genug", "admin", name="Bench")
    app = create_app({"NEO4J_URI": uri, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "bench-passwort-lang-genug"})
    return db, client


def _reset_peak() -> float:
    """Collect, hand freed memory back, reset the high-water mark; the RSS then."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc: the figure is a bit higher, still a bound
        pass
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


class Recorder:
    """The read queries the app runs while serving one page (replayed as
    its raw Cypher where no cheaper floor is written down)."""

    def __init__(self) -> None:
        self.on = False
        self.calls: list[tuple[str, dict]] = []

    def install(self) -> None:
        from registry import db as dbmod

        recorder, execute = self, dbmod.Database._execute
        run, stream = dbmod.Tx.run, dbmod.Tx.stream

        def recording_execute(self, name, params, routing):
            if recorder.on and routing == dbmod.RoutingControl.READ:
                recorder.calls.append((name, dict(params)))
            return execute(self, name, params, routing)

        def recording_run(self, name, /, **params):
            if recorder.on:
                recorder.calls.append((name, dict(params)))
            return run(self, name, **params)

        def recording_stream(self, name, /, **params):
            # Streamed rows (the tie history) are part of the page's raw Cypher too.
            if recorder.on:
                recorder.calls.append((name, dict(params)))
            return stream(self, name, **params)

        dbmod.Database._execute = recording_execute
        dbmod.Tx.run = recording_run
        dbmod.Tx.stream = recording_stream

    def replay(self, db, calls: list[tuple[str, dict]]):
        from registry.db import RoutingControl
        return lambda: [db._execute(name, params, RoutingControl.READ)
                        for name, params in calls]


def _clear_memos() -> None:
    """Cold: nothing memoised (reports and what they read, overview map,
    Stadtplan, layouts, the betweenness of a tie graph)."""
    from registry.analysis import brokers, cache
    brokers._memo.clear()
    from registry.maps import city, layout, overview
    for memo in (cache.reports, cache.area_reports, cache.live_reports, cache.structures,
                 cache.tie_lists, cache.whole_figures, overview.OVERVIEWS):
        memo.clear()
    city.PLANS.clear()
    getattr(layout, "_cache", {}).clear()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default=os.environ.get("BENCH_NEO4J_URI"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reports", action="store_true", help="include the report pages")
    parser.add_argument("--maps", action="store_true", help="include the whole-area map")
    parser.add_argument("--exports", action="store_true",
                        help="include the report PDF and XLSX and the whole-area map exports")
    parser.add_argument("--only", nargs="*", help="only the pages whose label starts so")
    parser.add_argument("--no-warm-up", dest="warm", action="store_false",
                        help="no warm-up request before each page's timed runs")
    parser.add_argument("--no-pages", dest="pages", action="store_false",
                        help="without the lists, details, forms and start page")
    parser.add_argument("--fresh", action="store_true",
                        help="each page in a new process (a worker serving it first), "
                             "without warm-up: its peak does not carry what earlier pages "
                             "left behind (cached reports, libraries loaded for them)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.uri:
        print("bench_pages: needs --uri of a Neo4j holding demo-data --scale N (see docstring); "
              "skipped")
        return 0
    db, client = logged_in(args.uri)
    actors_n = db.read_one("overview_counts") or {}
    some_actor = db.read("actor_list", terms=[], kind=None, sector=None, area=None,
                         operator=None, sort="name", descending=False, skip=0,
                         limit=1)[0]["actor"]["id"]
    list_params = dict(terms=[], kind=None, sector=None, area=None, operator=None,
                       sort="name", descending=False, skip=0, limit=25)
    word = next(w for w in db.read("actor_list", **dict(list_params, limit=50))[10]["actor"]
                ["name"].split() if len(w) > 3)
    agreement = network = None
    for row in db.read("analysis_agreements"):
        if len(row["parties"] or ()) > 2:
            agreement = row["id"]
            break
    for row in db.read("analysis_networks"):
        if len(row["members"] or ()) > 5:
            network = row["id"]
            break
    sozialraum = next(r["id"] for r in db.read("analysis_areas") if r["level"] == "sozialraum")
    pages = [
        ("start page", "/", None),
        ("actor list", "/akteure/", lambda: db.read("actor_list", **list_params)),
        ("actor list p.500", "/akteure/?seite=500",
         lambda: db.read("actor_list", **dict(list_params, skip=499 * 25))),
        ("actor detail", f"/akteure/{some_actor}",
         lambda: (db.read("actor_get", id=some_actor),
                  db.read("actor_relations", id=some_actor, include_private=True))),
        ("actor search", f"/akteure/?q={word}",
         lambda: db.read("actor_list", **dict(list_params, terms=[word.lower()]))),
        ("agreement list", "/vereinbarungen/", None),
        ("network list", "/netzwerke/", None),
        ("area list", "/sozialraeume/", None),
        ("target group list", "/zielgruppen/", None),
        ("agreement detail", f"/vereinbarungen/{agreement}", None),
        ("network detail", f"/netzwerke/{network}", None),
        ("area detail", f"/sozialraeume/{sozialraum}", None),
        ("healthz", "/healthz", lambda: db.server_info()),
        ("actor edit form", f"/akteure/{some_actor}/bearbeiten",
         lambda: db.read("actor_get", id=some_actor)),
        ("actor new form", "/akteure/neu", None),
        ("agreement edit form", f"/vereinbarungen/{agreement}/bearbeiten", None),
        ("agreement new form", "/vereinbarungen/neu", None),
        ("network edit form", f"/netzwerke/{network}/bearbeiten", None),
        ("network new form", "/netzwerke/neu", None),
        ("area edit form", f"/sozialraeume/{sozialraum}/bearbeiten", None),
        ("area new form", "/sozialraeume/neu", None),
        ("user new form", "/admin/benutzer/neu", None),
    ]
    if not args.pages:
        pages = []
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
            ("report one area", f"/berichte?sozialraum={sozialraum}", floor),
        ]
    if args.exports:
        pages += [
            ("isolated XLSX", "/berichte/tabelle/isolierte_akteure.xlsx", None),
            ("committee PDF", "/berichte/ausschuss.pdf", None),
        ]
        pages += [(f"map export {ext}", f"/karte/export.{ext}", None)
                  for ext in ("graphml", "gexf", "json", "csv", "html", "svg", "png", "pdf")]
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
        pages.append(("Stadtplan", "/stadtplan", None))
        # The outlines and points the Stadtplan's script fetches (not an HTML page).
        pages.append(("Stadtplan data JSON", "/stadtplan/daten.json", None))
    if args.only:
        pages = [p for p in pages if any(p[0].startswith(o) for o in args.only)]
    if args.child:
        pages = [p for p in pages if p[0] == args.child]
    if args.fresh and not args.child:
        print(f"Neo4j {args.uri}; counts {actors_n}")
        db.close()
        return _fresh(args, [p[0] for p in pages])
    if not args.child:
        print(f"Neo4j {args.uri}; counts {actors_n}")
        print(f"{'page':<20} {'cold s':>7} {'warm s':>7} {'raw s':>7} {'q':>3} {'ratio':>6} "
              f"{'size KB':>8} {'base MB':>8} {'peak MB':>8} status")
    recorder = Recorder()
    recorder.install()
    peaks, missed = [], []
    for label, url, raw in pages:
        result = {}

        def get(cold: bool = True):
            if cold:
                _clear_memos()  # cold: the report, map or plan is computed in each timed run
            response = client.get(url, buffered=False)
            size = 0
            for chunk in response.response:  # as a server would send it
                size += len(chunk)
            response.close()
            result.update(size=size, status=response.status_code)

        if args.warm:
            get()  # warm-up (driver, templates)
        recorder.calls, recorder.on = [], True
        get()
        recorder.on = False
        calls = recorder.calls
        base = _reset_peak()
        server = _median(get, args.repeat)
        peak = _status("VmHWM")
        peaks.append((peak, label))
        get(cold=False)
        warm = _median(lambda: get(cold=False), args.repeat)
        if raw is None:
            raw = recorder.replay(db, calls)
        raw_s = _median(raw, args.repeat)
        ratio = server / raw_s if raw_s else None
        ratio_text = f"{ratio:6.2f}" if ratio else "     –"
        print(f"{label:<20} {server:7.3f} {warm:7.3f} {raw_s:7.3f} {len(calls):>3} {ratio_text} "
              f"{result['size'] / 1024:8.0f} {base:8.0f} {peak:8.0f} {result['status']}",
              flush=True)
        over = [what for what, bad in (
            ("cold > 1.5x raw", ratio is not None and ratio > 1.5),
            ("warm > 0.5 s", warm > 0.5), ("size > 1 MB", result["size"] > 1024 * 1024 and not label.endswith("JSON"))) if bad]
        if over:
            missed.append(f"{label}: {', '.join(over)}")
    if args.child:
        print(f"PEAK {max(peaks)[0]:.0f}" if peaks else "")
        for line in missed:
            print(f"MISSED {line}")
        db.close()
        return 0
    if peaks:
        top = max(peaks)
        print(f"peak RSS of this app process: {top[0]:.0f} MB ({top[1]})")
    print(f"pages missing a target: {len(missed)} of {len(pages)}")
    for line in missed:
        print("  ", line)
    db.close()
    return 0


def _fresh(args, labels: list[str]) -> int:
    """Each page in its own process; the rows as they come, then the largest peak."""
    flags = ["--uri", args.uri, "--repeat", str(args.repeat), "--no-warm-up"]
    flags += [f"--{name}" for name in ("reports", "maps", "exports") if getattr(args, name)]
    if not args.pages:
        flags.append("--no-pages")
    print(f"{'page':<20} {'cold s':>7} {'warm s':>7} {'raw s':>7} {'q':>3} {'ratio':>6} "
          f"{'size KB':>8} {'base MB':>8} {'peak MB':>8} status")
    peaks, missed = [], []
    for label in labels:
        done = subprocess.run([sys.executable, __file__, *flags, "--child", label],
                              capture_output=True, text=True)
        for line in done.stdout.splitlines():
            if line.startswith("PEAK "):
                peaks.append((float(line.split()[1]), label))
            elif line.startswith("MISSED "):
                missed.append(line[len("MISSED "):])
            elif line:
                print(line, flush=True)
        if done.returncode:
            print(f"{label}: failed\n{done.stderr[-2000:]}", flush=True)
    if peaks:
        top = max(peaks)
        print(f"peak RSS of a fresh app process over these pages: {top[0]:.0f} MB ({top[1]})")
    print(f"pages missing a target: {len(missed)} of {len(labels)}")
    for line in missed:
        print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
