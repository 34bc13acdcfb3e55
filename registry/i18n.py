"""Translation hooks.

The UI speaks German, so the message ids are German and, with no catalogue
installed, are shown as they are. A catalogue (``registry/translations``,
domain ``messages``) can later add English without touching the code.
"""
from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from decimal import Decimal
from numbers import Integral
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "de_DE"  # dates and numbers are written the German way everywhere
_DOMAIN = "messages"
_DIR = Path(__file__).parent / "translations"

_translations: _gettext.NullTranslations = _gettext.translation(
    _DOMAIN, localedir=_DIR, languages=["de"], fallback=True
)


def translations() -> _gettext.NullTranslations:
    return _translations


def gettext(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


_ = gettext


class LazyString(str):
    """A message id translated when it is turned into text, so module-level
    vocabularies pick up the catalogue active at render time."""

    def __str__(self) -> str:  # pragma: no branch - trivial
        return gettext(str.__str__(self))

    def __html__(self) -> str:
        # Jinja escapes str subclasses unless they declare __html__; return
        # the escaped text so labels are never emitted raw.
        from markupsafe import escape

        return str(escape(str(self)))


def lazy_gettext(message: str) -> LazyString:
    return LazyString(message)


# -- German dates and numbers (Babel, locale LOCALE) ----------------------------

def number(value: float, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals: "1.234,5"."""
    # The float's exact value, so that halves round as Python's format() does.
    exact = Decimal(int(value)) if isinstance(value, Integral) else Decimal(float(value))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(exact, format=pattern, locale=LOCALE)


def day(value: date) -> str:
    """A date: "01.06.2025"."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)


def moment(value: datetime) -> str:
    """A point in time, in its own time zone: "01.06.2025 13:05"."""
    return format_datetime(value, "dd.MM.yyyy HH:mm", locale=LOCALE)


# The same two for templates (the app's and the stand-alone map export's):
# empty for a missing value.
JINJA_FILTERS = {
    "day": lambda value: day(value) if value else "",
    "moment": lambda value: moment(value) if value else "",
}
