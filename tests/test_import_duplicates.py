"""Probable duplicates in an actor import: caught by the actor form's rule
(rules.probable_duplicate), listed in the dry run with a link to the actor,
and done per row as the person chose on the confirmation page: update that
actor, skip the row (the default) or create a new one."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

import htmlpage
from conftest import csrf_token, post_form
from factories import GraphBuilder
from registry.entities import actors
from registry.exchange import importer, readers, uploads
from registry.rules import actors as rules

TODAY = date(2026, 1, 15)
HEADER = "Externe ID;Name;Art;Sozialraum;Straße;PLZ;Ort;Telefon\n"
# Row 2: the existing Kinderschutzbund written differently, another external id.
# Row 3: the existing Kita Sonne at its address (street abbreviated), in another area.
# Row 4: a Kita Sonne elsewhere (another area, another address): a new actor.
# Row 5: not like anything.
FILE = HEADER + (
    "X-9;KINDERSCHUTZBUND SUED;Freier Träger;Nordstadt;;;;05561 999\n"
    ";Kita Sonne;Kita;Südviertel;Hauptstr. 5;37401;Lindenau;05561 777\n"
    ";Kita Sonne;Kita;Nordstadt;Gartenweg 1;37402;Lindenau;\n"
    ";Jugendtreff Ost;Jugendzentrum;Nordstadt;;;;\n")


@pytest.fixture
def city(db):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt", code="LIN")
    nord = g.area("Nordstadt", parent=stadt, code="LIN-01")
    sued = g.area("Südviertel", parent=stadt, code="LIN-02")
    west = g.area("Weststadt", parent=stadt, code="LIN-03")
    bund = g.actor("Kinderschutzbund Süd e.V.", kind="freier_traeger", area=nord,
                   external_id="K-1")
    sonne = g.actor("Kita Sonne", kind="kita", area=west, street="Hauptstraße 5",
                    postcode="37401", city="Lindenau")
    g.save()
    return {"nord": nord, "sued": sued, "west": west, "bund": bund, "sonne": sonne}


def actor_names(db) -> list[str]:
    return sorted(row["name"] for row in db.read("exchange_actor_index"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "akteure.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def run(db, path: Path, dry_run=False, choices=None) -> importer.Report:
    return importer.run(db, "actors", readers.read_path(path), dry_run=dry_run,
                        ctx=importer.Context(today=TODAY, duplicate_choices=choices or {}))


def test_form_and_import_fold_names_by_one_rule():
    key = rules.duplicate_key
    assert rules.probable_duplicate(key("Kinderschutzbund Süd e.V."),
                                    key("KINDERSCHUTZBUND SUED"), same_area=True,
                                    at_address=False)
    # The same name elsewhere, at another address, is another actor.
    assert not rules.probable_duplicate(key("Kita Sonne"), key("Kita Sonne"), same_area=False,
                                        at_address=False)
    # A close name counts only at the same address.
    here = rules.address_key("Hauptstr. 5", "37401")
    assert rules.same_address(here, rules.address_key("Hauptstraße 5", "37401"))
    assert not rules.same_address(here, rules.address_key("Hauptstraße 5", "37402"))
    assert rules.probable_duplicate(key("Kita Sonnenschein"), key("Kita Sonnenschain"),
                                    same_area=False, at_address=True)
    assert not rules.probable_duplicate(key("Kita Sonnenschein"), key("Kita Sonnenschain"),
                                        same_area=True, at_address=False)


def test_dry_run_lists_probable_duplicates_and_by_default_creates_nothing_twice(db, city,
                                                                                tmp_path):
    path = write(tmp_path, FILE)
    report = run(db, path, dry_run=True)
    assert report.ok
    listed = {d["row"]: [c["id"] for c in d["candidates"]] for d in report.duplicates}
    assert listed == {2: [city["bund"]], 3: [city["sonne"]]}
    assert (report.created, report.skipped) == (2, 2)

    report = run(db, path)
    assert (report.created, report.updated, report.skipped) == (2, 0, 2)
    assert actor_names(db) == ["Jugendtreff Ost", "Kinderschutzbund Süd e.V.", "Kita Sonne",
                               "Kita Sonne"]
    # Skipped rows changed nothing on the actors they resemble.
    bund = actors.get(db, city["bund"])["actor"]
    assert (bund["external_id"], bund.get("phone")) == ("K-1", None)


def test_chosen_update_and_create_are_done(db, city, tmp_path):
    path = write(tmp_path, FILE)
    report = run(db, path, choices={2: importer.UPDATE + city["bund"], 3: importer.CREATE})
    assert (report.created, report.updated, report.skipped) == (3, 1, 0)
    bund = actors.get(db, city["bund"])["actor"]
    # The row is that actor now: its values and its external id go in.
    assert (bund["name"], bund["phone"], bund["external_id"]) == (
        "KINDERSCHUTZBUND SUED", "05561 999", "X-9")
    assert actor_names(db).count("Kita Sonne") == 3
    # The same file again: the updated actor is found by its external id now,
    # the created Kita by its name in its Sozialraum; nothing is asked twice.
    again = run(db, path, dry_run=True)
    assert (again.duplicates, again.created, again.updated) == ([], 0, 0)


def test_choosing_an_actor_that_is_no_candidate_is_refused_and_changes_nothing(db, city,
                                                                               tmp_path):
    """Say the actor chosen in the dry run was renamed before the
    confirmation: applying sees it and writes nothing."""
    path = write(tmp_path, FILE)
    before = actor_names(db)
    with pytest.raises(importer.ImportRefused) as refused:
        run(db, path, choices={2: importer.UPDATE + city["sonne"]})
    assert [p.row for p in refused.value.report.problems] == [2]
    assert "keine mögliche Dublette" in refused.value.report.problems[0].message
    assert actor_names(db) == before


# -- the upload page ---------------------------------------------------------------------

def _wait(client, job_url: str) -> str:
    uploads.join(job_url.rstrip("/").rsplit("/", 1)[-1], 60)
    state = client.get(job_url + "/fortschritt").get_json()
    assert not state["running"]
    return state["state"]


def _upload(client, text: str) -> str:
    token = csrf_token(client, "/import")
    response = client.post("/import", data={
        "csrf_token": token, "entity": "",
        "file": (io.BytesIO(text.encode("utf-8")), "akteure.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    return response.headers["Location"]


def _duplicate_rows(page: str) -> dict[str, htmlpage.Element]:
    table = htmlpage.parse(page).find("table", class_=htmlpage.has_class("import-duplicates"))
    assert table is not None, "no duplicates table"
    return {row["data-row"]: row for row in table.find_all("tr") if row.has("data-row")}


def test_page_lists_duplicates_with_links_and_applies_the_choice_per_row(client, db, city,
                                                                         login_as):
    login_as("koordination")
    job_url = _upload(client, FILE)
    assert _wait(client, job_url) == "checked"
    page = client.get(job_url).get_data(as_text=True)
    rows = _duplicate_rows(page)
    assert set(rows) == {"2", "3"}
    links = [a["href"] for a in rows["2"].find_all("a")]
    assert links == [f"/akteure/{city['bund']}"]
    radios = {r["value"]: r for r in rows["3"].find_all("input", type="radio")}
    assert set(radios) == {f"update:{city['sonne']}", "skip", "create"}
    assert radios["skip"].has("checked") and radios["skip"]["form"] == "import-confirm"
    assert htmlpage.parse(page).by_id("import-confirm") is not None
    assert 'data-count="skipped">2<' in page

    response = post_form(client, job_url, {"dublette-2": f"update:{city['bund']}",
                                           "dublette-3": "create"})
    assert response.status_code == 302
    assert _wait(client, job_url) == "applied"
    page = client.get(job_url).get_data(as_text=True)
    assert 'data-count="created">3<' in page and 'data-count="updated">1<' in page
    decided = {row: cells.find_all("td")[-1].text for row, cells in _duplicate_rows(page).items()}
    assert decided == {"2": "„Kinderschutzbund Süd e.V.“ aktualisiert", "3": "neu angelegt"}
    assert actors.get(db, city["bund"])["actor"]["external_id"] == "X-9"
    assert actor_names(db).count("Kita Sonne") == 3


def test_confirming_without_choosing_skips_and_a_forged_choice_counts_as_skip(client, db, city,
                                                                            login_as):
    login_as("admin")
    job_url = _upload(client, FILE)
    _wait(client, job_url)
    # A value the page did not offer (another actor's id) is not taken.
    post_form(client, job_url, {"dublette-3": f"update:{city['bund']}"})
    assert _wait(client, job_url) == "applied"
    assert actor_names(db) == ["Jugendtreff Ost", "Kinderschutzbund Süd e.V.", "Kita Sonne",
                               "Kita Sonne"]
    bund = actors.get(db, city["bund"])["actor"]
    assert bund["external_id"] == "K-1"


def test_only_duplicates_still_offer_the_choice(client, db, city, login_as):
    """A file whose only rows are probable duplicates changes nothing by
    default, but the page still lets the person choose and confirm."""
    login_as("koordination")
    job_url = _upload(client, HEADER + ";Kita Sonne;Kita;Südviertel;Hauptstr. 5;37401;;\n")
    _wait(client, job_url)
    page = client.get(job_url).get_data(as_text=True)
    assert "Jetzt übernehmen" in page
    post_form(client, job_url, {"dublette-2": f"update:{city['sonne']}"})
    assert _wait(client, job_url) == "applied"
    areas = actors.get(db, city["sonne"])
    assert areas["location"]["id"] == city["sued"]


def test_actor_form_warns_by_the_same_rule(client, db, city, login_as):
    """"KINDERSCHUTZBUND SUED" folds to another search name than the stored
    "Kinderschutzbund Süd e.V.", yet in the same Sozialraum the form warns."""
    login_as("koordination")
    data = {"name": "KINDERSCHUTZBUND SUED", "kind": "freier_traeger", "sector": "frei",
            "location": city["nord"], "operator": "", "umbrella": ""}
    page = post_form(client, "/akteure/neu", data).get_data(as_text=True)
    assert "Gibt es diesen Akteur schon?" in page
    assert f'href="/akteure/{city["bund"]}"' in page
    # In another Sozialraum, at no shared address, it is another actor.
    response = post_form(client, "/akteure/neu", dict(data, location=city["west"]))
    assert response.status_code == 302
