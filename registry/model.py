"""The registry's vocabulary: kinds, types, levels and their German labels.

No I/O here. Every list is a fixed whitelist: values posted by users are
checked against these, and nothing else may become a label, a relationship
type or a stored enum value.
"""
from __future__ import annotations

from .i18n import lazy_gettext as _l

# Actor kinds (DOMAIN.md). Order is the order shown in forms and legends.
ACTOR_KINDS: dict[str, str] = {
    "jugendamt": _l("Jugendamt / ASD"),
    "freier_traeger": _l("Freier Träger"),
    "schule": _l("Schule"),
    "kita": _l("Kita"),
    "familienzentrum": _l("Familienzentrum"),
    "jugendzentrum": _l("Jugendzentrum"),
    "verein": _l("Verein"),
    "kirchengemeinde": _l("Kirchengemeinde"),
    "beratungsstelle": _l("Beratungsstelle"),
    "gesundheit": _l("Gesundheit"),
    "selbstvertretung": _l("Selbstvertretung / Beteiligungsgremium"),
    "sonstige": _l("Sonstige"),
}

# Kind of the bodies through which users (children, young people, parents)
# take part: the "user-representation bodies" of every participation figure.
USER_REPRESENTATION_KIND = "selbstvertretung"

# Public or free carrier. The public youth office is always public; a facility
# has the sector of the Träger that operates it; any other actor keeps its own.
SECTORS: dict[str, str] = {
    "oeffentlich": _l("öffentlich"),
    "frei": _l("frei"),
}
ALWAYS_PUBLIC_KINDS = frozenset({"jugendamt"})

AREA_LEVELS: dict[str, str] = {
    "stadt": _l("Stadt / Kreis"),
    "bezirk": _l("Bezirk"),
    "sozialraum": _l("Sozialraum"),
    "quartier": _l("Quartier"),
}
# A child area is exactly one level below its parent.
AREA_LEVEL_ORDER = list(AREA_LEVELS)

AREA_SETTINGS: dict[str, str] = {
    "urban": _l("städtisch"),
    "rural": _l("ländlich"),
}

AGREEMENT_TYPES: dict[str, str] = {
    "kooperation": _l("Allgemeine Kooperationsvereinbarung"),
    "kinderschutz_8a": _l("Schutzauftrag nach § 8a SGB VIII"),
    "ausschluss_72a": _l("Tätigkeitsausschluss nach § 72a SGB VIII"),
    "entgelt_77_78b": _l("Leistungs- und Entgeltvereinbarung (§§ 77, 78b SGB VIII)"),
    "jugendhilfe_schule": _l("Kooperation Jugendhilfe und Schule"),
    "fruehe_hilfen": _l("Netzwerkvereinbarung Frühe Hilfen (§ 3 KKG)"),
    "informell": _l("Informelle Absprache"),
    "sonstige": _l("Sonstige"),
}

AGREEMENT_STATUSES: dict[str, str] = {
    "entwurf": _l("Entwurf"),
    "aktiv": _l("aktiv"),
    "ausgelaufen": _l("ausgelaufen"),
    "gekuendigt": _l("gekündigt"),
}

# The participation ladder, lowest first; its order is meaningful.
PARTICIPATION_LEVELS: dict[str, str] = {
    "keine": _l("keine"),
    "informiert": _l("informiert"),
    "angehoert": _l("angehört / beraten"),
    "mitbestimmend": _l("mitbestimmend"),
    "selbstorganisiert": _l("selbstorganisiert"),
}
PARTICIPATION_ORDER = list(PARTICIPATION_LEVELS)

NETWORK_TYPES: dict[str, str] = {
    "netzwerk": _l("Netzwerk"),
    "arbeitskreis": _l("Arbeitskreis"),
    "gremium": _l("Gremium"),
}

MEMBER_ROLES: dict[str, str] = {
    "mitglied": _l("Mitglied"),
    "koordination": _l("Koordination"),
    "gast": _l("Gast"),
}

# A membership at a date (networks.membership_state).
MEMBERSHIP_STATES: dict[str, str] = {
    "current": _l("aktuell"),
    "past": _l("ehemalig"),
    "future": _l("künftig"),
}

# What a change record did (history.record's action).
HISTORY_ACTIONS: dict[str, str] = {
    "create": _l("angelegt"),
    "update": _l("geändert"),
    "delete": _l("gelöscht"),
    "restore": _l("wiederhergestellt"),
    "relation": _l("Beziehung"),
}

MEETING_RHYTHMS: dict[str, str] = {
    "woechentlich": _l("wöchentlich"),
    "monatlich": _l("monatlich"),
    "quartalsweise": _l("quartalsweise"),
    "halbjaehrlich": _l("halbjährlich"),
    "jaehrlich": _l("jährlich"),
    "nach_bedarf": _l("nach Bedarf"),
}


# Whether user participation is expected in an agreement or network of a
# type. Statutory bilateral agreements between the youth office and a
# carrier (§ 8a Schutzauftrag, § 72a, §§ 77/78b) leave no room for users by
# law, so indicator 1 does not count them. Defaults; an admin may change a
# type (stored as :TypeSetting, registry/type_settings.py).
TYPE_VOCABULARIES: dict[str, dict[str, str]] = {
    "agreement": AGREEMENT_TYPES,
    "network": NETWORK_TYPES,
}
TYPE_KINDS: dict[str, str] = {
    "agreement": _l("Vereinbarungstyp"),
    "network": _l("Netzwerkart"),
}
PARTICIPATION_NOT_EXPECTED: dict[str, frozenset[str]] = {
    "agreement": frozenset({"kinderschutz_8a", "ausschluss_72a", "entgelt_77_78b"}),
    "network": frozenset(),
}


def participation_expected_default(kind: str, type_key: str | None) -> bool:
    """Expected unless the type is one of the statutory bilateral ones."""
    return type_key not in PARTICIPATION_NOT_EXPECTED.get(kind, frozenset())


def participation_rank(level: str | None) -> int:
    """Position on the ladder; unknown or missing counts as "keine"."""
    try:
        return PARTICIPATION_ORDER.index(level or "keine")
    except ValueError:
        return 0


def label(vocabulary: dict[str, str], key: str | None) -> str:
    """German label of a stored key; the key itself if it is not known."""
    if key is None:
        return ""
    return str(vocabulary.get(key, key))
