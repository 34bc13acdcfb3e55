"""Dates as Germans write them: TT.MM.JJJJ (also T.M.JJJJ) and ISO
JJJJ-MM-TT (what <input type=date> sends), in URLs, forms and files alike."""
from __future__ import annotations

import re
from datetime import date

from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l

# A time of day after the date is dropped: the day counts (Excel writes date
# cells with a time as "01.03.2025 14:30" into a CSV file).
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME + "$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$")

# The message every refused date shows, with the accepted formats (a form
# field and a URL argument; a file's cell names the text as well).
INVALID = _l("Bitte ein gültiges Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT).")


def invalid_cell(text: str) -> str:
    return (_("„%(text)s“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT, z. B. "
              "31.12.2025).") % {"text": text})


def parse_date(text: str) -> date:
    """31.12.2025, 1.2.2025 or 2025-12-31 (a time of day after the date is
    dropped: the day counts); ValueError otherwise."""
    text = (text or "").strip()
    match = _GERMAN.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    raise ValueError(text)
