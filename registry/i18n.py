"""Translation hooks.

The UI speaks German, so the message ids are German and, with no catalogue
installed, are shown as they are. A catalogue (``registry/translations``,
domain ``messages``) can later add English without touching the code.
"""
from __future__ import annotations

import gettext as _gettext
from pathlib import Path

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
