"""One documented import template per entity, with German column headers.

The column lists here are the single source for the importer (which header
means which field), the downloadable CSV/XLSX templates, the upload page and
docs/import.md. Headers are matched case- and umlaut-insensitively
("strasse" finds "Straße"), and the internal key works as well.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .. import model
from ..i18n import lazy_gettext as _l
from ..rules.areas import MAX_CHARS as MAX_OUTLINE_CHARS
from ..text import fold, fold_spelling

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""
    example: str = ""
    max_length: int = 200


ACTOR_COLUMNS: tuple[Column, ...] = (
    Column("external_id", "Externe ID", help=_l(
        "Ihre dauerhafte Kennung des Eintrags (z. B. die Nummer aus Ihrer Liste). "
        "Ein zweiter Import erkennt den Eintrag daran wieder. Ohne Externe ID "
        "gelten Name und Sozialraum als Schlüssel."), example="KITA-0815", max_length=100),
    Column("name", "Name", required=True, help=_l("Name des Akteurs."),
           example="Kita Sonnenblume"),
    Column("kind", "Art", required=True, help=_l(
        "Art des Akteurs: eine der Bezeichnungen unten (z. B. Kita, Schule, Freier "
        "Träger) oder ihr Schlüssel (kita, schule, freier_traeger)."), example="Kita"),
    Column("sector", "Sektor", help=_l(
        "öffentlich oder frei. Leer: bleibt wie bisher, neu angelegt: frei. Jugendämter "
        "sind immer öffentlich; eine Einrichtung hat den Sektor ihres Trägers."),
        example="frei"),
    Column("area", "Sozialraum", help=_l(
        "Sozialraum, in dem der Akteur sitzt: Kürzel oder Name eines vorhandenen "
        "Sozialraums."), example="Nordstadt"),
    Column("serves", "Weitere Sozialräume", help=_l(
        "Sozialräume, für die der Akteur außerdem arbeitet, getrennt durch |."),
        example="Rosenhöhe | Mühlenviertel", max_length=2000),
    Column("operator", "Träger", help=_l(
        "Träger, der die Einrichtung betreibt: Externe ID oder Name eines Akteurs, der "
        "im Register oder in derselben Datei steht."), example="AWO Kreisverband Lindenau e.V."),
    Column("umbrella", "Dachverband", help=_l(
        "Dachverband des Trägers: Externe ID oder Name eines Akteurs."),
        example="Der Paritätische"),
    Column("description", "Beschreibung", help=_l("Freitext."), max_length=2000),
    Column("street", "Straße", help=_l("Straße und Hausnummer."), example="Rosenstraße 4"),
    Column("postcode", "PLZ", help=_l("Postleitzahl."), example="37413", max_length=10),
    Column("city", "Ort", example="Lindenau", max_length=100),
    Column("lat", "Breitengrad", help=_l("WGS84, z. B. 51,0812 oder 51.0812."),
           example="51,0812", max_length=30),
    Column("lon", "Längengrad", help=_l("WGS84, z. B. 10,5634."), example="10,5634",
           max_length=30),
    Column("website", "Website", example="https://www.example.org", max_length=500),
    Column("email", "E-Mail", example="info@example.org"),
    Column("phone", "Telefon", example="05561 123456", max_length=50),
)

AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("external_id", "Externe ID", help=_l(
        "Ihre dauerhafte Kennung der Vereinbarung. Ohne Externe ID gilt der Titel als "
        "Schlüssel."), example="KV-2025-017", max_length=100),
    Column("title", "Titel", required=True, example="Kooperationsvereinbarung Kinderschutz Nord"),
    Column("type", "Art", required=True, help=_l(
        "Art der Vereinbarung: eine der Bezeichnungen unten oder ihr Schlüssel."),
        example="kinderschutz_8a"),
    Column("parties", "Parteien", required=True, help=_l(
        "Mindestens zwei Akteure, getrennt durch |: je die Externe ID oder der Name, "
        "die Rolle wahlweise in eckigen Klammern."),
        example="Jugendamt Lindenau [Auftraggeber] | AWO Kreisverband Lindenau e.V.",
        max_length=5000),
    Column("status", "Status", help=_l(
        "Entwurf, aktiv, ausgelaufen oder gekündigt. Leer: aus den Daten abgeleitet "
        "(ausgelaufen nach dem Ende, sonst aktiv)."), example="aktiv"),
    Column("subject", "Gegenstand", max_length=2000),
    Column("valid_from", "Gültig ab", help=_l("Datum wie 31.12.2025 oder 2025-12-31."),
           example="01.01.2025"),
    Column("valid_until", "Gültig bis", help=_l("Datum; leer: unbefristet."),
           example="31.12.2027"),
    Column("review_date", "Wiedervorlage", help=_l("Datum der nächsten Prüfung."),
           example="30.06.2027"),
    Column("document_ref", "Dokument", help=_l("Aktenzeichen oder Ablageort."),
           example="Az. 51-2025-17", max_length=500),
    Column("participation", "Beteiligung", help=_l(
        "Beteiligung der Nutzer*innen: keine, informiert, angehört / beraten, "
        "mitbestimmend, selbstorganisiert."), example="informiert"),
)

MEMBERSHIP_COLUMNS: tuple[Column, ...] = (
    Column("network", "Netzwerk", required=True, help=_l(
        "Name (oder Kennung) eines Netzwerks, das im Register steht."),
        example="Netzwerk Frühe Hilfen Lindenau"),
    Column("actor", "Akteur", required=True, help=_l(
        "Externe ID oder Name eines Akteurs im Register."), example="KITA-0815"),
    Column("role", "Rolle", help=_l("Mitglied, Koordination oder Gast; leer: Mitglied."),
           example="Mitglied"),
    Column("since", "Seit", help=_l("Datum des Beitritts."), example="01.03.2024"),
    Column("until", "Bis", help=_l("Datum des Austritts; leer: laufend."), example=""),
)

AREA_COLUMNS: tuple[Column, ...] = (
    Column("code", "Kennung", help=_l(
        "Kürzel des Sozialraums (z. B. die amtliche Nummer). Ein zweiter Import erkennt "
        "den Sozialraum daran wieder; ohne Kennung gilt der Name als Schlüssel."),
        example="LIN-01-01", max_length=50),
    Column("name", "Name", required=True, example="Nordstadt"),
    Column("level", "Ebene", required=True, help=_l(
        "Stadt / Kreis, Bezirk, Sozialraum oder Quartier. Ein Gebiet liegt genau eine "
        "Ebene unter dem Gebiet, in dem es liegt."), example="Sozialraum"),
    Column("setting", "Siedlungsstruktur", help=_l(
        "städtisch oder ländlich; leer: bleibt wie bisher, neu angelegt: städtisch."),
        example="städtisch"),
    Column("parent", "Liegt in", help=_l(
        "Kennung oder Name des Gebiets eine Ebene darüber, im Register oder in derselben "
        "Datei; leer bei der obersten Ebene."), example="LIN-01"),
    Column("geometry", "Umriss", help=_l(
        "Optional: die Fläche für den Stadtplan als GeoJSON-Polygon oder -MultiPolygon in "
        "WGS84 (Länge zuerst), z. B. aus QGIS kopiert; leer: bleibt wie bisher."),
        example="", max_length=MAX_OUTLINE_CHARS),
)

TARGET_GROUP_COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", required=True, help=_l(
        "Name der Zielgruppe. Eine Zielgruppe, die es (in beliebiger Schreibweise von "
        "Groß- und Kleinbuchstaben) schon gibt, bleibt unverändert."),
        example="Familien mit Kindern unter 3 Jahren", max_length=200),
)

# The actor a row belongs to (target groups, contacts).
ACTOR_REFERENCE = Column("actor", "Akteur", required=True, help=_l(
    "Externe ID oder Name eines Akteurs im Register oder in demselben Import."),
    example="KITA-0815")

ACTOR_TARGET_GROUP_COLUMNS: tuple[Column, ...] = (
    ACTOR_REFERENCE,
    Column("target_groups", "Zielgruppen", required=True, help=_l(
        "Alle Zielgruppen, für die der Akteur arbeitet, getrennt durch |; sie ersetzen "
        "die bisherigen. (leer) entfernt alle."),
        example="Familien mit Kindern unter 3 Jahren | Alleinerziehende", max_length=5000),
)

CONTACT_COLUMNS: tuple[Column, ...] = (
    ACTOR_REFERENCE,
    Column("name", "Name", required=True, help=_l(
        "Name der Kontaktperson. Akteur und Name zusammen erkennen sie bei einem zweiten "
        "Import wieder."), example="Maria Beispiel", max_length=120),
    Column("function", "Funktion", example="Leitung", max_length=120),
    Column("email", "E-Mail", help=_l("Dienstliche E-Mail-Adresse."),
           example="leitung@example.org", max_length=254),
    Column("phone", "Telefon", help=_l("Dienstliche Telefonnummer."), example="05561 123457",
           max_length=40),
    Column("public", "Öffentlich", help=_l(
        "ja: auch für Ausschuss und Öffentlichkeit sichtbar; nein: nur für Bearbeitende. "
        "Leer: bleibt wie bisher, neu angelegt: nein."), example="nein", max_length=10),
)

NETWORK_COLUMNS: tuple[Column, ...] = (
    Column("external_id", "Externe ID", example="NW-7", max_length=100, help=_l(
        "Ihre dauerhafte Kennung des Netzwerks; ohne sie gilt der Name als Schlüssel.")),
    Column("name", "Name", required=True, example="Netzwerk Frühe Hilfen Lindenau"),
    Column("type", "Art", required=True, example="Netzwerk",
           help=_l("Netzwerk, Arbeitskreis oder Gremium (oder der Schlüssel).")),
    Column("description", "Beschreibung", max_length=2000),
    Column("rhythm", "Sitzungsrhythmus", help=_l("Einer der Werte unten."),
           example="quartalsweise"),
    Column("participation", "Beteiligung", example="informiert", help=_l(
        "Beteiligung der Nutzer*innen. Leer: bleibt wie bisher, neu angelegt: keine.")),
    Column("scope", "Geltungsbereich", example="LIN-01", help=_l(
        "Kennung oder Name eines Sozialraums; leer: das ganze Gebiet.")),
    Column("coordinator", "Koordinierender Akteur", help=_l(
        "Koordinierender Akteur: Externe ID oder Name eines Akteurs."),
        example="Jugendamt Lindenau"),
)

# In the order a workbook's sheets (or an upload's files) are applied: what
# a row refers to comes first (importer.DEPENDENCY_ORDER).
TEMPLATES: dict[str, tuple[Column, ...]] = {
    "actors": ACTOR_COLUMNS,
    "agreements": AGREEMENT_COLUMNS,
    "memberships": MEMBERSHIP_COLUMNS,
    "areas": AREA_COLUMNS,
    "target_groups": TARGET_GROUP_COLUMNS,
    "actor_target_groups": ACTOR_TARGET_GROUP_COLUMNS,
    "contacts": CONTACT_COLUMNS,
    "networks": NETWORK_COLUMNS,
}

ENTITY_LABELS: dict[str, str] = {
    "actors": _l("Akteure"),
    "agreements": _l("Kooperationsvereinbarungen mit Parteien"),
    "memberships": _l("Netzwerk-Mitgliedschaften"),
    "areas": _l("Sozialräume"),
    "target_groups": _l("Zielgruppen"),
    "actor_target_groups": _l("Zielgruppen der Akteure"),
    "contacts": _l("Kontaktpersonen"),
    "networks": _l("Netzwerke, Arbeitskreise und Gremien"),
}

# Sheet names of a workbook with one sheet per kind (besides the keys).
SHEET_NAMES: dict[str, str] = {
    "actors": "Akteure",
    "agreements": "Vereinbarungen",
    "memberships": "Mitgliedschaften",
    "areas": "Sozialräume",
    "target_groups": "Zielgruppen",
    "actor_target_groups": "Zielgruppen der Akteure",
    "contacts": "Kontaktpersonen",
    "networks": "Netzwerke",
}


def sheet_entity(name: str) -> str | None:
    """The template a workbook sheet is named after (key, sheet name or label)."""
    folded = fold_spelling(name)
    for entity in TEMPLATES:
        if folded in {fold_spelling(entity), fold_spelling(SHEET_NAMES[entity]),
                      fold_spelling(str(ENTITY_LABELS[entity]))}:
            return entity
    return None

# Values a column accepts, shown in the template's explanations.
VOCABULARIES: dict[tuple[str, str], dict[str, str]] = {
    ("actors", "kind"): model.ACTOR_KINDS,
    ("actors", "sector"): model.SECTORS,
    ("agreements", "type"): model.AGREEMENT_TYPES,
    ("agreements", "status"): model.AGREEMENT_STATUSES,
    ("agreements", "participation"): model.PARTICIPATION_LEVELS,
    ("memberships", "role"): model.MEMBER_ROLES,
    ("areas", "level"): model.AREA_LEVELS,
    ("areas", "setting"): model.AREA_SETTINGS,
    ("networks", "type"): model.NETWORK_TYPES,
    ("networks", "rhythm"): model.MEETING_RHYTHMS,
    ("networks", "participation"): model.PARTICIPATION_LEVELS,
}


def vocabulary_key(vocabulary: dict[str, str], text: str) -> str | None:
    """The stored key for a typed value: the key itself, the German label or a
    part of a label with " / " ("Jugendamt" for "Jugendamt / ASD")."""
    cached = _LOOKUPS.get((id(vocabulary), text), _MISSING)
    if cached is not _MISSING:
        return cached
    names = _VOCABULARY_NAMES.get(id(vocabulary))
    if names is None:
        names = {}
        for key, label in reversed(vocabulary.items()):
            names.update({fold_spelling(part): key for part in str(label).split(" / ")})
            names[fold_spelling(str(label))] = key
        names.update({fold_spelling(key): key for key in vocabulary})
        _VOCABULARY_NAMES[id(vocabulary)] = names
    found = names.get(fold_spelling(text))
    if len(_LOOKUPS) < 10000:  # cells repeat ("Kita", "frei"): remember them
        _LOOKUPS[(id(vocabulary), text)] = found
    return found


# Folded spellings per vocabulary (the vocabularies are module constants).
_VOCABULARY_NAMES: dict[int, dict[str, str]] = {}
_LOOKUPS: dict[tuple[int, str], str | None] = {}
_MISSING = object()


@dataclass
class HeaderMatch:
    index: dict[str, int]  # column key -> position in the file
    unknown: list[str]
    missing: list[Column]
    duplicate: list[str]


def match_headers(entity: str, headers: list[str]) -> HeaderMatch:
    columns = TEMPLATES[entity]
    names = {}
    for column in columns:
        names[fold_spelling(column.header)] = column.key
        names[fold_spelling(column.key)] = column.key
    index: dict[str, int] = {}
    unknown, duplicate = [], []
    for position, header in enumerate(headers):
        key = names.get(fold_spelling(header))
        if key is None:
            if header:
                unknown.append(header)
        elif key in index:
            duplicate.append(header)
        else:
            index[key] = position
    missing = [c for c in columns if c.required and c.key not in index]
    return HeaderMatch(index, unknown, missing, duplicate)


BERLIN_HEADERS = {"id", "name", "sponsor_id", "sponsor_name", "geojson_feature_id"}


def detect_entity(headers: list[str]) -> str | None:
    """Which template a file follows, from its header row."""
    folded = {fold(h) for h in headers}
    if BERLIN_HEADERS <= folded:
        return "berlin"
    best, score = None, 0
    for entity in TEMPLATES:
        match = match_headers(entity, headers)
        # "Name;Farbe" is no list of target groups: most columns must be known.
        if match.missing or len(match.index) <= len(match.unknown):
            continue
        if len(match.index) > score:
            best, score = entity, len(match.index)
    return best


def column(entity: str, key: str) -> Column:
    return next(c for c in TEMPLATES[entity] if c.key == key)


# -- downloadable files ---------------------------------------------------------------

def csv_bytes(entity: str) -> bytes:
    """The header row as German Excel opens it: UTF-8 with BOM, ``;``."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [c.header for c in TEMPLATES[entity]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(entity: str) -> bytes:
    """Sheet 1 "Daten" with the headers (the importer reads only this sheet),
    sheet 2 "Erläuterungen" with every column and the accepted values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = TEMPLATES[entity]
    book = Workbook()
    data = book.active
    data.title = "Daten"
    data.append([c.header for c in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
        cell.number_format = "@"
    for position, col in enumerate(columns, start=1):
        letter = data.cell(row=1, column=position).column_letter
        data.column_dimensions[letter].width = max(14, len(col.header) + 4)
        # Text format keeps leading zeros of PLZ and ids.
        for row in range(2, 502):
            data.cell(row=row, column=position).number_format = "@"
    data.freeze_panes = "A2"

    notes = book.create_sheet("Erläuterungen")
    notes.append(["Spalte", "Pflicht", "Erläuterung", "Beispiel"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for col in columns:
        notes.append([col.header, "ja" if col.required else "nein", str(col.help), col.example])
    for (vocab_entity, key), vocabulary in VOCABULARIES.items():
        if vocab_entity != entity:
            continue
        notes.append([])
        notes.append([f"Werte für „{column(entity, key).header}“", "", "", ""])
        notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
        for value, text in vocabulary.items():
            notes.append([str(text), "", f"Schlüssel: {value}", ""])
    notes.column_dimensions["A"].width = 32
    notes.column_dimensions["C"].width = 90
    notes.column_dimensions["D"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
