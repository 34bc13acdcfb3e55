"""Benchmark: the Stadtplan with the Berlin data (tests/data/berlin: 58
Prognoseräume, 12 Bezirke, 2,893 Kitas with coordinates, 1,176 Träger
without) in a throwaway Neo4j on a free port, stopped at the end.

  import    the Berlin import (Kita list + LOR polygons), once;
  build     GET /stadtplan through the app (Flask test client: structure,
            indicator, outlines, points, template), median of --repeat
            after a warm-up, memo cleared; with its HTML size; and again
            with the plan memoised for the data version (a second look);
  svg       GET /stadtplan/export.svg (the print picture), median, memo cleared;
  stable    headless Chromium, app served on a loopback port: navigation
            start until citymap.js marks the drawing stable (58 polygons and
            2,893 points in the DOM, two animation frames later), median of
            --repeat, at 1366 x 900 and 390 x 844;
  baseline  the same browser, the same server: navigation start until the
            load event of the plain Sozialräume list (/sozialraeume), so the
            drawing's own cost is the difference.

    .venv/bin/python bench/bench_citymap.py [--repeat 3] [--screenshots DIR]
"""
from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_maps import CHROMIUM, PASSWORD, _login, free_port, median_time  # noqa: E402
from extra_queries import queries  # noqa: E402
from registry import auth, create_app, schema  # noqa: E402
from registry.db import Database  # noqa: E402
from registry.exchange import importer, readers  # noqa: E402
from registry.localneo4j import LocalNeo4j  # noqa: E402
from registry.maps import city  # noqa: E402

BERLIN = ROOT / "tests" / "data" / "berlin"
KITAS = BERLIN / "berlin-kitas" / "berlin-daycare-centers-2026-07-details.csv"
URL = "/stadtplan?stichtag=2026-07-01"
SIZES = {"1366": (1366, 900), "390": (390, 844)}


def _browser_login(page) -> None:
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill("bench@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))


def stable_times(context, size: tuple[int, int], repeat: int, shot: Path | None) -> list[float]:
    page = context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    times = []
    for i in range(repeat + 1):
        page.goto(URL, wait_until="commit")
        page.wait_for_selector('#stadtplan[data-map-state="stable"]', state="attached", timeout=300_000)
        counts = page.evaluate("""() => [document.getElementById('stadtplan').dataset.drawnAreas,
                                         document.getElementById('stadtplan').dataset.drawnPoints]""")
        assert counts == ["58", "2893"], counts
        if i:  # the first run warms caches
            times.append(page.evaluate("window.registryCityMap.stableAt") / 1000.0)
    if shot:
        page.screenshot(path=str(shot), full_page=True)
        if size == SIZES["1366"]:  # and how it prints (A4 landscape)
            page.emulate_media(media="print")
            page.pdf(path=str(shot.with_suffix(".pdf")), landscape=True, format="A4",
                     print_background=True)
            page.emulate_media(media="screen")
    page.close()
    return times


def baseline_times(context, repeat: int) -> list[float]:
    page = context.new_page()
    times = []
    for i in range(repeat + 1):
        page.goto("/sozialraeume", wait_until="load")
        if i:
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                         / 1000.0)
    page.close()
    return times


def run(repeat: int, shots: Path | None) -> dict:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    home = Path(tempfile.mkdtemp(prefix="bench-citymap-"))
    neo4j = LocalNeo4j(home / "neo4j", port=free_port(), heap="1g", pagecache="256m")
    figures: dict = {}
    try:
        neo4j.start(log=lambda *a: None)
        db = Database(neo4j.uri, retry_seconds=5, queries=queries())
        schema.apply(db)
        start = time.perf_counter()
        report = importer.run(db, "berlin", readers.read_path(KITAS),
                              options={"geo_dir": BERLIN / "berlin-lor-geo"})
        figures["import"] = time.perf_counter() - start
        assert report.details["kitas"] == 2893, report.details
        auth.create_user(db, "bench@example.org", PASSWORD, "ausschuss")
        app = create_app({"TESTING": True, "DATABASE": db, "SECRET_KEY": "bench",
                          "SESSION_COOKIE_SECURE": False, "NEO4J_URI": neo4j.uri})
        client = app.test_client()
        assert _login(client), "bench user could not sign in"
        figures["html_bytes"] = len(client.get(URL).data)
        figures["build"] = median_time(lambda: (city.PLANS.clear(), client.get(URL)), repeat)
        figures["build_warm"] = median_time(lambda: client.get(URL), repeat)
        picture = client.get(URL.replace("/stadtplan", "/stadtplan/export.svg")).data
        figures["svg_bytes"] = len(picture)
        if shots:
            (shots / "stadtplan.svg").write_bytes(picture)
        figures["svg"] = median_time(lambda: (city.PLANS.clear(), client.get(
            URL.replace("/stadtplan", "/stadtplan/export.svg"))), repeat)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                context = browser.new_context(base_url=f"http://127.0.0.1:{server.server_port}",
                                              locale="de-DE")
                login_page = context.new_page()
                _browser_login(login_page)
                login_page.close()
                figures["baseline"] = baseline_times(context, repeat)
                for name, size in SIZES.items():
                    shot = shots / f"stadtplan-{name}.png" if shots else None
                    figures[f"stable_{name}"] = stable_times(context, size, repeat, shot)
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=5)
    finally:
        neo4j.stop(log=lambda *a: None)
        shutil.rmtree(home, ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    f = run(args.repeat, args.screenshots)
    med = statistics.median
    print("Stadtplan, Berlin data: 58 Prognoseräume (+12 Bezirk frames), 2,893 Kitas as points")
    print(f"  import (Kitas, Träger, polygons)       {f['import']:8.2f} s")
    print(f"  build GET /stadtplan (median of {args.repeat})     {f['build']:8.2f} s   "
          f"{f['html_bytes'] / 1024:.0f} KiB HTML")
    print(f"    again, same data version (memoised)  {f['build_warm']:8.2f} s")
    print(f"  SVG export (median of {args.repeat})               {f['svg']:8.2f} s   "
          f"{f['svg_bytes'] / 1024:.0f} KiB")
    print(f"  browser, navigation start to (median of {args.repeat}, runs: "
          + ", ".join(f"{v:.2f}" for v in f['stable_1366']) + ")")
    print(f"    baseline: /sozialraeume load event   {med(f['baseline']):8.2f} s")
    print(f"    Stadtplan stable at 1366 x 900       {med(f['stable_1366']):8.2f} s")
    print(f"    Stadtplan stable at 390 x 844        {med(f['stable_390']):8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
