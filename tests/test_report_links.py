"""The map links of report rows: the same text as ``urlencode`` of the
arguments (the links are built per id for speed)."""
from __future__ import annotations

import random
from datetime import date
from urllib.parse import urlencode

from registry.reports.base import MAP_PATH, MAX_HIGHLIGHT, map_url


def _reference(day, sozialraum=None, highlight=()):
    args = {"stichtag": day.isoformat()}
    if sozialraum:
        args["sozialraum"] = sozialraum
    ids = list(dict.fromkeys(highlight))[:MAX_HIGHLIGHT]
    if ids:
        args["hervorheben"] = ",".join(ids)
    return f"{MAP_PATH}?{urlencode(args)}"


def test_map_links_equal_urlencode_of_their_arguments():
    rng = random.Random(15)
    alphabet = "abcdef0123456789 äöüß&=,+/%?#-_.~"
    for _ in range(300):
        ids = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
               for _ in range(rng.randint(0, 250))]
        ids += rng.sample(ids, min(len(ids), 5))      # repeated ids are shown once
        area = rng.choice([None, "", "a1b2", "Nord & Süd"])
        day = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        assert map_url(day, area, ids) == _reference(day, area, ids)

