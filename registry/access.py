"""The one area check for every write path (web views, import, CLI, restore).

A koordination account may be limited to some Sozialräume. Everything it
changes must lie in them, before AND after the change: an entry it moves,
renames or re-parents must be its own now and stay its own afterwards. The
web views (through ``auth.can_edit``), the import planners (through
``importer.may_edit``) and the actor module's sector cascade all ask
``within`` below, so the rule cannot drift apart between the paths.

``allowed`` is the set of area ids of a limited account, or None for an
account without limit (admin, unlimited koordination, the CLI acting as
"system").
"""
from __future__ import annotations

from typing import Iterable, Sequence

from . import policy
from .i18n import lazy_gettext as _l

AreaPaths = Sequence[Sequence[str]] | Sequence[str]

# Messages shown next to a refused field or import row.
OUTSIDE_AREAS = _l("Dieser Eintrag liegt außerhalb Ihrer Sozialräume; Sie dürfen ihn nicht ändern.")
MOVE_OUTSIDE = _l("Sie dürfen Einträge nur innerhalb Ihrer Sozialräume führen: das Ziel liegt "
                  "außerhalb.")
CASCADE_OUTSIDE = _l("Die Änderung der Trägerschaft würde Einrichtungen außerhalb Ihrer "
                     "Sozialräume ändern (%(names)s). Bitte wenden Sie sich an eine Koordination "
                     "ohne Gebietsbeschränkung.")
SHARED_ONLY_UNLIMITED = _l("Zielgruppen gelten für alle Sozialräume und können nur von Konten "
                           "ohne Gebietsbeschränkung geändert werden.")


def allowed_areas(user) -> frozenset[str] | None:
    """The areas a signed-in account is limited to; None: no limit."""
    return frozenset(user.areas) if getattr(user, "limited", False) else None


def _as_paths(area_paths: AreaPaths | None) -> list[Sequence[str]]:
    if not area_paths:
        return []
    if isinstance(area_paths[0], str):
        return [area_paths]  # type: ignore[list-item]  # a flat list is one path
    return list(area_paths)  # type: ignore[arg-type]


def within(allowed: frozenset[str] | None, area_paths: AreaPaths | None) -> bool:
    """May an account limited to ``allowed`` change an entry placed at ``area_paths``?

    ``area_paths``: for each place the entry sits, the ids of that area and
    all areas above it. The entry counts as the account's when one path
    contains one of its areas; an entry placed nowhere is nobody's area.
    """
    if allowed is None:
        return True
    return any(allowed.intersection(path) for path in _as_paths(area_paths))


def within_all(allowed: frozenset[str] | None, *placements: AreaPaths | None) -> bool:
    """``within`` for every placement given (e.g. the current and the new one).
    A placement of None is skipped (a new entry has no current placement)."""
    return all(within(allowed, p) for p in placements if p is not None)


def is_editor(user) -> bool:
    """A signed-in account whose role may edit (area limits aside)."""
    return bool(getattr(user, "is_authenticated", False)
                and user.role in policy.GRANTS[policy.EDIT])


def may_edit(user, area_paths: AreaPaths | None) -> bool:
    """Role and area check for a signed-in user (the web views' check)."""
    return is_editor(user) and within(allowed_areas(user), area_paths)


def may_edit_shared(user) -> bool:
    """Lists every area uses (target groups): editors without an area limit."""
    return is_editor(user) and allowed_areas(user) is None


def outside(allowed: frozenset[str] | None,
            placements: Iterable[tuple[str, AreaPaths | None]]) -> list[str]:
    """The names of the entries (name, area paths) outside ``allowed``."""
    return [name for name, paths in placements if not within(allowed, paths)]
