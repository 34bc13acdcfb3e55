"""What every indicator is made of, and the small helpers their builders share.

An indicator's builder (``participation.py``, ``cooperation.py``,
``deadlines.py``) turns the pure figures of ``registry.analysis`` into an
``Indicator``: the figure as text, its tables, charts, comparable figures and
the map link. Its key, number, title and German definition come from its
entry in ``indicators.INDICATORS``; nothing here knows about HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Callable, Iterable
from urllib.parse import quote_plus

from markupsafe import Markup

from .. import model
from ..analysis import structure
from ..analysis.structure import Structure
from ..analysis.ties import Tie
from ..db import Database
from ..i18n import gettext as _
from ..tabular import INT, Ref, Table, format_value

MAP_PATH = "/karte"
MAX_HIGHLIGHT = 200        # ids in one map link (a URL must stay short)
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


@dataclass
class Indicator:
    """One section of the report, as its builder found it; ``build`` adds
    key, number, title and definition from the indicator's entry."""
    value_text: str
    summary: str
    tables: list[Table] = field(default_factory=list)
    map_url: str | None = None
    charts: list[Markup] = field(default_factory=list)
    chart_table: str | None = None     # the table the charts stand beside
    unit: str = ""                     # what the figure counts
    figures: list[Figure] = field(default_factory=list)
    glance: str = ""                   # the plain sentence of "Auf einen Blick"
    # Its figures beside the comparison Stichtag and/or the Gesamtgebiet, as
    # German text: its rows of the table "vergleich" (label, now, before,
    # change, whole, whole_before).
    comparison: list[dict] = field(default_factory=list)
    key: str = ""
    number: int = 0
    title: str = ""
    definition: str = ""
    # ``live(db, indicator)``: the indicator completed with what it reads
    # from the history (the changes since a date), which changes with every
    # write, also of descriptive fields (build.py adds it per data version).
    live: Callable[[Database, "Indicator"], "Indicator"] | None = field(
        default=None, repr=False, compare=False)


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
    # Parts of pages rendered from this report (views/reports.py): kept as
    # long as the report, which is memoised per version, so never stale.
    rendered: dict = field(default_factory=dict, repr=False, compare=False)
    # Which computation made it (build.py): the report served per data
    # version names the one per analysis version it completes.
    built: int = field(default=0, repr=False, compare=False)

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


@dataclass
class Context:
    """What a builder is given: the structure, the Stichtag, the Sozialraum
    (None: the whole area), the ties at the Stichtag (empty unless the
    indicator's entry asks for them) and the report's filters."""
    s: Structure
    day: date
    area: str | None
    ties: list[Tie]
    days: int
    since: date
    db: Database
    light: bool = False     # figures only (comparisons): skip the costly extras

    @cached_property
    def whole_graph(self):
        """The tie graph of every actor, as arrays: built once for the
        brokers' ranking and the committee map (its articulation points
        too: found once, on first use)."""
        from ..analysis.brokers import TieArrays
        return TieArrays(self.s.actors, self.ties)


# -- helpers of the builders ---------------------------------------------------------

def counted(table: Table, summary: str, highlight_url: str, unit: str, figure_label: str,
            glance: str) -> Indicator:
    """An indicator whose figure is the number of rows of its one table
    (the comparable figure carries the table's name)."""
    n = len(table.rows)
    return Indicator(count_text(n), summary, [table], highlight_url, unit=unit,
                     figures=[Figure(table.name, figure_label, n)], glance=glance)


def map_url(day: date, sozialraum: str | None = None, highlight: Iterable[str] = ()) -> str:
    """A link to the map at the Stichtag, with actors highlighted."""
    # ``urlencode`` of the same arguments, byte for byte, but each id quoted
    # once per process: a city report links 15,000 rows, many with up to
    # MAX_HIGHLIGHT ids (seconds of quoting). Quoting works character by
    # character, so quoting the ids one by one and joining them with an
    # encoded comma gives the same text as quoting the joined list.
    query = "stichtag=" + _quoted(day.isoformat())
    if sozialraum:
        query += "&sozialraum=" + _quoted(sozialraum)
    ids = list(dict.fromkeys(highlight))[:MAX_HIGHLIGHT]
    if ids:
        query += "&hervorheben=" + _COMMA.join(map(_quoted, ids))
    return f"{MAP_PATH}?{query}"


_COMMA = quote_plus(",")
_quoted = lru_cache(maxsize=100_000)(quote_plus)


@dataclass(frozen=True, slots=True)
class MapLink:
    """A table row's link to the map (``map_url``), made into text only when
    a page shows the row: a city report has some 40,000 rows with links of
    up to MAX_HIGHLIGHT ids, which kept as text in the memoised reports took
    about 23 MB of every worker (bench_load); the ids are the structure's own."""
    day: date
    sozialraum: str | None = None
    highlight: tuple[str, ...] | list[str] = ()

    def __str__(self) -> str:
        return map_url(self.day, self.sozialraum, self.highlight)


def map_link(day: date, sozialraum: str | None = None,
             highlight: Iterable[str] = ()) -> MapLink:
    """``map_url`` for a table row, kept small until it is shown."""
    if not isinstance(highlight, (tuple, list)):
        highlight = tuple(highlight)
    return MapLink(day, sozialraum, highlight)


def actor_ref(s: Structure, actor_id: str) -> Ref:
    return Ref("actor", actor_id, s.actors[actor_id].name)


def area_ref(s: Structure, area_id: str | None) -> Ref | str:
    if area_id is None or area_id not in s.areas:
        return _("ohne Sozialraum")
    return Ref("area", area_id, s.areas[area_id].name)


def scope_text(s: Structure, scope: str | None) -> Ref | str:
    if scope is None:
        return _("ganzes Gebiet")
    return Ref("area", scope, s.areas[scope].name) if scope in s.areas else scope


def level_label(key: str | None) -> str:
    return model.label(model.PARTICIPATION_LEVELS, key or "keine")


def kind_label(key: str | None) -> str:
    return model.label(model.ACTOR_KINDS, key)


def sector_label(key: str | None) -> str:
    return model.label(model.SECTORS, key) if key else _("unbekannt")


def charted_note(charted: list, rows: list) -> str:
    """A chart beside a long table draws the rows the page shows (a bar per
    Sozialraum would make the page grow with the registry)."""
    if len(charted) >= len(rows):
        return ""
    return " " + _("(die ersten %(n)d von %(total)s)") % {
        "n": len(charted), "total": format_value(len(rows), INT)}


def count_text(n: int) -> str:
    return format_value(n, INT)


def names_text(names: list[str], limit: int = 3) -> str:
    """ "A, B und C" or "A, B, C und 4 weitere" for the plain sentences."""
    names = [str(n) for n in names]
    if len(names) > limit:
        return _("%(names)s und %(n)d weitere") % {"names": ", ".join(names[:limit]),
                                                   "n": len(names) - limit}
    if len(names) > 1:
        return _("%(names)s und %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""
