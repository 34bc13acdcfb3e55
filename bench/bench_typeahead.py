"""Benchmark: typing into the area and network type-aheads, this tree beside
a base revision (default: where this branch left main), in one run.

The type-aheads (``/akteure/sozialraeume.json``, ``/karte/netzwerke.json``)
used to read every area or network from Neo4j on each keystroke; now they
read them once per analysis version (registry/entities/choices.py). This
types a name key by key (a request per prefix of 3 letters and more, as
static/js/pick.js asks) through the Flask test client, logged in, and
prints the first keystroke's and the further keystrokes' server time
(median over the names typed), base beside this tree. The base is exported
with ``git archive`` into a temporary folder and this script run there too
(``--here``), against the same Neo4j, one after the other.

    REGISTRY_VAR=/tmp/scale-var LOCAL_NEO4J_PORT=7805 .venv/bin/registry neo4j start
    .venv/bin/python bench/bench_typeahead.py --uri bolt://127.0.0.1:7805 [--base REV] [--names 5]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import base_tree  # noqa: E402
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"area": ("/akteure/sozialraeume.json", "area_choices"),
          "network": ("/karte/netzwerke.json", "network_choices")}


def measure(uri: str, names: int) -> dict[str, tuple[float, float, int]]:
    """field -> (first keystroke s, further keystrokes s, keystrokes), medians
    over ``names`` names typed, in the tree this script lies in."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pages import logged_in

    db, client = logged_in(uri)
    figures = {}
    for field, (url, query) in FIELDS.items():
        typed = [row["name"] for row in db.read(query) if len(row["name"] or "") >= 6][:names]
        first, further, keys = [], [], 0
        for name in typed:
            db.write("data_version_bump")  # a save in between: every name starts cold
            for end in range(3, len(name) + 1):
                started = time.perf_counter()
                answer = client.get(f"{url}?q={quote(name[:end])}")
                elapsed = time.perf_counter() - started
                assert answer.status_code == 200 and answer.get_json()["results"]
                (first if end == 3 else further).append(elapsed)
                keys += 1
        figures[field] = (statistics.median(first), statistics.median(further), keys)
    return figures


def main() -> int:
    parser = base_tree.parser()
    parser.add_argument("--names", type=int, default=5, help="names typed per field")
    args, runs = base_tree.compare(Path(__file__), parser, lambda a: measure(a.uri, a.names))
    if runs is None:
        return 0
    print(f"base {args.base}, {args.names} names per field; server seconds per keystroke "
          "(median)")
    print(f"{'type-ahead':<12}{'keys':>6}{'first base':>12}{'first now':>11}"
          f"{'further base':>14}{'further now':>13}")
    for field in FIELDS:
        b, n = runs["base"][field], runs["now"][field]
        print(f"{field:<12}{n[2]:>6}{b[0]:>12.4f}{n[0]:>11.4f}{b[1]:>14.4f}{n[1]:>13.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
