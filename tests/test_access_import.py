"""Area limits hold on every write path (issue 12): each import template,
matched by external id, name or title, with and without a Sozialraum column,
for an area-limited koordination account, an unlimited one and an admin;
the sector cascade of a Träger; the shared list of target groups."""
from __future__ import annotations

import io
from datetime import date

import pytest

from conftest import csrf_token, make_user, post_form
from factories import GraphBuilder
from registry import access, schema
from registry.entities import actors
from registry.exchange import importer, readers, uploads

TODAY = date(2026, 1, 15)


@pytest.fixture
def world(db):
    """Lindenau > Nordstadt, Südviertel with actors, agreements and networks."""
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    nord = g.area("Nordstadt", level="bezirk", parent=stadt, code="N")
    sued = g.area("Südviertel", level="bezirk", parent=stadt, code="S")
    haus_nord = g.actor("Haus Nord", area=nord, external_id="N-1")
    haus_sued = g.actor("Haus Süd", area=sued, external_id="S-1")
    verein_sued = g.actor("Verein Süd", kind="verein", area=sued)
    traeger = g.actor("Träger Nord", area=nord, external_id="T-1")
    g.actor("Kita Süd", kind="kita", area=sued, operator=traeger)
    g.agreement("Süd-Absprache", [haus_sued, verein_sued], external_id="V-S")
    g.agreement("Nord-Absprache", [haus_nord, verein_sued])
    netz_sued = g.network("Netz Süd", scope=sued)
    g.network("Netz Nord", scope=nord)
    g.save()
    return {"nord": nord, "sued": sued, "haus_sued": haus_sued, "netz_sued": netz_sued,
            "traeger": traeger}


def snapshot(db) -> tuple:
    """Everything an import could change, in a comparable form."""
    def frozen(rows):
        return sorted(repr(sorted(row.items())) for row in rows)

    networks = [row["id"] for row in db.read("exchange_network_index")]
    return (frozen(db.read("exchange_actor_index")), frozen(db.read("exchange_agreement_index")),
            frozen(db.read("exchange_memberships", network_ids=networks)),
            schema.data_node_count(db))


def run(db, user, entity: str, text: str, dry_run: bool = False):
    table = readers.read_table(text.encode("utf-8"), f"{entity}.csv")
    ctx = importer.Context(by=user.email, allowed_areas=access.allowed_areas(user), today=TODAY)
    return importer.run(db, entity, table, ctx=ctx, dry_run=dry_run)


@pytest.fixture
def limited(db, world):
    return make_user(db, "koordination", email="nord@example.org", areas=[world["nord"]])


# Rows that reach outside Nordstadt, per template and way of matching.
OUTSIDE = {
    "actor by external id, moved into own area (takeover)":
        ("actors", "Externe ID;Name;Art;Sozialraum\nS-1;Haus Übernommen;Freier Träger;N\n"),
    "actor by external id, no Sozialraum column":
        ("actors", "Externe ID;Name;Art\nS-1;Haus Umbenannt;Freier Träger\n"),
    "actor by name, no Sozialraum column":
        ("actors", "Name;Art;Beschreibung\nHaus Süd;Freier Träger;geändert\n"),
    "actor by name, with Sozialraum column":
        ("actors", "Name;Art;Sozialraum;Beschreibung\nHaus Süd;Freier Träger;S;geändert\n"),
    "own actor moved out of the area":
        ("actors", "Externe ID;Name;Art;Sozialraum\nN-1;Haus Nord;Freier Träger;S\n"),
    "new actor outside":
        ("actors", "Name;Art;Sozialraum\nNeu Süd;Verein;S\n"),
    "Träger sector change reaching a facility outside":
        ("actors", "Externe ID;Name;Art;Sektor\nT-1;Träger Nord;Freier Träger;öffentlich\n"),
    "agreement by title, own party added":
        ("agreements", "Titel;Art;Parteien\nSüd-Absprache;Kooperation;Haus Süd | Haus Nord\n"),
    "agreement by external id":
        ("agreements", "Externe ID;Titel;Art;Parteien;Status\n"
                       "V-S;Neuer Titel;Kooperation;Haus Süd | Verein Süd;gekündigt\n"),
    "agreement by title, parties outside":
        ("agreements", "Titel;Art;Parteien\nNord-Absprache;Kooperation;Haus Süd | Verein Süd\n"),
    "membership by network name, as Koordination":
        ("memberships", "Netzwerk;Akteur;Rolle\nNetz Süd;Haus Nord;Koordination\n"),
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_limited_account_is_refused_outside_its_areas_and_nothing_changes(db, world, limited,
                                                                          case):
    entity, text = OUTSIDE[case]
    before = snapshot(db)
    report = run(db, limited, entity, text, dry_run=True)
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert problem.row == 2 and "Sozialr" in problem.message  # says why, in German
    with pytest.raises(importer.ImportRefused):
        run(db, limited, entity, text)
    assert snapshot(db) == before


def test_membership_by_network_id_is_refused_too(db, world, limited):
    text = f"Netzwerk;Akteur\n{world['netz_sued']};Haus Nord\n"
    assert [p.column for p in run(db, limited, "memberships", text, dry_run=True).problems] == [
        "Netzwerk"]


@pytest.mark.parametrize("role,areas", [("admin", None), ("koordination", None)])
def test_unlimited_accounts_may_import_the_same_rows(db, world, role, areas):
    user = make_user(db, role, email=f"{role}@example.org")
    for case, (entity, text) in sorted(OUTSIDE.items()):
        assert run(db, user, entity, text, dry_run=True).problems == [], case


def test_a_file_with_one_row_outside_is_refused_as_a_whole(db, world, limited):
    text = ("Externe ID;Name;Art;Sozialraum\nN-2;Neu Nord;Verein;N\n"
            "S-1;Haus Süd;Freier Träger;N\n")
    before = snapshot(db)
    with pytest.raises(importer.ImportRefused) as refused:
        run(db, limited, "actors", text)
    assert [p.row for p in refused.value.report.problems] == [3]
    assert snapshot(db) == before


def test_allowed_rows_still_import_for_the_limited_account(db, world, limited):
    report = run(db, limited, "actors",
                 "Externe ID;Name;Art;Sozialraum\nN-1;Haus Nord (neu);Freier Träger;N\n"
                 "N-2;Neu Nord;Verein;N\n")
    assert (report.created, report.updated) == (1, 1)
    report = run(db, limited, "agreements",
                 "Titel;Art;Parteien\nNord-Absprache;Kooperation;Haus Nord (neu) | Haus Süd\n")
    assert report.updated == 1
    # Members from anywhere may join a network of the account's own area.
    report = run(db, limited, "memberships", "Netzwerk;Akteur\nNetz Nord;Haus Süd\n")
    assert report.created == 1


def test_the_upload_page_applies_the_signed_in_accounts_areas(client, db, world, limited):
    from conftest import login

    assert login(client, limited.email).status_code == 302
    token = csrf_token(client, "/import")
    data = "Externe ID;Name;Art;Sozialraum\nS-1;Haus Übernommen;Freier Träger;N\n".encode()
    response = client.post("/import", data={"csrf_token": token, "entity": "",
                                            "file": (io.BytesIO(data), "a.csv")},
                           content_type="multipart/form-data")
    job_url = response.headers["Location"]
    uploads.join(job_url.rstrip("/").rsplit("/", 1)[-1])
    assert not client.get(job_url + "/fortschritt").get_json()["running"]
    page = client.get(job_url).get_data(as_text=True)
    assert "außerhalb Ihrer Sozialräume" in page and "Jetzt übernehmen" not in page


# -- web forms: cascade and shared lists ----------------------------------------------------

def test_web_sector_change_reaching_outside_is_refused(client, db, world, limited):
    from conftest import login

    login(client, limited.email)
    url = f"/akteure/{world['traeger']}/bearbeiten"
    response = post_form(client, url, {"name": "Träger Nord", "kind": "freier_traeger",
                                       "sector": "oeffentlich", "location": world["nord"],
                                       "version": "1"})
    assert response.status_code == 200
    assert "Einrichtungen außerhalb Ihrer Sozialräume" in response.get_data(as_text=True)
    assert "Kita Süd" in response.get_data(as_text=True)
    assert actors.get(db, world["traeger"])["actor"]["sector"] == "frei"


def test_target_groups_are_edited_by_unlimited_accounts_only(app, db, world, limited):
    g = GraphBuilder(db)
    group = g.target_group("Jugendliche")
    g.save()
    from conftest import login

    client = app.test_client()
    login(client, limited.email)
    assert "Bearbeiten" not in client.get(f"/zielgruppen/{group}").get_data(as_text=True)
    for url in ("/zielgruppen/neu", f"/zielgruppen/{group}/bearbeiten",
                f"/zielgruppen/{group}/loeschen"):
        assert client.get(url).status_code == 403
    token = csrf_token(client, "/zielgruppen/")
    assert client.post(f"/zielgruppen/{group}/loeschen",
                       data={"csrf_token": token}).status_code == 403
    unlimited = app.test_client()
    login(unlimited, make_user(db, "koordination", email="alle@example.org").email)
    assert unlimited.get(f"/zielgruppen/{group}/bearbeiten").status_code == 200


def test_removing_the_last_own_party_is_refused(client, db, world, limited):
    from conftest import login
    from registry.entities import agreements

    login(client, limited.email)
    nord_absprache = next(a["props"]["id"] for a in db.read("exchange_agreement_index")
                          if a["props"]["title"] == "Nord-Absprache")
    haus_nord = next(a["id"] for a in db.read("exchange_actor_index") if a["name"] == "Haus Nord")
    token = csrf_token(client, f"/vereinbarungen/{nord_absprache}")
    response = client.post(f"/vereinbarungen/{nord_absprache}/parteien/{haus_nord}/entfernen",
                           data={"csrf_token": token, "bestaetigt": "1"}, follow_redirects=True)
    assert "das Ziel liegt außerhalb" in response.get_data(as_text=True)
    assert len(agreements.get(db, nord_absprache)["parties"]) == 2
