"""Actors: create, edit, delete with confirmation, the Träger and sector rules,
contact persons and who sees them, optimistic locking, duplicates, bad input,
area-limited accounts. Everything through the Flask test client against the
real Neo4j, read back through the app's own functions."""
from __future__ import annotations

from datetime import date

import htmlpage
from conftest import csrf_token, login, make_user, post_form
from factories import GraphBuilder
from registry.entities import actors, agreements, area_choices, contacts, networks
from registry import history, schema


def actor_data(**overrides) -> dict:
    data = {
        "name": "Familienzentrum Am Park", "kind": "familienzentrum", "sector": "frei",
        "description": "Offene Angebote für Familien", "street": "Parkstraße 3",
        "postcode": "37403", "city": "Lindenau", "lat": "51,066", "lon": "10.54",
        "website": "https://fz-park.example.org", "email": "info@fz-park.example.org",
        "phone": "05561 123456", "location": "", "operator": "", "umbrella": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_data(db, actor_id: str, **overrides) -> dict:
    """The edit form as the browser would send it unchanged, plus overrides."""
    row = actors.get(db, actor_id)
    a = row["actor"]
    data = {key: "" if a.get(key) is None else str(a.get(key)) for key in actors.FIELDS}
    data.update(version=str(a["version"]),
                location=(row["location"] or {}).get("id", ""),
                operator=(row["operator"] or {}).get("id", ""),
                umbrella=(row["umbrella"] or {}).get("id", ""),
                serves=[s["id"] for s in row["serves"]],
                target_groups=[g["id"] for g in row["target_groups"]])
    data.update(overrides)
    return data


def count_actors(db) -> int:
    return actors.search(db, actors.Filters()).total


def text(response) -> str:
    return response.get_data(as_text=True)


def error_for(page: str, field: str) -> str:
    """The message shown next to a form field (empty when there is none)."""
    return htmlpage.field_error(page, field)


# -- create ------------------------------------------------------------------------------

def test_create_actor_with_all_relations(client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    bezirk = g.area("Mitte", level="bezirk", parent=stadt)
    park = g.area("Lindenpark", parent=bezirk)
    altstadt = g.area("Altstadt", parent=bezirk)
    eltern = g.target_group("Eltern")
    kinder = g.target_group("Kinder 3–6")
    awo = g.actor("AWO Kreisverband", kind="freier_traeger", area=park, sector="frei")
    g.save()
    user = login_as("koordination")

    # The form's own sector choice is ignored: a facility takes its Träger's.
    response = post_form(client, "/akteure/neu", actor_data(
        location=park, serves=[altstadt], operator=awo, sector="oeffentlich",
        target_groups=[eltern, kinder]))
    assert response.status_code == 302
    actor_id = response.headers["Location"].rsplit("/", 1)[-1]

    row = actors.get(db, actor_id)
    a = row["actor"]
    assert a["name"] == "Familienzentrum Am Park" and a["kind"] == "familienzentrum"
    assert a["sector"] == "frei"
    assert a["search_name"] == "familienzentrum am park"
    assert (a["lat"], a["lon"]) == (51.066, 10.54)
    assert a["version"] == 1
    assert row["location"]["id"] == park and row["operator"]["id"] == awo
    assert [s["id"] for s in row["serves"]] == [altstadt]
    assert {t["id"] for t in row["target_groups"]} == {eltern, kinder}

    events = history.for_entity(db, actor_id)
    assert [e["action"] for e in events] == ["create"]
    assert events[0]["by"] == user.email
    assert {"field": "name", "old": None, "new": "Familienzentrum Am Park"} in events[0]["fields"]

    page = text(client.get(f"/akteure/{actor_id}"))
    assert f'href="/sozialraeume/{park}">Lindenpark<' in page
    assert f'href="/sozialraeume/{altstadt}">Altstadt<' in page
    assert f'href="/akteure/{awo}">AWO Kreisverband<' in page
    assert "Kinder 3–6" in page and "Eltern" in page
    assert "Änderungsverlauf" in page
    # The Träger's page lists the facility it runs.
    assert f'href="/akteure/{actor_id}">Familienzentrum Am Park<' in text(client.get(f"/akteure/{awo}"))


def test_jugendamt_is_always_public_and_others_must_choose(client, db, login_as):
    login_as("koordination")
    response = post_form(client, "/akteure/neu", actor_data(
        name="Jugendamt Lindenau", kind="jugendamt", sector="frei"))
    assert response.status_code == 302
    actor_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert actors.get(db, actor_id)["actor"]["sector"] == "oeffentlich"

    response = post_form(client, "/akteure/neu", actor_data(name="Verein ohne Angabe", sector=""))
    assert response.status_code == 200
    assert "öffentlichen oder freien Träger" in error_for(text(response), "sector")
    assert count_actors(db) == 1


def test_user_representation_body_can_be_created(client, db, login_as):
    login_as("koordination")
    response = post_form(client, "/akteure/neu", actor_data(
        name="Jugendparlament Lindenau", kind="selbstvertretung", sector="frei"))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Selbstvertretung / Beteiligungsgremium" in page
    assert "Vertretung der Nutzer*innen" in page


def test_traeger_sector_change_reaches_all_its_facilities(client, db, login_as):
    g = GraphBuilder(db)
    traeger = g.actor("Stadtjugendring", kind="freier_traeger", sector="frei")
    zentrum = g.actor("Jugendzentrum Nord", kind="jugendzentrum", operator=traeger)
    mobil = g.actor("Spielmobil", kind="sonstige", operator=zentrum)
    g.save()
    login_as("admin")

    response = post_form(client, f"/akteure/{traeger}/bearbeiten",
                         edit_data(db, traeger, sector="oeffentlich"))
    assert response.status_code == 302
    for actor_id in (traeger, zentrum, mobil):
        assert actors.get(db, actor_id)["actor"]["sector"] == "oeffentlich"
    # The facilities' own history says why their sector changed.
    change = history.for_entity(db, mobil)[0]
    assert change["fields"] == [{"field": "sector", "old": "frei", "new": "oeffentlich"}]

    # A facility's own sector choice is ignored while it has a Träger.
    response = post_form(client, f"/akteure/{zentrum}/bearbeiten",
                         edit_data(db, zentrum, sector="frei", name="Jugendzentrum Nord-Ost"))
    assert response.status_code == 302
    saved = actors.get(db, zentrum)["actor"]
    assert saved["name"] == "Jugendzentrum Nord-Ost" and saved["sector"] == "oeffentlich"
    assert saved["search_name"] == "jugendzentrum nord-ost"


def test_own_traeger_and_traeger_cycle_are_refused(client, db, login_as):
    g = GraphBuilder(db)
    b = g.actor("Träger B", kind="freier_traeger")
    a = g.actor("Träger A", kind="freier_traeger", operator=b)
    member = g.actor("Träger M", kind="freier_traeger", umbrella=b)
    g.save()
    login_as("koordination")

    response = post_form(client, f"/akteure/{a}/bearbeiten", edit_data(db, a, operator=a))
    assert response.status_code == 200
    assert error_for(text(response), "operator") == "Ein Akteur kann nicht sein eigener Träger sein."

    # A is run by B; B run by A would be a circle.
    response = post_form(client, f"/akteure/{b}/bearbeiten", edit_data(db, b, operator=a))
    assert response.status_code == 200
    assert "im Kreis" in error_for(text(response), "operator")
    assert actors.get(db, b)["operator"] is None
    assert actors.get(db, b)["actor"]["version"] == 1

    response = post_form(client, f"/akteure/{b}/bearbeiten", edit_data(db, b, umbrella=b))
    assert error_for(text(response), "umbrella") == "Ein Träger kann nicht sein eigener Dachverband sein."
    # M belongs to the umbrella B; B belonging to M would be a circle too.
    response = post_form(client, f"/akteure/{b}/bearbeiten", edit_data(db, b, umbrella=member))
    assert "im Kreis" in error_for(text(response), "umbrella")
    assert actors.get(db, b)["umbrella"] is None


def test_bad_input_is_refused_next_to_the_field(client, db, login_as):
    login_as("koordination")
    cases = [
        ({"name": ""}, "name", "Bitte einen Namen angeben."),
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"description": "x" * 4001}, "description", "höchstens 4000 Zeichen"),
        ({"kind": "geheimdienst"}, "kind", "Ungültige Auswahl."),
        ({"sector": "privat"}, "sector", "Ungültige Auswahl."),
        ({"website": "javascript:alert(1)"}, "website", "http:// oder https://"),
        ({"website": "ftp://example.org"}, "website", "http:// oder https://"),
        ({"lat": "91"}, "lat", "zwischen -90 und 90"),
        ({"lon": "-181"}, "lon", "zwischen -180 und 180"),
        ({"lat": "nördlich"}, "lat", "Bitte eine Zahl angeben"),
        ({"lat": "51.0", "lon": ""}, "lon", "zusammen angeben"),
        ({"postcode": "123"}, "postcode", "fünfstellige Postleitzahl"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"location": "gibt-es-nicht"}, "location", "Ungültige Auswahl."),
        ({"umbrella": "gibt-es-nicht"}, "umbrella", "Ungültige Auswahl."),
    ]
    for overrides, field, message in cases:
        response = post_form(client, "/akteure/neu", actor_data(**overrides))
        assert response.status_code == 200, overrides
        assert message in error_for(text(response), field), (overrides, field)
    assert count_actors(db) == 0


def test_umbrella_only_for_free_carriers(client, db, login_as):
    g = GraphBuilder(db)
    dach = g.actor("Paritätischer", kind="freier_traeger")
    g.save()
    login_as("koordination")
    response = post_form(client, "/akteure/neu", actor_data(kind="kita", umbrella=dach))
    assert "Nur ein freier Träger" in error_for(text(response), "umbrella")
    response = post_form(client, "/akteure/neu", actor_data(
        name="Jugendhilfe Süd gGmbH", kind="freier_traeger", umbrella=dach))
    assert response.status_code == 302
    page = text(client.get(f"/akteure/{dach}"))
    assert "Angeschlossene Träger" in page and "Jugendhilfe Süd gGmbH" in page


def test_script_in_fields_is_stored_as_text_and_shown_escaped(client, db, login_as):
    login_as("koordination")
    evil = "<script>alert(1)</script>"
    response = post_form(client, "/akteure/neu", actor_data(name=evil, description=evil,
                                                           street=evil))
    assert response.status_code == 302
    actor_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert actors.get(db, actor_id)["actor"]["name"] == evil
    for url in ("/akteure/", f"/akteure/{actor_id}", f"/akteure/{actor_id}/bearbeiten",
                f"/akteure/{actor_id}/loeschen", "/akteure/?q=script"):
        page = text(client.get(url))
        assert "<script>alert(1)" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


# -- duplicates ------------------------------------------------------------------------------

def test_similar_name_at_same_address_warns_and_needs_confirmation(client, db, login_as):
    g = GraphBuilder(db)
    existing = g.actor("Kinderhaus Müller e.V.", kind="kita", street="Hauptstraße 5",
                       postcode="37401", city="Lindenau")
    g.save()
    login_as("koordination")
    data = actor_data(name="Kinderhaus Mueller e. V.", kind="kita", street="Hauptstrasse 5",
                      postcode="37401")

    response = post_form(client, "/akteure/neu", data)
    assert response.status_code == 200
    page = text(response)
    assert "Gibt es diesen Akteur schon?" in page
    assert f'href="/akteure/{existing}">Kinderhaus Müller e.V.<' in page
    assert "Trotzdem anlegen" in page
    assert count_actors(db) == 1

    response = post_form(client, "/akteure/neu", dict(data, confirm_duplicate="y"))
    assert response.status_code == 302
    assert count_actors(db) == 2

    # The same folded name anywhere is a duplicate too; a different name is not.
    response = post_form(client, "/akteure/neu", actor_data(name="KINDERHAUS MÜLLER E.V.",
                                                           postcode="99999", street=""))
    assert "Gibt es diesen Akteur schon?" in text(response)
    response = post_form(client, "/akteure/neu", actor_data(name="Sportverein Lindenau",
                                                           street="Hauptstraße 5",
                                                           postcode="37401"))
    assert response.status_code == 302


# -- optimistic locking -------------------------------------------------------------------

def test_second_save_with_old_version_is_refused_and_keeps_typed_values(app, client, db,
                                                                          login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Jugendtreff Ost", kind="jugendzentrum", sector="frei")
    g.save()
    login_as("koordination")
    other = app.test_client()
    login(other, make_user(db, "koordination", email="kollegin@example.org").email)

    seen_by_both = edit_data(db, actor_id)
    first = post_form(other, f"/akteure/{actor_id}/bearbeiten",
                      dict(seen_by_both, name="Jugendtreff Ost (Kollegin)"))
    assert first.status_code == 302

    second = post_form(client, f"/akteure/{actor_id}/bearbeiten",
                       dict(seen_by_both, name="Jugendtreff Ost (meine Fassung)",
                            phone="0123 4567"))
    assert second.status_code == 200
    page = text(second)
    assert "inzwischen von jemand anderem gespeichert" in page
    assert 'value="Jugendtreff Ost (meine Fassung)"' in page and 'value="0123 4567"' in page
    assert "Aktuell gespeicherte Fassung" in page and "Jugendtreff Ost (Kollegin)" in page
    saved = actors.get(db, actor_id)["actor"]
    assert saved["name"] == "Jugendtreff Ost (Kollegin)" and saved["version"] == 2
    assert saved.get("phone") is None

    # The form now carries the current version: saving again is a deliberate choice.
    version = htmlpage.parse(page).find("input", name="version")
    assert version["value"] == "2"
    third = post_form(client, f"/akteure/{actor_id}/bearbeiten",
                      dict(seen_by_both, name="Jugendtreff Ost (meine Fassung)", version="2"))
    assert third.status_code == 302
    assert actors.get(db, actor_id)["actor"]["name"] == "Jugendtreff Ost (meine Fassung)"


def test_history_records_each_changed_field(client, db, login_as):
    g = GraphBuilder(db)
    nord = g.area("Nord")
    actor_id = g.actor("Kita Sonne", kind="kita", sector="frei", street="Alte Straße 1")
    g.save()
    user = login_as("koordination")
    response = post_form(client, f"/akteure/{actor_id}/bearbeiten",
                         edit_data(db, actor_id, street="Neue Straße 2", location=nord))
    assert response.status_code == 302
    change = history.for_entity(db, actor_id)[0]
    assert change["action"] == "update" and change["by"] == user.email
    assert change["fields"] == [
        {"field": "location", "old": None, "new": "Nord"},
        {"field": "street", "old": "Alte Straße 1", "new": "Neue Straße 2"},
    ]
    page = text(client.get(f"/akteure/{actor_id}"))
    assert "Alte Straße 1" in page and "Neue Straße 2" in page
    assert "Straße und Hausnummer" in page and "Sozialraum (Sitz)" in page
    # Saving unchanged adds no empty change record.
    post_form(client, f"/akteure/{actor_id}/bearbeiten", edit_data(db, actor_id))
    assert len(history.for_entity(db, actor_id)) == 1


# -- delete ------------------------------------------------------------------------------

def test_delete_without_relations_after_confirmation(client, db, login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Schachklub", kind="verein")
    g.contact(actor_id, "Erika Muster", public=True)
    g.save()
    login_as("koordination")
    page = text(client.get(f"/akteure/{actor_id}/loeschen"))
    assert "„Schachklub“ löschen?" in page
    assert "an keiner Vereinbarung und keinem Netzwerk beteiligt" in page
    assert "1 Kontaktperson(en) werden mit gelöscht" in page
    assert count_actors(db) == 1  # showing the question deletes nothing

    nodes_before = schema.data_node_count(db)
    response = post_form(client, f"/akteure/{actor_id}/loeschen", {})
    assert response.status_code == 302
    assert actors.get(db, actor_id) is None
    # Actor and contact gone, one change record (with the snapshot) added.
    assert schema.data_node_count(db) == nodes_before - 2 + 1
    assert client.get(f"/akteure/{actor_id}").status_code == 404


def test_delete_actor_in_agreements_and_networks_asks_and_ends_them(client, db, login_as):
    g = GraphBuilder(db)
    x = g.actor("Beratungsstelle X", kind="beratungsstelle")
    y = g.actor("Kita Y", kind="kita")
    z = g.actor("Schule Z", kind="schule")
    facility = g.actor("Treff F", kind="jugendzentrum", operator=x)
    three = g.agreement("Kinderschutz drei", [(x, "Fachberatung"), y, z],
                        valid_from=date(2024, 1, 1))
    two = g.agreement("Kooperation zwei", [x, y], valid_from=date(2024, 1, 1))
    network = g.network("Stadtteilrunde", members=[(x, "koordination"), y], coordinator=x)
    g.save()
    login_as("koordination")

    page = text(client.get(f"/akteure/{x}/loeschen"))
    assert "Kinderschutz drei" in page and "Kooperation zwei" in page
    assert page.count("wird auf „gekündigt“ gesetzt") == 1
    assert "Stadtteilrunde" in page and "Koordiniert" in page
    assert "Treff F" in page and "verlieren ihren Träger" in page
    assert f'href="/vereinbarungen/{two}"' in page and f'href="/netzwerke/{network}"' in page

    # No choice made: nothing happens.
    response = post_form(client, f"/akteure/{x}/loeschen", {})
    assert response.status_code == 200
    assert "Bitte wählen Sie" in text(response)
    assert actors.get(db, x) is not None
    # "Cancel" keeps everything.
    response = post_form(client, f"/akteure/{x}/loeschen", {"choice": "abbrechen"})
    assert response.status_code == 302 and actors.get(db, x) is not None
    # An unknown choice posted by hand is refused.
    response = post_form(client, f"/akteure/{x}/loeschen", {"choice": "alles"})
    assert response.status_code == 200 and actors.get(db, x) is not None

    response = post_form(client, f"/akteure/{x}/loeschen", {"choice": "beenden"})
    assert response.status_code == 302
    assert actors.get(db, x) is None
    of_y = {v["id"]: v for v in actors.detail(db, y, True)["agreements"]}
    of_z = {v["id"]: v for v in actors.detail(db, z, True)["agreements"]}
    assert of_y[three]["status"] == "aktiv" and three in of_z
    assert of_y[two]["status"] == "gekuendigt"
    assert of_y[two]["valid_until"] == date.today()
    assert two not in of_z
    assert actors.get(db, facility)["operator"] is None
    assert actors.detail(db, y, True)["networks"][0]["id"] == network

    agreement_change = history.for_entity(db, two)[0]
    assert agreement_change["action"] == "relation"
    assert {"field": "Partei", "old": "Beratungsstelle X", "new": None} in \
        agreements.history_events(db, two)[0]["fields"]
    assert {"field": "status", "old": "aktiv", "new": "gekuendigt"} in agreement_change["fields"]
    assert agreements.history_events(db, three)[0]["fields"] == [
        {"field": "Partei", "old": "Beratungsstelle X (Fachberatung)", "new": None}]
    shown = [f for e in networks.history_events(db, network) for f in e["fields"]]
    assert {"field": "Mitglied", "old": "Beratungsstelle X (Koordination)", "new": None} in shown
    network_fields = [f for e in history.for_entity(db, network) for f in e["fields"]]
    assert {"field": "coordinator", "old": "Beratungsstelle X", "new": None} in network_fields
    assert history.for_entity(db, facility)[0]["fields"] == [
        {"field": "operator", "old": "Beratungsstelle X", "new": None}]


# -- contact persons ----------------------------------------------------------------------

def test_committee_sees_only_public_contacts(app, client, db, login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Familienzentrum", kind="familienzentrum")
    g.contact(actor_id, "Paula Öffentlich", public=True, function="Leitung")
    g.contact(actor_id, "Ina Intern", public=False, email="ina@example.org")
    g.save()

    login_as("ausschuss")
    page = text(client.get(f"/akteure/{actor_id}"))
    assert "Paula Öffentlich" in page
    assert "Ina Intern" not in page and "ina@example.org" not in page
    # The capability itself leaves them out, not only the template.
    names = [c["name"] for c in actors.detail(db, actor_id, include_private_contacts=False)["contacts"]]
    assert names == ["Paula Öffentlich"]

    editor = app.test_client()
    login(editor, make_user(db, "koordination").email)
    page = text(editor.get(f"/akteure/{actor_id}"))
    assert "Paula Öffentlich" in page and "Ina Intern" in page


def test_contact_add_edit_remove(client, db, login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Jugendzentrum", kind="jugendzentrum")
    g.save()
    login_as("koordination")
    response = post_form(client, f"/akteure/{actor_id}/kontakte/neu",
                         {"name": "Max Mustermann", "function": "Leitung",
                          "email": "max@example.org", "phone": "05561 1"})
    assert response.status_code == 302
    contact = actors.detail(db, actor_id, True)["contacts"][0]
    assert contact["name"] == "Max Mustermann" and contact["public"] is False

    response = post_form(client, f"/akteure/{actor_id}/kontakte/neu", {"name": "",
                                                                      "email": "kaputt"})
    assert "Bitte einen Namen angeben." in error_for(text(response), "name")
    assert "gültige E-Mail-Adresse" in error_for(text(response), "email")

    url = f"/akteure/{actor_id}/kontakte/{contact['id']}"
    response = post_form(client, url, {"name": "Max Mustermann", "function": "Bereichsleitung",
                                       "public": "y", "version": "1"})
    assert response.status_code == 302
    contact = actors.detail(db, actor_id, False)["contacts"][0]
    assert contact["function"] == "Bereichsleitung" and contact["public"] is True
    # A stale version is refused.
    response = post_form(client, url, {"name": "Moritz", "version": "1"})
    assert "inzwischen von jemand anderem gespeichert" in text(response)
    assert contacts.get(db, actor_id, contact["id"])["name"] == "Max Mustermann"

    assert "Max Mustermann" in text(client.get(f"{url}/loeschen"))
    response = post_form(client, f"{url}/loeschen", {})
    assert response.status_code == 302
    assert actors.detail(db, actor_id, True)["contacts"] == []


# -- area-limited accounts ----------------------------------------------------------------

def test_limited_account_edits_only_actors_in_its_areas(client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    sued = g.area("Süd", level="bezirk", parent=stadt)
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    inside = g.actor("Kita Hafen", kind="kita", area=hafen)
    outside = g.actor("Kita Süd", kind="kita", area=sued)
    g.contact(outside, "Olga Außen")
    g.save()
    login_as("koordination", areas=[nord])

    assert client.get(f"/akteure/{outside}/bearbeiten").status_code == 403
    response = client.post(f"/akteure/{outside}/bearbeiten",
                           data=dict(edit_data(db, outside, name="Übernommen"),
                                     csrf_token=csrf_token(client, f"/akteure/{inside}/bearbeiten")))
    assert response.status_code == 403
    assert client.get(f"/akteure/{outside}/loeschen").status_code == 403
    assert client.get(f"/akteure/{outside}/kontakte/neu").status_code == 403
    assert actors.get(db, outside)["actor"]["name"] == "Kita Süd"

    # No edit buttons where the account may not edit; there are where it may.
    assert f'/akteure/{outside}/bearbeiten' not in text(client.get(f"/akteure/{outside}"))
    assert f'/akteure/{inside}/bearbeiten' in text(client.get(f"/akteure/{inside}"))

    response = post_form(client, f"/akteure/{inside}/bearbeiten",
                         edit_data(db, inside, name="Kita Hafenblick"))
    assert response.status_code == 302
    assert actors.get(db, inside)["actor"]["name"] == "Kita Hafenblick"

    # Creating: only inside the own areas (sub-areas included).
    response = post_form(client, "/akteure/neu", actor_data(name="Neu in Süd", location=sued))
    assert "nur in Ihren eigenen Sozialräumen" in error_for(text(response), "location")
    response = post_form(client, "/akteure/neu", actor_data(name="Neu ohne Ort", location=""))
    assert "nur in Ihren eigenen Sozialräumen" in error_for(text(response), "location")
    response = post_form(client, "/akteure/neu", actor_data(name="Neu im Hafen", location=hafen))
    assert response.status_code == 302
    # Moving an own actor out of the own areas is refused too.
    response = post_form(client, f"/akteure/{inside}/bearbeiten",
                         edit_data(db, inside, location=sued))
    assert response.status_code == 200
    assert actors.get(db, inside)["location"]["id"] == hafen


def test_committee_cannot_edit_and_sees_no_buttons(client, db, login_as):
    g = GraphBuilder(db)
    actor_id = g.actor("Kita Mond", kind="kita")
    g.save()
    login_as("ausschuss")
    page = text(client.get(f"/akteure/{actor_id}"))
    assert "Bearbeiten" not in page and "Löschen" not in page
    assert "Akteur anlegen" not in text(client.get("/akteure/"))
    assert client.get(f"/akteure/{actor_id}/bearbeiten").status_code == 403
    assert client.get("/akteure/neu").status_code == 403


# -- list: filters, sorting, pagination ------------------------------------------------------

def test_list_filters_sorting_pagination_and_empty_states(client, db, login_as):
    login_as("ausschuss")
    assert "Noch keine Akteure erfasst." in text(client.get("/akteure/"))

    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    kai = g.area("Kai", level="quartier", parent=hafen)
    sued = g.area("Süd", level="bezirk", parent=stadt)
    awo = g.actor("AWO", kind="freier_traeger", area=nord)
    g.actor("Kita Anker", kind="kita", area=kai, operator=awo)
    g.actor("Kita Boje", kind="kita", area=hafen, operator=awo)
    g.actor("Kita Delfin", kind="kita", area=sued, sector="oeffentlich")
    g.actor("Jugendamt", kind="jugendamt", area=stadt)
    g.save()

    def names(url):
        page = text(client.get(url))
        return htmlpage.first_cell_links(page, "/akteure/")

    # A Bezirk includes the actors of its Sozialräume and Quartiere.
    assert names(f"/akteure/?sozialraum={nord}") == ["AWO", "Kita Anker", "Kita Boje"]
    assert names(f"/akteure/?sozialraum={hafen}&art=kita") == ["Kita Anker", "Kita Boje"]
    assert names(f"/akteure/?traeger={awo}") == ["Kita Anker", "Kita Boje"]
    assert names("/akteure/?traegerschaft=oeffentlich") == ["Jugendamt", "Kita Delfin"]
    assert names("/akteure/?art=kita&sort=-name") == ["Kita Delfin", "Kita Boje", "Kita Anker"]
    assert names("/akteure/?sort=area")[0] == "Kita Boje"  # Hafen < Kai < Lindenau ...
    # Unknown filter values and sort keys fall back instead of failing.
    assert len(names("/akteure/?art=spion&sort=passwort")) == 5

    page = text(client.get("/akteure/?art=kita&pro_seite=2"))
    assert "Seite 1 von 2" in page and "3 Einträgen" in page
    next_link = htmlpage.parse(page).find(rel="next")["href"]
    assert "art=kita" in next_link and "seite=2" in next_link and "pro_seite=2" in next_link
    assert names("/akteure/?art=kita&pro_seite=2&seite=2") == ["Kita Delfin"]
    # Filter state stays in the form.
    assert f'<option value="{hafen}" selected>' in text(client.get(f"/akteure/?sozialraum={hafen}"))

    page = text(client.get("/akteure/?q=gibtsnicht"))
    assert "Keine Akteure passen zu Suche und Filtern." in page


def test_actor_page_shows_partners_grouped_by_kind_with_what_links_them(client, db, login_as):
    from factories import GraphBuilder

    g = GraphBuilder(db)
    ja = g.actor("Jugendamt Lindenau", kind="jugendamt")
    kita = g.actor("Kita Regenbogen", kind="kita")
    verein = g.actor("SV Lindenau 1908 e.V.", kind="verein")
    g.agreement("Schutzvereinbarung Regenbogen", [ja, kita], type="kinderschutz_8a")
    g.network("Präventionskette Nord", [ja, verein])
    g.save()
    login_as("ausschuss")
    page = client.get(f"/akteure/{ja}").get_data(as_text=True)
    section = htmlpage.parse(page).by_id("kooperation")
    blocks = [e for e in section.children if isinstance(e, htmlpage.Element)]
    # Each group: its heading (label, then a count badge) and the list of partners.
    groups = {h.children[0].strip(): [a.text for a in ul.find_all("a")]
              for h, ul in zip(blocks, blocks[1:]) if h.tag == "h3" and ul.tag == "ul"}
    assert list(groups).index("Kita") < list(groups).index("Verein")
    assert "Kita Regenbogen" in groups["Kita"]
    assert "Schutzvereinbarung Regenbogen" in groups["Kita"] and "Präventionskette Nord" in groups["Verein"]
    assert section.find(id="ego-map") is not None
    two_steps = client.get(f"/akteure/{kita}?schritte=2").get_data(as_text=True)
    assert 'data-node-count="3"' in two_steps  # Kita, Jugendamt and, two steps away, the Verein


# -- Träger fields at city scale: type-ahead and the way without JavaScript --------------

def _select_values(page: str, name: str) -> list[str]:
    select = htmlpage.parse(page).find("select", name=name)
    return [o.attrs.get("value") for o in select.find_all("option")]


def test_traeger_fields_search_instead_of_listing_every_traeger(client, db, login_as):
    g = GraphBuilder(db)
    area = g.area("Nordstadt")
    awo = g.actor("AWO Nordstadt", kind="freier_traeger", area=area)
    g.actor("Caritas Nordstadt", kind="freier_traeger", area=area)
    twin_a = g.actor("Jugendhilfe e.V.", kind="verein", area=area)
    twin_b = g.actor("Jugendhilfe e.V.", kind="freier_traeger")
    g.actor("Grundschule Nordstadt", kind="schule", area=area)
    kita = g.actor("Kita Sonne", kind="kita", area=area, operator=awo)
    g.save()
    login_as("koordination")
    url = f"/akteure/{kita}/bearbeiten"
    page = text(client.get(url))
    # The select holds "none" and the current Träger only, never every candidate.
    assert _select_values(page, "operator") == ["", awo]
    search = htmlpage.parse(page).find("input", name="operator_search")
    assert search.attrs["data-pick-url"] == "/akteure/auswahl/operator.json"

    # Type-ahead: candidates of the field's kinds whose name contains the text.
    found = client.get("/akteure/auswahl/operator.json?q=nordstadt").get_json()
    assert [r["name"] for r in found["results"]] == ["AWO Nordstadt", "Caritas Nordstadt"]
    assert client.get("/akteure/auswahl/operator.json?q=").get_json()["results"] == []

    # Without JavaScript: a name typed into the search field is taken on save.
    response = post_form(client, url, edit_data(db, kita, operator_search="caritas nordstadt"))
    assert response.status_code == 302
    assert actors.get(db, kita)["operator"]["name"] == "Caritas Nordstadt"
    # A name two candidates share: a German message naming both ids, nothing changed.
    version = actors.get(db, kita)["actor"]["version"]
    response = post_form(client, url, edit_data(db, kita, operator_search="Jugendhilfe e.V."))
    message = error_for(text(response), "operator_search")
    assert "Mehrere Einträge heißen „Jugendhilfe e.V.“" in message
    assert twin_a in message and twin_b in message
    assert actors.get(db, kita)["actor"]["version"] == version
    # ... the id settles it; a school is no candidate at all.
    response = post_form(client, url, edit_data(db, kita, operator_search=twin_b))
    assert response.status_code == 302
    assert actors.get(db, kita)["operator"]["id"] == twin_b
    response = post_form(client, url, edit_data(db, kita, operator_search="Grundschule Nordstadt"))
    assert error_for(text(response), "operator_search") == (
        "Kein Träger mit dem Namen oder der Kennung „Grundschule Nordstadt“ gefunden.")
    # A hit picked with the type-ahead is posted as the select's value.
    response = post_form(client, url, edit_data(db, kita, operator=awo))
    assert response.status_code == 302
    assert actors.get(db, kita)["operator"]["id"] == awo

    # The list's Träger filter: same search, for every signed-in role.
    login_as("ausschuss")
    assert client.get("/akteure/auswahl/operator.json?q=awo").status_code == 403
    assert client.get("/akteure/traeger.json?q=awo").get_json()["results"][0]["id"] == awo
    listing = text(client.get("/akteure/?traeger_suche=AWO+Nordstadt"))
    assert _select_values(listing, "traeger") == ["", awo]
    assert [r[0] for r in htmlpage.parse(listing).find("table").rows()[1:]] == ["Kita Sonne"]
    listing = text(client.get("/akteure/?traeger_suche=Jugendhilfe+e.V."))
    assert "Mehrere Einträge heißen" in htmlpage.parse(listing).find(
        "p", id="traeger_suche-error").text


def test_list_area_filter_searches_instead_of_listing_every_area(app, client, db, login_as):
    g = GraphBuilder(db)
    nord = g.area("Nord", level="bezirk")
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    g.area("Hafen", level="quartier", parent=hafen)
    g.area("Nordufer", level="sozialraum", parent=nord)
    g.area("Süd", level="bezirk")
    g.actor("Kita Boje", kind="kita", area=hafen)
    g.actor("Kita Delfin", kind="kita")
    g.save()
    login_as("ausschuss")
    # The select holds "all" and the chosen area only; the field beside it searches.
    page = text(client.get("/akteure/"))
    assert _select_values(page, "sozialraum") == [""]
    search = htmlpage.parse(page).find("input", name="sozialraum_suche")
    assert search.attrs["data-pick-url"] == "/akteure/sozialraeume.json"
    assert _select_values(text(client.get(f"/akteure/?sozialraum={hafen}")), "sozialraum") == ["", hafen]

    # Type-ahead: areas whose folded name contains the text, with their level.
    found = client.get("/akteure/sozialraeume.json?q=NORD").get_json()
    assert [(r["name"], r["kind"]) for r in found["results"]] == [
        ("Nord", "Bezirk"), ("Nordufer", "Sozialraum")] and found["more"] is False
    assert client.get("/akteure/sozialraeume.json?q=sud").get_json()["results"][0]["name"] == "Süd"
    assert client.get("/akteure/sozialraeume.json?q=").get_json()["results"] == []
    limited = area_choices.search(db, "n", limit=1)
    assert len(limited[0]) == 1 and limited[1] is True

    # Without JavaScript: a typed name or id becomes the filter.
    listing = text(client.get("/akteure/?sozialraum_suche=nordufer"))
    assert "Keine Akteure passen" in listing
    listing = text(client.get("/akteure/?sozialraum_suche=Nord"))
    assert htmlpage.first_cell_links(listing, "/akteure/") == ["Kita Boje"]
    assert _select_values(listing, "sozialraum") == ["", nord]
    # Two areas share a name: a German message naming both ids; the id settles it.
    listing = text(client.get("/akteure/?sozialraum_suche=Hafen"))
    message = htmlpage.parse(listing).find("p", id="sozialraum_suche-error").text
    assert "Mehrere Einträge heißen „Hafen“" in message and hafen in message
    assert "Quartier" in message and "Sozialraum" in message
    assert len(htmlpage.first_cell_links(listing, "/akteure/")) == 2
    listing = text(client.get(f"/akteure/?sozialraum_suche={hafen}"))
    assert htmlpage.first_cell_links(listing, "/akteure/") == ["Kita Boje"]
    assert "Kein Sozialraum mit dem Namen oder der Kennung „Ost“ gefunden." in text(
        client.get("/akteure/?sozialraum_suche=Ost"))

    # Same rights as the list: nobody signed in gets no areas.
    response = app.test_client().get("/akteure/sozialraeume.json?q=nord")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
