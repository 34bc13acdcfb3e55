"""The cooperation indicators: density, the partnership of public and free
Träger, brokers and articulation points. They read the ties at the
Stichtag (their entries say ``ties=True``)."""
from __future__ import annotations

from datetime import date

from .. import model
from ..analysis import brokers as brokers_mod
from ..analysis import density as density_mod
from ..analysis import partnership as partnership_mod
from ..analysis.structure import Structure
from ..analysis.ties import Tie
from ..glossary import term
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..tabular import DECIMAL, INT, PERCENT, POINTS, PREVIEW_ROWS, Column, Ref, Table, format_value
from . import charts
from .base import (Context, Figure, Indicator, actor_ref, area_ref, charted_note, count_text,
                   kind_label, map_link, map_url, names_text, sector_label)

WHOLE_AREA_BROKERS = 15


def density(c: Context) -> Indicator:
    s, day = c.s, c.day
    report = density_mod.density_by_area(s, c.ties)
    shown = [r for r in report.rows if c.area is None or r.area == c.area]
    rows = [{
        "area": area_ref(s, r.area), "actors": r.actors, "ties": r.ties, "possible": r.possible,
        "density": r.density, "far_below": report.far_below(r),
        "_map": map_link(day, r.area),
    } for r in shown]
    rows.append({"area": _("Alle Sozialräume zusammen (Vergleichswert)"), "actors": None, "ties": None,
                 "possible": None, "density": report.reference, "far_below": None})
    rows.append({"area": _("Gesamtgebiet, alle Akteure"), "actors": report.whole.actors,
                 "ties": report.whole.ties, "possible": report.whole.possible,
                 "density": report.whole.density, "far_below": None})
    flagged = [r for r in shown if report.far_below(r)]
    charted = shown[:PREVIEW_ROWS]  # the rows the table beside it shows
    chart = charts.bars(
        _("Kooperationsdichte je Sozialraum mit Vergleichswert") + charted_note(charted, shown),
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
        value = count_text(len(flagged))
        unit = _("Sozialräume weit unter dem Vergleichswert")
        summary = _("%(n)d Sozialräume liegen weit unter dem Vergleichswert %(r)s.") % {
            "n": len(flagged), "r": format_value(report.reference, DECIMAL)}
    return Indicator(
        value, summary, [Table("dichte", _("Kooperationsdichte je Sozialraum"), [
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
        "n": len(flagged), "names": names_text([s.areas[r.area].name for r in flagged], 6)}


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


def partnership(c: Context) -> Indicator:
    s, day = c.s, c.day
    shares = partnership_mod.sector_shares(s, day, c.area)
    figures = _partnership_figures(shares)
    if c.light:  # a comparison needs only the shares
        return Indicator("", "", figures=figures)
    share_rows = [_sector_row(str(_GROUPS[k]), v) for k, v in shares.items()]
    areas = [a for a in s.sozialraeume if c.area is None or a.id == c.area]
    area_rows = []
    for area in areas:
        row = _sector_row(Ref("area", area.id, area.name),
                          partnership_mod.sector_count(s, s.actors_in(area.id)))
        area_rows.append(row)
    if c.area is not None:
        # A Sozialraum beside the whole municipality, never beside itself.
        area_rows.append(_sector_row(_("Gesamtgebiet (zum Vergleich)"),
                                     partnership_mod.sector_count(s, s.actors)))
    networks = [n for n in s.networks if c.area is None or s.concerns(n, c.area)]
    network_rows = [_sector_row(Ref("network", n.id, n.name), count)
                    for n, count in partnership_mod.network_sectors(s, day, networks)]
    traeger_rows = [{"traeger": actor_ref(s, t), "sector": sector_label(s.actors[t].sector), "count": n}
                    for t, n in partnership_mod.facilities_per_traeger(s, c.area)]
    concentration_rows = [{
        "area": area_ref(s, r.area), "facilities": r.facilities, "traeger": len(r.traeger),
        "largest": s.actors[r.traeger[0][0]].name if r.traeger else None,
        "hhi": r.hhi, "high": r.high if r.hhi is not None else None,
    } for r in partnership_mod.concentration_by_area(s, c.area)]
    actor_ids = s.actors_in(c.area) if c.area else None
    matrix = partnership_mod.kind_matrix(s, c.ties, actor_ids)
    kinds = [k for k in model.ACTOR_KINDS if any(k in pair for pair in matrix)]
    matrix_rows = []
    for k in kinds:
        row = {"kind": kind_label(k)}
        for other in kinds:
            row[other] = matrix.get((k, other), matrix.get((other, k), 0))
        matrix_rows.append(row)
    charted = area_rows[:PREVIEW_ROWS]  # the rows the table beside it shows
    chart = charts.stacked_bars(
        _("Anteile öffentlicher und freier Träger je Sozialraum") + charted_note(charted, area_rows),
        [charts.Bar(getattr(r["group"], "text", r["group"]), (r["public_share"] or 0.0, r["free_share"] or 0.0,
                                      (r["unknown"] / r["total"]) if r["total"] else 0.0))
         for r in charted],
        [(_("öffentlich"), charts.PUBLIC), (_("frei"), charts.FREE), (_("unbekannt"), charts.UNKNOWN)],
        scale_max=1.0, value_text=lambda v: format_value(v, PERCENT))
    free = shares["akteure"].share("frei")
    return Indicator(
        format_value(free, PERCENT),
        _("Anteil freier Träger: %(a)s der Akteure, %(p)s der Vertragsparteien, %(m)s der "
          "Netzwerkmitglieder.") % {
            "a": format_value(free, PERCENT),
            "p": format_value(shares["parteien"].share("frei"), PERCENT),
            "m": format_value(shares["mitglieder"].share("frei"), PERCENT)},
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
                  [Column("kind", _("Art"))] + [Column(k, kind_label(k), INT) for k in kinds],
                  matrix_rows, _("Keine Kooperationsbeziehungen am Stichtag.")),
        ],
        map_url(day, c.area),
        charts=[chart], chart_table="traegeranteile_sozialraeume",
        unit=_("freie Träger unter den Akteuren"),
        figures=figures,
        glance=_partnership_glance(concentration_rows, free),
    )


def _partnership_figures(shares) -> list[Figure]:
    return [Figure("frei_akteure", _("Anteil freier Träger unter den Akteuren"),
                   shares["akteure"].share("frei"), PERCENT),
            Figure("frei_parteien", _("Anteil freier Träger unter den Vertragsparteien"),
                   shares["parteien"].share("frei"), PERCENT),
            Figure("frei_mitglieder", _("Anteil freier Träger unter den Netzwerkmitgliedern"),
                   shares["mitglieder"].share("frei"), PERCENT)]


def _partnership_glance(concentration_rows: list[dict], free: float | None) -> str:
    text = _("Freie Träger stellen %(p)s der Akteure.") % {"p": format_value(free, PERCENT)}
    high = [r for r in concentration_rows if r["high"]]
    if high:
        text += " " + _("Hoch ist die Trägerkonzentration in %(names)s: dort betreiben wenige "
                        "Träger die meisten Einrichtungen.") % {
            "names": names_text([r["area"].text for r in high if isinstance(r["area"], Ref)], 4)}
    return text


def _broker_rows(s: Structure, found: list[brokers_mod.Broker], day: date,
                 area: str | None) -> list[dict]:
    return [{
        "actor": actor_ref(s, b.actor), "area": area_ref(s, s.sozialraum_of(b.actor)),
        "betweenness": b.betweenness, "articulation": b.articulation, "cut_off": b.cut_off,
        "_map": map_link(day, area, [b.actor]),
    } for b in found]


def _broker_columns(betweenness_label: str) -> list[Column]:
    return [Column("actor", _("Akteur")), Column("area", _("Sozialraum")),
            Column("betweenness", betweenness_label, DECIMAL),
            Column("articulation", term("artikulationspunkt")),
            Column("cut_off", _("würde abtrennen (Akteure)"), INT)]


def _ties_by_area(s: Structure, ties: list[Tie]) -> dict[str, list[Tie]]:
    """The ties inside each Sozialraum (both ends located there)."""
    home = s._home
    by_area: dict[str, list[Tie]] = {}
    for tie in ties:
        area = home.get(tie.a)
        if area is not None and area == home.get(tie.b):
            by_area.setdefault(area, []).append(tie)
    return by_area


def _points_by_area(s: Structure, ties: list[Tie]) -> dict[str, list[tuple[str, int | None]]]:
    """Each Sozialraum's articulation points in its own tie graph, most cut
    off first. One graph of every Sozialraum's inner ties instead of one per
    Sozialraum (900 at city scale): the Sozialräume share no actor, so each
    is its own set of components, and articulation points and cut-off sizes
    depend only on an actor's component."""
    home = s._home
    inner = [t for t in ties if (area := home.get(t.a)) is not None and area == home.get(t.b)]
    union = brokers_mod.TieArrays(home, inner)
    found: dict[str, list[tuple[str, int | None]]] = {}
    for actor, cut in brokers_mod.articulation_points(union):
        found.setdefault(home[actor], []).append((actor, cut))
    return found


def brokers(c: Context) -> Indicator:
    s, day = c.s, c.day
    if c.area is not None:
        # One Sozialraum: the full ranking within its own tie graph (exact).
        found, _exact = brokers_mod.brokers(
            brokers_mod.tie_graph(s.actors_in(c.area), _ties_by_area(s, c.ties).get(c.area, [])))
        points = [b.actor for b in found if b.articulation]
        tables = [Table("vermittler", _("Vermittler im Sozialraum"),
                        _broker_columns(_("Vermittlungsrolle im Sozialraum (Betweenness)")),
                        _broker_rows(s, found, day, c.area),
                        _("Keine Vermittler: niemand verbindet hier Akteure, die sonst "
                          "nicht verbunden wären."))]
    else:
        # The whole area: every Sozialraum's articulation points, with the
        # betweenness in the whole area (one computation instead of one per
        # Sozialraum), and the whole area's own ranking. A comparison needs
        # only the count of articulation points (no whole-area graph).
        whole = None if c.light else c.whole_graph
        scores, exact = ({}, True) if c.light else brokers_mod.betweenness(whole)
        rows, points = [], []
        by_area = _points_by_area(s, c.ties)
        for area in s.sozialraeume:
            for actor, cut in by_area.get(area.id, ()):
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
    return Indicator(count_text(len(points)),
                     summary, tables, map_url(day, c.area, points),
                     unit=_("Schlüsselakteure (Artikulationspunkte) in den Sozialräumen"),
                     figures=[Figure("schluesselakteure", term("artikulationspunkt"), len(points))],
                     glance=_("%(n)d Akteure halten ihr Netz zusammen: ohne sie zerfiele es in "
                              "getrennte Teile (Schlüsselakteure), zum Beispiel %(names)s.") % {
                         "n": len(points), "names": names_text(s.names(points))}
                     if points else _("Kein Netz eines Sozialraums hängt an einem einzelnen "
                                      "Akteur."))

