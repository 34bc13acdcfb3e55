"""Benchmark: network maps with the server layout against pyvis' physics.

For maps of 100, 1,000 and 5,000 actors (a synthetic municipality built with
tests/factories.GraphBuilder in a throwaway Neo4j on a free port, stopped at
the end) this measures, side by side:

  build     time to build the map page, GET /karte through the app (Flask
            test client: Neo4j queries, ties, layout, template), with the
            server layout (anordnung=server) and without (anordnung=physik;
            the server work for pyvis' default physics is the same);
            median of --repeat runs after a warm-up, layout cache cleared;
  layout    the server layout alone (registry.maps.layout, cold);
  stable    time from navigation start until headless Chromium shows a
            stable drawing (map.js marks it: first drawing with physics off,
            or the end of vis-network's stabilisation), for
              server  positions from the server, physics off;
              app     the app's browser physics (pyvis' solver and 1,000
                      stabilisation steps, straight edges, starting from
                      the server layout);
              pyvis   pyvis' default options exactly (dynamic smooth edges);
              grouped the layout grouped by Sozialraum (anordnung=sozialraum:
                      one frame per area, drawn with physics off).
            Each page is the self-contained HTML export opened from disk, so
            the figure is drawing time, not network time.

    .venv/bin/python bench/bench_maps.py [--sizes 100 1000 5000] [--repeat 3]
                                         [--browser-timeout 180]
"""
from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from factories import GraphBuilder  # noqa: E402
from registry import auth, create_app, schema  # noqa: E402
from extra_queries import queries  # noqa: E402
from registry.db import Database  # noqa: E402
from registry.localneo4j import LocalNeo4j  # noqa: E402
from registry.maps import exports, layout, render  # noqa: E402
from registry.maps.view import MapFilters, build_map  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DAY = date(2025, 6, 1)
PASSWORD = "bench-passwort-lang-genug"
# Kinds in about the proportions of the demo municipality.
KINDS = (["kita"] * 24 + ["verein"] * 18 + ["freier_traeger"] * 10 + ["gesundheit"] * 9
         + ["schule"] * 8 + ["sonstige"] * 6 + ["jugendzentrum"] * 5 + ["beratungsstelle"] * 5
         + ["selbstvertretung"] * 5 + ["kirchengemeinde"] * 4 + ["jugendamt"] * 3
         + ["familienzentrum"] * 3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def synthetic(db: Database, size: int) -> None:
    """``size`` actors in Sozialräume of 100: local networks and agreements,
    plus city-wide networks that join the areas into one component."""
    rng = random.Random(size)
    g = GraphBuilder(db)
    areas = [g.area(f"Sozialraum {i + 1}") for i in range(max(1, size // 100))]
    actors: list[list[str]] = [[] for _ in areas]
    for i in range(size):
        where = i % len(areas)
        kind = rng.choice(KINDS)
        actors[where].append(g.actor(f"Akteur {i + 1:05d}", kind=kind, area=areas[where],
                                     sector="oeffentlich" if kind in ("jugendamt", "schule") else "frei"))
    everyone = [a for local in actors for a in local]
    for where, local in enumerate(actors):
        for k in range(2):
            g.network(f"Stadtteilrunde {where + 1}.{k + 1}", rng.sample(local, min(12, len(local))))
        for k in range(max(1, len(local) * 2 // 5)):
            g.agreement(f"Vereinbarung {where + 1}.{k + 1}", rng.sample(local, min(rng.randint(2, 3), len(local))),
                        type=rng.choice(["kooperation", "kinderschutz_8a", "jugendhilfe_schule"]))
    for k in range(max(1, size // 300)):
        g.network(f"Stadtweites Netzwerk {k + 1}", rng.sample(everyone, min(20, len(everyone))))
    g.save()


def median_time(work, repeat: int) -> float:
    work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_build(client, mode: str, repeat: int) -> float:
    def work():
        layout._cache.clear()
        response = client.get(f"/karte?stichtag={DAY.isoformat()}&anordnung={mode}")
        assert response.status_code == 200, response.status_code
    return median_time(work, repeat)


def browser_stable(browser, html: Path, timeout_s: float) -> float | None:
    """Seconds from navigation start to a stable drawing; None on timeout."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(html.as_uri(), wait_until="commit")
        page.wait_for_selector('#netzwerkkarte[data-map-state="stable"]', state="attached",
                               timeout=timeout_s * 1000)
        return page.evaluate("window.registryMaps.netzwerkkarte.stableAt") / 1000.0
    except Exception:  # playwright's TimeoutError
        return None
    finally:
        page.close()


def run(sizes: list[int], repeat: int, timeout_s: float) -> list[dict]:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="bench-maps-"))
    server = LocalNeo4j(home / "neo4j", port=free_port(), heap="1g", pagecache="256m")
    rows = []
    try:
        server.start(log=lambda *a: None)
        db = Database(server.uri, retry_seconds=5, queries=queries())
        schema.apply(db)
        app = create_app({"TESTING": True, "DATABASE": db, "SECRET_KEY": "bench",
                          "SESSION_COOKIE_SECURE": False, "NEO4J_URI": server.uri})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            for size in sizes:
                db.autocommit("wipe_batch")
                synthetic(db, size)
                auth.create_user(db, "bench@example.org", PASSWORD, "ausschuss")
                client = app.test_client()
                assert _login(client), "bench user could not sign in"
                view = build_map(db, MapFilters(day=DAY))
                layout._cache.clear()
                start = time.perf_counter()
                render.view_positions(view)
                layout_s = time.perf_counter() - start
                row = {"actors": len(view.nodes), "edges": len(view.edges), "layout": layout_s,
                       "build_server": page_build(client, "server", repeat),
                       "build_physics": page_build(client, "physik", repeat)}
                grouped = build_map(db, MapFilters(day=DAY, layout="sozialraum"))
                layout._cache.clear()
                start = time.perf_counter()
                render.view_positions(grouped)
                row["layout_grouped"] = time.perf_counter() - start
                for mode, shown in (("server", view), ("grouped", grouped), ("browser", view),
                                    ("pyvis", view)):
                    html = home / f"map-{size}-{mode}.html"
                    html.write_bytes(exports.html_document(shown, None if mode == "grouped" else mode))
                    row[f"stable_{mode}"] = browser_stable(browser, html, timeout_s)
                    print(f"  {size} actors, {mode}: {row[f'stable_{mode}']}", file=sys.stderr, flush=True)
                rows.append(row)
            browser.close()
    finally:
        server.stop(log=lambda *a: None)
        shutil.rmtree(home, ignore_errors=True)
    return rows


def _login(client) -> bool:
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "bench@example.org", "password": PASSWORD,
                                           "csrf_token": token})
    return response.status_code == 302


def _s(value: float | None, timeout_s: float) -> str:
    return f"> {timeout_s:.0f}" if value is None else f"{value:.2f}"


def report(rows: list[dict], timeout_s: float) -> None:
    print("Network maps: server layout vs. browser physics (seconds; "
          f"browser: headless Chromium, timeout {timeout_s:.0f} s)")
    head = ("actors", "edges", "layout", "layout grp", "build srv", "build phys",
            "stable srv", "stable grp", "stable app", "stable pyvis", "pyvis/srv", "pyvis/grp")
    print(" ".join(f"{h:>12}" for h in head))

    def ratio(pyvis, ours):
        if not ours:
            return "–"
        return f"> {timeout_s / ours:.0f}x" if pyvis is None else f"{pyvis / ours:.0f}x"

    for r in rows:
        srv, grp, pyvis = r["stable_server"], r["stable_grouped"], r["stable_pyvis"]
        cells = (str(r["actors"]), str(r["edges"]), f"{r['layout']:.2f}", f"{r['layout_grouped']:.2f}",
                 f"{r['build_server']:.2f}", f"{r['build_physics']:.2f}", _s(srv, timeout_s),
                 _s(grp, timeout_s), _s(r["stable_browser"], timeout_s), _s(pyvis, timeout_s),
                 ratio(pyvis, srv), ratio(pyvis, grp))
        print(" ".join(f"{c:>12}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser-timeout", type=float, default=180.0)
    args = parser.parse_args()
    rows = run(args.sizes, args.repeat, args.browser_timeout)
    report(rows, args.browser_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
