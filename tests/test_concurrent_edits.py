"""Optimistic locking under concurrency: two people save the same entry with
the same version at the same moment (a barrier releases both requests at
once). Exactly one save wins every time; the other person sees the German
conflict notice with the input they typed, and nothing they typed is stored.
"""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

import htmlpage
from conftest import csrf_token, login, make_user
from factories import GraphBuilder
from registry.entities import actors, agreements, areas, contacts, networks, target_groups

TRIALS = 20


def _world(db):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    altstadt = g.area("Altstadt", parent=nord)
    awo = g.actor("AWO Lindenau", area=altstadt)
    kita = g.actor("Kita Sonne", kind="kita", area=altstadt, operator=awo)
    contact = g.contact(awo, "Maria Muster", function="Leitung")
    group = g.target_group("Eltern")
    agreement = g.agreement("Kinderschutz Altstadt", [awo, kita], type="kinderschutz_8a",
                            valid_from=date.today() - timedelta(days=30))
    network = g.network("Runder Tisch Altstadt", [awo, kita], scope=altstadt)
    g.save()
    return dict(stadt=stadt, altstadt=altstadt, awo=awo, kita=kita, contact=contact,
                group=group, agreement=agreement, network=network)


def _actor(db, w):
    def current():
        row = actors.get(db, w["awo"])
        a = row["actor"]
        form = {key: "" if a.get(key) is None else str(a.get(key)) for key in actors.FIELDS}
        form.update(location=(row["location"] or {}).get("id", ""), operator="", umbrella="")
        return a["version"], a["name"], form
    return f"/akteure/{w['awo']}/bearbeiten", "name", current, "von jemand anderem gespeichert"


def _contact(db, w):
    def current():
        c = contacts.get(db, w["awo"], w["contact"])
        return c["version"], c["name"], {"name": c["name"], "function": c.get("function") or ""}
    return (f"/akteure/{w['awo']}/kontakte/{w['contact']}", "name", current,
            "von jemand anderem gespeichert")


def _area(db, w):
    def current():
        row = areas.get(db, w["altstadt"])
        s = row["area"]
        return s["version"], s["name"], {"name": s["name"], "code": s.get("code") or "",
                                         "level": s["level"], "setting": s["setting"],
                                         "parent": (row["parent"] or {}).get("id", "")}
    return f"/sozialraeume/{w['altstadt']}/bearbeiten", "name", current, \
        "von jemand anderem gespeichert"


def _group(db, w):
    def current():
        g = target_groups.get(db, w["group"])
        return g["version"], g["name"], {"name": g["name"]}
    return f"/zielgruppen/{w['group']}/bearbeiten", "name", current, \
        "von jemand anderem umbenannt"


def _agreement(db, w):
    def current():
        v = agreements.get(db, w["agreement"])
        return v["version"], v["title"], {
            "title": v["title"], "type": v["type"], "subject": "",
            "valid_from": v["valid_from"].isoformat(), "valid_until": "",
            "status": v["status"], "review_date": "", "document_ref": "",
            "participation": v["participation"]}
    return f"/vereinbarungen/{w['agreement']}/bearbeiten", "title", current, \
        "von jemand anderem geändert"


def _network(db, w):
    def current():
        n = networks.get(db, w["network"])
        return n["version"], n["name"], {
            "name": n["name"], "type": n["type"], "description": "",
            "scope": (n["scope"] or {}).get("id", ""), "coordinator": "", "rhythm": "",
            "participation": n["participation"]}
    return f"/netzwerke/{w['network']}/bearbeiten", "name", current, \
        "von jemand anderem geändert"


KINDS = {"actor": _actor, "contact": _contact, "area": _area, "target_group": _group,
         "agreement": _agreement, "network": _network}


@pytest.mark.parametrize("kind", list(KINDS))
def test_of_two_simultaneous_saves_exactly_one_wins(kind, app, db):
    w = _world(db)
    url, field, current, conflict_text = KINDS[kind](db, w)
    clients = []
    for who in ("eins", "zwei"):
        client = app.test_client()
        login(client, make_user(db, "admin", email=f"{who}@example.org").email)
        clients.append(client)

    for trial in range(TRIALS):
        version, _name, form = current()
        typed = [f"Fassung {trial} von eins", f"Fassung {trial} von zwei"]
        barrier = threading.Barrier(2)
        responses: list = [None, None]

        def save(i: int) -> None:
            data = dict(form, version=str(version), **{field: typed[i]})
            data["csrf_token"] = csrf_token(clients[i], url)
            barrier.wait()
            responses[i] = clients[i].post(url, data=data)

        threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        codes = [r.status_code for r in responses]
        assert sorted(codes) == [200, 302], (trial, codes, _errors(responses))
        winner, loser = (0, 1) if codes[0] == 302 else (1, 0)
        page = responses[loser].get_data(as_text=True)
        assert conflict_text in page, trial
        assert f'value="{typed[loser]}"' in page, trial  # the loser's input is kept
        new_version, saved, _ = current()
        assert saved == typed[winner] and new_version == version + 1, trial


def test_a_conditional_update_refuses_a_version_already_replaced(db):
    # The single statement checks the version after it holds the write lock.
    w = _world(db)
    assert db.write("target_group_update", id=w["group"], version=1, name="Eltern A")
    assert not db.write("target_group_update", id=w["group"], version=1, name="Eltern B")
    assert target_groups.get(db, w["group"])["name"] == "Eltern A"


def _errors(responses) -> list[str]:
    """The error messages a refused form shows (for a failure's explanation)."""
    return [m for r in responses if r is not None
            for m in htmlpage.error_texts(r.get_data(as_text=True))]
