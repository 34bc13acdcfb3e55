"""The city map ("Stadtplan"): Sozialräume as their outlines, shaded by a
participation indicator (a choropleth), actors with coordinates as points
coloured like the network map, optionally the cooperation ties as lines.

The indicator values per Sozialraum come from registry/analysis, the same
functions the committee report uses, so map, table and report agree:

  stimme       participation.representation_by_area (indicator 2)
  zielgruppen  participation.unrepresented_groups   (indicator 3), pairs per Sozialraum
  isoliert     isolation.isolated_actors            (indicator 4), share of the actors
  dichte       density.density_by_area              (indicator 5)

Darker means a larger gap for every indicator (for the density: less
cooperation). No Flask here; the view and the SVG export (city_svg.py) use it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..analysis import cache
from ..analysis import density as density_mod
from ..analysis import isolation, participation, structure
from ..analysis.ties import ties_at
from wtforms import Form

from ..db import Database
from ..forms import GermanDateField, StrictSelectField, choices
from .. import i18n
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..tabular import DECIMAL, INT, PERCENT, format_value
from . import colours
from .view import COLOUR_MODES, MapNode

INDICATORS: dict[str, str] = {
    "stimme": _l("Stimme der Nutzer*innen"),
    "zielgruppen": _l("Zielgruppen ohne Stimme"),
    "isoliert": _l("Anteil isolierter Akteure"),
    "dichte": _l("Kooperationsdichte"),
}
# The report's definition of each indicator (reports.DEFINITIONS keys).
DEFINITION_KEYS = {"stimme": "sozialraeume_ohne_vertretung", "zielgruppen": "zielgruppen_ohne_stimme",
                   "isoliert": "isolierte_akteure", "dichte": "dichte"}
# Sequential purples, light = no gap, dark = large gap (ColorBrewer "Purples";
# the actors' kind colours stay visible on every class).
SHADES = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"]
NO_VALUE = "#ffffff"
# Built plans per analysis version (never stale: analysis/cache.py); reading
# the whole structure of a city takes seconds, a second look should not.
PLANS = cache.VersionedCache(capacity=4, analysis=True)
OUTLINE = "#4a4a4a"


@dataclass
class Shade:
    label: str
    colour: str
    count: int = 0


@dataclass
class CityArea:
    id: str
    name: str
    code: str | None
    shape: dict | None           # GeoJSON geometry; None: no outline stored
    value: float | None
    value_text: str
    actors: int
    located: int                 # of those: with coordinates
    colour: str = NO_VALUE


@dataclass
class CityPoint:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    colour: str


@dataclass
class CityMap:
    day: date
    indicator: str
    colour_mode: str
    areas: list[CityArea]
    frames: list[dict]           # Bezirk outlines (thin, unfilled)
    points: list[CityPoint]
    ties: list[tuple[int, int]]  # indexes into points
    shades: list[Shade]
    colouring: colours.Colouring
    unlocated: int               # actors without coordinates
    with_ties: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def indicator_label(self) -> str:
        return str(INDICATORS[self.indicator])

    @property
    def title(self) -> str:
        return _("Stadtplan: %(what)s") % {"what": self.indicator_label}

    @property
    def subtitle(self) -> str:
        return _("Stichtag %(day)s · %(n)d Sozialräume, %(p)d Akteure mit Koordinaten") % {
            "day": i18n.day(self.day), "n": len(self.areas), "p": len(self.points)}

    @property
    def outlined(self) -> list[CityArea]:
        return [a for a in self.areas if a.shape]

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min lon, min lat, max lon, max lat) of outlines and points."""
        lons, lats = [], []
        for shape in [a.shape for a in self.outlined] + self.frames:
            for lon, lat in _points_of(shape):
                lons.append(lon)
                lats.append(lat)
        lons += [p.lon for p in self.points]
        lats += [p.lat for p in self.points]
        return (min(lons), min(lats), max(lons), max(lats)) if lons else None

    def payload(self) -> dict:
        """What static/js/citymap.js draws (plain JSON)."""
        return {
            "areas": [{"id": a.id, "name": a.name, "shape": a.shape, "fill": a.colour,
                       "value": a.value_text, "actors": a.actors} for a in self.outlined],
            "frames": self.frames,
            "points": [[p.lat, p.lon, p.colour, p.name, p.id] for p in self.points],
            "ties": self.ties,
            "indicator": self.indicator_label,
            "bounds": self.bounds(),
        }


def _points_of(shape: dict):
    polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _values(s: structure.Structure, day: date, indicator: str,
            ties) -> tuple[dict[str, float | None], dict[str, str]]:
    """(value per Sozialraum id, its text); larger value = larger gap,
    except the density (classes reversed in ``_shade``)."""
    values: dict[str, float | None] = {}
    texts: dict[str, str] = {}
    if indicator == "stimme":
        from ..reports import REASONS  # the report's words for the two findings
        for row in participation.representation_by_area(s, day):
            values[row.area] = {None: 0, participation.NO_NETWORK: 1, participation.NO_BODY: 2}[row.reason]
            texts[row.area] = str(REASONS[row.reason]) if row.reason else \
                _("Selbstvertretung in einem Netzwerk")
    elif indicator == "zielgruppen":
        counts = Counter(g.area for g in participation.unrepresented_groups(s, day))
        for area in s.sozialraeume:
            values[area.id] = counts[area.id]
            texts[area.id] = format_value(counts[area.id], INT)
    elif indicator == "isoliert":
        isolated = Counter(s.sozialraum_of(a) for a in isolation.isolated_actors(s, day))
        for area in s.sozialraeume:
            total = len(s.actors_in(area.id))
            values[area.id] = isolated[area.id] / total if total else None
            texts[area.id] = format_value(values[area.id], PERCENT) + (
                " " + _("(%(n)d von %(t)d)") % {"n": isolated[area.id], "t": total} if total else "")
    else:
        for row in density_mod.density_by_area(s, ties).rows:
            values[row.area] = row.density
            texts[row.area] = format_value(row.density, DECIMAL)
    return values, texts


def _shade(indicator: str, values: dict[str, float | None]) -> tuple[dict[str, str], list[Shade]]:
    """Colour per Sozialraum and the legend's classes."""
    colours_by: dict[str, str] = {}
    if indicator == "stimme":
        shades = [Shade(_("Selbstvertretung in einem Netzwerk"), SHADES[0]),
                  Shade(_("Selbstvertretungen in keinem Netzwerk, das den Sozialraum abdeckt"),
                        SHADES[2]),
                  Shade(_("keine Selbstvertretung"), SHADES[4])]
        for area, value in values.items():
            colours_by[area] = shades[int(value)].colour
            shades[int(value)].count += 1
        return colours_by, shades
    known = sorted(v for v in values.values() if v is not None)
    shades = []
    if known:
        low, high = known[0], known[-1]
        fmt = {"zielgruppen": INT, "isoliert": PERCENT, "dichte": DECIMAL}[indicator]
        if indicator == "zielgruppen" and high - low < len(SHADES):
            # Few distinct counts: a class per count.
            steps, width = int(high - low) + 1, 1
            texts = [format_value(low + i, fmt) for i in range(steps)]
        else:
            steps = len(SHADES) if high > low else 1
            width = (high - low) / steps
            edges = [low + i * width for i in range(steps)] + [high]
            texts = [format_value(edges[i], fmt) if steps == 1 else
                     _("%(a)s bis %(b)s") % {"a": format_value(edges[i], fmt),
                                             "b": format_value(edges[i + 1], fmt)}
                     for i in range(steps)]
        tones = [SHADES[round(i * (len(SHADES) - 1) / max(steps - 1, 1))] for i in range(steps)]
        if indicator == "dichte":
            tones.reverse()  # the lowest density is the largest gap: darkest
        shades = [Shade(text, tone) for text, tone in zip(texts, tones)]
        for area, value in values.items():
            if value is None:
                continue
            i = min(int((value - low) / width), steps - 1) if width else 0
            colours_by[area] = shades[i].colour
            shades[i].count += 1
    missing = sum(1 for v in values.values() if v is None)
    if missing:
        shades.append(Shade(_("nicht bestimmt (weniger als zwei Akteure)") if indicator == "dichte"
                            else _("nicht bestimmt (keine Akteure)"), NO_VALUE, missing))
    return colours_by, shades


def build_city_map(db: Database, day: date, indicator: str = "stimme", colour: str = "art",
                   with_ties: bool = False) -> CityMap:
    indicator = indicator if indicator in INDICATORS else "stimme"
    colour = colour if colour in COLOUR_MODES else "art"
    return PLANS.get(db, ("stadtplan", day, indicator, colour, with_ties),
                     lambda: _build(db, day, indicator, colour, with_ties))


def _build(db: Database, day: date, indicator: str, colour: str, with_ties: bool) -> CityMap:
    s = structure.load(db)
    ties = ties_at(db, day) if indicator == "dichte" or with_ties else []
    values, texts = _values(s, day, indicator, ties)
    fills, shades = _shade(indicator, values)
    shapes = {row["id"]: (row["level"], json.loads(row["geometry"])) for row in db.read("city_outlines")}
    positions = {row["id"]: (float(row["lat"]), float(row["lon"])) for row in db.read("city_positions")
                 if row["id"] in s.actors}
    located = Counter(s.sozialraum_of(a) for a in positions)
    areas = [CityArea(a.id, a.name, a.code, shapes[a.id][1] if a.id in shapes else None,
                      values.get(a.id), texts.get(a.id, "–"), len(s.actors_in(a.id)),
                      located[a.id], fills.get(a.id, NO_VALUE))
             for a in s.sozialraeume]
    frames = [shape for area_id, (level, shape) in sorted(shapes.items())
              if level != structure.SOZIALRAUM and area_id in s.areas]
    nodes = []
    for actor_id in sorted(positions, key=lambda a: (s.actors[a].name, a)):
        actor = s.actors[actor_id]
        sozialraum = s.sozialraum_of(actor_id)
        operator = s.actors.get(actor.operator) if actor.operator else None
        nodes.append(MapNode(actor.id, actor.name, actor.kind, actor.sector or "", actor.area,
                             sozialraum=s.areas[sozialraum].name if sozialraum else None,
                             operator_id=operator.id if operator else None,
                             operator_name=operator.name if operator else None))
    colouring = colours.colouring(nodes, colour)
    points = [CityPoint(n.id, n.name, n.kind, *positions[n.id], colouring.of(n.id)) for n in nodes]
    index = {p.id: i for i, p in enumerate(points)}
    lines = sorted((index[t.a], index[t.b]) for t in ties if t.a in index and t.b in index) \
        if with_ties else []
    notes = []
    without = [a.name for a in areas if not a.shape]
    if without:
        notes.append(_("%(n)d Sozialräume ohne Umriss (nur in der Tabelle): %(names)s") % {
            "n": len(without), "names": ", ".join(without[:8]) + (" …" if len(without) > 8 else "")})
    return CityMap(day, indicator, colour, areas, frames, points, lines, shades, colouring,
                   len(s.actors) - len(positions), with_ties, notes)


# -- the page's choices (GET arguments: stichtag, kennzahl, farbe, verbindungen) ----------


class CityMapForm(Form):
    kennzahl = StrictSelectField(_l("Kennzahl der Flächen"), choices=choices(INDICATORS),
                                 default="stimme")
    farbe = StrictSelectField(_l("Farbe der Akteure nach"), choices=choices(COLOUR_MODES),
                              default="art")
    verbindungen = StrictSelectField(_l("Kooperationen als Linien"), default="nein",
                                     choices=[("nein", _l("ausblenden")), ("ja", _l("zeigen"))])
    stichtag = GermanDateField(_l("Stichtag"), default=date.today)

    def query_args(self) -> dict[str, str]:
        args = {"stichtag": self.stichtag.data.isoformat()}
        for name, default in (("kennzahl", "stimme"), ("farbe", "art"), ("verbindungen", "nein")):
            if self[name].data and self[name].data != default:
                args[name] = self[name].data
        return args
