"""Benchmark: the pages with an area field or filter, this tree beside a base
revision (default: where this branch left main), in one run.

Every area field and filter used to list every area of the city (a select
of thousands); now it offers only the chosen ones and searches the rest
(registry/views/pick.py). This exports ``--base`` with
``git archive`` into a temporary folder, puts this tree's bench_pages.py
beside it (the same pages, requests and measurement for both) and runs it
there and here against the same Neo4j, one after the other, then prints
each page's size and cold server time side by side.

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    .venv/bin/python bench/bench_area_fields.py --uri bolt://127.0.0.1:7805 [--base REV] [--repeat 3] [--maps] [--reports]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from base_tree import base_revision, exported  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["actor list", "actor edit form", "actor new form", "agreement list", "network list",
         "network edit form", "network new form", "area edit form", "area new form",
         "user new form"]


def _run(tree: Path, args) -> dict[str, tuple[float, float]]:
    """label -> (cold s, size KB) from bench_pages.py run in ``tree``."""
    command = [sys.executable, str(tree / "bench" / "bench_pages.py"), "--uri", args.uri,
               "--repeat", str(args.repeat), *(["--maps"] if args.maps else []),
               *(["--reports"] if args.reports else []), "--only", *args.only]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=tree).stdout
    rows = {}
    for line in out.splitlines():
        label = line[:20].rstrip()
        if label in args.only:
            cells = line[20:].split()
            rows[label] = (float(cells[0]), float(cells[5]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    parser.add_argument("--base", default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=PAGES)
    parser.add_argument("--maps", action="store_true", help="add the map of one Sozialraum")
    parser.add_argument("--reports", action="store_true", help="add the report of one area")
    args = parser.parse_args()
    args.only += ["map one Sozialraum"] * args.maps + ["report one area"] * args.reports
    args.base = base_revision(args.base)
    with exported(args.base) as base:
        shutil.copy(ROOT / "bench" / "bench_pages.py", base / "bench" / "bench_pages.py")
        before, after = _run(base, args), _run(ROOT, args)
    print(f"base {args.base} vs this tree; Neo4j {args.uri}; median of {args.repeat}")
    print(f"{'page':<20} {'KB base':>8} {'KB now':>8} {'cold s base':>12} {'cold s now':>11}")
    for label in args.only:
        if label in before and label in after:
            (t0, k0), (t1, k1) = before[label], after[label]
            print(f"{label:<20} {k0:8.0f} {k1:8.0f} {t0:12.3f} {t1:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
