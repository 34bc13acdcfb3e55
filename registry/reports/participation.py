"""The participation indicators: networks and agreements without the users'
participation, Sozialräume and target groups without a voice, isolated
actors. Each builder is named by its entry in ``indicators.INDICATORS``."""
from __future__ import annotations

from .. import model
from ..analysis import isolation, participation
from ..analysis.structure import Structure
from ..glossary import term
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..tabular import DATE, INT, PERCENT, Column, Ref, Table, format_value
from . import charts
from .base import (Context, Figure, Indicator, actor_ref, area_ref, count_text, counted,
                   kind_label, level_label, map_link, map_url, names_text, scope_text, sector_label)


def participation_gaps(c: Context) -> Indicator:
    s, day = c.s, c.day
    rows = participation.involvement_in(s, day, c.area)
    gaps = [r for r in rows if r.gap]
    networks = {n.id: n for n in s.networks}
    agreements = {a.id: a for a in s.agreements}
    network_rows = [{
        "name": Ref("network", r.id, r.name), "level": level_label(r.level), "members": len(r.members),
        "scope": scope_text(s, networks[r.id].scope),
        "_map": map_link(day, c.area, r.members),
    } for r in gaps if r.kind == "network"]
    agreement_rows = [{
        "name": Ref("agreement", r.id, r.name),
        "type": model.label(model.AGREEMENT_TYPES, agreements[r.id].type),
        "level": level_label(r.level), "parties": len(r.members),
        "until": agreements[r.id].valid_until,
        "_map": map_link(day, c.area, r.members),
    } for r in gaps if r.kind == "agreement"]
    context_rows = [{
        "name": Ref(r.kind, r.id, r.name), "kind": str(_INVOLVEMENT_KINDS[r.kind]),
        "type": model.label(model.TYPE_VOCABULARIES[r.kind], r.type) if r.type else "",
        "level": level_label(r.level), "reason": _not_expected_reason(r.kind, r.type),
    } for r in rows if r.not_expected]
    all_networks = [r for r in rows if r.kind == "network"]
    overview_rows = [{
        "name": Ref("network", r.id, r.name), "level": level_label(r.level), "members": len(r.members),
        "bodies": s.names(r.bodies), "gap": r.gap,
    } for r in all_networks]
    # Chart: how many networks stand on each rung, with and without a body.
    chart_bars = []
    for level in model.PARTICIPATION_ORDER:
        at = [r for r in all_networks if (r.level or "keine") == level]
        chart_bars.append(charts.Bar(level_label(level), (
            float(sum(1 for r in at if r.bodies)), float(sum(1 for r in at if not r.bodies)))))
    chart = charts.stacked_bars(
        _("Beteiligungsstufen der Netzwerke: mit und ohne Selbstvertretung"), chart_bars,
        [(_("mit Selbstvertretung"), charts.FREE), (_("ohne Selbstvertretung"), charts.WARN)],
        value_text=lambda v: format_value(v, INT))
    n_net, n_agr = len(network_rows), len(agreement_rows)
    n_expected = sum(1 for r in rows if r.expected)
    return Indicator(
        count_text(n_net + n_agr),
        _("%(n)d Netzwerke und %(a)d gültige Vereinbarungen ohne Selbstvertretung, "
          "Beteiligung höchstens „informiert“, obwohl ihr Typ Beteiligung erwarten lässt; "
          "%(c)d weitere ohne erwartete Beteiligung stehen zur Information gesondert.") % {
            "n": n_net, "a": n_agr, "c": len(context_rows)},
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
                   "names": names_text([r.name for r in gaps])} if gaps else
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


REASONS = {
    participation.NO_BODY: _l("keine Selbstvertretung"),
    participation.NO_NETWORK: _l("Selbstvertretungen in keinem Netzwerk, das den Sozialraum abdeckt"),
}


def areas_without_voice(c: Context) -> Indicator:
    s, day = c.s, c.day
    flagged = participation.areas_without_representation(s, day, c.area)
    rows = [{
        "area": area_ref(s, r.area), "reason": str(REASONS[r.reason]),
        "bodies": s.names(r.bodies), "actors": len(s.actors_in(r.area)),
        "_map": map_link(day, r.area, r.bodies),
    } for r in flagged]
    return counted(
        Table("sozialraeume_ohne_vertretung", _("Sozialräume ohne Stimme der Nutzer*innen"), [
            Column("area", _("Sozialraum")), Column("reason", _("Befund")),
            Column("bodies", _("Selbstvertretungen")), Column("actors", _("Akteure"), INT)], rows,
            _("In jedem Sozialraum sitzt eine Selbstvertretung in einem Netzwerk, das ihn abdeckt.")),
        summary=_("%(n)d Sozialräume ohne Selbstvertretung oder ohne Selbstvertretung in einem "
                  "Netzwerk.") % {"n": len(rows)},
        highlight_url=map_url(day, c.area, [b for r in flagged for b in r.bodies]),
        unit=_("Sozialräume"), figure_label=_("Sozialräume ohne Stimme der Nutzer*innen"),
        glance=_areas_glance(s, c.area, flagged))


def _areas_glance(s: Structure, area: str | None, flagged) -> str:
    if area is not None:
        if not flagged:
            return _("%(area)s hat eine Stimme der Nutzer*innen in einem Netzwerk, das den "
                     "Sozialraum abdeckt.") % {"area": s.areas[area].name}
        return _("%(area)s hat keine Stimme der Nutzer*innen in einem Netzwerk, das den "
                 "Sozialraum abdeckt (%(reason)s).") % {
            "area": s.areas[area].name, "reason": REASONS[flagged[0].reason]}
    if not flagged:
        return _("Jeder Sozialraum hat eine Stimme der Nutzer*innen in einem Netzwerk, das ihn "
                 "abdeckt.")
    return _("%(n)d von %(t)d Sozialräumen haben keine Stimme der Nutzer*innen in einem "
             "Netzwerk, das sie abdeckt: %(names)s.") % {
        "n": len(flagged), "t": len(s.sozialraeume),
        "names": names_text([s.areas[r.area].name for r in flagged], 6)}


GROUPS_TABLE = "zielgruppen_ohne_stimme"


def groups_without_voice(c: Context) -> Indicator:
    s, day = c.s, c.day
    gaps = participation.unrepresented_groups(s, day, c.area)
    label = _("Zielgruppen ohne Stimme (Paare aus Sozialraum und Zielgruppe)")
    if c.light:  # a comparison needs only the count: no rows, no map links
        return Indicator("", "", figures=[Figure(GROUPS_TABLE, label, len(gaps))])
    rows = [{
        "area": area_ref(s, g.area), "group": Ref("target_group", g.group, s.groups.get(g.group, g.group)),
        "served": len(g.served_by), "providers": s.names(g.served_by[:5]) + (["…"] if len(g.served_by) > 5 else []),
        "voices": s.names(g.voices) or _("keine"),
        "_map": map_link(day, g.area, g.served_by),
    } for g in gaps]
    return counted(
        Table(GROUPS_TABLE, _("Zielgruppen ohne Stimme in den Netzwerken"), [
            Column("area", _("Sozialraum")), Column("group", _("Zielgruppe")),
            Column("served", _("Angebote"), INT), Column("providers", _("Akteure (Auswahl)")),
            Column("voices", _("Selbstvertretungen dieser Zielgruppe"))], rows,
            _("Jede bediente Zielgruppe hat eine Stimme in einem Netzwerk, das den Sozialraum "
              "abdeckt.")),
        summary=_("%(n)d Paare aus Sozialraum und Zielgruppe, deren Vertretung in keinem "
                  "Netzwerk sitzt, das den Sozialraum abdeckt.") % {"n": len(rows)},
        highlight_url=map_url(day, c.area, [a for g in gaps for a in g.served_by]),
        unit=_("Paare aus Sozialraum und Zielgruppe"),
        figure_label=label,
        glance=_("%(n)d Zielgruppen haben in einem Sozialraum keine Stimme in den Netzwerken, "
                 "zum Beispiel %(names)s.") % {
            "n": len(rows), "names": names_text([
                _("%(group)s in %(area)s") % {"group": s.groups.get(g.group, g.group),
                                              "area": s.areas[g.area].name} for g in gaps])}
        if gaps else _("Jede bediente Zielgruppe hat eine Stimme in einem Netzwerk, das den "
                       "Sozialraum abdeckt."))


def isolated(c: Context) -> Indicator:
    s, day = c.s, c.day
    ids = isolation.isolated_actors(s, day, c.area)
    rows = [{
        "actor": actor_ref(s, a), "kind": kind_label(s.actors[a].kind),
        "area": area_ref(s, s.sozialraum_of(a)), "sector": sector_label(s.actors[a].sector),
    } for a in ids]
    kind_rows = [{"kind": kind_label(k), "count": n} for k, n in isolation.by_kind(s, ids).items()]
    n_actors = len(s.actors_in(c.area)) if c.area else len(s.actors)
    by_area: dict[str | None, list[str]] = {}
    for a in ids:
        by_area.setdefault(s.sozialraum_of(a), []).append(a)
    area_rows = []
    for area_id, n in isolation.by_sozialraum(s, ids).items():
        total = len(s.actors_in(area_id)) if area_id else None
        area_rows.append({"area": area_ref(s, area_id), "count": n, "total": total,
                          "share": n / total if total else None,
                          "_map": map_link(day, area_id, by_area[area_id])})
    return Indicator(
        count_text(len(ids)),
        _("%(n)d Akteure ohne gültige Vereinbarung und ohne Netzwerk am Stichtag.") % {"n": len(ids)},
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
                                            "names": names_text(s.names(ids))}
    located = [r for r in area_rows if isinstance(r["area"], Ref)]
    if len(located) > 1:
        top = max(located, key=lambda r: r["count"])
        text += " " + _("Die meisten liegen in %(area)s (%(n)d).") % {
            "area": top["area"].text, "n": top["count"]}
    return text

