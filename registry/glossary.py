"""One German term per concept, with a one-line explanation.

The templates name these concepts through ``term()`` and the committee
report prints the explanations ("Begriffe"); docs/glossary.md lists the same
terms for authors (tests/test_committee_report.py keeps the two in step).
Technical measures carry the technical name in brackets.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    name: str               # the German term used on every page
    technical: str | None   # the technical term, shown in brackets
    explanation: str

    @property
    def full(self) -> str:
        return f"{self.name} ({self.technical})" if self.technical else str(self.name)


TERMS: dict[str, Term] = {
    "stichtag": Term(_l("Stichtag"), None, _l(
        "Der Tag, für den alle Zahlen gelten: gültige Vereinbarungen und laufende "
        "Mitgliedschaften an diesem Tag.")),
    "geltungsbereich": Term(_l("Geltungsbereich"), None, _l(
        "Das Gebiet, für das ein Netzwerk zuständig ist: ein Sozialraum, ein übergeordnetes "
        "Gebiet oder ohne Angabe das ganze Gebiet.")),
    "selbstvertretung": Term(_l("Selbstvertretung"), None, _l(
        "Ein Gremium, durch das Nutzer*innen mitreden, etwa Jugendparlament, Elternbeirat oder "
        "Bewohnerbeirat – nie einzelne Klient*innen.")),
    "beteiligung_erwartet": Term(_l("Beteiligung erwartet"), None, _l(
        "Ob bei einem Typ von Vereinbarung oder Netzwerk die Beteiligung der Nutzer*innen "
        "erwartet wird; nicht bei den zweiseitigen Vereinbarungen nach SGB VIII (§ 8a, § 72a, "
        "§§ 77/78b).")),
    "isoliert": Term(_l("Isolierter Akteur"), _l("weißer Fleck"), _l(
        "Ein Akteur, der am Stichtag in keiner gültigen Vereinbarung und keinem Netzwerk ist.")),
    "dichte": Term(_l("Kooperationsdichte"), _l("Dichte"), _l(
        "Welcher Anteil der möglichen Kooperationsbeziehungen zwischen den Akteuren eines "
        "Gebiets besteht: 0 heißt niemand, 1 heißt alle arbeiten miteinander.")),
    "artikulationspunkt": Term(_l("Schlüsselakteur"), _l("Artikulationspunkt"), _l(
        "Ein Akteur, ohne den das Netz seines Sozialraums in getrennte Teile zerfiele.")),
    "betweenness": Term(_l("Vermittlungsrolle"), _l("Betweenness"), _l(
        "Wie oft ein Akteur auf dem kürzesten Weg zwischen zwei anderen liegt, von 0 (nie) "
        "bis 1 (immer).")),
    "hhi": Term(_l("Trägerkonzentration"), _l("Herfindahl-Hirschman-Index, HHI"), _l(
        "Wie stark sich die Einrichtungen eines Sozialraums auf wenige Träger verteilen: "
        "10.000 heißt, ein Träger betreibt alle; über 2.500 gilt als hoch konzentriert.")),
    "partnerschaft": Term(_l("Anteil freier Träger"), None, _l(
        "Wie viele der Akteure, Vertragsparteien oder Netzwerkmitglieder freie Träger sind "
        "(im Unterschied zum öffentlichen Träger, dem Jugendamt).")),
}


def term(key: str, full: bool = True) -> str:
    """The German term, with the technical name in brackets when ``full``."""
    found = TERMS[key]
    return found.full if full else str(found.name)
