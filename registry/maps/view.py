"""The filtered map view: which actors, which ties, with what attributes.

Ties are derived at the Stichtag (registry.analysis.ties), never stored.
The actor set is chosen first (Sozialraum with its sub-areas, kinds); ties
count only between actors of that set. Träger -> facility links are a
separate edge kind, shown on demand. "Isolated" means: no cooperation partner
at the Stichtag among the shown actors (a Träger link does not count).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import i18n, model
from ..analysis.ties import Link, TieHistory, degree, operator_links, tie_history, ties_at
from ..db import Database
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..text import fold

# How actors may be linked: both ways, only through agreements, only networks.
LINK_MODES: dict[str, str] = {
    "alle": _l("Vereinbarungen und Netzwerke"),
    "vereinbarungen": _l("nur Vereinbarungen"),
    "netzwerke": _l("nur Netzwerke"),
}
# How the map is laid out: automatic (server above the threshold), always on
# the server (fixed, physics off), or always by the browser's physics.
LAYOUT_MODES: dict[str, str] = {
    "auto": _l("automatisch"),
    "server": _l("fest (vom Server berechnet)"),
    "physik": _l("beweglich (im Browser berechnet)"),
    "sozialraum": _l("nach Sozialräumen gruppiert"),
}
# What the colour of an actor says (registry/maps/colours.py).
COLOUR_MODES: dict[str, str] = {
    "art": _l("Art des Akteurs"),
    "sozialraum": _l("Sozialraum"),
    "traeger": _l("Träger"),
    "sektor": _l("Trägerschaft (öffentlich / frei)"),
}
# How a tie changed between the Vergleichsstichtag and the Stichtag.
CHANGES: dict[str, str] = {
    "neu": _l("neu"),
    "beendet": _l("beendet"),
    "gleich": _l("unverändert"),
}


@dataclass(frozen=True)
class MapFilters:
    day: date
    area_id: str | None = None
    kinds: tuple[str, ...] = ()
    agreement_types: tuple[str, ...] = ()
    network_ids: tuple[str, ...] = ()
    links: str = "alle"
    traeger: bool = False
    isolated: bool = True
    layout: str = "auto"
    highlight: tuple[str, ...] = ()
    colour: str = "art"
    compare: date | None = None   # Vergleichsstichtag, before ``day``

    def query_args(self) -> dict[str, object]:
        """The URL query arguments that reproduce this view (for links)."""
        args: dict[str, object] = {"stichtag": self.day.isoformat()}
        if self.area_id:
            args["sozialraum"] = self.area_id
        if self.kinds:
            args["art"] = list(self.kinds)
        if self.agreement_types:
            args["typ"] = list(self.agreement_types)
        if self.network_ids:
            args["netzwerk"] = list(self.network_ids)
        if self.links != "alle":
            args["verbindungen"] = self.links
        if self.traeger:
            args["traeger"] = "ja"
        if not self.isolated:
            args["isolierte"] = "nein"
        if self.layout != "auto":
            args["anordnung"] = self.layout
        if self.highlight:
            args["hervorheben"] = ",".join(self.highlight)
        if self.colour != "art":
            args["farbe"] = self.colour
        if self.compare:
            args["vergleich"] = self.compare.isoformat()
        return args


@dataclass(slots=True)
class MapNode:
    id: str
    name: str
    kind: str
    sector: str
    area_id: str | None = None
    area_name: str | None = None
    sozialraum: str | None = None
    degree: int = 0
    bezirk: str | None = None
    operator_id: str | None = None
    operator_name: str | None = None

    @property
    def kind_label(self) -> str:
        return model.label(model.ACTOR_KINDS, self.kind)

    @property
    def sector_label(self) -> str:
        return model.label(model.SECTORS, self.sector)

    @property
    def is_user_body(self) -> bool:
        return self.kind == model.USER_REPRESENTATION_KIND


class ViaLinks:
    """``links`` (analysis.ties.Link) split by what makes them: agreements, networks."""
    __slots__ = ()              # so that slotted subclasses stay without __dict__
    links: list[Link]

    @property
    def agreements(self) -> list[Link]:
        return [l for l in self.links if l.via == "agreement"]

    @property
    def networks(self) -> list[Link]:
        return [l for l in self.links if l.via == "network"]


@dataclass(slots=True)
class MapEdge(ViaLinks):
    a: str                      # actor ids, a < b
    b: str
    links: list[Link] = field(default_factory=list)
    traeger: str | None = None  # id of the end that is the other's Träger
    change: str | None = None   # with a Vergleichsstichtag: a key of CHANGES

    @property
    def weight(self) -> int:
        return len(self.links)

    @property
    def cooperation(self) -> bool:
        return bool(self.links)

    @property
    def ended(self) -> bool:
        return self.change == "beendet"

    @property
    def change_label(self) -> str:
        return str(CHANGES[self.change]) if self.change else ""


@dataclass
class MapView:
    filters: MapFilters
    nodes: list[MapNode]
    edges: list[MapEdge]
    area_name: str | None = None
    network_names: dict[str, str] = field(default_factory=dict)
    # Every tie among the actors at any day (build_map(..., with_history=True)):
    # the dynamic GEXF's timeline.
    history: dict[tuple[str, str], TieHistory] | None = None

    @property
    def tie_count(self) -> int:
        """Ties at the Stichtag (an ended tie is drawn, but no longer counts)."""
        return sum(1 for e in self.edges if e.cooperation and not e.ended)

    def change_counts(self) -> dict[str, int]:
        """Ties per key of CHANGES (empty without a Vergleichsstichtag)."""
        if not self.filters.compare:
            return {}
        counts = dict.fromkeys(CHANGES, 0)
        for e in self.edges:
            if e.change:
                counts[e.change] += 1
        return counts

    @property
    def title(self) -> str:
        where = self.area_name or _("alle Sozialräume")
        return _("Netzwerkkarte %(where)s") % {"where": where}

    @property
    def subtitle(self) -> str:
        text = _("Stichtag %(day)s · %(nodes)d Akteure · %(ties)d Kooperationsbeziehungen") % {
            "day": i18n.day(self.filters.day),
            "nodes": len(self.nodes), "ties": self.tie_count,
        }
        counts = self.change_counts()
        if counts:
            text += " · " + _("seit %(day)s: %(new)d neu, %(ended)d beendet, %(same)d unverändert") % {
                "day": i18n.day(self.filters.compare), "new": counts["neu"],
                "ended": counts["beendet"], "same": counts["gleich"]}
        return text

    @property
    def highlighted(self) -> list[MapNode]:
        """Actors of this view that a report asked to highlight."""
        wanted = set(self.filters.highlight)
        return [n for n in self.nodes if n.id in wanted]

    def node_by_id(self) -> dict[str, MapNode]:
        return {n.id: n for n in self.nodes}

    def filter_summary(self) -> list[tuple[str, str]]:
        """(label, value) lines that say what the map shows, for images and files."""
        f = self.filters
        every = _("alle")
        compared = [(_("Vergleichsstichtag"), i18n.day(f.compare))] if f.compare else []
        return [
            (_("Sozialraum"), (self.area_name + " " + _("(mit Teilgebieten)")) if self.area_name else every),
            (_("Stichtag"), i18n.day(f.day)),
            *compared,
            (_("Akteursarten"), ", ".join(model.label(model.ACTOR_KINDS, k) for k in f.kinds) or every),
            (_("Verbindungen über"), str(LINK_MODES[f.links])),
            (_("Vereinbarungstypen"),
             ", ".join(model.label(model.AGREEMENT_TYPES, t) for t in f.agreement_types) or every),
            (_("Netzwerke"), ", ".join(self.network_names.get(i, i) for i in f.network_ids) or every),
            (_("Träger-Verbindungen"), _("gezeigt") if f.traeger else _("ausgeblendet")),
            (_("Akteure ohne Kooperationspartner"), _("gezeigt") if f.isolated else _("ausgeblendet")),
            (_("Farbe nach"), str(COLOUR_MODES[f.colour])),
        ]


def node_from_row(row) -> MapNode:
    """A MapNode from a ``map_actors`` row (the map and the actor page's ego map)."""
    return MapNode(
        id=row["id"], name=row["name"] or "", kind=row["kind"] or "sonstige",
        sector=row["sector"] or "", area_id=row["area_id"], area_name=row["area_name"],
        sozialraum=row["sozialraum"], bezirk=row["bezirk"],
        operator_id=row["operator_id"], operator_name=row["operator_name"],
    )


def build_map(db: Database, filters: MapFilters, with_history: bool = False) -> MapView:
    """The map for these filters, read at the filters' Stichtag; with
    ``with_history`` also every tie among its actors at any day."""
    f = filters
    # One area: its actors looked up by id, not every actor tested.
    rows = db.read(
        "map_actors_among" if f.area_id else "map_actors", ids=None,
        kinds=list(f.kinds) or None, area_id=f.area_id,
    )
    nodes = {row["id"]: node_from_row(row) for row in rows}
    # Without an actor filter every actor is in the set: let the query run unbounded.
    restrict = list(nodes) if (f.area_id or f.kinds) else None
    ties = _ties(db, f, f.day, restrict, nodes)
    for actor_id, count in degree(ties).items():
        nodes[actor_id].degree = count
    # The ties' own link lists: the ties are dropped after this.
    edges: dict[tuple[str, str], MapEdge] = {
        (t.a, t.b): MapEdge(t.a, t.b, t.links) for t in ties
    }
    del ties
    if f.compare:
        # Ties of the Vergleichsstichtag that are gone are drawn as ended,
        # with what linked them then; the rest is new or unchanged.
        before = {(t.a, t.b): t for t in _ties(db, f, f.compare, restrict, nodes)}
        for key, edge in edges.items():
            edge.change = "gleich" if key in before else "neu"
        for key, tie in before.items():
            if key not in edges:
                edges[key] = MapEdge(tie.a, tie.b, tie.links, change="beendet")
    if not f.isolated:
        linked = {x for key in edges for x in key}
        nodes = {i: n for i, n in nodes.items() if i in linked}

    if f.traeger:
        for traeger, facility in operator_links(db, restrict):
            if traeger not in nodes or facility not in nodes:
                continue
            key = tuple(sorted((traeger, facility)))
            edge = edges.get(key) or edges.setdefault(key, MapEdge(*key))
            edge.traeger = traeger

    area_name = None
    if f.area_id:
        area = db.read_one("map_area", id=f.area_id)
        area_name = area["name"] if area else None
    network_names = {}
    if f.network_ids:
        network_names = {r["id"]: r["name"] for r in db.read("network_choices_by_id",
                                                              ids=list(f.network_ids))}
    history = None
    if with_history:
        history = tie_history(db, **_tie_filters(f, restrict))
        # In place: a filtered copy of the city's 227,100 pairs held both at once.
        for key in [k for k in history if k[0] not in nodes or k[1] not in nodes]:
            del history[key]
    return MapView(
        filters=f,
        nodes=sorted(nodes.values(), key=lambda n: (fold(n.name), n.id)),
        edges=[edges[key] for key in sorted(edges)],
        area_name=area_name,
        network_names=network_names,
        history=history,
    )


def _ties(db: Database, f: MapFilters, day: date, restrict, nodes) -> list:
    """The filters' ties at ``day`` among ``nodes``."""
    ties = ties_at(db, day, **_tie_filters(f, restrict))
    return [t for t in ties if t.a in nodes and t.b in nodes]


def _tie_filters(f: MapFilters, restrict) -> dict:
    """What counts as a tie under these filters (ties_at, tie_history)."""
    return dict(
        actor_ids=restrict,
        agreement_types=list(f.agreement_types) or None,
        network_ids=list(f.network_ids) or None,
        with_agreements=f.links != "netzwerke",
        with_networks=f.links != "vereinbarungen",
    )
