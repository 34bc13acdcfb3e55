"""Rules about Sozialräume: the levels nest Stadt > Bezirk > Sozialraum >
Quartier, a child lies exactly one level below its parent and no area lies
inside itself. The form (via registry/entities/areas.py) and the import
(registry/exchange/areas.py) both ask these functions.

Every ``*_problem`` function returns a German message or None.
"""
from __future__ import annotations

from ..i18n import gettext as _
from ..model import AREA_LEVEL_ORDER, AREA_LEVELS, AREA_SETTINGS, label


def name_problem(name: str | None) -> str | None:
    return None if (name or "").strip() else _("Bitte einen Namen angeben.")


def level_problem(level: str | None) -> str | None:
    return None if level in AREA_LEVELS else _("Unbekannte Ebene.")


def setting_problem(setting: str | None) -> str | None:
    return None if setting in AREA_SETTINGS else _("Unbekannte Siedlungsstruktur.")


def code_taken_problem(code: str, holder: str) -> str:
    return _("Die Kennung %(code)s trägt schon „%(name)s“.") % {"code": code, "name": holder}


def self_parent_problem() -> str:
    return _("Ein Sozialraum kann nicht in sich selbst liegen.")


def cycle_problem(parent_name: str) -> str:
    return (_("„%(name)s“ liegt selbst in diesem Sozialraum; er kann nicht darin liegen.")
            % {"name": parent_name})


def parent_level_problem(level: str, parent_level: str | None) -> str | None:
    """A child lies exactly one level below its parent."""
    rank = AREA_LEVEL_ORDER.index(level)
    if parent_level in AREA_LEVELS and AREA_LEVEL_ORDER.index(parent_level) == rank - 1:
        return None
    return (_("Ein Gebiet der Ebene „%(level)s“ liegt direkt in einem Gebiet der Ebene "
              "„%(above)s“, nicht in „%(parent_level)s“.")
            % {"level": label(AREA_LEVELS, level),
               "above": label(AREA_LEVELS, AREA_LEVEL_ORDER[rank - 1]) if rank else "–",
               "parent_level": label(AREA_LEVELS, parent_level)})


def children_level_problem(level: str, children: list[tuple[str, str | None]]) -> str | None:
    """``children``: (name, level) of the areas lying directly in this one."""
    rank = AREA_LEVEL_ORDER.index(level)
    wrong = [name for name, child in children
             if child not in AREA_LEVELS or AREA_LEVEL_ORDER.index(child) != rank + 1]
    if wrong:
        return (_("Die Ebene passt nicht zu den Unter-Gebieten (%(names)s): sie liegen genau "
                  "eine Ebene tiefer.") % {"names": ", ".join(wrong)})
    return None
