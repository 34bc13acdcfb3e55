"""XSS probes saved in every text field render inert on every page.

Every text property of every kind of entry holds a probe; then every GET
route of the app is opened with those entries' ids and its HTML checked.
"""
from __future__ import annotations

from datetime import date

from factories import GraphBuilder

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
PROBE = f"{SCRIPT}{IMG}{TEMPLATE}"


def _probe_graph(db):
    g = GraphBuilder(db)
    stadt = g.area(f"Stadt {PROBE}", level="stadt", code="X")
    area = g.area(f"Raum {PROBE}", level="bezirk", parent=stadt, code=f"C{PROBE}")
    group = g.target_group(f"Gruppe {PROBE}")
    text = dict(description=f"Beschreibung {PROBE}", street=f"Straße {PROBE}",
                postcode="12345", city=f"Ort {PROBE}", email="x@example.org",
                phone="030 123", website="javascript:alert(1)")
    traeger = g.actor(f"Träger {PROBE}", kind="freier_traeger", area=area, groups=(group,), **text)
    actor = g.actor(f"Akteur {PROBE}", kind="kita", area=area, operator=traeger,
                    groups=(group,), **text)
    body = g.actor(f"Beirat {PROBE}", kind="selbstvertretung", area=area, groups=(group,))
    contact = g.contact(actor, f"Kontakt {PROBE}", public=True, function=f"Funktion {PROBE}",
                        email="k@example.org")
    agreement = g.agreement(f"Vereinbarung {PROBE}", [(actor, f"Rolle {PROBE}"), traeger, body],
                            subject=f"Gegenstand {PROBE}", document_ref=f"Az {PROBE}",
                            valid_from=date(2020, 1, 1))
    network = g.network(f"Netzwerk {PROBE}", [(actor, "koordination"), traeger, body],
                        scope=area, coordinator=actor, description=f"Netz {PROBE}")
    g.save()
    return {"actor_id": actor, "agreement_id": agreement, "network_id": network,
            "area_id": area, "contact_id": contact, "target_group_id": group,
            "group_id": group}


def test_probes_render_inert_on_every_page(app, client, db, login_as):
    ids = _probe_graph(db)
    admin = login_as("admin")
    ids.update({"user_id": admin.id, "change_id": "x", "token": "x", "ext": "html",
                "table": "isolierte", "fmt": "csv", "entity": "akteure",
                "filename": "css/app.css", "field": "operator"})
    checked = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(ids):
            raise AssertionError(f"add an id for {rule.rule} to this test")
        url = rule.build({arg: ids[arg] for arg in rule.arguments}, append_unknown=False)[1]
        response = client.get(url, query_string={"q": "", "hervorheben": ids["actor_id"]})
        if response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        checked.append(url)
        assert response.status_code < 500, url
        assert SCRIPT not in page, url
        assert "<img src=x onerror" not in page, url
        assert 'href="javascript:' not in page.lower(), url
    # The entries' own pages show the probes as text.
    for path in (f"/akteure/{ids['actor_id']}", f"/vereinbarungen/{ids['agreement_id']}",
                 f"/netzwerke/{ids['network_id']}", f"/sozialraeume/{ids['area_id']}"):
        page = client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
        assert TEMPLATE in page, path  # shown literally, never evaluated
    assert len(checked) >= 20, checked
