"""Rules about actors: who may be whose Träger, the sector, chains without
cycles, coordinates and the formats of PLZ, phone, e-mail and website.

Every ``*_problem`` function returns a German message or None.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Callable, Mapping
from urllib.parse import urlsplit

from ..i18n import gettext as _
from ..model import ACTOR_KINDS, ALWAYS_PUBLIC_KINDS, SECTORS
from ..text import fold_spelling

# Kinds that may run facilities (be a Träger). The import, the form's select
# and the entity module all use this list.
OPERATOR_KINDS = ("freier_traeger", "jugendamt", "kirchengemeinde", "verein", "sonstige")
# The public youth office is the municipality itself: it has no Träger.
WITHOUT_OPERATOR_KINDS = ALWAYS_PUBLIC_KINDS
# Only a free carrier belongs to an umbrella association (Dachverband).
UMBRELLA_MEMBER_KINDS = ("freier_traeger",)
UMBRELLA_KINDS = ("freier_traeger",)

NAME_MAX = 200
_POSTCODE = re.compile(r"^\d{5}$")
# The dash as typed in Word and in public lists (en dash) counts as a hyphen.
_PHONE = re.compile(r"^[0-9+()/.\-\u2013 ]*$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


# -- kinds, Träger and sector -------------------------------------------------------------

def kind_problem(kind: str | None) -> str | None:
    return None if kind in ACTOR_KINDS else _("Unbekannte Art.")


def operator_problem(kind: str | None, operator_kind: str | None) -> str | None:
    """May an actor of ``operator_kind`` be the Träger of one of ``kind``?"""
    if kind in WITHOUT_OPERATOR_KINDS:
        return _("Ein Jugendamt hat keinen Träger.")
    if operator_kind not in OPERATOR_KINDS:
        allowed = ", ".join(str(ACTOR_KINDS[k]) for k in OPERATOR_KINDS)
        return _("Ein Akteur der Art „%(kind)s“ kann nicht Träger sein. Träger sein können: "
                 "%(allowed)s.") % {"kind": ACTOR_KINDS.get(operator_kind, operator_kind),
                                    "allowed": allowed}
    return None


def umbrella_problem(kind: str | None, umbrella_kind: str | None = None) -> str | None:
    if kind not in UMBRELLA_MEMBER_KINDS:
        return _("Nur ein freier Träger kann einem Dachverband angehören.")
    if umbrella_kind is not None and umbrella_kind not in UMBRELLA_KINDS:
        return _("Dachverband kann nur ein freier Träger sein.")
    return None


def self_link_problem(attr: str) -> str:
    return (_("Ein Akteur kann nicht sein eigener Träger sein.") if attr == "operator"
            else _("Ein Träger kann nicht sein eigener Dachverband sein."))


def cycle_problem(attr: str) -> str:
    if attr == "operator":
        return _("Dieser Träger wird selbst (direkt oder über andere) von diesem Akteur "
                 "getragen. Eine Träger-Kette darf nicht im Kreis laufen.")
    return _("Dieser Dachverband gehört selbst (direkt oder über andere) diesem Träger "
             "an. Die Zugehörigkeit darf nicht im Kreis laufen.")


def cycle(start: str, target: str | None, link_of: Callable[[str], str | None]) -> list[str]:
    """The chain start → target → … that returns to ``start`` when ``start``
    gets ``target`` as its Träger (Dachverband); empty when there is no cycle."""
    chain, current = [start], target
    while current and current not in chain:
        chain.append(current)
        current = link_of(current)
    return chain + [start] if current == start else []


def sector(kind: str | None, operator_sector: str | None, own: str | None) -> str | None:
    """Public or free: a Jugendamt is public, a facility has its Träger's
    sector, any other actor keeps its own choice."""
    if kind in ALWAYS_PUBLIC_KINDS:
        return "oeffentlich"
    if operator_sector is not None:
        return operator_sector
    return own if own in SECTORS else None


def sector_problem(kind: str | None, has_operator: bool, chosen: str | None,
                   final: str | None) -> str | None:
    """A chosen sector that the rule overrides, or a missing one."""
    if final is None:
        return _("Bitte angeben, ob es sich um einen öffentlichen oder freien Träger handelt.")
    if chosen and chosen != final:
        if kind in ALWAYS_PUBLIC_KINDS:
            return _("Ein Jugendamt ist immer öffentlich.")
        if has_operator:
            return _("Eine Einrichtung hat den Sektor ihres Trägers (%(sector)s).") % {
                "sector": SECTORS[final]}
    return None


# -- formats ------------------------------------------------------------------------------

def coordinates_problem(lat: float | None, lon: float | None) -> tuple[str, str] | None:
    """(field, message) when the pair is incomplete or out of range."""
    if (lat is None) != (lon is None):
        return ("lat" if lat is None else "lon",
                _("Bitte Breiten- und Längengrad zusammen angeben oder beide leer lassen."))
    if lat is not None and not -90 <= lat <= 90:
        return "lat", _("Der Breitengrad liegt zwischen -90 und 90.")
    if lon is not None and not -180 <= lon <= 180:
        return "lon", _("Der Längengrad liegt zwischen -180 und 180.")
    return None


def normal_postcode(text: str | None) -> str | None:
    """A German PLZ stored by a spreadsheet as a number lost its leading zero
    (01067 → 1067): four digits get it back."""
    text = (text or "").strip()
    if text.isdigit() and len(text) == 4:
        return "0" + text
    return text or None


def postcode_problem(text: str | None) -> str | None:
    if text and not _POSTCODE.match(text):
        return _("Bitte eine fünfstellige Postleitzahl angeben.")
    return None


def phone_problem(text: str | None) -> str | None:
    if text and not _PHONE.match(text):
        return _("Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden.")
    return None


def email_problem(text: str | None) -> str | None:
    if text and not _EMAIL.match(text.strip()):
        return _("Bitte eine gültige E-Mail-Adresse angeben.")
    return None


def normal_website(text: str | None) -> str | None:
    """"www.example.de" as people write it becomes "https://www.example.de"."""
    value = (text or "").strip()
    if value.lower().startswith("www.") and " " not in value:
        return "https://" + value
    return value or None


def website_problem(text: str | None) -> str | None:
    """Only web addresses (http, https): never javascript: or data: links."""
    if not text:
        return None
    value = text.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        return _("Bitte eine Webadresse angeben, die mit http:// oder https:// beginnt.")
    return None


# Field → format check, for callers that check a whole record.
FORMAT_CHECKS: Mapping[str, Callable[[str | None], str | None]] = {
    "postcode": postcode_problem, "phone": phone_problem, "email": email_problem,
    "website": website_problem,
}


def format_problems(values: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """(field, message) for every text field of ``values`` in a wrong format."""
    found = []
    for key, check in FORMAT_CHECKS.items():
        problem = check(values.get(key))
        if problem:
            found.append((key, problem))
    return found


# -- duplicates ----------------------------------------------------------------------------

_LEGAL_FORMS = {("e", "v"), ("ev",), ("gmbh",), ("ggmbh",), ("ug",), ("eg",), ("kdor",)}
# Longest first, sorted once (an import asks for a key per row).
_LEGAL_FORMS_LONGEST = sorted(_LEGAL_FORMS, key=len, reverse=True)
_PUNCT = re.compile(r"[^\w\s]")
_STR = re.compile(r"str\b")


def duplicate_key(name: str | None) -> str:
    """A name as duplicate detection compares it: case, umlauts and their
    ae/oe/ue spellings, ß/ss, punctuation and a trailing legal form ("e.V.")
    do not count. "Kinderschutzbund Süd e.V." == "KINDERSCHUTZBUND SUED"."""
    text = fold_spelling(name)
    words = _PUNCT.sub(" ", text).split()
    for form in _LEGAL_FORMS_LONGEST:
        if len(words) > len(form) and tuple(words[-len(form):]) == form:
            words = words[:-len(form)]
            break
    return " ".join(words)


# Two different names this close (difflib ratio of their keys) at one address
# are most likely typing variants of one name.
SIMILAR_RATIO = 0.85


def address_key(street: str | None, postcode: str | None) -> tuple[str, str]:
    """An address as duplicate detection compares it: the street like a name
    ("Hauptstr. 5" == "Hauptstraße 5"), the PLZ as stored."""
    street_key = " ".join(_PUNCT.sub(" ", fold_spelling(street)).split())
    street_key = _STR.sub("strasse", street_key)
    return street_key, (postcode or "").strip()


def same_address(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """The same street (and house number); a PLZ missing on one side does not
    tell them apart, a different one does."""
    return bool(a[0]) and a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


def probable_duplicate(key: str, other_key: str, *, same_area: bool, at_address: bool) -> bool:
    """Is an actor (duplicate ``key``) probably one the registry has already?
    The same key in the same Sozialraum (both without one counts as the same)
    or at the same address, or a close key at the same address. The form
    warns and the import asks per row, both by this rule."""
    if not key or not other_key:
        return False
    if key == other_key:
        return same_area or at_address
    return at_address and SequenceMatcher(None, key, other_key).ratio() >= SIMILAR_RATIO
