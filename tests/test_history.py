"""Deleted entries: the admin list and the restore of an entity with its
relations (and contact persons)."""
from __future__ import annotations

from datetime import date

from conftest import post_form
from factories import GraphBuilder
from registry.entities import actors, target_groups
from registry import history


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
