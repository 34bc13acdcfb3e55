"""Indicator 5: cooperation density per Sozialraum.

Density of a set of n actors = ties among them / possible ties n(n-1)/2.
A Sozialraum's actors are those located in it or in one of its Quartiere;
only ties with both ends among them count. With fewer than two actors the
density is undefined (None, shown as "–"), never 0.

The comparison value is the density within all Sozialräume taken together
(all ties inside Sozialräume / all possible pairs inside Sozialräume): the
plain density of the whole area (all ties / all pairs of all actors) falls
with every added Sozialraum, so no local figure could ever lie below it. A
Sozialraum lies far below when its density is less than FAR_BELOW times the
comparison value.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .structure import Structure
from .ties import Tie

FAR_BELOW = 0.5


def possible_pairs(n: int) -> int:
    return n * (n - 1) // 2


def density(n: int, ties: int) -> float | None:
    pairs = possible_pairs(n)
    return ties / pairs if pairs else None


@dataclass(frozen=True)
class AreaDensity:
    area: str | None              # None: the whole area
    actors: int
    ties: int

    @property
    def possible(self) -> int:
        return possible_pairs(self.actors)

    @property
    def density(self) -> float | None:
        return density(self.actors, self.ties)


@dataclass(frozen=True)
class DensityReport:
    rows: list[AreaDensity]       # one per Sozialraum, in Sozialraum order
    whole: AreaDensity            # every actor, every tie
    reference: float | None       # density within the Sozialräume together

    def far_below(self, row: AreaDensity) -> bool | None:
        """None when it cannot be said (no density or no comparison value)."""
        if row.density is None or self.reference is None:
            return None
        return row.density < FAR_BELOW * self.reference

    @property
    def flagged(self) -> list[AreaDensity]:
        return [row for row in self.rows if self.far_below(row)]


def density_by_area(structure: Structure, ties: Iterable[Tie]) -> DensityReport:
    ties = list(ties)
    home = structure._home  # actor -> its Sozialraum (actors in none are missing: None)
    inside = Counter(home.get(t.a) for t in ties if home.get(t.a) and home.get(t.a) == home.get(t.b))
    rows = [AreaDensity(area.id, len(structure.actors_in(area.id)), inside[area.id])
            for area in structure.sozialraeume]
    pairs = sum(row.possible for row in rows)
    reference = sum(row.ties for row in rows) / pairs if pairs else None
    return DensityReport(rows, AreaDensity(None, len(structure.actors), len(ties)), reference)
