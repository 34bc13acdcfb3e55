"""Reports are memoised per data version: a repeated request is served from
the cache, and a write through any app instance changes the version in its
own transaction, so another instance shows the change on its next request."""
from __future__ import annotations

import csv
import io
import threading

import htmlpage
from conftest import login, make_user, post_form
from factories import GraphBuilder
from registry.entities import actors
from registry import create_app
from registry.analysis import cache


def _instance(neo4j_uri):
    """An app instance with its own Neo4j driver, as another worker or host."""
    return create_app({"TESTING": True, "NEO4J_URI": neo4j_uri, "NEO4J_RETRY_SECONDS": 1,
                       "SECRET_KEY": "test-secret-key", "SESSION_COOKIE_SECURE": False})


def _isolated_names(client) -> list[str]:
    response = client.get("/berichte/tabelle/isolierte_akteure.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    names = [cell for row in rows[1:] for cell in row[:1]]
    return names


def test_a_cached_report_changes_as_soon_as_another_instance_writes(db, neo4j_uri):
    g = GraphBuilder(db)
    stadt = g.area("Lindenau", level="stadt")
    nord = g.area("Nord", level="bezirk", parent=stadt)
    altstadt = g.area("Altstadt", parent=nord)
    awo = g.actor("AWO Lindenau", area=altstadt)
    kita = g.actor("Kita Sonne", kind="kita", area=altstadt, operator=awo)
    verein = g.actor("SV Altstadt", kind="verein", area=altstadt)
    g.agreement("Kinderschutz", [awo, kita], type="kinderschutz_8a")
    g.save()
    db.write("data_version_bump")  # as any write through the app would
    writer_app, reader_app = _instance(neo4j_uri), _instance(neo4j_uri)
    user = make_user(db, "admin")
    writer, reader = writer_app.test_client(), reader_app.test_client()
    login(writer, user.email)
    login(reader, user.email)

    assert "SV Altstadt" in _isolated_names(reader)
    hits = cache.reports.hits
    assert "SV Altstadt" in _isolated_names(reader)
    assert cache.reports.hits == hits + 1  # served from the cache

    row = actors.get(db, verein)
    form = {key: "" if row["actor"].get(key) is None else str(row["actor"].get(key))
            for key in actors.FIELDS}
    form.update(name="Sportverein Altstadt 1908", location=altstadt, operator="", umbrella="",
                version=str(row["actor"]["version"]))
    saved = post_form(writer, f"/akteure/{verein}/bearbeiten", form)
    assert saved.status_code == 302

    names = _isolated_names(reader)
    assert "Sportverein Altstadt 1908" in names and "SV Altstadt" not in names


def _isolated_section(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return htmlpage.parse(response.get_data(as_text=True)).by_id("ind-isolierte_akteure").text


def test_a_report_page_seen_again_shows_its_sections_and_the_next_write(db, neo4j_uri):
    # The indicator sections are rendered once per memoised report: a second
    # look shows them again, another user sees them too, and a write shows
    # on the next request (of the committee report and the full report).
    g = GraphBuilder(db)
    altstadt = g.area("Altstadt")
    awo = g.actor("AWO Lindenau", area=altstadt)
    kita = g.actor("Kita Sonne", kind="kita", area=altstadt, operator=awo)
    verein = g.actor("SV Altstadt", kind="verein", area=altstadt)
    g.agreement("Kinderschutz", [awo, kita], type="kinderschutz_8a")
    g.save()
    db.write("data_version_bump")
    app = _instance(neo4j_uri)
    admin, reader = app.test_client(), app.test_client()
    login(admin, make_user(db, "admin").email)
    login(reader, make_user(db, "ausschuss").email)
    for url in ("/berichte/ausschuss", "/berichte"):
        first = _isolated_section(admin, url)
        assert "SV Altstadt" in first
        hits = cache.reports.hits
        assert _isolated_section(admin, url) == first
        assert _isolated_section(reader, url) == first
        assert cache.reports.hits == hits + 2  # the same report, not computed again

    row = actors.get(db, verein)
    form = {key: "" if row["actor"].get(key) is None else str(row["actor"].get(key))
            for key in actors.FIELDS}
    form.update(name="Sportverein Altstadt 1908", location=altstadt, operator="", umbrella="",
                version=str(row["actor"]["version"]))
    assert post_form(admin, f"/akteure/{verein}/bearbeiten", form).status_code == 302
    for url in ("/berichte/ausschuss", "/berichte"):
        text = _isolated_section(reader, url)
        assert "Sportverein Altstadt 1908" in text and "SV Altstadt" not in text


def test_data_version_changes_with_every_committed_write_only(db):
    g = GraphBuilder(db)
    group = g.target_group("Eltern")
    g.save()
    before = db.data_version()
    db.read("data_version")
    assert db.data_version() == before  # reads change nothing
    db.write("target_group_update", id=group, version=1, name="Eltern und Familien")
    after = db.data_version()
    assert after != before

    def refused(tx):
        tx.run("target_group_update", id=group, version=2, name="Mütter und Väter")
        raise ValueError("refused")

    try:
        db.transaction(refused)
    except ValueError:
        pass
    assert db.data_version() == after  # a rolled-back write leaves it alone


def test_requests_share_the_next_computation_never_one_begun_before_they_came():
    # Under a stream of writes every report request would compute its own
    # copy; waiting requests share one computation instead, but never take a
    # result whose reading began before they arrived (it could miss a write).
    rounds = cache.Rounds()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def compute() -> int:
        calls.append(len(calls) + 1)
        if len(calls) == 1:
            started.set()
            assert release.wait(10)
        return len(calls)

    results: dict[str, int] = {}

    def ask(name: str) -> None:
        results[name] = rounds.get("bericht", compute)

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    assert started.wait(10)  # the first computation is reading
    later = [threading.Thread(target=ask, args=(name,)) for name in ("second", "third")]
    for thread in later:
        thread.start()
    assert rounds.wait_for_users("bericht", 3)  # both wait while the first computes
    release.set()
    for thread in [first, *later]:
        thread.join(10)
    assert results == {"first": 1, "second": 2, "third": 2}
    assert calls == [1, 2]  # one computation for both latecomers, begun after they came


def test_logins_keep_the_memoised_report(db, client, neo4j_uri):
    # A login writes its throttle counters and the last login, no registry
    # data: the report stays memoised (analysis and data version alike).
    g = GraphBuilder(db)
    altstadt = g.area("Altstadt")
    g.actor("SV Altstadt", kind="verein", area=altstadt)
    g.save()
    db.write("data_version_bump")
    reader, other = make_user(db, "admin"), make_user(db, "koordination")
    login(client, reader.email)
    first = _isolated_section(client, "/berichte")
    assert "SV Altstadt" in first
    versions = db.data_version(), db.analysis_version()
    hits, misses = cache.reports.hits, cache.reports.misses
    live_misses = cache.live_reports.misses

    elsewhere = _instance(neo4j_uri).test_client()
    refused = login(elsewhere, other.email, "falsches-passwort")
    assert "Anmeldung fehlgeschlagen" in htmlpage.parse(
        refused.get_data(as_text=True)).visible_text
    assert login(elsewhere, other.email).status_code == 302
    assert elsewhere.get("/").status_code == 200

    assert (db.data_version(), db.analysis_version()) == versions
    assert _isolated_section(client, "/berichte") == first
    assert cache.reports.hits == hits + 1 and cache.reports.misses == misses
    assert cache.live_reports.misses == live_misses


def test_the_whole_area_report_stays_memoised_while_many_sozialraum_reports_are_asked(
        db, client, login_as):
    # 900 Sozialräume at scale 100 (bench_load): each one's report used to
    # take one of the eight places of the whole area's reports, which then
    # took a minute to compute again.
    g = GraphBuilder(db)
    areas = [g.area(f"Bezirk {n}", code=f"B{n}") for n in range(cache.reports.capacity + 1)]
    for n, area in enumerate(areas):
        g.actor(f"Verein {n}", kind="verein", area=area)
    g.save()
    db.write("data_version_bump")  # as any write through the app would
    login_as("ausschuss")
    assert client.get("/berichte").status_code == 200
    for area in areas:
        page = htmlpage.parse(client.get(f"/berichte?sozialraum={area}").get_data(as_text=True))
        assert page.find("h1") is not None
    hits, misses = cache.reports.hits, cache.reports.misses
    page = client.get("/berichte")
    assert page.status_code == 200
    assert (cache.reports.hits, cache.reports.misses) == (hits + 1, misses)  # not computed again
