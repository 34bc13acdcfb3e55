"""Deleted entries: the admin list and the restore of an entity with its
relations (and contact persons)."""
from __future__ import annotations

import json
from datetime import date

from conftest import post_form
from factories import GraphBuilder
from registry.entities import actors, target_groups
from registry import history
from registry.exchange import importer


def text(response) -> str:
    return response.get_data(as_text=True)


def test_deleted_actor_comes_back_with_its_relations(client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    sued = g.area("Süd", level="bezirk", parent=stadt)
    eltern = g.target_group("Eltern")
    dach = g.actor("Paritätischer", kind="freier_traeger")
    traeger = g.actor("Jugendhilfe Nord gGmbH", kind="freier_traeger", area=nord,
                      serves=(sued,), umbrella=dach, groups=(eltern,))
    facility = g.actor("Jugendtreff Nord", kind="jugendzentrum", area=nord, operator=traeger)
    partner = g.actor("Schule Nord", kind="schule", area=nord)
    third = g.actor("Kita Nord", kind="kita", area=nord)
    agreement = g.agreement("Kooperation Nord", [(traeger, "Träger"), partner, third],
                            valid_from=date(2024, 1, 1))
    network = g.network("AG Nord", members=[(traeger, "koordination", date(2024, 2, 1))])
    g.contact(traeger, "Petra Privat", public=False, email="petra@example.org")
    g.save()
    before = actors.detail(db, traeger, True)

    login_as("admin")
    response = post_form(client, f"/akteure/{traeger}/loeschen", {"choice": "beenden"})
    assert response.status_code == 302
    assert actors.get(db, traeger) is None

    page = text(client.get("/admin/geloescht/"))
    assert "Jugendhilfe Nord gGmbH" in page and "Akteur" in page
    change = history.deleted(db)[0]
    assert change["entity_id"] == traeger

    response = post_form(client, f"/admin/geloescht/{change['id']}/wiederherstellen", {},
                         form_url="/admin/geloescht/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/akteure/{traeger}")
    assert "Wiederhergestellt mit" in text(client.get(response.headers["Location"]))

    after = actors.detail(db, traeger, True)
    assert after["actor"]["name"] == "Jugendhilfe Nord gGmbH"
    assert after["actor"]["version"] == before["actor"]["version"] + 1
    assert after["location"]["id"] == nord
    assert [s["id"] for s in after["serves"]] == [sued]
    assert after["umbrella"]["id"] == dach
    assert [t["id"] for t in after["target_groups"]] == [eltern]
    assert [f["id"] for f in after["facilities"]] == [facility]
    assert [(v["id"], v["role"]) for v in after["agreements"]] == [(agreement, "Träger")]
    assert [(n["id"], n["role"], n["since"]) for n in after["networks"]] == [
        (network, "koordination", date(2024, 2, 1))]
    assert [(c["name"], c["email"]) for c in after["contacts"]] == [
        ("Petra Privat", "petra@example.org")]
    assert actors.get(db, facility)["operator"]["id"] == traeger
    assert history.for_entity(db, traeger)[0]["action"] == "restore"

    # Gone from the list; a second restore is refused with a message.
    assert "Keine gelöschten Einträge." in text(client.get("/admin/geloescht/"))
    response = post_form(client, f"/admin/geloescht/{change['id']}/wiederherstellen", {},
                         form_url="/admin/geloescht/")
    assert response.status_code == 302
    assert "bereits wiederhergestellt" in text(client.get("/admin/geloescht/"))


def test_deleted_target_group_and_contact_can_be_restored(client, db, login_as):
    g = GraphBuilder(db)
    group = g.target_group("Careleaver")
    actor_id = g.actor("Careleaver-Netzwerk", kind="selbstvertretung", groups=(group,))
    contact = g.contact(actor_id, "Chris Kontakt", public=True)
    g.save()
    login_as("admin")
    assert post_form(client, f"/zielgruppen/{group}/loeschen", {}).status_code == 302
    assert post_form(client, f"/akteure/{actor_id}/kontakte/{contact}/loeschen", {}).status_code == 302
    page = text(client.get("/admin/geloescht/"))
    assert "Zielgruppe" in page and "Careleaver" in page
    assert "Kontaktperson" in page and "Chris Kontakt" in page

    for change in history.deleted(db):
        response = post_form(client, f"/admin/geloescht/{change['id']}/wiederherstellen", {},
                             form_url="/admin/geloescht/")
        assert response.status_code == 302
    restored = actors.detail(db, actor_id, True)
    assert [t["name"] for t in restored["target_groups"]] == ["Careleaver"]
    assert [c["name"] for c in restored["contacts"]] == ["Chris Kontakt"]
    assert target_groups.get(db, group)["actors"] == 1


def test_only_admins_see_and_restore_deletions(client, db, login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Verein", kind="verein")
    g.save()
    login_as("koordination")
    assert post_form(client, f"/akteure/{actor_id}/loeschen", {}).status_code == 302
    change = history.deleted(db)[0]
    assert client.get("/admin/geloescht/").status_code == 403
    response = client.post(f"/admin/geloescht/{change['id']}/wiederherstellen",
                           data={"csrf_token": "x"})
    assert response.status_code == 403
    assert actors.get(db, actor_id) is None


# The import writes its history records itself (importer.history_row, with a
# faster diff for new entries and hand-made JSON): the same records as
# history.record would write, down to the stored text.
_VALUES = [None, "", "Kita Süd", 'Jugendtreff "Oase"', "a\\b", "Zeile\nzwei\t\x00", "\u2028",
           "😀", 0, 7, -3, 2 ** 70, 0.1, 51.0601, -0.0, 1e300, float("inf"), float("nan"),
           True, False, date(2025, 1, 1), ["Nord", "Süd"]]


def test_import_history_rows_are_stored_as_json_dumps_writes_them():
    plain = [value for value in _VALUES if not isinstance(value, (date, list))]
    rows = [{"field": field, "old": old, "new": new}
            for field in ("name", "Rolle von Kita „Süd“") for old in plain for new in plain]
    rows += [{"new": "x", "field": "f", "old": None}, {"field": "f"}, {}]
    fields = importer.history_row("actor", "a1", "update", rows)["fields"]
    assert fields == [json.dumps(row, ensure_ascii=False) for row in rows]


def test_fields_of_a_new_entry_are_its_diff_against_nothing():
    new = {f"f{i}": value for i, value in enumerate(_VALUES)}
    new.update(version=3, search_name="kita sud", updated_at="2025-01-01")
    created = history.diff(None, new)
    assert created == history.diff({}, new, only=list(new))  # the general comparison
    assert {row["field"] for row in created} == {f"f{i}" for i, v in enumerate(_VALUES)
                                                 if v not in ("", None)}
    assert {"field": "f21", "old": None, "new": "Nord, Süd"} in created


def test_a_created_entry_record_written_with_the_entry_has_the_fields_history_row_gives():
    # importer.with_record writes a new entry's diff as text without the rows.
    new = {f"f{i}": value for i, value in enumerate(_VALUES)}
    new.update({"name": 'Kita "Süd"', "version": 1, "search_name": "kita sud"})
    more = [{"field": "location", "old": None, "new": "Nordstadt"}]
    row = importer.with_record({"id": "a1"}, new, more)
    expected = importer.history_row("actor", "a1", "create", history.diff(None, new) + more)
    assert row["fields"] == expected["fields"]
    assert row["change"] != expected["id"] and len(row["change"]) == 12
