"""Whether user participation is expected, per type of agreement and network.

The defaults live in ``model.PARTICIPATION_NOT_EXPECTED``; an admin may
change a type, and the choice is stored as a ``:TypeSetting`` node. This is
the one place that reads and writes the setting: the admin page calls
``save``, the analysis reads ``expected`` (through ``structure.load``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping

from . import model
from .db import Database
from .i18n import gettext as _

Key = tuple[str, str]   # (kind, type): ("agreement", "kinderschutz_8a")


class SettingError(ValueError):
    """A type that is not in the vocabulary (German message)."""


@dataclass(frozen=True)
class TypeSetting:
    kind: str
    type: str
    label: str
    expected: bool
    default: bool


def expected(rows: list[dict]) -> dict[Key, bool]:
    """Every known type -> expected, the stored rows over the defaults.
    ``rows`` are those of the ``type_settings_all`` query."""
    found = {(kind, key): model.participation_expected_default(kind, key)
             for kind, vocabulary in model.TYPE_VOCABULARIES.items() for key in vocabulary}
    for row in rows:
        key = (row["kind"], row["type"])
        if key in found and row["participation_expected"] is not None:
            found[key] = bool(row["participation_expected"])
    return found


def load(db: Database) -> list[TypeSetting]:
    """All types in vocabulary order, for the admin page."""
    current = expected(db.read("type_settings_all"))
    return [TypeSetting(kind, key, str(label), current[(kind, key)],
                        model.participation_expected_default(kind, key))
            for kind, vocabulary in model.TYPE_VOCABULARIES.items()
            for key, label in vocabulary.items()]


def save(db: Database, values: Mapping[Key, bool], by: str) -> int:
    """Store the setting of every type given, in one transaction; refuses the
    whole change if one type is unknown. Returns the number of types changed."""
    for kind, key in values:
        if key not in model.TYPE_VOCABULARIES.get(kind, {}):
            raise SettingError(_("Unbekannter Typ: %(type)s") % {"type": f"{kind}/{key}"})
    before = expected(db.read("type_settings_all"))
    changed = {k: v for k, v in values.items() if before[k] != bool(v)}
    at = datetime.now(timezone.utc)

    def work(tx):
        for (kind, key), value in changed.items():
            tx.run("type_setting_set", kind=kind, type=key, expected=bool(value), at=at, by=by)

    if changed:
        db.transaction(work)
    return len(changed)
