"""Every area field and filter offers only the chosen area(s) and a search
field beside it (a city has thousands of Sozialräume). Without JavaScript a
name or id typed there is taken on save (or on "Anzeigen"); one that names
no area or several gives a German message and saves nothing. Through the
Flask test client: the forms are read from the page and sent as a browser
would."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

import htmlpage
from factories import GraphBuilder
from graphstate import change_count, post_forms
from registry import auth
from registry.entities import actors, areas, choices, networks


@pytest.fixture
def city(db):
    """Two Sozialräume named "Hafen" (on two levels), a unique "Nordufer",
    a "Südstadt" and one of each entry that picks an area."""
    g = GraphBuilder(db)
    nord = g.area("Nord", level="bezirk")
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    hafen_quartier = g.area("Hafen", level="quartier", parent=hafen)
    nordufer = g.area("Nordufer", level="sozialraum", parent=nord)
    sued = g.area("Südstadt", level="sozialraum", parent=nord)
    kita = g.actor("Kita Boje", kind="kita", area=sued)
    ufer_kita = g.actor("Kita Ufer", kind="kita", area=nordufer)
    network = g.network("AK Jugend", members=[kita], scope=sued)
    g.agreement("Kooperation Ufer", [ufer_kita, kita])
    g.save()
    return dict(nord=nord, hafen=hafen, hafen_quartier=hafen_quartier, nordufer=nordufer,
                sued=sued, kita=kita, network=network)


def text(response) -> str:
    return response.get_data(as_text=True)


def options(page: str, name: str) -> list[str]:
    """The values a select offers (never every area)."""
    return [o.attrs.get("value") for o in htmlpage.parse(page).find("select", name=name)
            .find_all("option")]


def selected(page: str, name: str) -> list[str]:
    return [o.attrs.get("value") for o in htmlpage.parse(page).find("select", name=name)
            .find_all("option") if "selected" in o.attrs]


def ticked(page: str, name: str) -> list[str]:
    """The checked boxes of an area field of several areas."""
    return [i.attrs["value"] for i in htmlpage.parse(page).find_all("input", name=name)
            if i.attrs.get("type") == "checkbox" and "checked" in i.attrs]


def submit(client, url: str, **changes):
    """Post the page's own form as the browser sends it, with ``changes``
    (a list sets every value of a field)."""
    form = next(f for f in post_forms(text(client.get(url))) if f.action in ("", url))
    data = MultiDict([(k, v) for k, v in form.fields if k not in changes])
    for key, value in changes.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return client.post(url, data=data)


def refused(client, db, url: str, field: str, typed: str) -> str:
    """Post ``typed`` into the search field ``field``: the page answers with
    the message next to it and nothing is saved."""
    changes = change_count(db)
    response = submit(client, url, **{field: typed})
    assert response.status_code == 200
    assert change_count(db) == changes
    page = text(response)
    # Kept for correcting it.
    assert htmlpage.parse(page).find("input", name=field).attrs["value"] == typed
    return htmlpage.field_error(page, field)


AMBIGUOUS = "Mehrere Einträge heißen „Hafen“"
UNKNOWN = "Kein Sozialraum mit dem Namen oder der Kennung „Ost“ gefunden."


def test_actor_form_location_and_served_areas(client, db, login_as, city):
    login_as("koordination")
    url = f"/akteure/{city['kita']}/bearbeiten"
    page = text(client.get(url))
    assert options(page, "location") == ["", city["sued"]]
    search = htmlpage.parse(page).find("input", name="location_search")
    assert search.attrs["data-pick-url"] == "/akteure/sozialraeume.json"
    assert search.attrs["data-pick-select"] == "location"
    assert htmlpage.parse(page).find("label", **{"for": "location_search"}).text == (
        "Anderen Sozialraum suchen")

    assert submit(client, url, location_search="nordufer").status_code == 302
    assert actors.get(db, city["kita"])["location"]["id"] == city["nordufer"]
    message = refused(client, db, url, "location_search", "Hafen")
    assert AMBIGUOUS in message and city["hafen"] in message and city["hafen_quartier"] in message
    assert refused(client, db, url, "location_search", "Ost") == UNKNOWN
    # The id settles a shared name.
    assert submit(client, url, location_search=city["hafen_quartier"]).status_code == 302
    assert actors.get(db, city["kita"])["location"]["id"] == city["hafen_quartier"]

    # Served areas: added by name, listed as ticked boxes, dropped by unticking.
    assert submit(client, url, serves_search="Südstadt").status_code == 302
    assert submit(client, url, serves_search=city["hafen"]).status_code == 302
    served = {s["id"] for s in actors.get(db, city["kita"])["serves"]}
    assert served == {city["sued"], city["hafen"]}
    page = text(client.get(url))
    assert sorted(ticked(page, "serves")) == sorted(served)
    assert refused(client, db, url, "serves_search", "Ost") == UNKNOWN
    assert submit(client, url, serves=[city["hafen"]]).status_code == 302
    assert [s["id"] for s in actors.get(db, city["kita"])["serves"]] == [city["hafen"]]


def test_new_actor_keeps_the_typed_area_on_a_refused_save(client, db, login_as, city):
    login_as("koordination")
    response = submit(client, "/akteure/neu", name="", kind="kita", location_search="Nordufer",
                      serves_search="Südstadt")
    page = text(response)
    assert response.status_code == 200 and htmlpage.field_error(page, "name")
    # The typed areas are chosen now; the next save needs no typing again.
    assert selected(page, "location") == [city["nordufer"]]
    assert ticked(page, "serves") == [city["sued"]]
    response = submit(client, "/akteure/neu", name="Kita Neu", kind="kita", sector="frei",
                      location=city["nordufer"], serves=[city["sued"]])
    assert response.status_code == 302
    created = actors.get(db, response.headers["Location"].rsplit("/", 1)[-1])
    assert created["location"]["id"] == city["nordufer"]
    assert [s["id"] for s in created["serves"]] == [city["sued"]]


def test_network_form_and_list_filter(client, db, login_as, city):
    login_as("koordination")
    url = f"/netzwerke/{city['network']}/bearbeiten"
    assert options(text(client.get(url)), "scope") == ["", city["sued"]]
    assert submit(client, url, scope_search="Nordufer").status_code == 302
    assert networks.get(db, city["network"])["scope"]["id"] == city["nordufer"]
    assert AMBIGUOUS in refused(client, db, url, "scope_search", "Hafen")
    assert refused(client, db, url, "scope_search", "Ost") == UNKNOWN

    listing = text(client.get("/netzwerke/"))
    assert options(listing, "sozialraum") == [""]
    listing = text(client.get("/netzwerke/?sozialraum_suche=Nordufer"))
    assert htmlpage.row_header_links(listing, "/netzwerke/") == ["AK Jugend"]
    assert selected(listing, "sozialraum") == [city["nordufer"]]
    listing = text(client.get("/netzwerke/?sozialraum_suche=S%C3%BCdstadt"))
    assert htmlpage.row_header_links(listing, "/netzwerke/") == []
    listing = text(client.get("/netzwerke/?sozialraum_suche=Ost"))
    assert htmlpage.field_error(listing, "sozialraum_suche") == UNKNOWN


def test_agreement_list_filter(client, db, login_as, city):
    login_as("ausschuss")
    listing = text(client.get("/vereinbarungen/"))
    assert options(listing, "sozialraum") == [""]
    listing = text(client.get("/vereinbarungen/?sozialraum_suche=nordufer"))
    assert htmlpage.row_header_links(listing, "/vereinbarungen/") == ["Kooperation Ufer"]
    assert selected(listing, "sozialraum") == [city["nordufer"]]
    listing = text(client.get("/vereinbarungen/?sozialraum_suche=Hafen"))
    assert AMBIGUOUS in htmlpage.field_error(listing, "sozialraum_suche")


def test_area_form_parent(client, db, login_as, city):
    login_as("admin")
    url = f"/sozialraeume/{city['nordufer']}/bearbeiten"
    assert options(text(client.get(url)), "parent") == ["", city["nord"]]
    assert submit(client, url, parent_search="Südstadt", level="quartier").status_code == 302
    assert areas.get(db, city["nordufer"])["parent"]["id"] == city["sued"]
    assert AMBIGUOUS in refused(client, db, url, "parent_search", "Hafen")
    assert refused(client, db, url, "parent_search", "Ost") == UNKNOWN
    # Itself, typed: the select's own message.
    response = submit(client, url, parent_search="Nordufer")
    assert htmlpage.field_error(text(response), "parent") == (
        "Ein Sozialraum kann nicht in sich selbst liegen.")


def test_admin_user_form_lists_chosen_areas_and_adds_one(client, db, login_as, city):
    login_as("admin")
    user = auth.create_user(db, "k@example.org", "x" * 14, "koordination", "K",
                            areas=[city["sued"]])
    url = f"/admin/benutzer/{user.id}"
    page = text(client.get(url))
    assert ticked(page, "areas") == [city["sued"]]
    assert htmlpage.parse(page).find("input", name="areas_search").attrs[
        "data-pick-select"] == "areas-gewaehlt"
    assert submit(client, url, areas_search="nordufer").status_code == 302
    assert auth.get_user(db, user.id).areas == [city["sued"], city["nordufer"]]
    assert AMBIGUOUS in refused(client, db, url, "areas_search", "Hafen")
    assert auth.get_user(db, user.id).areas == [city["sued"], city["nordufer"]]
    # Unticking drops one.
    assert submit(client, url, areas=[city["nordufer"]]).status_code == 302
    assert auth.get_user(db, user.id).areas == [city["nordufer"]]

    response = submit(client, "/admin/benutzer/neu", email="neu@example.org",
                      password="y" * 14, role="koordination", areas_search="Ost")
    assert htmlpage.field_error(text(response), "areas_search") == UNKNOWN
    assert auth.get_user_by_email(db, "neu@example.org") is None


def test_report_and_map_filters(client, db, login_as, city):
    login_as("ausschuss")
    page = text(client.get("/berichte?sozialraum_suche=Nordufer"))
    assert options(page, "sozialraum") == ["", city["nordufer"]]
    assert selected(page, "sozialraum") == [city["nordufer"]]
    # The report narrows to Sozialräume: the Bezirk "Nord" is none.
    page = text(client.get("/berichte?sozialraum_suche=Nord"))
    assert htmlpage.field_error(page, "sozialraum_suche") == (
        "Kein Sozialraum mit dem Namen oder der Kennung „Nord“ gefunden.")
    assert client.get("/akteure/sozialraeume.json?q=nord&ebene=sozialraum").get_json()[
        "results"][0]["id"] == city["nordufer"]

    page = text(client.get("/karte?sozialraum_suche=nordufer"))
    assert selected(page, "sozialraum") == [city["nordufer"]]
    assert options(page, "sozialraum") == ["", city["nordufer"]]
    response = client.get("/karte?sozialraum_suche=Hafen")
    assert response.status_code == 400
    assert AMBIGUOUS in htmlpage.field_error(text(response), "sozialraum_suche")


def typing_reads_once_and_a_rename_shows_at_once(client, search_url: str, form_url: str,
                                                 name: str, new_name: str):
    """Type ``name`` into the type-ahead at ``search_url``, key by key: the
    candidates are read once; rename the entry in its form (``form_url``):
    the next keystroke finds the new name. Returns the type-ahead's names."""
    def found(typed: str) -> list[str]:
        answer = client.get(f"{search_url}?q={typed}").get_json()
        return [hit["name"] for hit in answer["results"]]

    misses = choices.MEMO.misses
    for typed in (name[:-2], name[:-1], name):
        assert found(typed) == [name]
    assert choices.MEMO.misses == misses + 1  # read once, not per keystroke
    assert submit(client, form_url, name=new_name).status_code == 302
    assert found(new_name) == [new_name] and found(name) == []  # at once
    assert choices.MEMO.misses == misses + 2
    return found


def test_the_type_ahead_reads_the_areas_once_while_typing_and_a_rename_at_once(
        client, db, login_as, city):
    login_as("admin")
    url = f"/sozialraeume/{city['nordufer']}/bearbeiten"
    found = typing_reads_once_and_a_rename_shows_at_once(
        client, "/akteure/sozialraeume.json", url, "Nordufer", "Nordhafen")
    misses = choices.MEMO.misses
    # The Siedlungsstruktur is read by no type-ahead: its save keeps the list.
    assert submit(client, url, setting="rural").status_code == 302
    assert areas.get(db, city["nordufer"])["area"]["setting"] == "rural"
    assert found("Nordha") == ["Nordhafen"]
    assert choices.MEMO.misses == misses
