"""Saving unchanged changes nothing: every edit form of the demo municipality
and of the Berlin import (every Kita and Träger, every area with its
outline), submitted as the browser would send it, leaves the graph identical
and writes no change record."""
from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from registry import demo
from registry.exchange import importer, readers

import htmlpage
from conftest import login, make_user
from graphstate import change_count, fingerprint, post_forms


def _submit_page_form(client, url: str, action_test) -> list[str]:
    """Open ``url``, submit every POST form the test picks, unchanged.
    Returns a problem text per form that was not saved."""
    page = client.get(url)
    if page.status_code != 200:
        return [f"{url}: GET {page.status_code}"]
    problems = []
    chosen = [f for f in post_forms(page.get_data(as_text=True)) if action_test(f.action)]
    if not chosen:
        return [f"{url}: no edit form"]
    for form in chosen:
        target = form.action or url
        response = client.post(target, data=MultiDict(form.fields))
        if response.status_code != 302:
            body = response.get_data(as_text=True)
            problems.append(f"{target}: {response.status_code} "
                            f"{htmlpage.error_texts(body)[:3] or body[:300]}")
    return problems


def _walk(client, db, kinds: dict[str, list[tuple[str, callable]]]) -> list[str]:
    problems = []
    for kind, pages in kinds.items():
        before, changes = fingerprint(db), change_count(db)
        for url, action_test in pages:
            problems += _submit_page_form(client, url, action_test)
            if change_count(db) != changes:
                problems.append(f"{url}: wrote a change record")
                changes = change_count(db)
        if fingerprint(db) != before:
            diff = sorted(set(fingerprint(db)) ^ set(before))[:4]
            problems.append(f"{kind}: graph changed: {diff}")
    return problems


def _own(url):
    return lambda action: action in ("", url)


def test_every_edit_form_of_the_demo_saved_unchanged_changes_nothing(app, db):
    demo.load(db)
    admin = make_user(db, "admin")
    make_user(db, "koordination", areas=[])
    client = app.test_client()
    assert login(client, admin.email).status_code == 302
    ids = db.read_one("graph_editable_ids")

    def edit(prefix, items, suffix="/bearbeiten"):
        return [(f"{prefix}/{i}{suffix}", _own(f"{prefix}/{i}{suffix}")) for i in items]

    kinds = {
        "actor": edit("/akteure", ids["actors"]),
        "contact": [(f"/akteure/{a}/kontakte/{c}", _own(f"/akteure/{a}/kontakte/{c}"))
                    for a, c in ids["contacts"]],
        "area": edit("/sozialraeume", ids["areas"]),
        "target_group": edit("/zielgruppen", ids["target_groups"]),
        "agreement": edit("/vereinbarungen", ids["agreements"]),
        "party": [(f"/vereinbarungen/{v}/parteien/{a}/bearbeiten", lambda a: a.endswith("/rolle"))
                  for v, a in ids["parties"]],
        "network": edit("/netzwerke", ids["networks"]),
        "member": [(f"/netzwerke/{n}/mitglieder/{a}/bearbeiten",
                    _own(f"/netzwerke/{n}/mitglieder/{a}/bearbeiten"))
                   for n, a in ids["members"]],
        "user": [(f"/admin/benutzer/{u}", _own(f"/admin/benutzer/{u}"))
                 for u in ids["users"]],
    }
    assert len(kinds["actor"]) > 250 and kinds["contact"] and kinds["party"]
    problems = _walk(client, db, kinds)
    assert not problems, "\n".join(p[:400] for p in problems)


BERLIN = Path(__file__).resolve().parent / "data" / "berlin"  # sources: README.txt there


def test_every_actor_and_area_of_the_berlin_import_saved_unchanged_changes_nothing(app, db):
    report = importer.run(db, "berlin", readers.read_path(
        BERLIN / "berlin-kitas" / "berlin-daycare-centers-2026-07-details.csv"),
        options={"geo_dir": BERLIN / "berlin-lor-geo"})
    assert not report.problems
    client = app.test_client()
    assert login(client, make_user(db, "admin").email).status_code == 302
    ids = db.read_one("graph_editable_ids")
    kinds = {
        "actor": [(f"/akteure/{i}/bearbeiten", _own(f"/akteure/{i}/bearbeiten"))
                  for i in ids["actors"]],
        "area": [(f"/sozialraeume/{i}/bearbeiten", _own(f"/sozialraeume/{i}/bearbeiten"))
                 for i in ids["areas"]],
    }
    kitas = sum(1 for a in db.read("exchange_actor_index") if a["kind"] == "kita")
    assert (kitas, len(kinds["actor"]), len(kinds["area"])) == (2893, 2893 + 1176, 71)
    problems = _walk(client, db, kinds)
    assert not problems, "\n".join(p[:400] for p in problems[:20])
