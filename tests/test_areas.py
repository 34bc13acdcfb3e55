"""Sozialräume and target groups: nesting rules, detail page, list, editing
with optimistic locking, deletion, area-limited accounts."""
from __future__ import annotations

import htmlpage
from conftest import post_form
from factories import GraphBuilder
from registry.entities import actors, areas, target_groups
from registry import history


def text(response) -> str:
    return response.get_data(as_text=True)


def error_for(page: str, field: str) -> str:
    return htmlpage.field_error(page, field)


def created_id(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return response.headers["Location"].rsplit("/", 1)[-1]


def area_form(db, area_id: str, **overrides) -> dict:
    row = areas.get(db, area_id)
    data = {"name": row["area"]["name"], "code": row["area"].get("code") or "",
            "level": row["area"]["level"], "setting": row["area"]["setting"],
            "parent": (row["parent"] or {}).get("id", ""), "version": str(row["area"]["version"])}
    data.update(overrides)
    return data


# -- nesting -------------------------------------------------------------------------------

def test_create_nested_areas_and_refuse_wrong_nesting(client, db, login_as):
    user = login_as("koordination")
    stadt = created_id(post_form(client, "/sozialraeume/neu",
                                 {"name": "Lindenau", "code": "LIN", "level": "stadt",
                                  "setting": "urban"}))
    bezirk = created_id(post_form(client, "/sozialraeume/neu",
                                  {"name": "Mitte", "code": "LIN-01", "level": "bezirk",
                                   "setting": "urban", "parent": stadt}))
    sozialraum = created_id(post_form(client, "/sozialraeume/neu",
                                      {"name": "Altstadt", "code": "LIN-01-01",
                                       "level": "sozialraum", "setting": "urban",
                                       "parent": bezirk}))
    assert areas.path(db, sozialraum) == [sozialraum, bezirk, stadt]
    assert history.for_entity(db, bezirk)[0]["by"] == user.email

    # A Quartier directly in a Bezirk skips a level.
    response = post_form(client, "/sozialraeume/neu", {"name": "Domviertel", "level": "quartier",
                                                       "setting": "urban", "parent": bezirk})
    assert "liegt direkt in einem Gebiet der Ebene „Sozialraum“" in error_for(text(response), "parent")
    # Codes are unique (whatever the case).
    response = post_form(client, "/sozialraeume/neu", {"name": "Noch eine Altstadt",
                                                       "code": "lin-01-01",
                                                       "level": "sozialraum", "setting": "urban",
                                                       "parent": bezirk})
    assert "trägt schon „Altstadt“" in error_for(text(response), "code")
    # Unknown levels and settings posted by hand, missing and over-long names.
    for overrides, field, message in [
        ({"level": "kontinent"}, "level", "Ungültige Auswahl."),
        ({"setting": "unterwasser"}, "setting", "Ungültige Auswahl."),
        ({"name": ""}, "name", "Bitte einen Namen angeben."),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"code": "LIN 01"}, "code", "Bitte nur Buchstaben"),
    ]:
        data = dict({"name": "Test", "level": "sozialraum", "setting": "urban",
                     "parent": bezirk}, **overrides)
        response = post_form(client, "/sozialraeume/neu", data)
        assert message in error_for(text(response), field), overrides
    assert areas.search(db, areas.Filters()).total == 3

    # Inside itself, inside its own sub-area, or a level that does not fit its children.
    url = f"/sozialraeume/{bezirk}/bearbeiten"
    response = post_form(client, url, area_form(db, bezirk, parent=bezirk))
    assert error_for(text(response), "parent") == "Ein Sozialraum kann nicht in sich selbst liegen."
    response = post_form(client, url, area_form(db, bezirk, parent=sozialraum))
    assert "liegt selbst in diesem Sozialraum" in error_for(text(response), "parent")
    response = post_form(client, f"/sozialraeume/{stadt}/bearbeiten",
                         area_form(db, stadt, level="bezirk"))
    assert "Unter-Gebieten (Mitte)" in error_for(text(response), "level")
    assert areas.path(db, bezirk) == [bezirk, stadt]
    assert areas.get(db, bezirk)["area"]["version"] == 1


def test_edit_area_records_history_and_refuses_stale_version(app, client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt, code="N")
    g.save()
    login_as("koordination")
    seen = area_form(db, nord)
    response = post_form(client, f"/sozialraeume/{nord}/bearbeiten",
                         dict(seen, name="Nordstadt", setting="rural"))
    assert response.status_code == 302
    change = history.for_entity(db, nord)[0]
    assert change["fields"] == [{"field": "name", "old": "Nord", "new": "Nordstadt"},
                                {"field": "setting", "old": "urban", "new": "rural"}]
    page = text(client.get(f"/sozialraeume/{nord}"))
    assert "Nordstadt" in page and "ländlich" in page and "Siedlungsstruktur" in page

    response = post_form(client, f"/sozialraeume/{nord}/bearbeiten", dict(seen, name="Norden"))
    assert response.status_code == 200
    page = text(response)
    assert "inzwischen von jemand anderem gespeichert" in page
    assert 'value="Norden"' in page and "Aktuell gespeicherte Fassung" in page
    assert areas.get(db, nord)["area"]["name"] == "Nordstadt"


# -- detail and list -------------------------------------------------------------------

def test_area_detail_shows_sub_areas_actors_below_and_networks(client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    kai = g.area("Kai", level="quartier", parent=hafen)
    for i in range(3):
        g.actor(f"Kita Hafen {i}", kind="kita", area=hafen)
    g.actor("Kita Kai", kind="kita", area=kai)
    g.actor("Beratung überall", kind="beratungsstelle", serves=(hafen,))
    network = g.network("Stadtteilrunde Hafen", scope=hafen)
    g.save()
    login_as("ausschuss")

    page = text(client.get(f"/sozialraeume/{hafen}?pro_seite=2"))
    assert f'href="/sozialraeume/{kai}">Kai<' in page          # sub-area
    assert f'href="/sozialraeume/{nord}">Nord<' in page        # breadcrumb
    assert f'href="/netzwerke/{network}">Stadtteilrunde Hafen<' in page
    assert "Beratung überall" in page                           # serves the area
    assert "Seite 1 von 2" in page and "4 Einträgen" in page    # actors incl. Kai
    page2 = text(client.get(f"/sozialraeume/{hafen}?pro_seite=2&seite=2"))
    assert "Kita Kai" in page + page2
    assert areas.actors_in(db, nord).total == 4
    assert "Bearbeiten" not in page  # the committee reads only


def test_area_list_search_filter_sort_and_empty_state(client, db, login_as):
    login_as("ausschuss")
    assert "Noch keine Sozialräume erfasst." in text(client.get("/sozialraeume/"))
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    nord = g.area("Nord", level="bezirk", parent=stadt, code="LIN-01")
    g.area("Süd", level="bezirk", parent=stadt, code="LIN-02", setting="rural")
    g.area("Mühlenviertel", level="sozialraum", parent=nord, code="LIN-01-01")
    g.save()

    def names(url):
        return htmlpage.first_cell_links(text(client.get(url)), "/sozialraeume/")

    assert names("/sozialraeume/?q=muhlen") == ["Mühlenviertel"]
    assert names("/sozialraeume/?q=SÜD") == ["Süd"]
    assert names("/sozialraeume/?ebene=bezirk") == ["Nord", "Süd"]
    assert names("/sozialraeume/?struktur=rural") == ["Süd"]
    assert names("/sozialraeume/?sort=-code") == ["Süd", "Mühlenviertel", "Nord", "Lindenau"]
    assert names("/sozialraeume/?sort=level")[0] == "Lindenau"
    assert names("/sozialraeume/?ebene=erdteil") == names("/sozialraeume/")  # unknown: ignored
    page = text(client.get("/sozialraeume/?pro_seite=3"))
    assert "Seite 1 von 2" in page
    assert "Keine Sozialräume passen" in text(client.get("/sozialraeume/?q=atlantis"))


# -- delete and restore --------------------------------------------------------------------

def test_delete_area_after_confirmation_and_restore(app, client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    kita = g.actor("Kita Hafen", kind="kita", area=hafen)
    network = g.network("Runde Hafen", scope=hafen)
    g.save()
    login_as("admin")

    # An area with sub-areas cannot go.
    page = text(client.get(f"/sozialraeume/{nord}/loeschen"))
    assert "enthält noch 1 Unter-Gebiet" in page
    response = post_form(client, f"/sozialraeume/{nord}/loeschen", {},
                         form_url=f"/sozialraeume/{hafen}/loeschen")
    assert response.status_code == 200 and areas.get(db, nord) is not None

    page = text(client.get(f"/sozialraeume/{hafen}/loeschen"))
    assert "1 Akteur(e) haben hier ihren Sitz" in page and "Runde Hafen" in page
    response = post_form(client, f"/sozialraeume/{hafen}/loeschen", {})
    assert response.status_code == 302
    assert areas.get(db, hafen) is None
    assert actors.get(db, kita)["location"] is None
    assert history.for_entity(db, kita)[0]["fields"] == [
        {"field": "location", "old": "Hafen", "new": None}]
    assert history.for_entity(db, network)[0]["fields"] == [
        {"field": "scope", "old": "Hafen", "new": None}]

    change = history.deleted(db)[0]
    response = post_form(client, f"/admin/geloescht/{change['id']}/wiederherstellen", {},
                         form_url="/admin/geloescht/")
    assert response.status_code == 302
    assert areas.path(db, hafen) == [hafen, nord, stadt]
    assert actors.get(db, kita)["location"]["id"] == hafen
    assert [n["id"] for n in areas.detail(db, hafen)["networks"]] == [network]


# -- area-limited accounts ------------------------------------------------------------------

def test_limited_account_edits_only_its_areas(client, db, login_as):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    sued = g.area("Süd", level="bezirk", parent=stadt)
    hafen = g.area("Hafen", level="sozialraum", parent=nord)
    g.save()
    login_as("koordination", areas=[nord])
    assert client.get(f"/sozialraeume/{sued}/bearbeiten").status_code == 403
    assert client.get(f"/sozialraeume/{sued}/loeschen").status_code == 403
    assert client.get(f"/sozialraeume/{stadt}/bearbeiten").status_code == 403
    assert "/bearbeiten" not in text(client.get(f"/sozialraeume/{sued}"))

    response = post_form(client, f"/sozialraeume/{hafen}/bearbeiten",
                         area_form(db, hafen, name="Hafenviertel"))
    assert response.status_code == 302
    assert areas.get(db, hafen)["area"]["name"] == "Hafenviertel"
    response = post_form(client, "/sozialraeume/neu", {"name": "Kai", "level": "quartier",
                                                       "setting": "urban", "parent": hafen})
    assert response.status_code == 302
    response = post_form(client, "/sozialraeume/neu", {"name": "Werft", "level": "sozialraum",
                                                       "setting": "urban", "parent": sued})
    assert "nur innerhalb Ihrer eigenen Sozialräume" in error_for(text(response), "parent")


# -- target groups -----------------------------------------------------------------------

def test_target_groups_create_rename_and_delete_in_use(app, client, db, login_as):
    g = GraphBuilder(db)
    eltern = g.target_group("Eltern")
    a1 = g.actor("Familienzentrum", kind="familienzentrum", groups=(eltern,))
    a2 = g.actor("Elterncafé", kind="verein", groups=(eltern,))
    g.save()
    login_as("koordination")

    response = post_form(client, "/zielgruppen/neu", {"name": "Alleinerziehende"})
    assert response.status_code == 302
    response = post_form(client, "/zielgruppen/neu", {"name": "  eltern "})
    assert "gibt es schon" in error_for(text(response), "name")
    response = post_form(client, "/zielgruppen/neu", {"name": "x" * 121})
    assert "höchstens 120 Zeichen" in error_for(text(response), "name")
    page = text(client.get("/zielgruppen/"))
    assert "Alleinerziehende" in page and "Eltern" in page

    url = f"/zielgruppen/{eltern}/bearbeiten"
    response = post_form(client, url, {"name": "Eltern und Sorgeberechtigte", "version": "1"})
    assert response.status_code == 302
    assert target_groups.get(db, eltern)["name"] == "Eltern und Sorgeberechtigte"
    response = post_form(client, url, {"name": "Mütter und Väter", "version": "1"})
    assert "inzwischen von jemand anderem umbenannt" in text(response)
    assert 'value="Mütter und Väter"' in text(response)
    assert target_groups.get(db, eltern)["name"] == "Eltern und Sorgeberechtigte"
    assert "Eltern und Sorgeberechtigte" in text(client.get(f"/akteure/{a1}"))

    # Deleting a group in use: the question says how many use it; links go only after it.
    page = text(client.get(f"/zielgruppen/{eltern}/loeschen"))
    assert "2 Akteur(e) sind dieser Zielgruppe zugeordnet" in page
    assert "Familienzentrum" in page and "Elterncafé" in page
    assert len(actors.get(db, a1)["target_groups"]) == 1
    response = post_form(client, f"/zielgruppen/{eltern}/loeschen", {})
    assert response.status_code == 302
    assert target_groups.get(db, eltern) is None
    assert actors.get(db, a1)["target_groups"] == []
    assert actors.get(db, a2)["target_groups"] == []
    assert history.for_entity(db, a2)[0]["fields"] == [
        {"field": "target_groups", "old": "Eltern und Sorgeberechtigte", "new": None}]


def test_committee_reads_target_groups_but_cannot_change_them(client, db, login_as):
    g = GraphBuilder(db)
    group = g.target_group("Jugendliche 12–17")
    g.actor("Jugendzentrum", kind="jugendzentrum", groups=(group,))
    g.save()
    login_as("ausschuss")
    page = text(client.get(f"/zielgruppen/{group}"))
    assert "Jugendzentrum" in page and "Umbenennen" not in page
    assert client.get("/zielgruppen/neu").status_code == 403
    assert client.get(f"/zielgruppen/{group}/loeschen").status_code == 403
