"""The report: every indicator for a Stichtag and an optional Sozialraum, as
plain data for the pages, the printable committee report and its PDF, and
the downloads. Nothing here knows about HTTP.

- ``indicators.py``: the one registry of indicators (key, title, builder,
  tables, pages, German definition); everything else is made from it.
- ``participation.py``, ``cooperation.py``, ``deadlines.py``: the builders,
  over the pure functions of ``registry.analysis``.
- ``base.py``: what an indicator and a report are, the builders' helpers.
- ``build.py``: ``build`` (memoised per analysis version), comparison, map.
- ``charts.py``: the SVG charts and the static map; ``pdf.py``: the PDF;
  ``docs.py``: docs/indicators.md from the registry.
"""
from __future__ import annotations

from .base import DEFAULT_SINCE_DAYS, Figure, Indicator, Report, UnknownArea, map_url
from .build import build
from .indicators import (DEFINITIONS, INDICATORS, PARTICIPATION, START, TABLE_NAMES, keys_on,
                         table_indicator)
from .participation import REASONS

# The Beteiligungsbericht's indicators.
PARTICIPATION_KEYS = keys_on(PARTICIPATION)

__all__ = ["DEFAULT_SINCE_DAYS", "DEFINITIONS", "INDICATORS", "PARTICIPATION_KEYS", "REASONS",
           "START", "TABLE_NAMES", "Figure", "Indicator", "Report", "UnknownArea",
           "build", "keys_on", "map_url", "table_indicator"]
