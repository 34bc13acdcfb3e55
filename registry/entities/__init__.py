"""The entities a coordinator maintains: actors (with contacts), areas
(Sozialräume), target groups, agreements (with parties) and networks (with
members). Each module lists, reads and saves its entity; the rules they keep
live in registry.rules.

``ENTITIES`` registers each kind once: the history, the restore whitelist,
the backup, the links between pages and the analysis version (which fields
are descriptive) read it from here. (This package's
``__init__`` imports no entity module, so low layers such as ``history``
may import it.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Entity:
    kind: str            # as recorded in the history ("actor") and used in links
    label: str           # its Neo4j label: what a snapshot may recreate
    name: Any            # German name, shown in lists of changes and deletions
    path: str | None     # its detail page, {id} for the id; None: shown on another page
    # The fields no analysis, report, map or Stadtplan reads: a save of only
    # these keeps the analysis version and so every memoised report and map
    # (history.record; tests/test_descriptive_fields.py checks the queries).
    descriptive: frozenset[str] = frozenset()


ENTITIES: tuple[Entity, ...] = (
    # The Stadtplan places actors by lat/lon, so the address is descriptive.
    Entity("actor", "Actor", _l("Akteur"), "/akteure/{id}", frozenset({
        "description", "street", "postcode", "city", "website", "email", "phone"})),
    Entity("agreement", "Agreement", _l("Vereinbarung"), "/vereinbarungen/{id}",
           frozenset({"subject", "document_ref"})),
    Entity("network", "Network", _l("Netzwerk"), "/netzwerke/{id}",
           frozenset({"description", "rhythm"})),
    # The outline is the Stadtplan's: only the Siedlungsstruktur.
    Entity("area", "Area", _l("Sozialraum"), "/sozialraeume/{id}", frozenset({"setting"})),
    Entity("target_group", "TargetGroup", _l("Zielgruppe"), "/zielgruppen/{id}"),
    # Nothing reads contact persons, but the name stays out: the guard test
    # checks fields by name, and an actor's name is read everywhere.
    Entity("contact", "ContactPerson", _l("Kontaktperson"), None,
           frozenset({"function", "email", "phone", "public"})),
)


# Detail pages by entity kind. Links between areas of the UI go through this,
# so a template never needs another blueprint's endpoint names (and the maps,
# which know no Flask, can link actors).
ENTITY_PATHS = {entity.kind: entity.path for entity in ENTITIES if entity.path}


def entity_url(kind: str, entity_id: str) -> str:
    return ENTITY_PATHS[kind].format(id=quote(str(entity_id), safe=""))
