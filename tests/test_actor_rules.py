"""One rule, one place for actors: the form offers every kind the import
accepts as Träger and always the entry's current value, so saving a form
unchanged never drops a link; the form and the import refuse the same."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from factories import GraphBuilder
from graphstate import change_count, fingerprint, post_forms
from registry.entities import actors
from registry.rules import actors as rules


def _options(html: str, name: str) -> set[str]:
    from html.parser import HTMLParser

    found, inside = set(), []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "select":
                inside.append(a.get("name") == name)
            elif tag == "option" and inside and inside[-1]:
                found.add(a.get("value"))

        def handle_endtag(self, tag):
            if tag == "select" and inside:
                inside.pop()

    P().feed(html)
    return found


def test_kita_of_a_kirchengemeinde_and_an_old_odd_link_survive_an_unchanged_save(
        client, db, login_as):
    g = GraphBuilder(db)
    area = g.area("Nordstadt")
    church = g.actor("Ev. Kirchengemeinde St. Marien", kind="kirchengemeinde", area=area)
    kita = g.actor("Ev. Kita St. Marien", kind="kita", area=area, operator=church)
    school = g.actor("Grundschule Am Park", kind="schule", area=area)
    hort = g.actor("Hort Am Park", kind="sonstige", area=area, operator=school)  # old data
    g.save()
    login_as("admin")
    for actor_id, operator in ((kita, church), (hort, school)):
        url = f"/akteure/{actor_id}/bearbeiten"
        page = client.get(url).get_data(as_text=True)
        assert operator in _options(page, "operator")
        form = next(f for f in post_forms(page) if f.action in ("", url))
        before, changes = fingerprint(db), change_count(db)
        assert client.post(url, data=MultiDict(form.fields)).status_code == 302
        assert fingerprint(db) == before and change_count(db) == changes
        assert actors.get(db, actor_id)["operator"]["id"] == operator
    # The select offers the current value; the search finds every kind the
    # rule allows, a school not (unless it is the current value).
    page = client.get(f"/akteure/{kita}/bearbeiten").get_data(as_text=True)
    assert church in _options(page, "operator") and school not in _options(page, "operator")
    found = client.get("/akteure/auswahl/operator.json?q=am park").get_json()["results"]
    assert school not in [r["id"] for r in found]
    found = client.get("/akteure/auswahl/operator.json?q=st. marien").get_json()["results"]
    assert church in [r["id"] for r in found]
    assert set(rules.OPERATOR_KINDS) >= {"kirchengemeinde", "verein", "freier_traeger"}


def test_form_refuses_a_new_traeger_of_a_kind_that_cannot_be_one(client, db, login_as):
    g = GraphBuilder(db)
    area = g.area("Nordstadt")
    school = g.actor("Grundschule Am Park", kind="schule", area=area)
    kita = g.actor("Kita Am Park", kind="kita", area=area)
    g.save()
    login_as("admin")
    data = {"name": "Kita Am Park", "kind": "kita", "sector": "frei", "operator": school}
    try:
        actors.update(db, kita, 1, data, "test")
    except actors.InvalidInput as error:
        assert error.field == "operator" and "kann nicht Träger sein" in error.message
    else:
        raise AssertionError("a school became a Träger")


def test_duplicate_key_folds_what_people_vary():
    key = rules.duplicate_key
    assert key("Kinderschutzbund Süd e.V.") == key("KINDERSCHUTZBUND SUED") \
        == key("Kinderschutzbund-Süd eV")
    assert key("Straßenkinder") == key("Strassenkinder")
    assert key("Kita Sonne") != key("Kita Mond")
