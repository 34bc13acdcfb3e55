"""What an actor's colour says on the map, the pictures and the exports:
its kind (default), its Sozialraum, its Träger or its carrier (public/free).

For Sozialraum and Träger the most frequent values get a colour of their
own (``PALETTE``, distinguishable for common colour vision deficiencies as
far as twelve colours can be); the rest share "weitere" and actors without
a value share "ohne Angabe", so the legend stays short at any size. The
same ``Colouring`` feeds the browser map, the legend, the images and the
GEXF/GraphML colours, so they always agree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import model
from ..i18n import gettext as _
from .view import COLOUR_MODES, MapNode

KIND_COLORS: dict[str, str] = {
    "jugendamt": "#0b4f71",
    "freier_traeger": "#2a9d8f",
    "schule": "#e9c46a",
    "kita": "#f4a261",
    "familienzentrum": "#e76f51",
    "jugendzentrum": "#7fb069",
    "verein": "#6a4c93",
    "kirchengemeinde": "#8d6e63",
    "beratungsstelle": "#4ea8de",
    "gesundheit": "#c1121f",
    "selbstvertretung": "#e0007a",
    "sonstige": "#9aa5b1",
}
SECTOR_COLORS: dict[str, str] = {"oeffentlich": "#0b4f71", "frei": "#2a9d8f"}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#ad494a"]
OTHERS = "#c7cdd3"      # "weitere"
UNKNOWN = "#eceff1"     # "ohne Angabe" (drawn with a grey border)


@dataclass
class LegendItem:
    label: str
    colour: str
    count: int


@dataclass
class Colouring:
    mode: str
    by_node: dict[str, str]
    items: list[LegendItem]

    @property
    def title(self) -> str:
        return _("Farbe: %(what)s") % {"what": COLOUR_MODES[self.mode]}

    def of(self, node_id: str) -> str:
        return self.by_node.get(node_id, UNKNOWN)


def traeger_of(node: MapNode, operators: set[str]) -> tuple[str, str] | None:
    """(id, name) of the organisation an actor belongs to: its Träger, or
    itself when it is a Träger of others on the map."""
    if node.operator_id:
        return node.operator_id, node.operator_name or ""
    if node.id in operators:
        return node.id, node.name
    return None


def group_key(node: MapNode, mode: str, operators: set[str]) -> tuple[str, str] | None:
    """(key, label) of the actor's group under ``mode``; None: no value."""
    if mode == "sozialraum":
        return (node.sozialraum, node.sozialraum) if node.sozialraum else None
    if mode == "traeger":
        return traeger_of(node, operators)
    if mode == "sektor":
        return (node.sector, model.label(model.SECTORS, node.sector)) if node.sector else None
    return node.kind, model.label(model.ACTOR_KINDS, node.kind)


def colouring(nodes: list[MapNode], mode: str = "art") -> Colouring:
    if mode not in COLOUR_MODES:
        mode = "art"
    operators = {n.operator_id for n in nodes if n.operator_id}
    if mode == "art":
        counts = Counter(n.kind for n in nodes)
        items = [LegendItem(str(text), KIND_COLORS[kind], counts.get(kind, 0))
                 for kind, text in model.ACTOR_KINDS.items()]
        return Colouring(mode, {n.id: KIND_COLORS.get(n.kind, KIND_COLORS["sonstige"]) for n in nodes},
                         items)
    keys = {n.id: group_key(n, mode, operators) for n in nodes}
    # One key per group id, whatever name it was reached by.
    first: dict[str, tuple[str, str]] = {}
    keys = {i: (first.setdefault(k[0], k) if k else None) for i, k in keys.items()}
    counts = Counter(k for k in keys.values() if k)
    if mode == "sektor":
        colours = {k: SECTOR_COLORS.get(k[0], OTHERS) for k in counts}
        ranked = sorted(counts, key=lambda k: k[1])
        others: list = []
    else:
        ranked = sorted(counts, key=lambda k: (-counts[k], k[1].lower(), k[0]))
        own, others = ranked[:len(PALETTE)], ranked[len(PALETTE):]
        colours = {k: PALETTE[i] for i, k in enumerate(own)}
        colours.update({k: OTHERS for k in others})
        ranked = sorted(own, key=lambda k: (k[1].lower(), k[0]))
    items = [LegendItem(k[1], colours[k], counts[k]) for k in ranked]
    if others:
        items.append(LegendItem(_("weitere (%(n)d)") % {"n": len(others)}, OTHERS,
                                sum(counts[k] for k in others)))
    missing = sum(1 for k in keys.values() if not k)
    if missing:
        items.append(LegendItem(_("ohne Angabe"), UNKNOWN, missing))
    return Colouring(mode, {i: (colours[k] if k else UNKNOWN) for i, k in keys.items()}, items)
