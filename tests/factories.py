"""Small hand-made graphs for tests.

``GraphBuilder`` collects nodes and relationships in the demo loader's row
format and writes them with the same named queries (cypher/demo.cypher), so
tests build exactly the graph they reason about, with readable names:

    g = GraphBuilder(db)
    nord = g.area("Nord")
    awo = g.actor("AWO", kind="freier_traeger", area=nord)
    kita = g.actor("Kita Sonne", kind="kita", area=nord, operator=awo)
    g.agreement("Kinderschutz", [awo, kita], type="kinderschutz_8a")
    g.save()
"""
from __future__ import annotations

import itertools
from dataclasses import fields
from datetime import date, datetime, timezone

from registry import demo
from registry.text import fold

_NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


class GraphBuilder:
    def __init__(self, db):
        self.db = db
        self.data = demo.DemoData()
        self._ids = itertools.count(1)
        self._sector: dict[str, str] = {}

    def _id(self) -> str:
        return f"t{next(self._ids):011x}"

    def _node(self, **props) -> dict:
        row = {"id": self._id(), "version": 1, "created_at": _NOW, "updated_at": _NOW}
        row.update({k: v for k, v in props.items() if v is not None})
        return row

    def area(self, name: str, level: str = "sozialraum", parent: str | None = None,
             code: str | None = None, setting: str = "urban",
             geometry: str | None = None) -> str:
        row = self._node(name=name, level=level, code=code, setting=setting, geometry=geometry)
        self.data.areas.append(row)
        if parent:
            self.data.part_of.append({"source": row["id"], "target": parent})
        return row["id"]

    def target_group(self, name: str) -> str:
        row = self._node(name=name)
        self.data.target_groups.append(row)
        return row["id"]

    def actor(self, name: str, kind: str = "freier_traeger", area: str | None = None,
              sector: str | None = None, operator: str | None = None,
              umbrella: str | None = None, serves: tuple[str, ...] = (),
              groups: tuple[str, ...] = (), **props) -> str:
        if kind == "jugendamt":
            sector = "oeffentlich"
        elif operator:
            sector = self._sector[operator]
        row = self._node(name=name, kind=kind, sector=sector or "frei",
                         search_name=fold(name), **props)
        self._sector[row["id"]] = row["sector"]
        self.data.actors.append(row)
        if area:
            self.data.located_in.append({"source": row["id"], "target": area})
        if operator:
            self.data.operated_by.append({"source": row["id"], "target": operator})
        if umbrella:
            self.data.affiliated_with.append({"source": row["id"], "target": umbrella})
        for served in serves:
            self.data.serves.append({"source": row["id"], "target": served})
        for group in groups:
            self.data.serves_group.append({"source": row["id"], "target": group})
        return row["id"]

    def contact(self, actor: str, name: str, public: bool = False, **props) -> str:
        row = self._node(name=name, public=public, **props)
        self.data.contacts.append(row)
        self.data.has_contact.append({"source": actor, "target": row["id"]})
        return row["id"]

    def agreement(self, title: str, parties, type: str = "kooperation",
                  valid_from: date | None = None, valid_until: date | None = None,
                  status: str = "aktiv", participation: str = "keine", **props) -> str:
        """``parties``: actor ids, or (actor id, role) pairs."""
        row = self._node(title=title, type=type, valid_from=valid_from,
                         valid_until=valid_until, status=status,
                         participation=participation, search_name=fold(title), **props)
        self.data.agreements.append(row)
        for party in parties:
            actor, role = party if isinstance(party, tuple) else (party, None)
            self.data.party_to.append({"source": actor, "target": row["id"], "role": role})
        return row["id"]

    def network(self, name: str, members=(), type: str = "netzwerk",
                scope: str | None = None, coordinator: str | None = None,
                participation: str = "keine", **props) -> str:
        """``members``: actor ids, or (actor id, role[, since[, until]]) tuples."""
        row = self._node(name=name, type=type, participation=participation,
                         search_name=fold(name), **props)
        self.data.networks.append(row)
        for member in members:
            self.member(member if isinstance(member, tuple) else (member,), row["id"])
        if scope:
            self.data.scope.append({"source": row["id"], "target": scope})
        if coordinator:
            self.data.coordinated_by.append({"source": row["id"], "target": coordinator})
        return row["id"]

    def member(self, spec: tuple, network: str) -> None:
        defaults = (None, "mitglied", None, None)
        actor, role, since, until = tuple(spec) + defaults[len(spec):]
        self.data.member_of.append({"source": actor, "target": network, "role": role,
                                    "since": since, "until": until})

    def save(self) -> "GraphBuilder":
        """Write everything collected so far (one query per kind of row)."""
        for f in fields(self.data):
            rows = getattr(self.data, f.name)
            if rows:
                self.db.write(f"demo_{f.name}", rows=rows)
        self.data = demo.DemoData()
        return self
