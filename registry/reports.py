"""The report: every indicator for a Stichtag and an optional Sozialraum, as
plain data for the pages, the printable committee report and the downloads.

Each indicator is a figure, the list of entries behind it (tables), a short
German definition ("Wie wird das berechnet?") and a link to the map with the
entries highlighted (``/karte?...&hervorheben=<actor ids>``). The numbers
come from the pure functions of ``registry.analysis``; nothing here knows
about HTTP.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable
from urllib.parse import urlencode

import networkx as nx
from markupsafe import Markup

from .entities import actors, agreements, areas, networks, target_groups
from . import charts, history, model
from .analysis import brokers as brokers_mod
from .analysis import cache as report_cache
from .analysis import density as density_mod
from .analysis import expiry, isolation, participation, partnership, structure
from .analysis.structure import Structure
from .analysis.ties import Tie, ties_at
from .db import Database
from .glossary import term
from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .tabular import (DASH, DATE, DATETIME, DECIMAL, INT, PERCENT, POINTS, PREVIEW_ROWS, Column,
                      Ref, Table, format_value)

MAP_PATH = "/karte"
MAX_HIGHLIGHT = 200        # ids in one map link (a URL must stay short)
WHOLE_AREA_BROKERS = 15
DEFAULT_SINCE_DAYS = 30


class UnknownArea(ValueError):
    """The Sozialraum asked for does not exist."""


@dataclass(frozen=True)
class Figure:
    """One comparable number of an indicator (for "Entwicklung seit …" and
    the comparison of a Sozialraum with the whole municipality)."""
    key: str
    label: str
    value: float | int | None
    fmt: str = INT


@dataclass(frozen=True)
class Comparison:
    """A figure beside its value at the comparison Stichtag and/or in the
    whole municipality, as German text."""
    key: str
    label: str
    now: str
    before: str | None = None
    change: str | None = None
    whole: str | None = None
    whole_before: str | None = None


@dataclass
class Indicator:
    key: str
    number: int
    title: str
    value_text: str
    summary: str
    definition: str
    tables: list[Table] = field(default_factory=list)
    map_url: str | None = None
    charts: list[Markup] = field(default_factory=list)
    chart_table: str | None = None     # the table the charts stand beside
    unit: str = ""                     # what the figure counts
    figures: list[Figure] = field(default_factory=list)
    glance: str = ""                   # the plain sentence of "Auf einen Blick"
    comparison: list[Comparison] = field(default_factory=list)


@dataclass
class Report:
    day: date
    area: structure.Area | None
    days: int
    since: date
    indicators: list[Indicator]
    sozialraeume: list[structure.Area]
    map_svg: Markup | None = None
    map_note: str = ""
    compare_day: date | None = None    # "Entwicklung seit …"
    extra_tables: list[Table] = field(default_factory=list)

    @property
    def area_name(self) -> str:
        return self.area.name if self.area else _("Gesamtgebiet")

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)

    def table(self, name: str) -> Table | None:
        for indicator in self.indicators:
            for table in indicator.tables:
                if table.name == name:
                    return table
        return next((t for t in self.extra_tables if t.name == name), None)

    @property
    def glance(self) -> list[tuple[str, str]]:
        """"Auf einen Blick": (sentence, section anchor, number) per indicator."""
        return [(i.glance, f"ind-{i.key}", i.number) for i in self.indicators if i.glance]

    @property
    def has_comparison(self) -> bool:
        return self.compare_day is not None or self.area is not None


# Every downloadable table, by name (the whitelist of the download route).
TABLE_NAMES = (
    "netzwerke_ohne_beteiligung", "vereinbarungen_ohne_beteiligung", "beteiligung_netzwerke",
    "ohne_erwartete_beteiligung",
    "sozialraeume_ohne_vertretung", "zielgruppen_ohne_stimme",
    "isolierte_akteure", "isolierte_nach_art", "isolierte_nach_sozialraum",
    "dichte", "traegeranteile", "traegeranteile_sozialraeume", "traegeranteile_netzwerke",
    "einrichtungen_je_traeger", "konzentration", "arten_matrix",
    "vermittler", "vermittler_gesamtgebiet",
    "auslaufende_vereinbarungen", "ueberfaellige_pruefung", "aenderungen",
    "vergleich",
)

# Which indicator (section) holds which table: one table's download builds
# only its indicator.
TABLE_INDICATORS = {
    "netzwerke_ohne_beteiligung": "ohne_beteiligung",
    "ohne_erwartete_beteiligung": "ohne_beteiligung",
    "vereinbarungen_ohne_beteiligung": "ohne_beteiligung",
    "beteiligung_netzwerke": "ohne_beteiligung",
    "sozialraeume_ohne_vertretung": "sozialraeume_ohne_vertretung",
    "zielgruppen_ohne_stimme": "zielgruppen_ohne_stimme",
    "isolierte_akteure": "isolierte_akteure", "isolierte_nach_art": "isolierte_akteure",
    "isolierte_nach_sozialraum": "isolierte_akteure",
    "dichte": "dichte",
    "traegeranteile": "partnerschaft", "traegeranteile_sozialraeume": "partnerschaft",
    "traegeranteile_netzwerke": "partnerschaft", "einrichtungen_je_traeger": "partnerschaft",
    "konzentration": "partnerschaft", "arten_matrix": "partnerschaft",
    "vermittler": "vermittler", "vermittler_gesamtgebiet": "vermittler",
    "auslaufende_vereinbarungen": "fristen", "ueberfaellige_pruefung": "fristen",
    "aenderungen": "fristen",
}

DEFINITIONS = {
    "ohne_beteiligung": _l(
        "Gezählt werden alle Netzwerke und alle am Stichtag gültigen Kooperationsvereinbarungen "
        "(kein Entwurf, die Laufzeit schließt den Stichtag ein; eine gekündigte Vereinbarung gilt "
        "bis zu ihrem Enddatum, ohne Enddatum nicht mehr), bei denen am Stichtag keine "
        "Selbstvertretung (kein Beteiligungsgremium) Mitglied oder Vertragspartei ist und deren "
        "Beteiligungsstufe höchstens „informiert“ ist, also „keine“ oder „informiert“. Eine "
        "Mitgliedschaft zählt, wenn der Stichtag zwischen ihrem Beginn und ihrem Ende liegt; ein "
        "Netzwerk mit einem einzigen Mitglied wird genauso geprüft. Für einen Sozialraum: "
        "Netzwerke, deren Geltungsbereich der Sozialraum, ein Gebiet in ihm, ein übergeordnetes "
        "Gebiet oder (ohne Angabe) das ganze Gebiet ist, und Vereinbarungen mit mindestens einer "
        "Partei, die dort liegt. Gezählt wird nur, wo der Typ eine Beteiligung erwarten lässt: "
        "nicht bei den zweiseitigen Vereinbarungen nach SGB VIII (Schutzauftrag nach § 8a, "
        "Tätigkeitsausschluss nach § 72a, Leistungs- und Entgeltvereinbarungen nach §§ 77, 78b) "
        "und nicht bei Typen, für die die Verwaltung dies so eingestellt hat. Diese stehen "
        "ohne Wertung gesondert zur Information, mit dem Grund."),
    "sozialraeume_ohne_vertretung": _l(
        "Ein Sozialraum wird aufgeführt, wenn (a) keine Selbstvertretung in ihm oder einem seiner "
        "Quartiere liegt oder für ihn zuständig ist (zuständig für den Sozialraum, ein Gebiet in "
        "ihm oder ein übergeordnetes Gebiet), oder (b) keine dieser Selbstvertretungen am "
        "Stichtag Mitglied eines Netzwerks ist, das den Sozialraum abdeckt. Ein Netzwerk deckt "
        "einen Sozialraum ab, wenn sein Geltungsbereich der Sozialraum selbst oder ein "
        "übergeordnetes Gebiet ist oder wenn es keinen Geltungsbereich hat (ganzes Gebiet). Sitzt "
        "eine Selbstvertretung in einem Netzwerk eines anderen Gebiets, zählt das für jenes "
        "Netzwerk, nicht für ihren eigenen Sozialraum."),
    "zielgruppen_ohne_stimme": _l(
        "Für jeden Sozialraum die Zielgruppen, die Akteure bedienen, die dort liegen oder für ihn "
        "zuständig sind (Selbstvertretungen selbst nicht mitgezählt). Eine Zielgruppe gilt dort "
        "als vertreten, wenn eine Selbstvertretung, die für diese Zielgruppe spricht, am Stichtag "
        "Mitglied eines Netzwerks ist, das den Sozialraum abdeckt (Geltungsbereich: der "
        "Sozialraum, ein übergeordnetes Gebiet oder das ganze Gebiet). Aufgeführt ist jedes nicht "
        "vertretene Paar aus Sozialraum und Zielgruppe."),
    "isolierte_akteure": _l(
        "Ein Akteur ist isoliert, wenn er am Stichtag Partei keiner gültigen "
        "Kooperationsvereinbarung und Mitglied keines Netzwerks ist. Beendete oder erst später "
        "beginnende Mitgliedschaften, Entwürfe, abgelaufene Vereinbarungen und gekündigte ohne "
        "Enddatum zählen nicht; eine gekündigte Vereinbarung zählt bis zu ihrem Enddatum. Zugeordnet wird nach dem Sozialraum, in dem der Akteur liegt (auch über ein "
        "Quartier)."),
    "dichte": _l(
        "Dichte = vorhandene Kooperationsbeziehungen zwischen den Akteuren eines Sozialraums "
        "geteilt durch die möglichen Beziehungen n·(n−1)/2 bei n Akteuren. Zwei Akteure stehen in "
        "Beziehung, wenn sie am Stichtag Partei derselben gültigen Vereinbarung oder Mitglied "
        "desselben Netzwerks sind; Beziehungen über die Grenze des Sozialraums zählen hier nicht. "
        "Bei weniger als zwei Akteuren ist die Dichte nicht bestimmt („–“). Vergleichswert ist die "
        "Dichte innerhalb aller Sozialräume zusammen (alle Beziehungen innerhalb der Sozialräume "
        "geteilt durch alle dort möglichen Paare). Die Dichte des Gesamtgebiets über alle Akteure "
        "steht zur Information dabei; sie sinkt mit jedem weiteren Sozialraum und taugt daher "
        "nicht als Maßstab. Weit darunter liegt ein Sozialraum, dessen Dichte weniger als die "
        "Hälfte des Vergleichswerts beträgt."),
    "partnerschaft": _l(
        "Anteile öffentlicher und freier Träger: jeder Akteur einmal, mit seinem Sektor "
        "(Einrichtungen haben den Sektor ihres Trägers) – unter allen Akteuren, unter den Parteien "
        "der am Stichtag gültigen Vereinbarungen und unter den Mitgliedern der Netzwerke am "
        "Stichtag; für einen Sozialraum die dort liegenden. Einrichtungen je Träger: Akteure, die "
        "dieser Träger betreibt. Konzentration: Herfindahl-Hirschman-Index (HHI) über die Anteile "
        "der Träger an den Einrichtungen eines Sozialraums, in Prozent quadriert und summiert: "
        "10.000 heißt, ein Träger betreibt alle Einrichtungen; bei k gleich großen Trägern ist er "
        "10.000/k; über 2.500 gilt als hoch konzentriert; ohne Einrichtungen „–“. Arten-Matrix: "
        "Zahl der Kooperationsbeziehungen zwischen Akteuren der jeweiligen Arten, jede Beziehung "
        "einmal."),
    "vermittler": _l(
        "Betrachtet wird das Beziehungsnetz jedes Sozialraums: die dort liegenden Akteure und ihre "
        "Beziehungen untereinander am Stichtag. Ein Artikulationspunkt ist ein Akteur, ohne den ein "
        "Teil dieses Netzes vom Rest getrennt wäre; „würde abtrennen“ nennt, wie viele Akteure "
        "dann keine Verbindung mehr zum größten verbleibenden Teil hätten. Die Betweenness (0 bis "
        "1) ist der Anteil der kürzesten Verbindungen zwischen zwei anderen Akteuren, die über "
        "diesen Akteur laufen. Für das Gesamtgebiet stehen die Artikulationspunkte jedes "
        "Sozialraums mit ihrer Betweenness im Gesamtgebiet in der Liste, dazu die Rangliste der "
        "höchsten Betweenness über alle Akteure (ab 1.500 Akteuren aus 100 fest gewählten "
        "Startpunkten geschätzt); für einen Sozialraum die Rangliste innerhalb des Sozialraums."),
    "fristen": _l(
        "Auslaufend: am Stichtag gültige Vereinbarungen, deren Gültigkeit innerhalb der gewählten "
        "Zahl von Tagen endet (vom Stichtag bis Stichtag plus Tage, beide eingeschlossen). Prüfung "
        "überfällig: gültige Vereinbarungen, deren Prüftermin vor dem Stichtag liegt. Änderungen: "
        "alle im Änderungsverlauf aufgezeichneten Änderungen seit dem gewählten Datum; für einen "
        "Sozialraum die an seinen Gebieten, den dort liegenden Akteuren, Vereinbarungen mit einer "
        "Partei dort und Netzwerken, die ihn betreffen."),
}


# -- helpers ------------------------------------------------------------------------

def map_url(day: date, sozialraum: str | None = None, highlight: Iterable[str] = ()) -> str:
    """A link to the map at the Stichtag, with actors highlighted."""
    args = {"stichtag": day.isoformat()}
    if sozialraum:
        args["sozialraum"] = sozialraum
    ids = list(dict.fromkeys(highlight))[:MAX_HIGHLIGHT]
    if ids:
        args["hervorheben"] = ",".join(ids)
    return f"{MAP_PATH}?{urlencode(args)}"


def _actor(s: Structure, actor_id: str) -> Ref:
    return Ref("actor", actor_id, s.actors[actor_id].name)


def _area(s: Structure, area_id: str | None) -> Ref | str:
    if area_id is None or area_id not in s.areas:
        return _("ohne Sozialraum")
    return Ref("area", area_id, s.areas[area_id].name)


def _scope_text(s: Structure, scope: str | None) -> Ref | str:
    if scope is None:
        return _("ganzes Gebiet")
    return Ref("area", scope, s.areas[scope].name) if scope in s.areas else scope


def _level(key: str | None) -> str:
    return model.label(model.PARTICIPATION_LEVELS, key or "keine")


def _kind(key: str | None) -> str:
    return model.label(model.ACTOR_KINDS, key)


def _sector(key: str | None) -> str:
    return model.label(model.SECTORS, key) if key else _("unbekannt")


def _charted_note(charted: list, rows: list) -> str:
    """A chart beside a long table draws the rows the page shows (a bar per
    Sozialraum would make the page grow with the registry)."""
    if len(charted) >= len(rows):
        return ""
    return " " + _("(die ersten %(n)d von %(total)s)") % {
        "n": len(charted), "total": format_value(len(rows), INT)}


def _count_text(n: int) -> str:
    return format_value(n, INT)


def _names_text(names: list[str], limit: int = 3) -> str:
    """ "A, B und C" or "A, B, C und 4 weitere" for the plain sentences."""
    names = [str(n) for n in names]
    if len(names) > limit:
        return _("%(names)s und %(n)d weitere") % {"names": ", ".join(names[:limit]),
                                                   "n": len(names) - limit}
    if len(names) > 1:
        return _("%(names)s und %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""


# -- the indicators ----------------------------------------------------------------

@dataclass
class _Context:
    s: Structure
    day: date
    area: str | None
    ties: list[Tie]
    days: int
    since: date
    db: Database
    light: bool = False     # figures only (comparisons): skip the costly extras


def _participation_gaps(c: _Context) -> Indicator:
    s, day = c.s, c.day
    rows = participation.involvement_in(s, day, c.area)
    gaps = [r for r in rows if r.gap]
    networks = {n.id: n for n in s.networks}
    agreements = {a.id: a for a in s.agreements}
    network_rows = [{
        "name": Ref("network", r.id, r.name), "level": _level(r.level), "members": len(r.members),
        "scope": _scope_text(s, networks[r.id].scope),
        "_map": map_url(day, c.area, r.members),
    } for r in gaps if r.kind == "network"]
    agreement_rows = [{
        "name": Ref("agreement", r.id, r.name),
        "type": model.label(model.AGREEMENT_TYPES, agreements[r.id].type),
        "level": _level(r.level), "parties": len(r.members),
        "until": agreements[r.id].valid_until,
        "_map": map_url(day, c.area, r.members),
    } for r in gaps if r.kind == "agreement"]
    context_rows = [{
        "name": Ref(r.kind, r.id, r.name), "kind": str(_INVOLVEMENT_KINDS[r.kind]),
        "type": model.label(model.TYPE_VOCABULARIES[r.kind], r.type) if r.type else "",
        "level": _level(r.level), "reason": _not_expected_reason(r.kind, r.type),
    } for r in rows if r.not_expected]
    all_networks = [r for r in rows if r.kind == "network"]
    overview_rows = [{
        "name": Ref("network", r.id, r.name), "level": _level(r.level), "members": len(r.members),
        "bodies": s.names(r.bodies), "gap": r.gap,
    } for r in all_networks]
    # Chart: how many networks stand on each rung, with and without a body.
    chart_bars = []
    for level in model.PARTICIPATION_ORDER:
        at = [r for r in all_networks if (r.level or "keine") == level]
        chart_bars.append(charts.Bar(_level(level), (
            float(sum(1 for r in at if r.bodies)), float(sum(1 for r in at if not r.bodies)))))
    chart = charts.stacked_bars(
        _("Beteiligungsstufen der Netzwerke: mit und ohne Selbstvertretung"), chart_bars,
        [(_("mit Selbstvertretung"), charts.FREE), (_("ohne Selbstvertretung"), charts.WARN)],
        value_text=lambda v: format_value(v, INT))
    n_net, n_agr = len(network_rows), len(agreement_rows)
    n_expected = sum(1 for r in rows if r.expected)
    return Indicator(
        "ohne_beteiligung", 1, _("Netzwerke und Vereinbarungen ohne Beteiligung der Nutzer*innen"),
        _count_text(n_net + n_agr),
        _("%(n)d Netzwerke und %(a)d gültige Vereinbarungen ohne Selbstvertretung, "
          "Beteiligung höchstens „informiert“, obwohl ihr Typ Beteiligung erwarten lässt; "
          "%(c)d weitere ohne erwartete Beteiligung stehen zur Information gesondert.") % {
            "n": n_net, "a": n_agr, "c": len(context_rows)},
        str(DEFINITIONS["ohne_beteiligung"]),
        [
            Table("netzwerke_ohne_beteiligung", _("Netzwerke ohne Beteiligung der Nutzer*innen"), [
                Column("name", _("Netzwerk")), Column("level", _("Beteiligungsstufe")),
                Column("members", _("Mitglieder am Stichtag"), INT),
                Column("scope", term("geltungsbereich", full=False))], network_rows,
                _("Jedes Netzwerk hat eine Selbstvertretung oder eine höhere Beteiligungsstufe.")),
            Table("vereinbarungen_ohne_beteiligung",
                  _("Gültige Vereinbarungen ohne Beteiligung der Nutzer*innen"), [
                      Column("name", _("Vereinbarung")), Column("type", _("Typ")),
                      Column("level", _("Beteiligungsstufe")),
                      Column("parties", _("Parteien"), INT), Column("until", _("gültig bis"), DATE)],
                  agreement_rows,
                  _("Jede gültige Vereinbarung hat eine Selbstvertretung oder eine höhere "
                    "Beteiligungsstufe.")),
            Table("ohne_erwartete_beteiligung",
                  _("Zur Information: ohne Beteiligung, aber Beteiligung nicht erwartet"), [
                      Column("name", _("Eintrag")), Column("kind", _("Art")),
                      Column("type", _("Typ")), Column("level", _("Beteiligungsstufe")),
                      Column("reason", _("Grund"))], context_rows,
                  _("Keine Einträge, bei denen Beteiligung nicht erwartet wird.")),
            Table("beteiligung_netzwerke", _("Beteiligung in allen Netzwerken"), [
                Column("name", _("Netzwerk")), Column("level", _("Beteiligungsstufe")),
                Column("members", _("Mitglieder am Stichtag"), INT),
                Column("bodies", _("Selbstvertretungen am Stichtag")),
                Column("gap", _("ohne Beteiligung"))], overview_rows,
                _("Keine Netzwerke erfasst.")),
        ],
        map_url(day, c.area, [m for r in gaps for m in r.members]),
        charts=[chart], chart_table="beteiligung_netzwerke",
        unit=_("Netzwerke und Vereinbarungen"),
        figures=[Figure("ohne_beteiligung", _("Netzwerke und Vereinbarungen ohne Beteiligung, wo "
                                               "sie erwartet wird"), n_net + n_agr),
                 Figure("ohne_beteiligung_anteil", _("Anteil an allen, bei denen Beteiligung "
                                                     "erwartet wird"),
                        (n_net + n_agr) / n_expected if n_expected else None, PERCENT)],
        glance=(_("In %(n)d von %(t)d Netzwerken und Vereinbarungen, bei denen Beteiligung "
                  "erwartet wird, sind die Nutzer*innen nicht beteiligt, zum Beispiel %(names)s.")
                % {"n": n_net + n_agr, "t": n_expected,
                   "names": _names_text([r.name for r in gaps])} if gaps else
                _("In allen %(t)d Netzwerken und Vereinbarungen, bei denen Beteiligung erwartet "
                  "wird, sind die Nutzer*innen beteiligt.") % {"t": n_expected}),
    )


_INVOLVEMENT_KINDS = {"network": _l("Netzwerk"), "agreement": _l("Vereinbarung")}


def _not_expected_reason(kind: str, type_key: str | None) -> str:
    label = model.label(model.TYPE_VOCABULARIES[kind], type_key) if type_key else _("ohne Typ")
    if not model.participation_expected_default(kind, type_key):
        return _("„%(type)s“ ist eine zweiseitige Vereinbarung zwischen Jugendamt und Träger "
                 "nach SGB VIII; eine Beteiligung der Nutzer*innen ist darin nicht vorgesehen.") % {
            "type": label}
    return _("Für „%(type)s“ ist eingestellt, dass keine Beteiligung der Nutzer*innen erwartet "
             "wird.") % {"type": label}


_REASONS = {
    participation.NO_BODY: _l("keine Selbstvertretung"),
    participation.NO_NETWORK: _l("Selbstvertretungen in keinem Netzwerk, das den Sozialraum abdeckt"),
}


def _areas_without_voice(c: _Context) -> Indicator:
    s, day = c.s, c.day
    flagged = participation.areas_without_representation(s, day, c.area)
    rows = [{
        "area": _area(s, r.area), "reason": str(_REASONS[r.reason]),
        "bodies": s.names(r.bodies), "actors": len(s.actors_in(r.area)),
        "_map": map_url(day, r.area, r.bodies),
    } for r in flagged]
    return Indicator(
        "sozialraeume_ohne_vertretung", 2, _("Sozialräume ohne Stimme der Nutzer*innen"),
        _count_text(len(rows)),
        _("%(n)d Sozialräume ohne Selbstvertretung oder ohne Selbstvertretung in einem "
          "Netzwerk.") % {"n": len(rows)},
        str(DEFINITIONS["sozialraeume_ohne_vertretung"]),
        [Table("sozialraeume_ohne_vertretung", _("Sozialräume ohne Stimme der Nutzer*innen"), [
            Column("area", _("Sozialraum")), Column("reason", _("Befund")),
            Column("bodies", _("Selbstvertretungen")), Column("actors", _("Akteure"), INT)], rows,
            _("In jedem Sozialraum sitzt eine Selbstvertretung in einem Netzwerk, das ihn abdeckt."))],
        map_url(day, c.area, [b for r in flagged for b in r.bodies]),
        unit=_("Sozialräume"),
        figures=[Figure("sozialraeume_ohne_vertretung", _("Sozialräume ohne Stimme der "
                                                           "Nutzer*innen"), len(rows))],
        glance=_areas_glance(s, c.area, flagged),
    )


def _areas_glance(s: Structure, area: str | None, flagged) -> str:
    if area is not None:
        if not flagged:
            return _("%(area)s hat eine Stimme der Nutzer*innen in einem Netzwerk, das den "
                     "Sozialraum abdeckt.") % {"area": s.areas[area].name}
        return _("%(area)s hat keine Stimme der Nutzer*innen in einem Netzwerk, das den "
                 "Sozialraum abdeckt (%(reason)s).") % {
            "area": s.areas[area].name, "reason": _REASONS[flagged[0].reason]}
    if not flagged:
        return _("Jeder Sozialraum hat eine Stimme der Nutzer*innen in einem Netzwerk, das ihn "
                 "abdeckt.")
    return _("%(n)d von %(t)d Sozialräumen haben keine Stimme der Nutzer*innen in einem "
             "Netzwerk, das sie abdeckt: %(names)s.") % {
        "n": len(flagged), "t": len(s.sozialraeume),
        "names": _names_text([s.areas[r.area].name for r in flagged], 6)}


def _groups_without_voice(c: _Context) -> Indicator:
    s, day = c.s, c.day
    gaps = participation.unrepresented_groups(s, day, c.area)
    rows = [{
        "area": _area(s, g.area), "group": Ref("target_group", g.group, s.groups.get(g.group, g.group)),
        "served": len(g.served_by), "providers": s.names(g.served_by[:5]) + (["…"] if len(g.served_by) > 5 else []),
        "voices": s.names(g.voices) or _("keine"),
        "_map": map_url(day, g.area, g.served_by),
    } for g in gaps]
    return Indicator(
        "zielgruppen_ohne_stimme", 3, _("Zielgruppen ohne Stimme in den Netzwerken"),
        _count_text(len(rows)),
        _("%(n)d Paare aus Sozialraum und Zielgruppe, deren Vertretung in keinem Netzwerk sitzt, "
          "das den Sozialraum abdeckt.") % {"n": len(rows)},
        str(DEFINITIONS["zielgruppen_ohne_stimme"]),
        [Table("zielgruppen_ohne_stimme", _("Zielgruppen ohne Stimme in den Netzwerken"), [
            Column("area", _("Sozialraum")), Column("group", _("Zielgruppe")),
            Column("served", _("Angebote"), INT), Column("providers", _("Akteure (Auswahl)")),
            Column("voices", _("Selbstvertretungen dieser Zielgruppe"))], rows,
            _("Jede bediente Zielgruppe hat eine Stimme in einem Netzwerk, das den Sozialraum "
              "abdeckt."))],
        map_url(day, c.area, [a for g in gaps for a in g.served_by]),
        unit=_("Paare aus Sozialraum und Zielgruppe"),
        figures=[Figure("zielgruppen_ohne_stimme", _("Zielgruppen ohne Stimme (Paare aus "
                                                      "Sozialraum und Zielgruppe)"), len(rows))],
        glance=_("%(n)d Zielgruppen haben in einem Sozialraum keine Stimme in den Netzwerken, "
                 "zum Beispiel %(names)s.") % {
            "n": len(rows), "names": _names_text([
                _("%(group)s in %(area)s") % {"group": s.groups.get(g.group, g.group),
                                              "area": s.areas[g.area].name} for g in gaps])}
        if gaps else _("Jede bediente Zielgruppe hat eine Stimme in einem Netzwerk, das den "
                       "Sozialraum abdeckt."),
    )


def _isolated(c: _Context) -> Indicator:
    s, day = c.s, c.day
    ids = isolation.isolated_actors(s, day, c.area)
    rows = [{
        "actor": _actor(s, a), "kind": _kind(s.actors[a].kind),
        "area": _area(s, s.sozialraum_of(a)), "sector": _sector(s.actors[a].sector),
    } for a in ids]
    kind_rows = [{"kind": _kind(k), "count": n} for k, n in isolation.by_kind(s, ids).items()]
    n_actors = len(s.actors_in(c.area)) if c.area else len(s.actors)
    by_area: dict[str | None, list[str]] = {}
    for a in ids:
        by_area.setdefault(s.sozialraum_of(a), []).append(a)
    area_rows = []
    for area_id, n in isolation.by_sozialraum(s, ids).items():
        total = len(s.actors_in(area_id)) if area_id else None
        area_rows.append({"area": _area(s, area_id), "count": n, "total": total,
                          "share": n / total if total else None,
                          "_map": map_url(day, area_id, by_area[area_id])})
    return Indicator(
        "isolierte_akteure", 4, _("Isolierte Akteure („weiße Flecken“)"), _count_text(len(ids)),
        _("%(n)d Akteure ohne gültige Vereinbarung und ohne Netzwerk am Stichtag.") % {"n": len(ids)},
        str(DEFINITIONS["isolierte_akteure"]),
        [
            Table("isolierte_akteure", _("Isolierte Akteure"), [
                Column("actor", _("Akteur")), Column("kind", _("Art")),
                Column("area", _("Sozialraum")), Column("sector", _("Sektor"))], rows,
                _("Kein Akteur ist isoliert.")),
            Table("isolierte_nach_art", _("Isolierte Akteure nach Art"), [
                Column("kind", _("Art")), Column("count", _("Anzahl"), INT)], kind_rows,
                _("Kein Akteur ist isoliert.")),
            Table("isolierte_nach_sozialraum", _("Isolierte Akteure nach Sozialraum"), [
                Column("area", _("Sozialraum")), Column("count", _("isoliert"), INT),
                Column("total", _("Akteure"), INT), Column("share", _("Anteil"), PERCENT)], area_rows,
                _("Kein Akteur ist isoliert.")),
        ],
        map_url(day, c.area, ids),
        unit=_("Akteure"),
        figures=[Figure("isolierte_akteure", _("Isolierte Akteure"), len(ids)),
                 Figure("isolierte_anteil", _("Anteil isolierter Akteure"),
                        len(ids) / n_actors if n_actors else None, PERCENT)],
        glance=_isolated_glance(s, ids, area_rows, n_actors),
    )


def _isolated_glance(s: Structure, ids: list[str], area_rows: list[dict], n_actors: int) -> str:
    if not ids:
        return _("Jeder Akteur arbeitet in einer Vereinbarung oder einem Netzwerk mit.")
    text = _("%(n)d von %(t)d Akteuren arbeiten mit niemandem zusammen („weiße Flecken“), "
             "zum Beispiel %(names)s.") % {"n": len(ids), "t": n_actors,
                                            "names": _names_text(s.names(ids))}
    located = [r for r in area_rows if isinstance(r["area"], Ref)]
    if len(located) > 1:
        top = max(located, key=lambda r: r["count"])
        text += " " + _("Die meisten liegen in %(area)s (%(n)d).") % {
            "area": top["area"].text, "n": top["count"]}
    return text


def _density(c: _Context) -> Indicator:
    s, day = c.s, c.day
    report = density_mod.density_by_area(s, c.ties)
    shown = [r for r in report.rows if c.area is None or r.area == c.area]
    rows = [{
        "area": _area(s, r.area), "actors": r.actors, "ties": r.ties, "possible": r.possible,
        "density": r.density, "far_below": report.far_below(r),
        "_map": map_url(day, r.area),
    } for r in shown]
    rows.append({"area": _("Alle Sozialräume zusammen (Vergleichswert)"), "actors": None, "ties": None,
                 "possible": None, "density": report.reference, "far_below": None})
    rows.append({"area": _("Gesamtgebiet, alle Akteure"), "actors": report.whole.actors,
                 "ties": report.whole.ties, "possible": report.whole.possible,
                 "density": report.whole.density, "far_below": None})
    flagged = [r for r in shown if report.far_below(r)]
    charted = shown[:PREVIEW_ROWS]  # the rows the table beside it shows
    chart = charts.bars(
        _("Kooperationsdichte je Sozialraum mit Vergleichswert") + _charted_note(charted, shown),
        [(s.areas[r.area].name, r.density) for r in charted],
        value_text=lambda v: format_value(v, DECIMAL), reference=report.reference,
        reference_label=_("Vergleichswert"),
        threshold=None if report.reference is None else density_mod.FAR_BELOW * report.reference,
        threshold_label=_("Hälfte"), highlight=[bool(report.far_below(r)) for r in charted])
    if c.area is not None and shown:
        value = format_value(shown[0].density, DECIMAL)
        unit = _("Dichte im Sozialraum")
        summary = _("Dichte %(d)s; Vergleichswert %(r)s.") % {
            "d": value, "r": format_value(report.reference, DECIMAL)}
    else:
        value = _count_text(len(flagged))
        unit = _("Sozialräume weit unter dem Vergleichswert")
        summary = _("%(n)d Sozialräume liegen weit unter dem Vergleichswert %(r)s.") % {
            "n": len(flagged), "r": format_value(report.reference, DECIMAL)}
    return Indicator(
        "dichte", 5, _("Kooperationsdichte"), value, summary, str(DEFINITIONS["dichte"]),
        [Table("dichte", _("Kooperationsdichte je Sozialraum"), [
            Column("area", _("Sozialraum")), Column("actors", _("Akteure"), INT),
            Column("ties", _("Beziehungen"), INT), Column("possible", _("mögliche Beziehungen"), INT),
            Column("density", term("dichte"), DECIMAL),
            Column("far_below", _("weit unter Vergleichswert"))], rows)],
        map_url(day, c.area, [a for r in flagged for a in s.actors_in(r.area)]),
        charts=[chart], chart_table="dichte", unit=unit,
        figures=[Figure("dichte", term("dichte"),
                        shown[0].density if c.area is not None and shown else report.reference,
                        DECIMAL)],
        glance=_density_glance(s, c.area, shown, flagged, report),
    )


def _density_glance(s: Structure, area: str | None, shown, flagged, report) -> str:
    if area is not None:
        if not shown or shown[0].density is None:
            return _("Im Sozialraum gibt es zu wenige Akteure, um eine Kooperationsdichte zu "
                     "bestimmen.")
        d, ref = shown[0].density, report.reference
        if ref is None:
            return ""
        comparison = _("weniger als die Hälfte") if report.far_below(shown[0]) else (
            _("weniger") if d < ref else _("mindestens so viel"))
        return _("Im Sozialraum besteht %(d)s der möglichen Kooperationsbeziehungen, im "
                 "Durchschnitt aller Sozialräume %(r)s – %(cmp)s.") % {
            "d": format_value(d, PERCENT), "r": format_value(ref, PERCENT), "cmp": comparison}
    if not flagged:
        return _("Kein Sozialraum liegt bei der Kooperationsdichte weit unter dem Durchschnitt.")
    return _("In %(n)d Sozialräumen arbeiten die Akteure weit weniger zusammen als im "
             "Durchschnitt (weniger als die Hälfte der Kooperationsdichte): %(names)s.") % {
        "n": len(flagged), "names": _names_text([s.areas[r.area].name for r in flagged], 6)}


_GROUPS = {"akteure": _l("Akteure"), "parteien": _l("Parteien gültiger Vereinbarungen"),
           "mitglieder": _l("Netzwerkmitglieder")}


def _sector_row(label, count) -> dict:
    return {"group": label, "public": count.oeffentlich, "free": count.frei,
            "unknown": count.unbekannt, "total": count.total,
            "public_share": count.share("oeffentlich"), "free_share": count.share("frei")}


def _sector_columns(first: Column) -> list[Column]:
    return [first, Column("total", _("gesamt"), INT), Column("public", _("öffentlich"), INT),
            Column("free", _("frei"), INT), Column("unknown", _("unbekannt"), INT),
            Column("public_share", _("Anteil öffentlich"), PERCENT),
            Column("free_share", _("Anteil frei"), PERCENT)]


def _partnership(c: _Context) -> Indicator:
    s, day = c.s, c.day
    shares = partnership.sector_shares(s, day, c.area)
    share_rows = [_sector_row(str(_GROUPS[k]), v) for k, v in shares.items()]
    areas = [a for a in s.sozialraeume if c.area is None or a.id == c.area]
    area_rows = []
    for area in areas:
        row = _sector_row(Ref("area", area.id, area.name),
                          partnership.sector_count(s, s.actors_in(area.id)))
        area_rows.append(row)
    if c.area is not None:
        # A Sozialraum beside the whole municipality, never beside itself.
        area_rows.append(_sector_row(_("Gesamtgebiet (zum Vergleich)"),
                                     partnership.sector_count(s, s.actors)))
    networks = [n for n in s.networks if c.area is None or s.concerns(n, c.area)]
    network_rows = [_sector_row(Ref("network", n.id, n.name), count)
                    for n, count in partnership.network_sectors(s, day, networks)]
    traeger_rows = [{"traeger": _actor(s, t), "sector": _sector(s.actors[t].sector), "count": n}
                    for t, n in partnership.facilities_per_traeger(s, c.area)]
    concentration_rows = [{
        "area": _area(s, r.area), "facilities": r.facilities, "traeger": len(r.traeger),
        "largest": s.actors[r.traeger[0][0]].name if r.traeger else None,
        "hhi": r.hhi, "high": r.high if r.hhi is not None else None,
    } for r in partnership.concentration_by_area(s, c.area)]
    actor_ids = s.actors_in(c.area) if c.area else None
    matrix = partnership.kind_matrix(s, c.ties, actor_ids)
    kinds = [k for k in model.ACTOR_KINDS if any(k in pair for pair in matrix)]
    matrix_rows = []
    for k in kinds:
        row = {"kind": _kind(k)}
        for other in kinds:
            row[other] = matrix.get((k, other), matrix.get((other, k), 0))
        matrix_rows.append(row)
    charted = area_rows[:PREVIEW_ROWS]  # the rows the table beside it shows
    chart = charts.stacked_bars(
        _("Anteile öffentlicher und freier Träger je Sozialraum") + _charted_note(charted, area_rows),
        [charts.Bar(getattr(r["group"], "text", r["group"]), (r["public_share"] or 0.0, r["free_share"] or 0.0,
                                      (r["unknown"] / r["total"]) if r["total"] else 0.0))
         for r in charted],
        [(_("öffentlich"), charts.PUBLIC), (_("frei"), charts.FREE), (_("unbekannt"), charts.UNKNOWN)],
        scale_max=1.0, value_text=lambda v: format_value(v, PERCENT))
    free = shares["akteure"].share("frei")
    return Indicator(
        "partnerschaft", 6, _("Partnerschaft öffentlicher und freier Träger"),
        format_value(free, PERCENT),
        _("Anteil freier Träger: %(a)s der Akteure, %(p)s der Vertragsparteien, %(m)s der "
          "Netzwerkmitglieder.") % {
            "a": format_value(free, PERCENT),
            "p": format_value(shares["parteien"].share("frei"), PERCENT),
            "m": format_value(shares["mitglieder"].share("frei"), PERCENT)},
        str(DEFINITIONS["partnerschaft"]),
        [
            Table("traegeranteile", _("Öffentliche und freie Träger"),
                  _sector_columns(Column("group", _("Gruppe"))), share_rows),
            Table("traegeranteile_sozialraeume", _("Öffentliche und freie Träger je Sozialraum"),
                  _sector_columns(Column("group", _("Sozialraum"))), area_rows,
                  _("Keine Sozialräume erfasst.")),
            Table("traegeranteile_netzwerke", _("Öffentliche und freie Träger je Netzwerk"),
                  _sector_columns(Column("group", _("Netzwerk"))), network_rows,
                  _("Keine Netzwerke erfasst.")),
            Table("einrichtungen_je_traeger", _("Einrichtungen je Träger"), [
                Column("traeger", _("Träger")), Column("sector", _("Sektor")),
                Column("count", _("Einrichtungen"), INT)], traeger_rows,
                _("Keine Einrichtung ist einem Träger zugeordnet.")),
            Table("konzentration", _("Trägerkonzentration je Sozialraum (HHI)"), [
                Column("area", _("Sozialraum")), Column("facilities", _("Einrichtungen"), INT),
                Column("traeger", _("Träger"), INT), Column("largest", _("größter Träger")),
                Column("hhi", term("hhi"), POINTS), Column("high", _("hoch konzentriert"))],
                concentration_rows, _("Keine Sozialräume erfasst.")),
            Table("arten_matrix", _("Kooperationsbeziehungen nach Akteursart"),
                  [Column("kind", _("Art"))] + [Column(k, _kind(k), INT) for k in kinds],
                  matrix_rows, _("Keine Kooperationsbeziehungen am Stichtag.")),
        ],
        map_url(day, c.area),
        charts=[chart], chart_table="traegeranteile_sozialraeume",
        unit=_("freie Träger unter den Akteuren"),
        figures=[Figure("frei_akteure", _("Anteil freier Träger unter den Akteuren"), free,
                        PERCENT),
                 Figure("frei_parteien", _("Anteil freier Träger unter den Vertragsparteien"),
                        shares["parteien"].share("frei"), PERCENT),
                 Figure("frei_mitglieder", _("Anteil freier Träger unter den "
                                             "Netzwerkmitgliedern"),
                        shares["mitglieder"].share("frei"), PERCENT)],
        glance=_partnership_glance(concentration_rows, free),
    )


def _partnership_glance(concentration_rows: list[dict], free: float | None) -> str:
    text = _("Freie Träger stellen %(p)s der Akteure.") % {"p": format_value(free, PERCENT)}
    high = [r for r in concentration_rows if r["high"]]
    if high:
        text += " " + _("Hoch ist die Trägerkonzentration in %(names)s: dort betreiben wenige "
                        "Träger die meisten Einrichtungen.") % {
            "names": _names_text([r["area"].text for r in high if isinstance(r["area"], Ref)], 4)}
    return text


def _broker_rows(s: Structure, found: list[brokers_mod.Broker], day: date,
                 area: str | None) -> list[dict]:
    return [{
        "actor": _actor(s, b.actor), "area": _area(s, s.sozialraum_of(b.actor)),
        "betweenness": b.betweenness, "articulation": b.articulation, "cut_off": b.cut_off,
        "_map": map_url(day, area, [b.actor]),
    } for b in found]


def _broker_columns(betweenness_label: str) -> list[Column]:
    return [Column("actor", _("Akteur")), Column("area", _("Sozialraum")),
            Column("betweenness", betweenness_label, DECIMAL),
            Column("articulation", term("artikulationspunkt")),
            Column("cut_off", _("würde abtrennen (Akteure)"), INT)]


def _ties_by_area(s: Structure, ties: list[Tie]) -> dict[str, list[Tie]]:
    """The ties inside each Sozialraum (both ends located there)."""
    home = {a: s.sozialraum_of(a) for a in s.actors}
    by_area: dict[str, list[Tie]] = {}
    for tie in ties:
        area = home.get(tie.a)
        if area is not None and area == home.get(tie.b):
            by_area.setdefault(area, []).append(tie)
    return by_area


def _brokers(c: _Context) -> Indicator:
    s, day = c.s, c.day
    inside = _ties_by_area(s, c.ties)
    if c.area is not None:
        # One Sozialraum: the full ranking within its own tie graph (exact).
        found, _exact = brokers_mod.brokers(
            brokers_mod.tie_graph(s.actors_in(c.area), inside.get(c.area, [])))
        points = [b.actor for b in found if b.articulation]
        tables = [Table("vermittler", _("Vermittler im Sozialraum"),
                        _broker_columns(_("Vermittlungsrolle im Sozialraum (Betweenness)")),
                        _broker_rows(s, found, day, c.area),
                        _("Keine Vermittler: niemand verbindet hier Akteure, die sonst "
                          "nicht verbunden wären."))]
    else:
        # The whole area: every Sozialraum's articulation points, with the
        # betweenness in the whole area (one computation instead of one per
        # Sozialraum), and the whole area's own ranking.
        whole = brokers_mod.tie_graph(s.actors, c.ties)
        # A comparison needs only the count of articulation points.
        scores, exact = ({}, True) if c.light else brokers_mod.betweenness(whole)
        rows, points = [], []
        for area in s.sozialraeume:
            graph = brokers_mod.tie_graph(s.actors_in(area.id), inside.get(area.id, []))
            for actor, cut in brokers_mod.articulation_points(graph):
                points.append(actor)
                rows += _broker_rows(s, [brokers_mod.Broker(actor, scores.get(actor, 0.0), True, cut)],
                                     day, area.id)
        label = _("Vermittlungsrolle im Gesamtgebiet (Betweenness)") if exact else \
            _("Vermittlungsrolle im Gesamtgebiet (Betweenness, geschätzt)")
        tables = [
            Table("vermittler", _("Schlüsselakteure (Artikulationspunkte) je Sozialraum"), _broker_columns(label), rows,
                  _("Kein Akteur trennt einen Teil des Netzes seines Sozialraums ab.")),
            Table("vermittler_gesamtgebiet", _("Rangliste der Vermittler im Gesamtgebiet"),
                  _broker_columns(label),
                  [] if c.light else _broker_rows(
                      s, brokers_mod.ranking(whole, scores, exact)[:WHOLE_AREA_BROKERS], day, None),
                  _("Keine Vermittler im Gesamtgebiet.")),
        ]
    summary = _("%(n)d Schlüsselakteure (Artikulationspunkte): Akteure, ohne die ein Teil des "
                "Netzes ihres Sozialraums getrennt wäre.") % {"n": len(points)}
    return Indicator("vermittler", 7, _("Vermittler und Bruchstellen"), _count_text(len(points)),
                     summary, str(DEFINITIONS["vermittler"]), tables, map_url(day, c.area, points),
                     unit=_("Schlüsselakteure (Artikulationspunkte) in den Sozialräumen"),
                     figures=[Figure("schluesselakteure", term("artikulationspunkt"), len(points))],
                     glance=_("%(n)d Akteure halten ihr Netz zusammen: ohne sie zerfiele es in "
                              "getrennte Teile (Schlüsselakteure), zum Beispiel %(names)s.") % {
                         "n": len(points), "names": _names_text(s.names(points))}
                     if points else _("Kein Netz eines Sozialraums hängt an einem einzelnen "
                                      "Akteur."))


def _deadlines(c: _Context) -> Indicator:
    s, day = c.s, c.day
    soon = expiry.expiring(s, day, c.days, c.area)
    overdue = expiry.review_overdue(s, day, c.area)
    soon_rows = [{
        "name": Ref("agreement", a.id, a.title), "type": model.label(model.AGREEMENT_TYPES, a.type),
        "until": a.valid_until, "left": (a.valid_until - day).days, "parties": len(a.parties),
        "_map": map_url(day, c.area, a.parties),
    } for a in soon]
    overdue_rows = [{
        "name": Ref("agreement", a.id, a.title), "type": model.label(model.AGREEMENT_TYPES, a.type),
        "review": a.review_date, "late": (day - a.review_date).days,
        "_map": map_url(day, c.area, a.parties),
    } for a in overdue]
    moment = datetime.combine(c.since, time.min, tzinfo=timezone.utc)
    events = [] if c.light else history.since(c.db, moment)
    ids = sorted({e["entity_id"] for e in events})
    found = c.db.read("analysis_entity_names", ids=ids) if ids else []
    names = {row["id"]: row["name"] for row in found}
    kinds = {row["id"]: row["kind"] for row in found}
    only = expiry.entities_of(s, c.area) if c.area else None
    change_rows = []
    for row in expiry.changes(events, names, only):
        kind = kinds.get(row["entity_id"])
        change_rows.append({
            "at": row["at"],
            "action": str(_ACTIONS.get(row["action"], row["action"])),
            "entity": Ref(kind, row["entity_id"], row["name"]) if kind and row["name"]
            else row["name"] or _("(gelöschter Eintrag)"),
            "type": str(_ENTITY_TYPES.get(row["entity_type"], _("sonstiger Eintrag"))),
            "fields": _field_names(row["entity_type"], row["field_keys"]),
        })
    return Indicator(
        "fristen", 8, _("Fristen und Änderungen"), _count_text(len(soon) + len(overdue)),
        _("%(s)d Vereinbarungen laufen in den nächsten %(d)d Tagen aus, bei %(o)d ist die Prüfung "
          "überfällig; %(c)d Änderungen seit %(since)s.") % {
            "s": len(soon), "d": c.days, "o": len(overdue), "c": len(change_rows),
            "since": format_value(c.since, DATE)},
        str(DEFINITIONS["fristen"]),
        [
            Table("auslaufende_vereinbarungen",
                  _("Vereinbarungen, die in den nächsten %(d)d Tagen auslaufen") % {"d": c.days}, [
                      Column("name", _("Vereinbarung")), Column("type", _("Typ")),
                      Column("until", _("gültig bis"), DATE), Column("left", _("Tage verbleibend"), INT),
                      Column("parties", _("Parteien"), INT)], soon_rows,
                  _("Keine Vereinbarung läuft in diesem Zeitraum aus.")),
            Table("ueberfaellige_pruefung", _("Vereinbarungen mit überfälliger Prüfung"), [
                Column("name", _("Vereinbarung")), Column("type", _("Typ")),
                Column("review", _("Prüfung fällig seit"), DATE),
                Column("late", _("Tage überfällig"), INT)], overdue_rows,
                _("Keine Prüfung ist überfällig.")),
            Table("aenderungen", _("Änderungen seit %(since)s") % {"since": format_value(c.since, DATE)}, [
                Column("at", _("Zeitpunkt"), DATETIME),
                Column("action", _("Aktion")), Column("type", _("Art")),
                Column("entity", _("Eintrag")), Column("fields", _("Geänderte Angaben"))],
                change_rows,
                _("Seit diesem Datum wurde nichts geändert.")),
        ],
        map_url(day, c.area, [p for a in soon for p in a.parties]),
        unit=_("Vereinbarungen laufen aus oder sind zu prüfen"),
        figures=[Figure("auslaufend", _("Vereinbarungen, die in den nächsten %(d)d Tagen "
                                        "auslaufen") % {"d": c.days}, len(soon)),
                 Figure("pruefung_ueberfaellig", _("Vereinbarungen mit überfälliger Prüfung"),
                        len(overdue))],
        glance=_("%(s)d Vereinbarungen laufen in den nächsten %(d)d Tagen aus%(names)s; bei "
                 "%(o)d ist die Prüfung überfällig.") % {
            "s": len(soon), "d": c.days, "o": len(overdue),
            "names": (" (" + _names_text([a.title for a in soon]) + ")") if soon else ""},
    )


_ACTIONS = {"create": _l("angelegt"), "update": _l("geändert"), "delete": _l("gelöscht"),
            "restore": _l("wiederhergestellt"), "relation": _l("Beziehung")}
_ENTITY_TYPES = {"actor": _l("Akteur"), "agreement": _l("Vereinbarung"), "network": _l("Netzwerk"),
                 "area": _l("Sozialraum"), "target_group": _l("Zielgruppe"),
                 "contact": _l("Kontaktperson")}

# German field names come from the entity modules (their FIELD_LABELS, the
# one place for each entity); the committee report never shows who changed
# something (staff e-mails) nor internal keys.
_FIELD_LABELS = {"actor": actors.FIELD_LABELS, "agreement": agreements.FIELD_LABELS,
                 "network": networks.FIELD_LABELS, "area": areas.FIELD_LABELS,
                 "target_group": target_groups.FIELD_LABELS, "contact": actors.FIELD_LABELS}
_INTERNAL_KEY = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _field_names(entity_type: str, keys: list[str]) -> str:
    """Changed fields in German: the entity's label for a stored key, a
    recorded German text (e.g. "Partei") as it is, other keys summed up."""
    labels = _FIELD_LABELS.get(entity_type, {})
    names, others = [], False
    for key in keys:
        if key in labels:
            name = str(labels[key])
        elif key and not _INTERNAL_KEY.match(key):
            name = key
        else:
            others = True
            continue
        if name not in names:
            names.append(name)
    if others:
        names.append(_("weitere Angaben"))
    return ", ".join(names)


BUILDERS = (_participation_gaps, _areas_without_voice, _groups_without_voice, _isolated,
            _density, _partnership, _brokers, _deadlines)
_KEYS = ("ohne_beteiligung", "sozialraeume_ohne_vertretung", "zielgruppen_ohne_stimme",
         "isolierte_akteure", "dichte", "partnerschaft", "vermittler", "fristen")
PARTICIPATION_KEYS = ("ohne_beteiligung", "sozialraeume_ohne_vertretung",
                      "zielgruppen_ohne_stimme", "isolierte_akteure")


def build(db: Database, day: date | None = None, sozialraum: str | None = None,
          days: int = expiry.DEFAULT_DAYS, since: date | None = None,
          keys: Iterable[str] | None = None, with_map: bool = False,
          compare: date | None = None, gate=None) -> Report:
    """All indicators (or those named in ``keys``) at the Stichtag, for the
    whole area or one Sozialraum; ``with_map`` adds the static map.
    ``compare``: a second Stichtag ("Entwicklung seit …"); a Sozialraum is
    compared with the whole municipality (never with itself).
    Memoised per data version (analysis/cache.py): never stale. ``gate``:
    a context around computing it (not around waiting for another request's
    computation of the same report)."""
    day = day or date.today()
    since = since or date.today() - timedelta(days=DEFAULT_SINCE_DAYS)
    wanted = tuple(sorted(keys)) if keys is not None else None
    return report_cache.reports.get(
        db, ("report", day, sozialraum, days, since, wanted, with_map, compare),
        lambda: _build(db, day, sozialraum, days, since, wanted, with_map, compare), gate)


def table_indicator(name: str) -> str | None:
    """The indicator whose section holds table ``name``: a download builds
    only that one."""
    return TABLE_INDICATORS.get(name)


def _build(db: Database, day: date, sozialraum: str | None, days: int, since: date,
           keys: Iterable[str] | None, with_map: bool, compare: date | None) -> Report:
    s = report_cache.shared_structure(db)
    if sozialraum is not None and (sozialraum not in s.areas
                                   or s.areas[sozialraum].level != structure.SOZIALRAUM):
        raise UnknownArea(sozialraum)
    wanted = set(keys) if keys is not None else None
    ties = report_cache.shared_ties(db, day) if with_map or _needs_ties(wanted) else []
    context = _Context(s, day, sozialraum, ties, days, since, db)
    indicators = []
    for builder, key in zip(BUILDERS, _KEYS):
        if wanted is None or key in wanted:
            indicators.append(builder(context))
    report = Report(day, s.areas.get(sozialraum) if sozialraum else None, days, since,
                    indicators, s.sozialraeume)
    if with_map:
        report.map_svg, report.map_note = _map(context)
    _compare(report, context, wanted, compare)
    return report


# Indicators that read the ties (the others need only the structure).
_TIE_KEYS = frozenset({"dichte", "partnerschaft", "vermittler"})


def _needs_ties(wanted: set[str] | None) -> bool:
    return wanted is None or bool(_TIE_KEYS & wanted)


def _figures_at(c: _Context, wanted: set[str] | None) -> dict[str, Figure]:
    """The comparable figures of the wanted indicators (cheap variant)."""
    found: dict[str, Figure] = {}
    for builder, key in zip(BUILDERS, _KEYS):
        if wanted is None or key in wanted:
            found.update((f.key, f) for f in builder(c).figures)
    return found


def _change(now: Figure, before: Figure | None) -> str:
    """The change as signed German text; percentages in Prozentpunkte."""
    if before is None or now.value is None or before.value is None:
        return DASH
    diff = now.value - before.value
    if now.fmt == PERCENT:
        points = f"{abs(diff) * 100:.1f}".replace(".", ",").removesuffix(",0")
        if points == "0":
            return "±0"
        text = _("%(n)s Prozentpunkte") % {"n": points}
    elif now.fmt == DECIMAL:
        text = format_value(abs(diff), DECIMAL)
        if text == format_value(0.0, DECIMAL):
            return "±0"
    else:
        text = format_value(abs(diff), INT)
    if diff == 0:
        return "±0"
    return ("+" if diff > 0 else "−") + text


def _compare(report: Report, c: _Context, wanted: set[str] | None, compare: date | None) -> None:
    """Fill each indicator's comparison and the table "vergleich" (without a
    second Stichtag or a Sozialraum: the figures alone)."""
    whole = before = whole_before = {}
    if compare is not None:
        earlier = _Context(c.s, compare, c.area,
                           report_cache.shared_ties(c.db, compare) if _needs_ties(wanted) else [],
                           c.days,
                           c.since, c.db, light=True)
        before = _figures_at(earlier, wanted)
    if c.area is not None:
        whole = _figures_at(_Context(c.s, c.day, None, c.ties, c.days, c.since, c.db, light=True),
                            wanted)
        if compare is not None:
            whole_before = _figures_at(
                _Context(c.s, compare, None, earlier.ties, c.days, c.since, c.db, light=True),
                wanted)
    rows = []
    for indicator in report.indicators:
        indicator.comparison = []
        for fig in indicator.figures:
            if compare is None and c.area is None:
                rows.append({"label": fig.label, "now": format_value(fig.value, fig.fmt)})
                continue
            row = Comparison(
                fig.key, fig.label, format_value(fig.value, fig.fmt),
                format_value(before[fig.key].value, fig.fmt) if fig.key in before else None,
                _change(fig, before.get(fig.key)) if compare is not None else None,
                format_value(whole[fig.key].value, fig.fmt) if fig.key in whole else None,
                format_value(whole_before[fig.key].value, fig.fmt) if fig.key in whole_before
                else None)
            indicator.comparison.append(row)
            rows.append({"label": row.label, "before": row.before, "now": row.now,
                         "change": row.change, "whole_before": row.whole_before,
                         "whole": row.whole})
    report.compare_day = compare
    name = report.area_name
    columns = [Column("label", _("Kennzahl"))]
    if compare is not None:
        columns.append(Column("before", _("%(area)s am %(day)s") % {
            "area": name, "day": format_value(compare, DATE)}))
    columns.append(Column("now", _("%(area)s am %(day)s") % {
        "area": name, "day": format_value(c.day, DATE)}))
    if compare is not None:
        columns.append(Column("change", _("Veränderung")))
    if c.area is not None:
        if compare is not None:
            columns.append(Column("whole_before", _("Gesamtgebiet am %(day)s") % {
                "day": format_value(compare, DATE)}))
        columns.append(Column("whole", _("Gesamtgebiet am %(day)s") % {
            "day": format_value(c.day, DATE)}))
    if compare is not None and c.area is not None:
        caption = _("Entwicklung seit %(day)s und Vergleich mit dem Gesamtgebiet")
    elif compare is not None:
        caption = _("Entwicklung seit %(day)s")
    elif c.area is not None:
        caption = _("Vergleich mit dem Gesamtgebiet")
    else:
        caption = _("Kennzahlen am %(day)s") % {"day": format_value(c.day, DATE)}
    report.extra_tables.append(Table(
        "vergleich", caption % {"day": format_value(compare, DATE)} if compare else caption,
        columns, rows, _("Keine Kennzahlen.")))


def _map(c: _Context) -> tuple[Markup, str]:
    """The static map of the committee report: the actors of the selection
    and their ties, isolated actors and articulation points marked."""
    s = c.s
    actor_ids = s.actors_in(c.area) if c.area else list(s.actors)
    isolated = set(isolation.isolated_actors(s, c.day, c.area))
    graph = brokers_mod.tie_graph(actor_ids, c.ties)
    points = set(nx.articulation_points(graph))
    nodes = [charts.MapNode(a, s.actors[a].name, s.actors[a].sector, a in isolated, a in points)
             for a in actor_ids]
    keep = set(actor_ids)
    edges = [(t.a, t.b, t.weight) for t in c.ties if t.a in keep and t.b in keep]
    title = _("Kooperationsbeziehungen am %(day)s: %(area)s") % {
        "day": format_value(c.day, DATE),
        "area": s.areas[c.area].name if c.area else _("Gesamtgebiet")}
    return charts.tie_map(title, nodes, edges, label_all=c.area is not None)
