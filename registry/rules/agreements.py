"""Rules about agreements: dates in order, the status agreeing with the
dates, and what "in force" (gültig am Stichtag) means.

"In force" is also written once in Cypher (cypher/agreement_rules.cypher,
fragment ``agreement_in_force``) for the queries; tests/test_in_force.py
checks that both give the same answer for every case.
"""
from __future__ import annotations

from datetime import date

from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l

# The wording the reports' definitions use.
IN_FORCE_TEXT = _l(
    "Gültig am Stichtag ist eine Vereinbarung, die kein Entwurf ist und deren Laufzeit den "
    "Stichtag einschließt (ohne Beginn oder Ende gilt sie offen). Eine gekündigte "
    "Vereinbarung gilt bis zu ihrem Enddatum weiter (die Kündigungsfrist läuft); ohne "
    "Enddatum gilt sie nicht mehr.")


def in_force(status: str | None, valid_from: date | None, valid_until: date | None,
             day: date) -> bool:
    return (
        status != "entwurf"
        and (valid_from is None or valid_from <= day)
        and (valid_until is None or valid_until >= day)
        and not (status == "gekuendigt" and valid_until is None)
    )


def dates_problem(valid_from: date | None, valid_until: date | None) -> str | None:
    if valid_from and valid_until and valid_until < valid_from:
        return _("„gültig bis“ darf nicht vor „gültig ab“ liegen.")
    return None


def status_problem(status: str | None, valid_from: date | None,
                   valid_until: date | None, today: date) -> str | None:
    """Why ``status`` disagrees with the dates at ``today``; None if it agrees."""
    if status == "aktiv":
        if valid_from is None or valid_from > today:
            return _("„aktiv“ passt nur, wenn „gültig ab“ angegeben ist und nicht in der "
                     "Zukunft liegt. Wählen Sie sonst „Entwurf“.")
        if valid_until is not None and valid_until < today:
            return _("„aktiv“ passt nicht: „gültig bis“ liegt in der Vergangenheit. "
                     "Wählen Sie „ausgelaufen“ oder verlängern Sie die Laufzeit.")
    if status == "ausgelaufen" and (valid_until is None or valid_until >= today):
        return _("„ausgelaufen“ passt nur, wenn „gültig bis“ in der Vergangenheit liegt.")
    return None
