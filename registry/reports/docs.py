"""docs/indicators.md, made from the registry of indicators.

    python -m registry.reports.docs > docs/indicators.md

tests/test_reports.py fails while the file and the registry disagree.
"""
from __future__ import annotations

from .indicators import COMPARISON_TABLE, INDICATORS, PARTICIPATION, START

_PAGES = {PARTICIPATION: "Beteiligungsbericht", START: "Startseite des Ausschusses"}


def markdown() -> str:
    lines = [
        "# Report indicators",
        "",
        "Made by `python -m registry.reports.docs` from `registry/reports/indicators.py`",
        "(do not edit by hand). Every indicator stands in the report (`/berichte`) and the",
        "committee report and its PDF (`/berichte/ausschuss`); each table downloads as CSV",
        "and XLSX and is shown whole at `/berichte/tabelle/<name>`. The comparison table",
        f"`{COMPARISON_TABLE}` spans all indicators.",
        "",
    ]
    for number, entry in enumerate(INDICATORS, 1):
        lines += [f"## {number}. {entry.title}", ""]
        lines.append(f"- Key: `{entry.key}` (section `#ind-{entry.key}`)")
        lines.append("- Tables: " + ", ".join(f"`{name}`" for name in entry.tables))
        if entry.pages:
            lines.append("- Also on: " + ", ".join(_PAGES[p] for p in sorted(entry.pages)))
        lines += ["", str(entry.definition), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
