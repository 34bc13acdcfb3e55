"""Netzwerke, Arbeitskreise und Gremien through the web UI, against the real
Neo4j: list (search, filters, sorting, paging), detail, create, edit with
optimistic locking, members, delete and restore, area-limited editing, and
the refusal of bad input."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

import htmlpage
from conftest import csrf_token, post_form
from factories import GraphBuilder
from registry import history
from registry.entities import networks



def _days(n: int) -> date:
    """``n`` days from today, read at each call (the app reads the date per request)."""
    return date.today() + timedelta(days=n)


def _world(db) -> SimpleNamespace:
    """Stadt > Nord > Altstadt > Marktviertel, Stadt > Süd > Auenviertel."""
    g = GraphBuilder(db)
    w = SimpleNamespace()
    w.stadt = g.area("Lindenau", level="stadt")
    w.nord = g.area("Nord", level="bezirk", parent=w.stadt)
    w.altstadt = g.area("Altstadt", parent=w.nord)
    w.markt = g.area("Marktviertel", level="quartier", parent=w.altstadt)
    w.sued = g.area("Süd", level="bezirk", parent=w.stadt)
    w.auen = g.area("Auenviertel", parent=w.sued)
    w.ja = g.actor("Jugendamt Lindenau", kind="jugendamt", area=w.stadt)
    w.awo = g.actor("AWO Müllerstraße", area=w.markt)
    w.kita = g.actor("Kita Sonnenschein", kind="kita", area=w.auen)
    w.rat = g.actor("Jugendrat Lindenau", kind="selbstvertretung", area=w.altstadt)
    w.verein = g.actor("SV Auen 09", kind="verein", area=w.auen)
    w.konferenz = g.network(
        "Stadtteilkonferenz Altstadt",
        [(w.awo, "koordination", _days(-300)), (w.rat, "mitglied"),
         (w.ja, "gast", _days(-600), _days(-10)), (w.verein, "mitglied", _days(10))],
        type="gremium", scope=w.altstadt, coordinator=w.awo, participation="mitbestimmend",
        rhythm="monatlich", description="Alle Träger im Stadtteil")
    w.ag78 = g.network("AG nach § 78 – Hilfen zur Erziehung", [w.ja, w.awo, w.kita],
                       type="arbeitskreis", coordinator=w.ja, rhythm="quartalsweise")
    w.tisch = g.network("Runder Tisch Auen", [w.kita], type="netzwerk", scope=w.auen)
    g.save()
    return w


def _names(page: str) -> list[str]:
    return htmlpage.row_header_links(page, "/netzwerke/")


def _form(**overrides) -> dict:
    data = {"name": "Netzwerk Frühe Hilfen", "type": "netzwerk", "description": "",
            "scope": "", "rhythm": "", "participation": "informiert"}
    data.update(overrides)
    return data


def _member(network: dict, actor_id: str) -> dict | None:
    return next((m for m in network["members"] if m["id"] == actor_id), None)


# -- list ---------------------------------------------------------------------------------

def test_list_searches_folded_and_filters_by_type_and_scope_area(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")
    page = client.get("/netzwerke/").get_data(as_text=True)
    assert _names(page) == ["AG nach § 78 – Hilfen zur Erziehung", "Runder Tisch Auen",
                            "Stadtteilkonferenz Altstadt"]
    assert "gesamtes Gebiet" in page  # the unscoped AG
    assert _names(client.get("/netzwerke/?q=ERZIEHUNG").get_data(as_text=True)) == [
        "AG nach § 78 – Hilfen zur Erziehung"]
    assert _names(client.get("/netzwerke/?q=auen").get_data(as_text=True)) == [
        "Runder Tisch Auen"]
    assert _names(client.get("/netzwerke/?art=gremium").get_data(as_text=True)) == [
        "Stadtteilkonferenz Altstadt"]
    # Scope filter includes sub-areas: Altstadt lies in Nord, Auenviertel in Süd.
    assert _names(client.get(f"/netzwerke/?sozialraum={w.nord}").get_data(as_text=True)) == [
        "Stadtteilkonferenz Altstadt"]
    assert _names(client.get(f"/netzwerke/?sozialraum={w.sued}&art=netzwerk")
                  .get_data(as_text=True)) == ["Runder Tisch Auen"]
    assert _names(client.get(f"/netzwerke/?sozialraum={w.markt}").get_data(as_text=True)) == []


def test_list_sorts_by_current_members_pages_and_shows_empty_states(client, db, login_as):
    login_as("koordination")
    empty = client.get("/netzwerke/").get_data(as_text=True)
    assert "Noch keine Netzwerke erfasst." in empty and 'href="/netzwerke/neu"' in empty
    _world(db)
    # Current members: AG 3, Konferenz 2 (one former, one future), Tisch 1.
    page = client.get("/netzwerke/?sort=-members").get_data(as_text=True)
    assert _names(page) == ["AG nach § 78 – Hilfen zur Erziehung",
                            "Stadtteilkonferenz Altstadt", "Runder Tisch Auen"]
    by_participation = client.get("/netzwerke/?sort=-participation").get_data(as_text=True)
    assert _names(by_participation)[0] == "Stadtteilkonferenz Altstadt"

    first = client.get("/netzwerke/?pro_seite=2&sort=name&q=a").get_data(as_text=True)
    assert len(_names(first)) == 2 and "Seite 1 von 2" in first
    next_link = htmlpage.parse(first).find(rel="next")["href"]
    assert "q=a" in next_link and "sort=name" in next_link and "seite=2" in next_link
    assert _names(client.get(next_link).get_data(as_text=True)) == ["Stadtteilkonferenz Altstadt"]
    none = client.get("/netzwerke/?q=gibtesnicht").get_data(as_text=True)
    assert "Kein Netzwerk passt zu diesen Filtern." in none


# -- detail ---------------------------------------------------------------------------------

def test_detail_shows_scope_coordinator_members_with_dates_and_bodies(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")
    response = client.get(f"/netzwerke/{w.konferenz}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Stadtteilkonferenz Altstadt</h1>" in page
    assert "Gremium" in page and "monatlich" in page and "mitbestimmend" in page
    assert f'<a href="/sozialraeume/{w.altstadt}">Altstadt</a>' in page
    doc = htmlpage.parse(page)
    facts = doc.find("dl", class_="facts")
    assert facts.find("a", href=f"/akteure/{w.awo}").text == "AWO Müllerstraße"

    caption = next(c for c in doc.find_all("caption") if c.text == "Mitglieder des Netzwerks")
    rows = {tr.find("a", href=htmlpage.starts("/akteure/")).text: tr
            for tr in caption.parent.find_all("tr")[1:]}

    def state(name: str) -> str:
        return rows[name].find(data_state=True)["data-state"]

    assert "Koordination" in rows["AWO Müllerstraße"].text
    assert _days(-300).strftime("%d.%m.%Y") in rows["AWO Müllerstraße"].text
    assert state("AWO Müllerstraße") == "current"
    assert "Gast" in rows["Jugendamt Lindenau"].text and state("Jugendamt Lindenau") == "past"
    assert _days(-10).strftime("%d.%m.%Y") in rows["Jugendamt Lindenau"].text
    assert state("SV Auen 09") == "future"

    bodies = htmlpage.parse(page).find("section", aria_labelledby="gremien")
    assert bodies.find("h2").text.startswith("Beteiligte Selbstvertretungen")
    assert bodies.find("a", href=f"/akteure/{w.rat}").text == "Jugendrat Lindenau"
    assert "AWO" not in bodies.text
    assert "Bearbeiten" not in page and "Mitglied hinzufügen" not in page

    other = client.get(f"/netzwerke/{w.ag78}").get_data(as_text=True)
    assert "Keine Selbstvertretung der Nutzer*innen ist Mitglied" in other
    assert "gesamtes Gebiet" in other
    assert client.get("/netzwerke/ffffffffffff").status_code == 404


# -- create and edit ---------------------------------------------------------------------------

def test_create_with_scope_records_history(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    assert client.get("/netzwerke/neu").status_code == 200
    response = post_form(client, "/netzwerke/neu", _form(
        name="Netzwerk Frühe Hilfen Nord", scope=w.nord, rhythm="halbjaehrlich",
        description="Präventionskette"))
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    network = networks.get(db, new_id)
    assert network["name"] == "Netzwerk Frühe Hilfen Nord"
    assert network["search_name"] == "netzwerk fruhe hilfen nord"
    assert network["scope"] == {"id": w.nord, "name": "Nord"}
    assert network["rhythm"] == "halbjaehrlich" and network["members"] == []
    [event] = history.for_entity(db, new_id)
    assert event["action"] == "create" and event["by"] == user.email
    assert {"field": "scope", "old": None, "new": "Nord"} in event["fields"]
    page = client.get(f"/netzwerke/{new_id}").get_data(as_text=True)
    assert "<td>Sozialraum (Geltungsbereich)</td><td></td><td>Nord</td>" in page
    assert "<td>Sitzungsrhythmus</td><td></td><td>halbjährlich</td>" in page


BAD_INPUT = [
    ({"name": ""}, "name", "Bitte einen Namen angeben."),
    ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
    ({"description": "x" * 2001}, "description", "höchstens 2000 Zeichen"),
    ({"type": "verein"}, "type", "Ungültige Auswahl."),
    ({"rhythm": "stuendlich"}, "rhythm", "Ungültige Auswahl."),
    ({"participation": "alles"}, "participation", "Ungültige Auswahl."),
    ({"scope": "ffffffffffff"}, "scope", "Ungültige Auswahl."),
]


@pytest.mark.parametrize("overrides,field,message", BAD_INPUT)
def test_bad_input_is_refused_next_to_the_field(client, db, login_as, overrides, field, message):
    w = _world(db)
    login_as("koordination")
    response = post_form(client, "/netzwerke/neu", _form(**overrides))
    assert response.status_code == 200
    assert message in htmlpage.field_error(response.get_data(as_text=True), field)
    assert networks.search(db, networks.Filters()).total == 3
    before = networks.get(db, w.tisch)
    response = post_form(client, f"/netzwerke/{w.tisch}/bearbeiten",
                         _form(version=before["version"], **overrides))
    assert message in htmlpage.field_error(response.get_data(as_text=True), field)
    assert networks.get(db, w.tisch) == before


def test_edit_changes_fields_scope_and_coordinator_with_history(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    url = f"/netzwerke/{w.konferenz}/bearbeiten"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Stadtteilkonferenz Altstadt"' in page
    # The coordinator is chosen among the members.
    coordinator_select = htmlpage.parse(page).find("select", id="coordinator").text
    assert "Jugendrat Lindenau" in coordinator_select and "Kita" not in coordinator_select

    response = post_form(client, url, _form(
        name="Stadtteilkonferenz Altstadt-Markt", type="gremium", scope=w.markt,
        rhythm="monatlich", participation="mitbestimmend", coordinator=w.rat,
        description="Alle Träger im Stadtteil", version="1"))
    assert response.status_code == 302
    network = networks.get(db, w.konferenz)
    assert network["name"] == "Stadtteilkonferenz Altstadt-Markt" and network["version"] == 2
    assert network["scope"]["id"] == w.markt
    assert network["coordinator"]["id"] == w.rat
    [event] = history.for_entity(db, w.konferenz)
    assert event["by"] == user.email
    assert sorted(event["fields"], key=lambda f: f["field"]) == [
        {"field": "coordinator", "old": "AWO Müllerstraße", "new": "Jugendrat Lindenau"},
        {"field": "name", "old": "Stadtteilkonferenz Altstadt",
         "new": "Stadtteilkonferenz Altstadt-Markt"},
        {"field": "scope", "old": "Altstadt", "new": "Marktviertel"},
    ]
    detail = client.get(f"/netzwerke/{w.konferenz}").get_data(as_text=True)
    assert ("<td>Koordinierender Akteur</td><td>AWO Müllerstraße</td>"
            "<td>Jugendrat Lindenau</td>") in detail

    # A coordinator who is not a member is refused (posted by hand).
    refused = post_form(client, url, _form(name="X", coordinator=w.kita, version="2"))
    assert htmlpage.field_error(refused.get_data(as_text=True), "coordinator").startswith(
        "Ungültige Auswahl")
    # Clearing scope and coordinator.
    cleared = post_form(client, url, _form(name="Stadtteilkonferenz", type="gremium",
                                           coordinator="", scope="", version="2"))
    assert cleared.status_code == 302
    network = networks.get(db, w.konferenz)
    assert network["scope"] is None and network["coordinator"] is None


def test_stale_edit_is_refused_and_keeps_what_was_typed(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    url = f"/netzwerke/{w.tisch}/bearbeiten"
    client.get(url)
    current = networks.get(db, w.tisch)
    networks.update(db, w.tisch, 1, dict(current, name="Runder Tisch (Kollegin)"),
                    w.auen, None, "kollegin@example.org")
    response = post_form(client, url, _form(name="Mein Name", scope=w.auen, version="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in page
    assert 'value="Mein Name"' in page
    assert networks.get(db, w.tisch)["name"] == "Runder Tisch (Kollegin)"


def test_html_in_fields_is_stored_as_text_and_shown_escaped(client, db, login_as):
    _world(db)
    login_as("koordination")
    script = "<script>alert(1)</script>"
    response = post_form(client, "/netzwerke/neu", _form(name=script, description=script))
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    assert networks.get(db, new_id)["name"] == script
    for url in ("/netzwerke/", f"/netzwerke/{new_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and script not in page


# -- members -------------------------------------------------------------------------------

def test_member_search_lists_only_non_members(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    page = client.get(f"/netzwerke/{w.tisch}?suche=Müller").get_data(as_text=True)
    assert f'action="/netzwerke/{w.tisch}/mitglieder/{w.awo}/hinzufuegen"' in page
    assert '="None"' not in page  # no empty ARIA attributes on the row forms
    page = client.get(f"/netzwerke/{w.tisch}?suche=sonnen").get_data(as_text=True)
    assert "hinzufuegen" not in page  # the Kita is a member already
    assert "Kein passender Akteur gefunden" in page


def test_members_are_added_edited_and_removed_with_history(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    base = f"/netzwerke/{w.tisch}"
    token = csrf_token(client, base)
    add = f"{base}/mitglieder/{w.verein}/hinzufuegen"
    prefix = f"neu-{w.verein}"

    # until before since: refused, message next to the field, nothing written.
    bad = client.post(add, data={"csrf_token": token, f"{prefix}-role": "mitglied",
                                 f"{prefix}-since": "2024-05-01", f"{prefix}-until": "2024-04-30"})
    assert bad.status_code == 200
    assert htmlpage.field_error(bad.get_data(as_text=True), f"{prefix}-until").startswith(
        "„bis“ darf nicht vor „seit“ liegen.")
    unknown = client.post(add, data={"csrf_token": token, f"{prefix}-role": "chef"})
    assert htmlpage.field_error(unknown.get_data(as_text=True), f"{prefix}-role").startswith(
        "Ungültige Auswahl")
    assert len(networks.get(db, w.tisch)["members"]) == 1

    ok = client.post(add, data={"csrf_token": token, f"{prefix}-role": "gast",
                                f"{prefix}-since": "2024-05-01"})
    assert ok.status_code == 302
    network = networks.get(db, w.tisch)
    assert network["version"] == 2
    member = _member(network, w.verein)
    assert member["role"] == "gast" and member["since"] == date(2024, 5, 1)
    assert member["until"] is None and member["state"] == "current"

    # The same member twice is refused.
    again = client.post(add, data={"csrf_token": token, f"{prefix}-role": "mitglied"},
                        follow_redirects=True)
    assert "ist bereits Mitglied dieses Netzwerks" in again.get_data(as_text=True)
    assert len(networks.get(db, w.tisch)["members"]) == 2

    # Edit role and dates; a bad range is refused next to the field.
    edit = f"{base}/mitglieder/{w.verein}/bearbeiten"
    p = f"m-{w.verein}"
    bad = client.post(edit, data={"csrf_token": token, f"{p}-role": "mitglied",
                                  f"{p}-since": "2024-05-01", f"{p}-until": "2023-01-01"})
    assert htmlpage.field_error(bad.get_data(as_text=True), f"{p}-until").startswith("„bis“")
    assert _member(networks.get(db, w.tisch), w.verein)["role"] == "gast"
    ended = _days(-1).isoformat()
    done = client.post(edit, data={"csrf_token": token, f"{p}-role": "mitglied",
                                   f"{p}-since": "2024-05-01", f"{p}-until": ended})
    assert done.status_code == 302
    member = _member(networks.get(db, w.tisch), w.verein)
    assert member["role"] == "mitglied" and member["state"] == "past"

    # Removing asks first.
    remove = f"{base}/mitglieder/{w.verein}/entfernen"
    ask = client.post(remove, data={"csrf_token": token})
    assert ask.status_code == 200 and "Ja, Mitglied entfernen" in ask.get_data(as_text=True)
    assert _member(networks.get(db, w.tisch), w.verein) is not None
    assert client.post(remove, data={"csrf_token": token, "bestaetigt": "1"}).status_code == 302
    network = networks.get(db, w.tisch)
    assert _member(network, w.verein) is None and network["version"] == 4

    events = list(reversed(networks.history_events(db, w.tisch)))
    assert [e["action"] for e in events] == ["relation"] * 3
    assert all(e["by"] == user.email for e in events)
    assert events[0]["fields"] == [{"field": "Mitglied", "old": None,
                                    "new": "SV Auen 09 (Gast, 2024-05-01 – …)"}]
    assert {"field": "Rolle von SV Auen 09", "old": "Gast", "new": "Mitglied"} in events[1]["fields"]
    assert {"field": "Mitglied bis (SV Auen 09)", "old": None, "new": ended} in events[1]["fields"]
    assert events[2]["fields"][0]["field"] == "Mitglied" and events[2]["fields"][0]["new"] is None
    page = client.get(base).get_data(as_text=True)
    assert "<td>Rolle von SV Auen 09</td><td>Gast</td><td>Mitglied</td>" in page


# -- delete and restore ----------------------------------------------------------------------

def test_delete_asks_first_then_deletes_and_restore_brings_back_members(client, db, login_as):
    w = _world(db)
    login_as("admin")
    url = f"/netzwerke/{w.konferenz}/loeschen"
    assert "Ja, endgültig löschen" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, {}, form_url=url).status_code == 302
    assert networks.get(db, w.konferenz) is None
    [deletion] = [d for d in history.deleted(db) if d["entity_id"] == w.konferenz]
    assert deletion["entity_type"] == "network"
    history.restore(db, deletion["id"], "admin@example.org")
    network = networks.get(db, w.konferenz)
    assert network["scope"]["id"] == w.altstadt and network["coordinator"]["id"] == w.awo
    assert {(m["id"], m["role"], m["until"]) for m in network["members"]} == {
        (w.awo, "koordination", None), (w.rat, "mitglied", None),
        (w.ja, "gast", _days(-10)), (w.verein, "mitglied", None)}


# -- authorisation -------------------------------------------------------------------------------

def test_ausschuss_reads_but_cannot_change(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")
    assert client.get("/netzwerke/").status_code == 200
    assert client.get(f"/netzwerke/{w.konferenz}").status_code == 200
    assert client.get("/netzwerke/neu").status_code == 403
    token = csrf_token(client, "/netzwerke/")
    for path in ("bearbeiten", "loeschen", f"mitglieder/{w.kita}/hinzufuegen",
                 f"mitglieder/{w.awo}/bearbeiten", f"mitglieder/{w.awo}/entfernen"):
        assert client.post(f"/netzwerke/{w.konferenz}/{path}",
                           data={"csrf_token": token}).status_code == 403
    assert len(networks.get(db, w.konferenz)["members"]) == 4


def test_area_limited_koordination_edits_only_networks_scoped_in_its_areas(client, db, login_as):
    w = _world(db)
    login_as("koordination", areas=[w.nord])
    token = csrf_token(client, "/netzwerke/")
    # Inside: the Konferenz is scoped to Altstadt, below Nord.
    inside = f"/netzwerke/{w.konferenz}"
    assert "Bearbeiten" in client.get(inside).get_data(as_text=True)
    assert client.post(f"{inside}/mitglieder/{w.kita}/hinzufuegen",
                       data={"csrf_token": token, f"neu-{w.kita}-role": "gast"}).status_code == 302
    assert _member(networks.get(db, w.konferenz), w.kita)["role"] == "gast"
    # ... but may not move it out of its areas.
    moved = post_form(client, f"{inside}/bearbeiten", _form(name="Konferenz", scope=w.auen,
                                                              version="2"))
    assert "Diesen Sozialraum dürfen Sie nicht bearbeiten" in moved.get_data(as_text=True)
    assert networks.get(db, w.konferenz)["scope"]["id"] == w.altstadt
    ok = post_form(client, f"{inside}/bearbeiten", _form(
        name="Konferenz", type="gremium", scope=w.markt, version="2"))
    assert ok.status_code == 302

    # Outside (Süd) and unscoped networks: 403.
    for network in (w.tisch, w.ag78):
        assert client.get(f"/netzwerke/{network}/bearbeiten").status_code == 403
        assert client.get(f"/netzwerke/{network}/loeschen").status_code == 403
        assert client.post(f"/netzwerke/{network}/mitglieder/{w.awo}/hinzufuegen",
                           data={"csrf_token": token}).status_code == 403
        assert client.post(f"/netzwerke/{network}/mitglieder/{w.kita}/entfernen",
                           data={"csrf_token": token, "bestaetigt": "1"}).status_code == 403
    assert len(networks.get(db, w.tisch)["members"]) == 1

    # Creating: only with a scope inside the account's areas.
    for scope, message in (("", "nur Konten ohne Gebietsbeschränkung"),
                           (w.auen, "Diesen Sozialraum dürfen Sie nicht bearbeiten")):
        refused = post_form(client, "/netzwerke/neu", _form(name="Neu", scope=scope))
        assert message in refused.get_data(as_text=True)
    assert post_form(client, "/netzwerke/neu",
                     _form(name="Neu", scope=w.altstadt)).status_code == 302
    assert networks.search(db, networks.Filters(q="neu")).total == 1


def test_every_networks_route_has_a_policy_entry(app):
    from registry import policy

    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("networks."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert policy.permission_for(rule.endpoint, method) is not None, rule
