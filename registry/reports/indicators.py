"""The one registry of the report's indicators.

Each entry names an indicator's key (the section anchor ``#ind-<key>``), its
German title, its builder, the tables it makes (each downloadable as CSV or
XLSX and shown whole at ``/berichte/tabelle/<name>``), the pages besides the
full report it stands on, whether it reads the ties, and its German
definition ("Wie wird das berechnet?"). The report page, the committee
print and PDF, the table downloads and docs/indicators.md are all made from
this list; its order is the numbering of the sections.

A new indicator: one ``Entry`` here, its builder (in ``participation.py``,
``cooperation.py``, ``deadlines.py`` or a new module beside them) over a pure
function in ``registry/analysis/``, and a test.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..i18n import lazy_gettext as _l
from . import cooperation, deadlines, participation
from .base import Context, Indicator

# Pages besides the full report (which shows every indicator).
PARTICIPATION = "beteiligung"   # the Beteiligungsbericht /berichte/beteiligung
START = "start"                 # the committee's headline figures on the start page

# The table of the comparison ("Entwicklung seit …"), across all indicators.
COMPARISON_TABLE = "vergleich"


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    builder: Callable[[Context], Indicator]
    tables: tuple[str, ...]
    definition: str
    pages: frozenset[str] | set[str] = frozenset()
    ties: bool = False      # reads the ties at the Stichtag (the others need only the structure)


INDICATORS: tuple[Entry, ...] = (
    Entry("ohne_beteiligung", _l("Netzwerke und Vereinbarungen ohne Beteiligung der Nutzer*innen"),
          participation.participation_gaps, ("netzwerke_ohne_beteiligung",
          "vereinbarungen_ohne_beteiligung", "ohne_erwartete_beteiligung", "beteiligung_netzwerke"),
          pages={PARTICIPATION, START},
          definition=_l(
              "Gezählt werden alle Netzwerke und alle am Stichtag gültigen "
              "Kooperationsvereinbarungen (kein Entwurf, die Laufzeit schließt den Stichtag ein; "
              "eine gekündigte Vereinbarung gilt bis zu ihrem Enddatum, ohne Enddatum nicht mehr), "
              "bei denen am Stichtag keine Selbstvertretung (kein Beteiligungsgremium) Mitglied "
              "oder Vertragspartei ist und deren Beteiligungsstufe höchstens „informiert“ ist, also "
              "„keine“ oder „informiert“. Eine Mitgliedschaft zählt, wenn der Stichtag zwischen "
              "ihrem Beginn und ihrem Ende liegt; ein Netzwerk mit einem einzigen Mitglied wird "
              "genauso geprüft. Für einen Sozialraum: Netzwerke, deren Geltungsbereich der "
              "Sozialraum, ein Gebiet in ihm, ein übergeordnetes Gebiet oder (ohne Angabe) das "
              "ganze Gebiet ist, und Vereinbarungen mit mindestens einer Partei, die dort liegt. "
              "Gezählt wird nur, wo der Typ eine Beteiligung erwarten lässt: nicht bei den "
              "zweiseitigen Vereinbarungen nach SGB VIII (Schutzauftrag nach § 8a, "
              "Tätigkeitsausschluss nach § 72a, Leistungs- und Entgeltvereinbarungen nach §§ 77, "
              "78b) und nicht bei Typen, für die die Verwaltung dies so eingestellt hat. Diese "
              "stehen ohne Wertung gesondert zur Information, mit dem Grund.")),
    Entry("sozialraeume_ohne_vertretung", _l("Sozialräume ohne Stimme der Nutzer*innen"),
          participation.areas_without_voice, ("sozialraeume_ohne_vertretung",),
          pages={PARTICIPATION, START},
          definition=_l(
              "Ein Sozialraum wird aufgeführt, wenn (a) keine Selbstvertretung in ihm oder einem "
              "seiner Quartiere liegt oder für ihn zuständig ist (zuständig für den Sozialraum, ein "
              "Gebiet in ihm oder ein übergeordnetes Gebiet), oder (b) keine dieser "
              "Selbstvertretungen am Stichtag Mitglied eines Netzwerks ist, das den Sozialraum "
              "abdeckt. Ein Netzwerk deckt einen Sozialraum ab, wenn sein Geltungsbereich der "
              "Sozialraum selbst oder ein übergeordnetes Gebiet ist oder wenn es keinen "
              "Geltungsbereich hat (ganzes Gebiet). Sitzt eine Selbstvertretung in einem Netzwerk "
              "eines anderen Gebiets, zählt das für jenes Netzwerk, nicht für ihren eigenen "
              "Sozialraum.")),
    Entry("zielgruppen_ohne_stimme", _l("Zielgruppen ohne Stimme in den Netzwerken"),
          participation.groups_without_voice, ("zielgruppen_ohne_stimme",), pages={PARTICIPATION,
          START},
          definition=_l(
              "Für jeden Sozialraum die Zielgruppen, die Akteure bedienen, die dort liegen oder für "
              "ihn zuständig sind (Selbstvertretungen selbst nicht mitgezählt). Eine Zielgruppe "
              "gilt dort als vertreten, wenn eine Selbstvertretung, die für diese Zielgruppe "
              "spricht, am Stichtag Mitglied eines Netzwerks ist, das den Sozialraum abdeckt "
              "(Geltungsbereich: der Sozialraum, ein übergeordnetes Gebiet oder das ganze Gebiet). "
              "Aufgeführt ist jedes nicht vertretene Paar aus Sozialraum und Zielgruppe.")),
    Entry("isolierte_akteure", _l("Isolierte Akteure („weiße Flecken“)"),
          participation.isolated, ("isolierte_akteure", "isolierte_nach_art",
          "isolierte_nach_sozialraum"), pages={PARTICIPATION, START},
          definition=_l(
              "Ein Akteur ist isoliert, wenn er am Stichtag Partei keiner gültigen "
              "Kooperationsvereinbarung und Mitglied keines Netzwerks ist. Beendete oder erst "
              "später beginnende Mitgliedschaften, Entwürfe, abgelaufene Vereinbarungen und "
              "gekündigte ohne Enddatum zählen nicht; eine gekündigte Vereinbarung zählt bis zu "
              "ihrem Enddatum. Zugeordnet wird nach dem Sozialraum, in dem der Akteur liegt (auch "
              "über ein Quartier).")),
    Entry("dichte", _l("Kooperationsdichte"),
          cooperation.density, ("dichte",), ties=True,
          definition=_l(
              "Dichte = vorhandene Kooperationsbeziehungen zwischen den Akteuren eines Sozialraums "
              "geteilt durch die möglichen Beziehungen n·(n−1)/2 bei n Akteuren. Zwei Akteure "
              "stehen in Beziehung, wenn sie am Stichtag Partei derselben gültigen Vereinbarung "
              "oder Mitglied desselben Netzwerks sind; Beziehungen über die Grenze des Sozialraums "
              "zählen hier nicht. Bei weniger als zwei Akteuren ist die Dichte nicht bestimmt "
              "(„–“). Vergleichswert ist die Dichte innerhalb aller Sozialräume zusammen (alle "
              "Beziehungen innerhalb der Sozialräume geteilt durch alle dort möglichen Paare). Die "
              "Dichte des Gesamtgebiets über alle Akteure steht zur Information dabei; sie sinkt "
              "mit jedem weiteren Sozialraum und taugt daher nicht als Maßstab. Weit darunter liegt "
              "ein Sozialraum, dessen Dichte weniger als die Hälfte des Vergleichswerts beträgt.")),
    Entry("partnerschaft", _l("Partnerschaft öffentlicher und freier Träger"),
          cooperation.partnership, ("traegeranteile", "traegeranteile_sozialraeume",
          "traegeranteile_netzwerke", "einrichtungen_je_traeger", "konzentration", "arten_matrix"),
          ties=True,
          definition=_l(
              "Anteile öffentlicher und freier Träger: jeder Akteur einmal, mit seinem Sektor "
              "(Einrichtungen haben den Sektor ihres Trägers) – unter allen Akteuren, unter den "
              "Parteien der am Stichtag gültigen Vereinbarungen und unter den Mitgliedern der "
              "Netzwerke am Stichtag; für einen Sozialraum die dort liegenden. Einrichtungen je "
              "Träger: Akteure, die dieser Träger betreibt. Konzentration: "
              "Herfindahl-Hirschman-Index (HHI) über die Anteile der Träger an den Einrichtungen "
              "eines Sozialraums, in Prozent quadriert und summiert: 10.000 heißt, ein Träger "
              "betreibt alle Einrichtungen; bei k gleich großen Trägern ist er 10.000/k; über 2.500 "
              "gilt als hoch konzentriert; ohne Einrichtungen „–“. Arten-Matrix: Zahl der "
              "Kooperationsbeziehungen zwischen Akteuren der jeweiligen Arten, jede Beziehung "
              "einmal.")),
    Entry("vermittler", _l("Vermittler und Bruchstellen"),
          cooperation.brokers, ("vermittler", "vermittler_gesamtgebiet"), ties=True,
          definition=_l(
              "Betrachtet wird das Beziehungsnetz jedes Sozialraums: die dort liegenden Akteure und "
              "ihre Beziehungen untereinander am Stichtag. Ein Artikulationspunkt ist ein Akteur, "
              "ohne den ein Teil dieses Netzes vom Rest getrennt wäre; „würde abtrennen“ nennt, wie "
              "viele Akteure dann keine Verbindung mehr zum größten verbleibenden Teil hätten. Die "
              "Betweenness (0 bis 1) ist der Anteil der kürzesten Verbindungen zwischen zwei "
              "anderen Akteuren, die über diesen Akteur laufen. Für das Gesamtgebiet stehen die "
              "Artikulationspunkte jedes Sozialraums mit ihrer Betweenness im Gesamtgebiet in der "
              "Liste, dazu die Rangliste der höchsten Betweenness über alle Akteure (ab 1.500 "
              "Akteuren aus 100 fest gewählten Startpunkten geschätzt); für einen Sozialraum die "
              "Rangliste innerhalb des Sozialraums.")),
    Entry("fristen", _l("Fristen und Änderungen"),
          deadlines.deadlines, ("auslaufende_vereinbarungen", "ueberfaellige_pruefung",
          "aenderungen"), pages={START},
          definition=_l(
              "Auslaufend: am Stichtag gültige Vereinbarungen, deren Gültigkeit innerhalb der "
              "gewählten Zahl von Tagen endet (vom Stichtag bis Stichtag plus Tage, beide "
              "eingeschlossen). Prüfung überfällig: gültige Vereinbarungen, deren Prüftermin vor "
              "dem Stichtag liegt. Änderungen: alle im Änderungsverlauf aufgezeichneten Änderungen "
              "seit dem gewählten Datum; für einen Sozialraum die an seinen Gebieten, den dort "
              "liegenden Akteuren, Vereinbarungen mit einer Partei dort und Netzwerken, die ihn "
              "betreffen.")),
)

BY_KEY = {entry.key: entry for entry in INDICATORS}
# Which indicator holds which table: one table's download builds only it.
TABLE_INDICATORS = {name: entry.key for entry in INDICATORS for name in entry.tables}
# Every downloadable table, by name (the whitelist of the download route).
TABLE_NAMES = tuple(TABLE_INDICATORS) + (COMPARISON_TABLE,)
DEFINITIONS = {entry.key: entry.definition for entry in INDICATORS}


def keys_on(page: str) -> tuple[str, ...]:
    """The keys of the indicators a page shows, in report order."""
    return tuple(entry.key for entry in INDICATORS if page in entry.pages)


def table_indicator(name: str) -> str | None:
    """The indicator whose section holds table ``name``: a download builds
    only that one (None: the comparison table, which spans them all)."""
    return TABLE_INDICATORS.get(name)
