"""Kooperationsvereinbarungen through the web UI, against the real Neo4j:
list (search, filters, sorting, paging), detail, create with the party
search, edit with optimistic locking, parties, delete and restore, area-
limited editing, and the refusal of bad input."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

import htmlpage
from conftest import csrf_token, post_form
from factories import GraphBuilder
from registry.entities import agreements
from registry import history


def _days(n: int) -> date:
    """``n`` days from today, read at each call (the app reads the date per request)."""
    return date.today() + timedelta(days=n)


def _iso(n: int):
    """A form date ``n`` days from today, read when the test runs, not at import."""
    return lambda: _days(n).isoformat()


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
    w.schutz = g.agreement(
        "Kinderschutz Müllerstraße", [(w.awo, "Träger"), (w.ja, "Jugendamt"), w.rat],
        type="kinderschutz_8a", valid_from=_days(-400), valid_until=_days(30),
        status="aktiv", participation="angehoert", subject="Vereinbarung nach § 8a",
        document_ref="Az. 51-001")
    w.ferien = g.agreement("Ferienprogramm Auen", [w.kita, w.verein], type="informell",
                           valid_from=_days(20), status="entwurf")
    w.alt = g.agreement("Alte Absprache", [w.kita, w.ja], type="kooperation",
                        valid_from=_days(-900), valid_until=_days(-10), status="ausgelaufen")
    g.save()
    return w


def _titles(page: str) -> list[str]:
    """Agreement titles linked in the list table, in order."""
    return htmlpage.row_header_links(page, "/vereinbarungen/")


def _form(**overrides) -> dict:
    data = {"title": "Kooperation Schule und Jugendhilfe", "type": "jugendhilfe_schule",
            "subject": "", "valid_from": _days(-5).isoformat(), "valid_until": "",
            "status": "aktiv", "review_date": "", "document_ref": "",
            "participation": "informiert"}
    data.update(overrides)
    return data


# -- list ----------------------------------------------------------------------------------

def test_list_searches_folded_and_filters_by_type_status_area_and_expiry(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")

    page = client.get("/vereinbarungen/").get_data(as_text=True)
    assert _titles(page) == ["Alte Absprache", "Ferienprogramm Auen", "Kinderschutz Müllerstraße"]

    # Folded search: "muller" finds "Müller".
    assert _titles(client.get("/vereinbarungen/?q=muller").get_data(as_text=True)) == [
        "Kinderschutz Müllerstraße"]
    assert _titles(client.get("/vereinbarungen/?art=informell").get_data(as_text=True)) == [
        "Ferienprogramm Auen"]
    assert _titles(client.get("/vereinbarungen/?status=ausgelaufen").get_data(as_text=True)) == [
        "Alte Absprache"]
    # Bezirk Nord includes its Sozialraum Altstadt and Quartier Marktviertel.
    in_nord = client.get(f"/vereinbarungen/?sozialraum={w.nord}").get_data(as_text=True)
    assert _titles(in_nord) == ["Kinderschutz Müllerstraße"]
    in_sued = client.get(f"/vereinbarungen/?sozialraum={w.sued}").get_data(as_text=True)
    assert _titles(in_sued) == ["Alte Absprache", "Ferienprogramm Auen"]
    # Active and ending within 60 days.
    expiring = client.get("/vereinbarungen/?ablauf_tage=60").get_data(as_text=True)
    assert _titles(expiring) == ["Kinderschutz Müllerstraße"]
    assert _titles(client.get("/vereinbarungen/?ablauf_tage=10").get_data(as_text=True)) == []
    # Filters combine, and an unknown type posted by hand is ignored, not an error.
    both = client.get(f"/vereinbarungen/?sozialraum={w.sued}&status=entwurf&art=quatsch")
    assert both.status_code == 200
    assert _titles(both.get_data(as_text=True)) == ["Ferienprogramm Auen"]


def test_list_sorts_pages_and_keeps_filter_state_in_links(client, db, login_as):
    _world(db)
    login_as("ausschuss")
    by_until = client.get("/vereinbarungen/?sort=-valid_until").get_data(as_text=True)
    # Descending: open-ended (no date) first, then the latest end.
    assert _titles(by_until) == ["Ferienprogramm Auen", "Kinderschutz Müllerstraße",
                                 "Alte Absprache"]
    assert 'aria-sort="descending"' in by_until
    # A sort key outside the whitelist falls back to the title.
    bogus = client.get("/vereinbarungen/?sort=id;DROP").get_data(as_text=True)
    assert _titles(bogus) == ["Alte Absprache", "Ferienprogramm Auen",
                              "Kinderschutz Müllerstraße"]

    first = client.get("/vereinbarungen/?q=a&pro_seite=2&sort=title").get_data(as_text=True)
    assert _titles(first) == ["Alte Absprache", "Ferienprogramm Auen"]
    assert "Seite 1 von 2" in first
    next_link = htmlpage.parse(first).find(rel="next")["href"]
    assert "q=a" in next_link and "pro_seite=2" in next_link and "seite=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert _titles(second) == ["Kinderschutz Müllerstraße"]
    assert "3–3 von 3 Einträgen" in second


def test_list_empty_states(client, db, login_as):
    login_as("koordination")
    empty = client.get("/vereinbarungen/").get_data(as_text=True)
    assert "Noch keine Vereinbarungen erfasst." in empty
    assert 'href="/vereinbarungen/neu"' in empty
    _world(db)
    none = client.get("/vereinbarungen/?q=gibtesnicht").get_data(as_text=True)
    assert "Keine Vereinbarung passt zu diesen Filtern." in none


# -- detail ---------------------------------------------------------------------------------

def test_detail_shows_parties_with_kind_role_area_and_bodies_separately(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")
    response = client.get(f"/vereinbarungen/{w.schutz}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Kinderschutz Müllerstraße</h1>" in page
    assert "Schutzauftrag nach § 8a SGB VIII" in page and "angehört / beraten" in page
    assert "Az. 51-001" in page
    # Parties link to their actor pages, with kind, Sozialraum and role.
    assert f'<a href="/akteure/{w.awo}">AWO Müllerstraße</a>' in page
    assert f'<a href="/sozialraeume/{w.markt}">Marktviertel</a>' in page
    assert "Freier Träger" in page and "Träger" in page
    # The user-representation body appears in its own section.
    bodies = htmlpage.parse(page).find("section", aria_labelledby="gremien")
    assert bodies.find("h2").text.startswith("Beteiligte Selbstvertretungen")
    assert bodies.find("a", href=f"/akteure/{w.rat}").text == "Jugendrat Lindenau"
    assert "AWO" not in bodies.text
    # Read-only role: no edit controls.
    assert "Bearbeiten" not in page and "Partei hinzufügen" not in page
    assert "Noch keine Änderungen aufgezeichnet." in page

    other = client.get(f"/vereinbarungen/{w.ferien}").get_data(as_text=True)
    assert "Keine Selbstvertretung der Nutzer*innen ist Partei" in other
    assert client.get("/vereinbarungen/ffffffffffff").status_code == 404


def test_detail_warns_when_stored_status_no_longer_fits_dates(client, db, login_as):
    g = GraphBuilder(db)
    a, b = g.actor("A"), g.actor("B")
    drifted = g.agreement("Abgelaufen, aber aktiv", [a, b], valid_from=_days(-500),
                          valid_until=_days(-1), status="aktiv")
    g.save()
    login_as("ausschuss")
    page = client.get(f"/vereinbarungen/{drifted}").get_data(as_text=True)
    assert "Der Status passt nicht mehr zu den Daten." in page


# -- create ---------------------------------------------------------------------------------

def test_create_picks_parties_by_search_then_saves_with_history(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    url = "/vereinbarungen/neu"
    assert client.get(url).status_code == 200

    # "Akteure suchen" keeps everything typed and offers the hits as checkboxes.
    found = post_form(client, url, _form(title="Meine neue Vereinbarung", action="search",
                                         party_search="muller"))
    page = found.get_data(as_text=True)
    assert found.status_code == 200
    assert 'value="Meine neue Vereinbarung"' in page
    assert f'value="{w.awo}"' in page and "AWO Müllerstraße" in page
    assert "Jugendamt Lindenau" not in page
    assert "Bitte korrigieren" not in page  # searching is not saving

    # A second search keeps the ticked actor and adds the new hits.
    again = post_form(client, url, _form(action="search", party_search="jugendamt",
                                         parties=[w.awo])).get_data(as_text=True)
    assert any(box.has("checked") for box in htmlpage.parse(again).find_all("input", value=w.awo))
    assert f'value="{w.ja}"' in again

    saved = post_form(client, url, _form(title="Meine neue Vereinbarung", action="save",
                                         parties=[w.awo, w.ja]))
    assert saved.status_code == 302
    new_id = saved.headers["Location"].rsplit("/", 1)[1]
    agreement = agreements.get(db, new_id)
    assert agreement["title"] == "Meine neue Vereinbarung"
    assert agreement["status"] == "aktiv" and agreement["valid_from"] == _days(-5)
    assert agreement["search_name"] == "meine neue vereinbarung"
    assert {p["name"] for p in agreement["parties"]} == {"AWO Müllerstraße", "Jugendamt Lindenau"}

    [event] = history.for_entity(db, new_id)
    assert event["action"] == "create" and event["by"] == user.email
    # Stored with keys, shown in German (the relation's own rows).
    shown = agreements.history_events(db, new_id)[0]["fields"]
    assert {"field": "Partei", "old": None, "new": "AWO Müllerstraße"} in shown
    assert {"field": "title", "old": None, "new": "Meine neue Vereinbarung"} in event["fields"]
    detail = client.get(f"/vereinbarungen/{new_id}").get_data(as_text=True)
    # The history on the page shows German field labels and who did it.
    assert "<td>Titel</td><td></td><td>Meine neue Vereinbarung</td>" in detail
    assert f"<td>{user.email}</td>" in detail


@pytest.mark.parametrize("parties", [[], ["awo"], ["awo", "awo"]])
def test_create_refuses_fewer_than_two_distinct_parties(client, db, login_as, parties):
    w = _world(db)
    login_as("koordination")
    ids = [getattr(w, p) for p in parties]
    response = post_form(client, "/vereinbarungen/neu", _form(action="save", parties=ids))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte mindestens zwei verschiedene Parteien auswählen." in page
    assert agreements.search(db, agreements.Filters()).total == 3


def test_create_refuses_unknown_actor_id_posted_by_hand(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    response = post_form(client, "/vereinbarungen/neu",
                         _form(action="save", parties=[w.awo, "ffffffffffff"]))
    assert "Ungültige Auswahl." in response.get_data(as_text=True)
    assert agreements.search(db, agreements.Filters()).total == 3


BAD_INPUT = [
    ({"title": "  "}, "title", "Bitte einen Titel angeben."),
    ({"title": "x" * 201}, "title", "höchstens 200 Zeichen"),
    ({"subject": "x" * 2001}, "subject", "höchstens 2000 Zeichen"),
    ({"document_ref": "x" * 201}, "document_ref", "höchstens 200 Zeichen"),
    ({"valid_from": _iso(-5), "valid_until": _iso(-6),
      "status": "entwurf"}, "valid_until", "„gültig bis“ darf nicht vor „gültig ab“ liegen."),
    ({"valid_from": _iso(3)}, "status", "„aktiv“ passt nur"),
    ({"valid_from": ""}, "status", "„aktiv“ passt nur"),
    ({"valid_until": _iso(-1), "valid_from": _iso(-30)},
     "status", "„gültig bis“ liegt in der Vergangenheit"),
    ({"status": "ausgelaufen", "valid_until": _iso(5)}, "status",
     "„ausgelaufen“ passt nur"),
    ({"status": "ausgelaufen", "valid_until": ""}, "status", "„ausgelaufen“ passt nur"),
    ({"valid_from": "31.02.2024"}, "valid_from", "Bitte ein gültiges Datum angeben"),
    ({"type": "geheim"}, "type", "Ungültige Auswahl."),
    ({"status": "archiviert"}, "status", "Ungültige Auswahl."),
    ({"participation": "total"}, "participation", "Ungültige Auswahl."),
]


@pytest.mark.parametrize("overrides,field,message", BAD_INPUT)
def test_bad_input_is_refused_next_to_the_field(client, db, login_as, overrides, field, message):
    overrides = {k: v() if callable(v) else v for k, v in overrides.items()}
    w = _world(db)
    login_as("koordination")
    # On create ...
    response = post_form(client, "/vereinbarungen/neu",
                         _form(action="save", parties=[w.awo, w.ja], **overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    error = htmlpage.parse(page).find("p", class_="error-message", id=f"{field}-error")
    assert error is not None and message in error.text, page
    assert agreements.search(db, agreements.Filters()).total == 3
    # ... and on edit: nothing changes.
    before = agreements.get(db, w.ferien)
    url = f"/vereinbarungen/{w.ferien}/bearbeiten"
    response = post_form(client, url, _form(version=before["version"], **overrides))
    assert message in htmlpage.field_error(response.get_data(as_text=True), field)
    after = agreements.get(db, w.ferien)
    assert after == before


def test_entwurf_and_gekuendigt_are_free_of_date_rules(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    for status in ("entwurf", "gekuendigt"):
        response = post_form(client, "/vereinbarungen/neu", _form(
            title=f"Frei {status}", status=status, valid_from=_days(100).isoformat(),
            action="save", parties=[w.awo, w.kita]))
        assert response.status_code == 302, status
    assert agreements.search(db, agreements.Filters(q="frei")).total == 2


# -- edit and optimistic locking -----------------------------------------------------------

def test_edit_saves_and_records_each_changed_field(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    url = f"/vereinbarungen/{w.ferien}/bearbeiten"
    form_page = client.get(url).get_data(as_text=True)
    assert 'value="Ferienprogramm Auen"' in form_page
    assert htmlpage.parse(form_page).find("input", name="version")["value"] == "1"
    response = post_form(client, url, _form(
        title="Ferienprogramm Auen 2025", type="informell", status="entwurf",
        valid_from=_days(20).isoformat(), valid_until=_days(120).isoformat(),
        participation="keine", version="1"))
    assert response.status_code == 302
    saved = agreements.get(db, w.ferien)
    assert saved["title"] == "Ferienprogramm Auen 2025" and saved["version"] == 2
    assert saved["valid_until"] == _days(120)
    assert saved["search_name"] == "ferienprogramm auen 2025"
    [event] = history.for_entity(db, w.ferien)
    assert event["action"] == "update" and event["by"] == user.email
    assert sorted(f["field"] for f in event["fields"]) == ["title", "valid_until"]
    page = client.get(f"/vereinbarungen/{w.ferien}").get_data(as_text=True)
    assert f"<td>gültig bis</td><td></td><td>{_days(120).isoformat()}</td>" in page


def test_stale_edit_is_refused_and_keeps_what_was_typed(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    url = f"/vereinbarungen/{w.ferien}/bearbeiten"
    client.get(url)  # the form was opened at version 1 ...
    # ... then someone else saved.
    agreements.update(db, w.ferien, 1, dict(agreements.get(db, w.ferien), title="Von Kollegin"),
                      "kollegin@example.org")
    response = post_form(client, url, _form(title="Mein Entwurf", status="entwurf",
                                            valid_from="", version="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in page
    assert 'value="Mein Entwurf"' in page
    saved = agreements.get(db, w.ferien)
    assert saved["title"] == "Von Kollegin" and saved["version"] == 2
    # A missing or garbled version is treated the same way.
    response = post_form(client, url, _form(title="Mein Entwurf", status="entwurf",
                                            valid_from="", version="abc"))
    assert "inzwischen von jemand anderem geändert" in response.get_data(as_text=True)
    assert agreements.get(db, w.ferien)["title"] == "Von Kollegin"


def test_html_in_fields_is_stored_as_text_and_shown_escaped(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    script = "<script>alert(1)</script>"
    response = post_form(client, "/vereinbarungen/neu", _form(
        title=script, subject=f"<b>fett</b>{script}", action="save", parties=[w.awo, w.ja]))
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    assert agreements.get(db, new_id)["title"] == script
    for url in ("/vereinbarungen/", f"/vereinbarungen/{new_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert script not in page and "<b>fett</b>" not in page


# -- parties ----------------------------------------------------------------------------------

def test_party_search_on_the_detail_page_lists_only_new_candidates(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    page = client.get(f"/vereinbarungen/{w.schutz}?suche=lindenau").get_data(as_text=True)
    hits = page.split("Gefundene Akteure", 1)[1] if "Gefundene Akteure" in page else ""
    # Both "Lindenau" actors are parties already: nothing to add.
    assert "Jugendamt Lindenau" not in hits
    assert "Kein passender Akteur gefunden" in page
    page = client.get(f"/vereinbarungen/{w.schutz}?suche=SONNEN").get_data(as_text=True)
    assert f'action="/vereinbarungen/{w.schutz}/parteien/{w.kita}/hinzufuegen"' in page
    assert '="None"' not in page  # no empty ARIA attributes on the row forms


def test_party_type_ahead_endpoint_has_the_rights_of_adding_parties(client, db, login_as):
    w = _world(db)
    url = f"/vereinbarungen/{w.schutz}/parteien/suche.json"
    login_as("ausschuss")
    assert client.get(f"{url}?q=sonnen").status_code == 403
    login_as("koordination", areas=[w.nord])
    # Outside the account's areas: refused like the add form.
    assert client.get(f"/vereinbarungen/{w.alt}/parteien/suche.json?q=awo").status_code == 403
    data = client.get(f"{url}?q=SONNEN").get_json()
    assert [r["name"] for r in data["results"]] == ["Kita Sonnenschein"]
    assert data["results"][0]["add_url"] == f"/vereinbarungen/{w.schutz}/parteien/{w.kita}/hinzufuegen"
    assert data["more"] is False
    # Parties already in the agreement are not offered again.
    assert client.get(f"{url}?q=lindenau").get_json()["results"] == []
    assert client.get("/vereinbarungen/unbekannt/parteien/suche.json?q=a").status_code == 404
    # The page's search field asks that endpoint while typing.
    page = htmlpage.parse(client.get(f"/vereinbarungen/{w.schutz}").get_data(as_text=True))
    assert page.find("form", data_picker_url=True)["data-picker-url"] == url


def test_parties_are_added_given_roles_and_removed_with_history(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    base = f"/vereinbarungen/{w.ferien}"
    token = csrf_token(client, base)

    added = client.post(f"{base}/parteien/{w.awo}/hinzufuegen",
                        data={"csrf_token": token, f"neu-{w.awo}-role": "Moderation"})
    assert added.status_code == 302
    agreement = agreements.get(db, w.ferien)
    assert agreement["version"] == 2
    assert {"id": w.awo, "role": "Moderation"}.items() <= next(
        p for p in agreement["parties"] if p["id"] == w.awo).items()

    # The same party twice is refused.
    again = client.post(f"{base}/parteien/{w.awo}/hinzufuegen",
                        data={"csrf_token": token}, follow_redirects=True)
    assert "ist bereits Partei dieser Vereinbarung" in again.get_data(as_text=True)
    assert len(agreements.get(db, w.ferien)["parties"]) == 3

    # Role: too long is refused next to the field, a good one is saved.
    long_role = client.post(f"{base}/parteien/{w.awo}/rolle",
                            data={"csrf_token": token, f"p-{w.awo}-role": "x" * 121})
    assert htmlpage.field_error(long_role.get_data(as_text=True), f"p-{w.awo}-role").startswith(
        "Bitte höchstens 120 Zeichen")
    role = client.post(f"{base}/parteien/{w.awo}/rolle",
                       data={"csrf_token": token, f"p-{w.awo}-role": "Ko-Träger"})
    assert role.status_code == 302
    party = next(p for p in agreements.get(db, w.ferien)["parties"] if p["id"] == w.awo)
    assert party["role"] == "Ko-Träger"

    # Removing asks first; nothing happens until confirmed.
    ask = client.post(f"{base}/parteien/{w.kita}/entfernen", data={"csrf_token": token})
    assert ask.status_code == 200 and "Ja, Partei entfernen" in ask.get_data(as_text=True)
    assert len(agreements.get(db, w.ferien)["parties"]) == 3
    done = client.post(f"{base}/parteien/{w.kita}/entfernen",
                       data={"csrf_token": token, "bestaetigt": "1"})
    assert done.status_code == 302
    agreement = agreements.get(db, w.ferien)
    assert {p["id"] for p in agreement["parties"]} == {w.awo, w.verein}
    assert agreement["version"] == 4  # add, role, remove each raised it; refusals did not

    events = agreements.history_events(db, w.ferien)
    assert [e["action"] for e in events] == ["relation"] * 3
    assert all(e["by"] == user.email for e in events)
    fields = [e["fields"][0] for e in reversed(events)]
    assert fields[0] == {"field": "Partei", "old": None, "new": "AWO Müllerstraße (Moderation)"}
    assert fields[1] == {"field": "Rolle von AWO Müllerstraße", "old": "Moderation",
                         "new": "Ko-Träger"}
    assert fields[2] == {"field": "Partei", "old": "Kita Sonnenschein", "new": None}

    # Two parties left: removing one more is refused, before and after confirming.
    for data in ({}, {"bestaetigt": "1"}):
        refused = client.post(f"{base}/parteien/{w.verein}/entfernen",
                              data={"csrf_token": token, **data}, follow_redirects=True)
        assert "Eine Vereinbarung braucht mindestens zwei Parteien" in refused.get_data(as_text=True)
    assert len(agreements.get(db, w.ferien)["parties"]) == 2


def test_party_changes_need_the_csrf_token(client, db, login_as):
    w = _world(db)
    login_as("koordination")
    response = client.post(f"/vereinbarungen/{w.ferien}/parteien/{w.awo}/hinzufuegen", data={})
    assert response.status_code == 400
    assert len(agreements.get(db, w.ferien)["parties"]) == 2


# -- delete and restore ---------------------------------------------------------------------

def test_delete_asks_first_then_deletes_and_restore_brings_back_parties(client, db, login_as):
    w = _world(db)
    user = login_as("koordination")
    url = f"/vereinbarungen/{w.schutz}/loeschen"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, endgültig löschen" in confirm.get_data(as_text=True)
    assert agreements.get(db, w.schutz) is not None

    response = post_form(client, url, {}, form_url=url)
    assert response.status_code == 302
    assert agreements.get(db, w.schutz) is None
    assert client.get(f"/vereinbarungen/{w.schutz}").status_code == 404

    [deletion] = [d for d in history.deleted(db) if d["entity_id"] == w.schutz]
    assert deletion["entity_type"] == "agreement" and deletion["by"] == user.email
    result = history.restore(db, deletion["id"], "admin@example.org")
    assert result["relations"] == 3
    restored = agreements.get(db, w.schutz)
    assert restored["title"] == "Kinderschutz Müllerstraße"
    assert {(p["id"], p["role"]) for p in restored["parties"]} == {
        (w.awo, "Träger"), (w.ja, "Jugendamt"), (w.rat, None)}
    assert restored["valid_until"] == _days(30)


# -- authorisation ----------------------------------------------------------------------------

def test_ausschuss_reads_but_cannot_change(client, db, login_as):
    w = _world(db)
    login_as("ausschuss")
    assert client.get("/vereinbarungen/").status_code == 200
    assert client.get(f"/vereinbarungen/{w.schutz}").status_code == 200
    assert client.get("/vereinbarungen/neu").status_code == 403
    assert client.get(f"/vereinbarungen/{w.schutz}/bearbeiten").status_code == 403
    token = csrf_token(client, "/vereinbarungen/")
    assert client.post(f"/vereinbarungen/{w.schutz}/loeschen",
                       data={"csrf_token": token}).status_code == 403
    assert client.post(f"/vereinbarungen/{w.schutz}/parteien/{w.kita}/hinzufuegen",
                       data={"csrf_token": token}).status_code == 403
    assert len(agreements.get(db, w.schutz)["parties"]) == 3


def test_area_limited_koordination_edits_only_agreements_with_a_party_in_its_areas(
        client, db, login_as):
    w = _world(db)
    login_as("koordination", areas=[w.nord])
    token = csrf_token(client, "/vereinbarungen/")
    # Inside: AWO sits in Marktviertel, below Nord.
    inside = f"/vereinbarungen/{w.schutz}"
    assert "Bearbeiten" in client.get(inside).get_data(as_text=True)
    assert client.get(f"{inside}/bearbeiten").status_code == 200
    response = post_form(client, f"{inside}/bearbeiten", _form(
        title="Kinderschutz Müllerstraße (neu)", type="kinderschutz_8a",
        valid_from=_days(-400).isoformat(), valid_until=_days(30).isoformat(), version="1"))
    assert response.status_code == 302
    assert agreements.get(db, w.schutz)["title"] == "Kinderschutz Müllerstraße (neu)"
    assert client.post(f"{inside}/parteien/{w.kita}/hinzufuegen",
                       data={"csrf_token": token}).status_code == 302

    # Outside: all parties of "Alte Absprache" sit in Süd or at city level.
    outside = f"/vereinbarungen/{w.alt}"
    assert "Bearbeiten" not in client.get(outside).get_data(as_text=True)
    assert client.get(f"{outside}/bearbeiten").status_code == 403
    assert client.get(f"{outside}/loeschen").status_code == 403
    assert client.post(f"{outside}/loeschen", data={"csrf_token": token}).status_code == 403
    for action in ("hinzufuegen", "rolle", "entfernen"):
        actor = w.awo if action == "hinzufuegen" else w.kita
        assert client.post(f"{outside}/parteien/{actor}/{action}",
                           data={"csrf_token": token, "bestaetigt": "1"}).status_code == 403
    assert len(agreements.get(db, w.alt)["parties"]) == 2

    # Creating needs at least one party inside the account's areas.
    refused = post_form(client, "/vereinbarungen/neu",
                        _form(title="Nur Süd", action="save", parties=[w.kita, w.verein]))
    assert "in einem Sozialraum liegen, den Sie bearbeiten dürfen" in refused.get_data(as_text=True)
    created = post_form(client, "/vereinbarungen/neu",
                        _form(title="Nord und Süd", action="save", parties=[w.rat, w.kita]))
    assert created.status_code == 302
    assert agreements.search(db, agreements.Filters(q="nord und sud")).total == 1


def test_every_agreements_route_has_a_policy_entry(app):
    from registry import policy

    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("agreements."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert policy.permission_for(rule.endpoint, method) is not None, rule
