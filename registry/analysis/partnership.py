"""Indicator 6: the partnership of public and free carriers.

- sector shares (öffentlich / frei) among actors, among the parties of the
  agreements in force and among the current network members;
- facilities per Träger (actors with an OPERATED_BY link to it) and the
  Herfindahl-Hirschman index (HHI) of Träger shares per Sozialraum: the sum
  of the squared shares in percent, from 10 000 / k (k Träger with equal
  shares) up to 10 000 (one Träger runs every facility);
- the kind x kind matrix of ties: how many ties join an actor of one kind
  with an actor of another.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..model import ACTOR_KINDS
from .structure import Network, Structure
from .ties import Tie

UNKNOWN = "unbekannt"
# Above this HHI a Sozialraum counts as highly concentrated (the common
# threshold of competition authorities, e.g. the US merger guidelines).
HHI_HIGH = 2500


@dataclass(frozen=True)
class SectorCount:
    oeffentlich: int = 0
    frei: int = 0
    unbekannt: int = 0

    @property
    def total(self) -> int:
        return self.oeffentlich + self.frei + self.unbekannt

    def share(self, sector: str) -> float | None:
        return getattr(self, sector) / self.total if self.total else None


def sector_count(structure: Structure, actor_ids: Iterable[str]) -> SectorCount:
    counts = Counter(structure.actors[a].sector if structure.actors[a].sector in ("oeffentlich", "frei")
                     else UNKNOWN for a in set(actor_ids) if a in structure.actors)
    return SectorCount(counts["oeffentlich"], counts["frei"], counts[UNKNOWN])


def _scope_filter(structure: Structure, sozialraum: str | None):
    if sozialraum is None:
        return lambda ids: set(ids)
    located = set(structure.actors_in(sozialraum))
    return lambda ids: located.intersection(ids)


def sector_shares(structure: Structure, day: date, sozialraum: str | None = None) -> dict[str, SectorCount]:
    """Sector counts among actors, agreement parties and network members
    (each actor counted once per group; in a Sozialraum: those located there)."""
    keep = _scope_filter(structure, sozialraum)
    parties = {p for a in structure.agreements_in_force(day) for p in a.parties}
    members = {m for n in structure.networks for m in n.members_at(day)}
    return {
        "akteure": sector_count(structure, keep(structure.actors)),
        "parteien": sector_count(structure, keep(parties)),
        "mitglieder": sector_count(structure, keep(members)),
    }


def network_sectors(structure: Structure, day: date,
                    networks: Iterable[Network]) -> list[tuple[Network, SectorCount]]:
    """Sector counts of each network's current members."""
    return [(n, sector_count(structure, n.members_at(day))) for n in networks]


def facilities_per_traeger(structure: Structure, sozialraum: str | None = None) -> list[tuple[str, int]]:
    """(Träger id, number of facilities it runs), most first; in a Sozialraum
    only the facilities located there count (the Träger may sit elsewhere)."""
    pool = structure.actors_in(sozialraum) if sozialraum is not None else structure.actors
    counts = Counter(structure.actors[f].operator for f in pool
                     if structure.actors[f].operator in structure.actors)
    return sorted(counts.items(), key=lambda kv: (-kv[1], structure.actors[kv[0]].name))


def hhi(counts: Iterable[int]) -> float | None:
    """Herfindahl-Hirschman index in points (0..10 000); None without facilities."""
    counts = [c for c in counts if c > 0]
    total = sum(counts)
    if not total:
        return None
    return sum((100.0 * c / total) ** 2 for c in counts)


@dataclass(frozen=True)
class Concentration:
    area: str
    facilities: int
    traeger: tuple[tuple[str, int], ...]   # (Träger id, facilities), most first

    @property
    def hhi(self) -> float | None:
        return hhi(count for _, count in self.traeger)

    @property
    def high(self) -> bool:
        return self.hhi is not None and self.hhi > HHI_HIGH


def concentration_by_area(structure: Structure, sozialraum: str | None = None) -> list[Concentration]:
    rows = []
    for area in structure.sozialraeume:
        if sozialraum is not None and area.id != sozialraum:
            continue
        per = facilities_per_traeger(structure, area.id)
        rows.append(Concentration(area.id, sum(c for _, c in per), tuple(per)))
    return rows


def kind_matrix(structure: Structure, ties: Iterable[Tie],
                actor_ids: Iterable[str] | None = None) -> dict[tuple[str, str], int]:
    """Ties per unordered pair of kinds, keyed (k1, k2) with k1 not after k2
    in the order of ACTOR_KINDS; each tie counted once. With ``actor_ids``
    only ties with both ends among them count."""
    keep = set(actor_ids) if actor_ids is not None else None
    order = {kind: i for i, kind in enumerate(ACTOR_KINDS)}
    kinds = {actor_id: actor.kind for actor_id, actor in structure.actors.items()}
    # Counted per ordered pair of kinds first (not a sort per tie: 212,900
    # ties at city scale), then each ordered pair added to its unordered
    # one; the first tie of either order still comes first.
    ordered: Counter = Counter()
    for tie in ties:
        if keep is not None and (tie.a not in keep or tie.b not in keep):
            continue
        ka, kb = kinds.get(tie.a), kinds.get(tie.b)
        if ka is None or kb is None:
            continue
        ordered[(ka, kb)] += 1
    matrix: Counter = Counter()
    for pair, n in ordered.items():
        matrix[tuple(sorted(pair, key=lambda k: (order.get(k, len(order)), k)))] += n
    return dict(matrix)
