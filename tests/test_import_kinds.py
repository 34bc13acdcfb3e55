"""Import of everything a person can enter besides actors, agreements and
memberships: Sozialräume, target groups, the target groups of actors,
contact persons and networks. Each: a valid file goes in (and a second time
changes nothing), bad rows are refused with a German message and change
nothing, a limited account stays inside its areas."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from factories import GraphBuilder
from graphstate import change_count, fingerprint
from registry.exchange import importer, planners, readers, templates
from test_import import city  # noqa: F401  (the fixture)

TODAY = date(2026, 1, 15)


def table(text: str) -> readers.Table:
    return readers.read_table(text.encode("utf-8"), "datei.csv")


def run(db, entity, text, dry_run=False, areas=None):
    ctx = importer.Context(today=TODAY, allowed_areas=None if areas is None else frozenset(areas))
    return importer.run(db, entity, table(text), ctx=ctx, dry_run=dry_run)


def refused(db, entity, text, areas=None) -> list[tuple[int, str | None, str]]:
    """The problems of a refused file, after checking it changed nothing."""
    before, changes = fingerprint(db), change_count(db)
    with pytest.raises(importer.ImportRefused) as caught:
        run(db, entity, text, areas=areas)
    assert fingerprint(db) == before and change_count(db) == changes
    return [(p.row, p.column, p.message) for p in caught.value.report.problems]


def again_unchanged(db, entity, text) -> None:
    before, changes = fingerprint(db), change_count(db)
    report = run(db, entity, text)
    assert report.changes == 0 and report.unchanged == report.rows
    assert fingerprint(db) == before and change_count(db) == changes


@pytest.fixture
def town(db, city):
    """test_import's city (Lindenau > Mitte > Nordstadt, Südviertel) with actors."""
    g = GraphBuilder(db)
    city["ja"] = g.actor("Jugendamt Lindenau", kind="jugendamt", area=city["stadt"])
    city["awo"] = g.actor("AWO Lindenau", area=city["nord"], external_id="AWO-1")
    city["kita_sued"] = g.actor("Kita Süd", kind="kita", area=city["sued"], operator=city["awo"])
    g.save()
    return city


def areas_by_name(db) -> dict[str, dict]:
    return {row["name"]: row for row in db.read("exchange_areas")}


# -- Sozialräume ------------------------------------------------------------------------

AREAS = """Kennung;Name;Ebene;Siedlungsstruktur;Liegt in
LIN-01-01-02;Am Hang;Quartier;ländlich;Rosenhöhe
LIN-02;Ost;Bezirk;;LIN
LIN-01-03;Rosenhöhe;Sozialraum;städtisch;Mitte
"""


def test_areas_import_builds_a_hierarchy_in_any_row_order(db, town):
    report = run(db, "areas", AREAS.replace("Rosenhöhe\n", "LIN-01-03\n"))
    assert (report.created, report.problems) == (3, [])
    found = areas_by_name(db)
    assert found["Am Hang"]["parent"] == found["Rosenhöhe"]["id"]
    assert found["Rosenhöhe"]["parent"] == town["mitte"]
    assert found["Ost"]["level"] == "bezirk" and found["Ost"]["parent"] == town["stadt"]
    again_unchanged(db, "areas", AREAS.replace("Rosenhöhe\n", "LIN-01-03\n"))


def test_areas_import_updates_and_moves_by_code(db, town):
    report = run(db, "areas", "Kennung;Name;Ebene;Liegt in\nLIN-01-02;Südstadt;Sozialraum;\n"
                              "LIN-02;Ost;Bezirk;Lindenau\n")
    assert (report.created, report.updated) == (1, 1)  # renamed; an empty cell keeps the parent
    assert areas_by_name(db)["Südstadt"]["parent"] == town["mitte"]
    report = run(db, "areas", "Kennung;Name;Ebene;Liegt in\nLIN-01-02;Südstadt;Sozialraum;Ost\n")
    assert report.updated == 1
    found = areas_by_name(db)
    assert found["Südstadt"]["id"] == town["sued"] and found["Südstadt"]["parent"] == found["Ost"]["id"]


def test_areas_import_refuses_broken_hierarchy_in_german(db, town):
    problems = refused(db, "areas", "Kennung;Name;Ebene;Liegt in\n;Ohne Ebene;;\n"
                                    ";Komisch;Galaxie;\n")
    assert problems[0] == (2, "Ebene", "Pflichtangabe fehlt.")
    assert problems[1][2].startswith("Unbekannte Ebene „Galaxie“. Erlaubt: Stadt / Kreis, Bezirk")
    problems = refused(db, "areas", "Kennung;Name;Ebene;Liegt in\n"
                                    "X1;Am Bach;Quartier;Nordstadt\n"      # fine
                                    "X2;Falsch;Sozialraum;Lindenau\n"      # a level skipped
                                    "X3;Nirgends;Quartier;Atlantis\n"
                                    "X4;Kreis A;Bezirk;X5\nX5;Kreis B;Bezirk;X4\n"
                                    "X6;Selbst;Bezirk;X6\n")
    messages = {row: message for row, _column, message in problems}
    assert sorted(messages) == [3, 4, 5, 6, 7]
    assert ("Ein Gebiet der Ebene „Sozialraum“ liegt direkt in einem Gebiet der Ebene „Bezirk“, "
            "nicht in „Stadt / Kreis“.") == messages[3]
    assert messages[4] == "Unbekannter Sozialraum „Atlantis“."
    assert messages[5] == "„Kreis B“ liegt selbst in diesem Sozialraum; er kann nicht darin liegen."
    assert messages[7] == "Ein Sozialraum kann nicht in sich selbst liegen."


def test_areas_import_checks_children_when_the_level_changes(db, town):
    problems = refused(db, "areas", "Kennung;Name;Ebene\nLIN-01;Mitte;Sozialraum\n")
    assert any("passt nicht zu den Unter-Gebieten (Nordstadt, Südviertel)" in m
               or "liegt direkt in einem Gebiet" in m for _r, _c, m in problems)


def test_areas_import_keeps_a_limited_account_in_its_areas(db, town):
    ok = run(db, "areas", "Kennung;Name;Ebene;Liegt in\nN-1;Am Bach;Quartier;Nordstadt\n",
             areas=[town["nord"]])
    assert ok.created == 1
    problems = refused(db, "areas", "Kennung;Name;Ebene;Liegt in\nS-1;Am Feld;Quartier;Südviertel\n"
                                    "LIN-01-02;Süd;Sozialraum;Mitte\n", areas=[town["nord"]])
    assert [m for _r, _c, m in problems] == [
        "Sie dürfen Sozialräume nur innerhalb Ihrer eigenen Sozialräume anlegen.",
        "Dieser Eintrag liegt außerhalb Ihrer Sozialräume; Sie dürfen ihn nicht ändern."]


# -- target groups -----------------------------------------------------------------------

def test_target_groups_import_and_letter_case(db, town):
    g = GraphBuilder(db)
    g.target_group("Alleinerziehende")
    g.save()
    report = run(db, "target_groups", "Name\nFamilien mit Kleinkindern\nalleinerziehende\n")
    assert (report.created, report.unchanged) == (1, 1)
    names = sorted(row["name"] for row in db.read("exchange_target_group_index"))
    assert names == ["Alleinerziehende", "Familien mit Kleinkindern"]
    again_unchanged(db, "target_groups", "Name\nFamilien mit Kleinkindern\n")


def test_target_groups_are_shared_and_refused_for_limited_accounts(db, town):
    problems = refused(db, "target_groups", "Name\nNeue Gruppe\nNeue gruppe\n;\n",
                       areas=[town["nord"]])
    assert problems[0][2].startswith("Zielgruppen sind eine gemeinsame Liste")
    assert problems[1][2].startswith("Doppelt in der Datei")


# -- target groups of actors ---------------------------------------------------------------

def test_actor_target_groups_replace_and_clear(db, town):
    g = GraphBuilder(db)
    familien, jugend = g.target_group("Familien"), g.target_group("Jugendliche")
    g.save()
    report = run(db, "actor_target_groups",
                 "Akteur;Zielgruppen\nAWO-1;Familien | jugendliche\nKita Süd;Familien\n")
    assert report.updated == 2
    served = {row["id"]: sorted(row["groups"]) for row in db.read(
        "exchange_actor_target_groups", ids=[town["awo"], town["kita_sued"]])}
    assert served == {town["awo"]: sorted([familien, jugend]), town["kita_sued"]: [familien]}
    again_unchanged(db, "actor_target_groups", "Akteur;Zielgruppen\nAWO-1;Jugendliche|Familien\n")
    assert run(db, "actor_target_groups", "Akteur;Zielgruppen\nKita Süd;(leer)\n").updated == 1
    assert db.read("exchange_actor_target_groups", ids=[town["kita_sued"]])[0]["groups"] == []


def test_actor_target_groups_refused(db, town):
    g = GraphBuilder(db)
    g.target_group("Familien")
    g.save()
    problems = refused(db, "actor_target_groups",
                       "Akteur;Zielgruppen\nNiemand;Familien\nAWO-1;Senioren\nKita Süd;\n")
    assert problems == [
        (2, "Akteur", "Unbekannter Akteur „Niemand“: weder im Register noch in dieser Datei."),
        (3, "Zielgruppen", "Unbekannte Zielgruppe „Senioren“: weder im Register noch in diesem "
                           "Import."),
        (4, "Zielgruppen", "Pflichtangabe fehlt. Um alle Zielgruppen zu entfernen, „(leer)“ "
                           "eintragen.")]
    problems = refused(db, "actor_target_groups", "Akteur;Zielgruppen\nKita Süd;Familien\n",
                       areas=[town["nord"]])
    assert problems[0][2].startswith("Dieser Eintrag liegt außerhalb Ihrer Sozialräume")


# -- contacts ------------------------------------------------------------------------------

CONTACTS = """Akteur;Name;Funktion;E-Mail;Telefon;Öffentlich
AWO-1;Maria Beispiel;Leitung;m.beispiel@example.org;05561 123;ja
Kita Süd;Jonas Muster;;;;
"""


def contacts_of(db, actor_id) -> dict[str, dict]:
    return {row["props"]["name"]: row["props"] for row in db.read("exchange_contacts", ids=[actor_id])}


def test_contacts_import_with_public_flag(db, town):
    report = run(db, "contacts", CONTACTS)
    assert report.created == 2
    maria = contacts_of(db, town["awo"])["Maria Beispiel"]
    assert (maria["public"], maria["function"], maria["phone"]) == (True, "Leitung", "05561 123")
    assert contacts_of(db, town["kita_sued"])["Jonas Muster"]["public"] is False
    again_unchanged(db, "contacts", CONTACTS)
    report = run(db, "contacts", "Akteur;Name;Öffentlich;Funktion\nAWO-1;Maria Beispiel;nein;(leer)\n")
    assert report.updated == 1
    maria = contacts_of(db, town["awo"])["Maria Beispiel"]
    assert maria["public"] is False and "function" not in maria and maria["email"]


def test_contacts_refused_by_the_forms_rules(db, town):
    problems = refused(db, "contacts", "Akteur;Name;E-Mail;Telefon;Öffentlich\n"
                                       "AWO-1;A;keine-adresse;;\nAWO-1;B;;Ruf mich an;\n"
                                       "AWO-1;C;;;vielleicht\nAWO-1;;;;\nAWO-1;a;;;\n")
    assert problems == [
        (4, "Öffentlich", "Bitte „ja“ oder „nein“ angeben."),
        (5, "Name", "Pflichtangabe fehlt."),
        (6, "Name", "Doppelt in der Datei: derselbe Eintrag steht schon in Zeile 2."),
    ]
    problems = refused(db, "contacts", "Akteur;Name;E-Mail;Telefon\n"
                                       "AWO-1;A;keine-adresse;\nAWO-1;B;;Ruf mich an\n")
    assert problems == [(2, "E-Mail", "Bitte eine gültige E-Mail-Adresse angeben."),
                        (3, "Telefon", "Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden.")]
    problems = refused(db, "contacts", "Akteur;Name\nKita Süd;X\n", areas=[town["nord"]])
    assert problems[0][2].startswith("Dieser Eintrag liegt außerhalb Ihrer Sozialräume")


# -- networks ------------------------------------------------------------------------------

NETWORKS = """Externe ID;Name;Art;Sitzungsrhythmus;Beteiligung;Geltungsbereich;Koordinierender Akteur
NW-1;Frühe Hilfen Nord;Netzwerk;quartalsweise;informiert;Nordstadt;AWO-1
;AK Jugend;Arbeitskreis;;;;Jugendamt Lindenau
"""


def networks(db) -> dict[str, dict]:
    return {row["props"]["name"]: row for row in db.read("exchange_network_details")}


def test_networks_import_with_scope_and_coordinator(db, town):
    report = run(db, "networks", NETWORKS)
    assert report.created == 2
    found = networks(db)
    nord = found["Frühe Hilfen Nord"]
    assert (nord["scope"], nord["coordinator"]) == (town["nord"], town["awo"])
    assert (nord["props"]["rhythm"], nord["props"]["participation"]) == ("quartalsweise", "informiert")
    assert found["AK Jugend"]["props"]["participation"] == "keine"
    assert found["AK Jugend"]["scope"] is None
    again_unchanged(db, "networks", NETWORKS)
    report = run(db, "networks", "Externe ID;Name;Art;Geltungsbereich;Koordinierender Akteur\n"
                                 "NW-1;Frühe Hilfen Nordstadt;Netzwerk;(leer);\n")
    assert report.updated == 1
    nord = networks(db)["Frühe Hilfen Nordstadt"]
    assert nord["scope"] is None and nord["coordinator"] == town["awo"]


def test_networks_refused(db, town):
    problems = refused(db, "networks", "Name;Art;Beteiligung;Geltungsbereich;Koordinierender Akteur\n"
                                       "A;Verein;;;\nB;Netzwerk;sehr viel;;\nC;Gremium;;Atlantis;\n"
                                       "D;Gremium;;;Niemand\n")
    messages = [m for _r, _c, m in problems]
    assert messages[0].startswith("Unbekannte Art „Verein“. Erlaubt: Netzwerk, Arbeitskreis, Gremium")
    assert messages[1].startswith("Unbekannte Beteiligungsstufe „sehr viel“")
    assert messages[2] == "Unbekannter Sozialraum „Atlantis“."
    assert messages[3].startswith("Unbekannter Akteur „Niemand“")
    problems = refused(db, "networks", "Name;Art;Geltungsbereich\nAK Süd;Arbeitskreis;Südviertel\n"
                                       "AK Stadt;Arbeitskreis;\n", areas=[town["nord"]])
    assert [r for r, _c, _m in problems] == [2, 3]


# -- templates -----------------------------------------------------------------------------

@pytest.mark.parametrize("entity", ["areas", "target_groups", "actor_target_groups", "contacts",
                                    "networks"])
def test_each_new_template_downloads_and_is_recognised(client, login_as, entity):
    login_as("koordination")
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/import/vorlage/{entity}.{fmt}")
        assert response.status_code == 200
        read = readers.read_table(response.data, f"vorlage.{fmt}")
        assert read.headers == [c.header for c in templates.TEMPLATES[entity]]
        assert templates.detect_entity(read.headers) == entity


def test_every_import_kind_has_its_planner_without_an_import_loop():
    assert set(planners.PLANNERS) == set(importer.ENTITIES)
    # A fresh interpreter, starting from either side of the former loop.
    for first in ("registry.exchange.actors", "registry.exchange.importer"):
        subprocess.run([sys.executable, "-c", f"import {first}"], check=True)
