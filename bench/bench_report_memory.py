"""Benchmark: what an app process keeps after serving reports, this tree
beside a base revision (default: where this branch left main), in one run.

A worker keeps the reports it built (per analysis version) to serve them
again. This serves the whole area's report, the committee report, the
Beteiligungsbericht and the reports of --areas Sozialräume through the Flask
test client, then prints the process's resident memory once the garbage is
collected and freed memory handed back (malloc_trim): what it holds, not
its peak. Each tree runs in a process of its own against the same Neo4j;
the pages' bytes (without the CSRF token) must be the same in both.

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    .venv/bin/python bench/bench_report_memory.py --uri bolt://127.0.0.1:7805 [--base REV] [--areas 12]
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import re
import sys
import time
from pathlib import Path

import base_tree  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DAY = "2025-06-01"


def _held_mb() -> float:
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def measure(uri: str, areas: int) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pages import logged_in

    db, client = logged_in(uri)
    with db.driver.session() as session:
        ids = [r["id"] for r in session.run(
            "MATCH (a:Area {level: 'sozialraum'}) RETURN a.id AS id ORDER BY a.id LIMIT $n",
            n=areas)]
    urls = [f"/berichte?stichtag={DAY}", f"/berichte/ausschuss?stichtag={DAY}",
            f"/berichte/beteiligung?stichtag={DAY}"]
    urls += [f"/berichte?stichtag={DAY}&sozialraum={area}" for area in ids]
    before, digest, started = _held_mb(), hashlib.sha256(), time.perf_counter()
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        digest.update(re.sub(rb'name="csrf_token"[^>]*>', b"", page.get_data()))
    seconds = time.perf_counter() - started
    return {"pages": len(urls), "before": before, "held": _held_mb(), "seconds": seconds,
            "digest": digest.hexdigest()[:16]}


def main() -> int:
    parser = base_tree.parser()
    parser.add_argument("--areas", type=int, default=12, help="Sozialraum reports served")
    args, runs = base_tree.compare(Path(__file__), parser, lambda a: measure(a.uri, a.areas))
    if runs is None:
        return 0
    b, n = runs["base"], runs["now"]
    print(f"base {args.base} vs this tree; {n['pages']} report pages served in one process")
    print(f"{'':<6}{'MB before':>10}{'MB held':>9}{'seconds':>9}  page bytes")
    for label, run in (("base", b), ("now", n)):
        print(f"{label:<6}{run['before']:>10.0f}{run['held']:>9.0f}{run['seconds']:>9.1f}  "
              f"{run['digest']}")
    print("same pages" if b["digest"] == n["digest"] else "PAGES DIFFER")
    return 0 if b["digest"] == n["digest"] else 1


if __name__ == "__main__":
    sys.exit(main())
