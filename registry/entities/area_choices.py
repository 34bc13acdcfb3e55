"""Areas as select choices (indented by depth), for every form that picks one."""
from __future__ import annotations

from ..db import Database


def choices(db: Database) -> list[tuple[str, str]]:
    return [
        (row["id"], "\u2003" * row["depth"] + row["name"])
        for row in db.read("area_choices")
    ]


def sozialraeume(db: Database) -> list[tuple[str, str]]:
    """The Sozialräume (id, name), for the filters that narrow a report to one."""
    return [(row["id"], row["name"]) for row in db.read("analysis_areas")
            if row["level"] == "sozialraum"]
