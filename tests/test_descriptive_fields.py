"""Saves of descriptive fields only (an actor's description, phone ...) keep
the reports and maps memoised per analysis version; any other save shows in
the next report at once; and no analysis query reads a descriptive field."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import htmlpage
from conftest import post_form
from factories import GraphBuilder
from registry import history
from registry.analysis import cache
from registry.db import Queries
from registry.entities import actors, agreements, areas, contacts, networks, target_groups

# The queries whose results reports, maps and the Stadtplan memoise per
# analysis version (cypher/analysis, ties, maps, citymap; overview: the
# start page's counts; choices: the type-aheads' candidates).
ANALYSIS_FILES = ("analysis", "ties", "maps", "overview", "citymap", "choices")
# The entity modules that declare their descriptive fields.
DECLARING = (actors, agreements, networks, areas, contacts, target_groups)


def _rows(client, table: str) -> list[list[str]]:
    response = client.get(f"/berichte/tabelle/{table}.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def _isolated(client) -> dict[str, str]:
    """Isolated actors' names and their Sozialraum."""
    return {row[0]: row[2] for row in _rows(client, "isolierte_akteure")}


def _actor_form(db, actor_id: str, **changes) -> dict:
    """The actor's edit form as a browser sends it back, with ``changes``."""
    row = actors.get(db, actor_id)
    form = {key: "" if row["actor"].get(key) is None else str(row["actor"].get(key))
            for key in actors.FIELDS}
    form.update(location=(row["location"] or {}).get("id", ""),
                operator=(row["operator"] or {}).get("id", ""),
                umbrella=(row["umbrella"] or {}).get("id", ""),
                serves=[s["id"] for s in row["serves"]],
                target_groups=[g["id"] for g in row["target_groups"]],
                version=str(row["actor"]["version"]))
    form.update(changes)
    return form


def _actor_data(db, actor_id: str, **changes) -> tuple[int, dict]:
    """(version, data) for ``actors.update``, as the form's ``values()`` give them."""
    row = actors.get(db, actor_id)
    data = {key: row["actor"].get(key) for key in actors.FIELDS}
    data.update(location=(row["location"] or {}).get("id"),
                serves=[s["id"] for s in row["serves"]],
                operator=(row["operator"] or {}).get("id"),
                umbrella=(row["umbrella"] or {}).get("id"),
                target_groups=[g["id"] for g in row["target_groups"]])
    data.update(changes)
    return row["actor"]["version"], data


@pytest.fixture
def town(db):
    g = GraphBuilder(db)
    altstadt = g.area("Altstadt")
    neustadt = g.area("Neustadt")
    eltern = g.target_group("Eltern")
    awo = g.actor("AWO Lindenau", area=altstadt)
    kita = g.actor("Kita Sonne", kind="kita", area=altstadt, operator=awo)
    verein = g.actor("SV Altstadt", kind="verein", area=altstadt, groups=(eltern,),
                     description="Fußball für alle")
    deal = g.agreement("Kinderschutz", [awo, kita], type="kinderschutz_8a",
                       valid_from=date.today() - timedelta(days=100),
                       valid_until=date.today() + timedelta(days=900))
    network = g.network("Runder Tisch", members=[awo, kita])
    g.save()
    db.write("data_version_bump")  # as any write through the app would
    return {"altstadt": altstadt, "neustadt": neustadt, "eltern": eltern, "awo": awo,
            "kita": kita, "verein": verein, "deal": deal, "network": network}


def test_a_description_saved_keeps_the_memoised_report_and_shows_in_the_changes(
        db, client, login_as, town):
    login_as("admin")
    first = htmlpage.parse(client.get("/berichte").get_data(as_text=True))
    section = first.by_id("ind-isolierte_akteure").text
    assert "SV Altstadt" in section
    analysis, data = db.analysis_version(), db.data_version()
    misses = cache.reports.misses

    form = _actor_form(db, town["verein"], description="Fußball und Tischtennis für alle")
    assert post_form(client, f"/akteure/{town['verein']}/bearbeiten", form).status_code == 302

    assert db.data_version() != data           # the save is a write ...
    assert db.analysis_version() == analysis   # ... of nothing a report reads
    hits = cache.reports.hits
    again = htmlpage.parse(client.get("/berichte").get_data(as_text=True))
    assert cache.reports.hits == hits + 1 and cache.reports.misses == misses  # not computed again
    assert again.by_id("ind-isolierte_akteure").text == section
    # The changes since a date come from the history: the save is there at once.
    changes = [row for row in _rows(client, "aenderungen") if "SV Altstadt" in row]
    assert changes and "Beschreibung" in changes[0][-1]
    assert "Beschreibung" in again.by_id("ind-fristen").text
    assert "Beschreibung" not in first.by_id("ind-fristen").text


def test_a_contact_saved_keeps_the_analysis_version(db, town):
    contact = contacts.create(db, town["verein"], {"name": "Frau Berg", "phone": "0341 1"},
                              "test@example.org")
    analysis, data = db.analysis_version(), db.data_version()
    version = contacts.get(db, town["verein"], contact)["version"]
    contacts.update(db, town["verein"], contact, version,
                    {"name": "Frau Berg", "function": "Vorsitz", "phone": "0341 2",
                     "public": True}, "test@example.org")
    assert db.analysis_version() == analysis and db.data_version() != data


def _save_actor(db, town, **changes):
    version, data = _actor_data(db, town["verein"], **changes)
    actors.update(db, town["verein"], version, data, "test@example.org")


def _save_agreement(db, town, **changes):
    row = agreements.get(db, town["deal"])
    data = {key: row.get(key) for key in agreements.FIELDS}
    data.update(changes)
    agreements.update(db, town["deal"], row["version"], data, "test@example.org")


def _save_area(db, town, **changes):
    row = areas.get(db, town["altstadt"])
    data = {key: row["area"].get(key) for key in areas.FIELDS}
    data.update(parent=None, **changes)
    areas.update(db, town["altstadt"], row["area"]["version"], data, "test@example.org")


SOON = date.today() + timedelta(days=20)

# (what is saved, the save, what the report shows before, what it shows after)
REPORT_RELEVANT = {
    "actor name": (lambda db, t: _save_actor(db, t, name="Sportverein Altstadt 1908"),
                   lambda c: "SV Altstadt" in _isolated(c),
                   lambda c: "Sportverein Altstadt 1908" in _isolated(c)),
    "actor area": (lambda db, t: _save_actor(db, t, location=t["neustadt"]),
                   lambda c: _isolated(c)["SV Altstadt"] == "Altstadt",
                   lambda c: _isolated(c)["SV Altstadt"] == "Neustadt"),
    "agreement party": (lambda db, t: agreements.PARTIES.add(db, t["deal"], t["verein"],
                                                             {"role": None}, "test@example.org"),
                        lambda c: "SV Altstadt" in _isolated(c),
                        lambda c: "SV Altstadt" not in _isolated(c)),
    "agreement date": (lambda db, t: _save_agreement(db, t, valid_until=SOON),
                       lambda c: not _rows(c, "auslaufende_vereinbarungen"),
                       lambda c: [r[0] for r in _rows(c, "auslaufende_vereinbarungen")]
                       == ["Kinderschutz"]),
    "network member": (lambda db, t: networks.MEMBERS.add(
                           db, t["network"], t["verein"],
                           {"role": "mitglied", "since": date.today() - timedelta(days=10)},
                           "test@example.org"),
                       lambda c: "SV Altstadt" in _isolated(c),
                       lambda c: "SV Altstadt" not in _isolated(c)),
    "area": (lambda db, t: _save_area(db, t, name="Altstadt-Nord"),
             lambda c: _isolated(c)["SV Altstadt"] == "Altstadt",
             lambda c: _isolated(c)["SV Altstadt"] == "Altstadt-Nord"),
    "target group": (lambda db, t: target_groups.update(db, t["eltern"], 1, "Eltern und Familien",
                                                        "test@example.org"),
                     lambda c: "Eltern" in {r[1] for r in _rows(c, "zielgruppen_ohne_stimme")},
                     lambda c: "Eltern und Familien" in {
                         r[1] for r in _rows(c, "zielgruppen_ohne_stimme")}),
}


@pytest.mark.parametrize("what", REPORT_RELEVANT)
def test_a_save_a_report_reads_shows_in_the_memoised_report_at_once(
        what, db, client, login_as, town):
    save, before, after = REPORT_RELEVANT[what]
    login_as("admin")
    assert before(client)
    hits = cache.reports.hits
    assert before(client)
    assert cache.reports.hits == hits + 1  # memoised
    analysis = db.analysis_version()
    save(db, town)
    assert db.analysis_version() != analysis
    assert after(client)


def test_a_save_of_descriptive_and_other_fields_changes_the_analysis_version(db, town):
    analysis = db.analysis_version()
    _save_actor(db, town, description="Neu", name="SV Altstadt 1908")
    assert db.analysis_version() != analysis


# -- the guard: no analysis query reads a descriptive field ------------------------------

def _properties_read(text: str) -> set[str]:
    """Property names a query reads (``x.field``, ``{.field}``), comments left out."""
    code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    code = re.sub(r"'[^']*'|\"[^\"]*\"", "''", code)  # string literals
    return set(re.findall(r"(?<![0-9])\.([A-Za-z_][A-Za-z0-9_]*)", code))


def test_no_analysis_query_reads_a_field_declared_descriptive():
    queries = Queries()
    read = {name: _properties_read(queries[name])
            for stem in ANALYSIS_FILES for name in queries.in_file(stem)}
    assert any("name" in fields for fields in read.values())  # the parser finds properties
    assert DECLARING  # every entity module is imported, so each declaration is made
    for kind, fields in history.DESCRIPTIVE.items():
        for name, used in read.items():
            assert not fields & used, (
                f"{name} reads {sorted(fields & used)}, declared descriptive for {kind}: "
                "remove them from its DESCRIPTIVE or keep the query from reading them")
    assert set(history.DESCRIPTIVE) >= {"actor", "agreement", "network", "area", "contact"}


def test_the_descriptive_fields_are_known_without_importing_the_entity_modules():
    """Declared with the entity (entities.ENTITIES), not by importing its
    module: a process that imports only the history (a script, a CLI command)
    treats a save of descriptive fields alike."""
    code = ("from registry import history; "
            "print(sorted((k, sorted(v)) for k, v in history.DESCRIPTIVE.items() if v))")
    here = Path(history.__file__).parent.parent  # the registry these tests import
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=here)
    assert done.stdout.strip() == str(sorted(
        (kind, sorted(fields)) for kind, fields in history.DESCRIPTIVE.items() if fields))
    assert "actor" in done.stdout and "description" in done.stdout
