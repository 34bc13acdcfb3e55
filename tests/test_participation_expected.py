"""Indicator 1 counts only where user participation is expected: statutory
bilateral agreements (§ 8a, § 72a, §§ 77/78b) are shown apart with the
reason; an admin can change the setting per type. Hand-made graph; the
expected answers are worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

import htmlpage
from conftest import post_form
from factories import GraphBuilder
from registry import type_settings
from registry.analysis import participation, structure

DAY = date(2025, 6, 1)
URL = "/admin/beteiligung-erwartet"


def _rows(page: str, table: str) -> list[list[str]]:
    """The body rows of a report table ([] when the page has none)."""
    rows = htmlpage.captioned_table_rows(page, f"cap-{table}")
    return rows[1:] if rows else []


def _figure(page: str, key: str) -> str:
    figure = htmlpage.parse(page).find("dd", data_indicator=key)
    assert figure is not None, key
    return figure.text


@pytest.fixture
def graph(db):
    g = GraphBuilder(db)
    nord = g.area("Nord", code="N")
    ja = g.actor("Jugendamt", kind="jugendamt", area=nord)
    awo = g.actor("AWO", kind="freier_traeger", area=nord)
    kita = g.actor("Kita Sonne", kind="kita", area=nord, operator=awo)
    rat = g.actor("Jugendrat", kind="selbstvertretung", area=nord)
    start = date(2024, 1, 1)
    # Statutory, bilateral by law: not counted.
    g.agreement("Schutzauftrag AWO", [ja, awo], type="kinderschutz_8a", valid_from=start)
    g.agreement("Entgelt Kita Sonne", [ja, kita], type="entgelt_77_78b", valid_from=start)
    g.agreement("Ausschluss AWO", [ja, awo], type="ausschluss_72a", valid_from=start)
    # Non-statutory without users: counted.
    g.agreement("Kooperation Kita", [ja, kita], type="kooperation", valid_from=start)
    # Non-statutory with a body: no gap.
    g.agreement("Beteiligung Jugendrat", [ja, rat], type="kooperation", valid_from=start)
    # A network without users: counted.
    g.network("AK Nord", [ja, awo, kita], type="arbeitskreis", scope=nord)
    g.save()
    return {"nord": nord}


def test_statutory_agreements_are_context_not_gaps(db, graph):
    s = structure.load(db)
    gaps = participation.without_participation(s, DAY)
    assert [(r.kind, r.name) for r in gaps] == [("network", "AK Nord"),
                                                ("agreement", "Kooperation Kita")]
    context = sorted(r.name for r in participation.involvement(s, DAY) if r.not_expected)
    assert context == ["Ausschluss AWO", "Entgelt Kita Sonne", "Schutzauftrag AWO"]


def test_report_counts_only_where_expected_and_shows_the_rest_with_reason(client, login_as, graph):
    login_as("ausschuss")
    page = client.get(f"/berichte?stichtag={DAY.isoformat()}").get_data(as_text=True)
    assert _figure(page, "ohne_beteiligung") == "2"
    assert [r[0] for r in _rows(page, "vereinbarungen_ohne_beteiligung")] == ["Kooperation Kita"]
    context = {r[0]: r for r in _rows(page, "ohne_erwartete_beteiligung")}
    assert sorted(context) == ["Ausschluss AWO", "Entgelt Kita Sonne", "Schutzauftrag AWO"]
    assert "nach SGB VIII" in context["Schutzauftrag AWO"][4]
    assert "nicht bei den zweiseitigen Vereinbarungen nach SGB VIII" in page  # definition
    # The same for the Sozialraum.
    page = client.get(f"/berichte?stichtag={DAY.isoformat()}&sozialraum={graph['nord']}")
    assert _figure(page.get_data(as_text=True), "ohne_beteiligung") == "2"


def test_admin_changes_the_setting_per_type(client, login_as, db, graph):
    login_as("admin")
    page = client.get(URL).get_data(as_text=True)
    assert 'name="agreement:kinderschutz_8a"' in page
    doc = htmlpage.parse(page)
    assert doc.find("input", name="agreement:kooperation", value="ja").has("checked")
    assert not doc.find("input", name="agreement:kinderschutz_8a", value="ja").has("checked")
    # Expect participation in § 8a agreements, no longer in general cooperation.
    checked = {f"agreement:{k}": "ja" for k in ("kinderschutz_8a", "jugendhilfe_schule",
                                                  "fruehe_hilfen", "informell", "sonstige")}
    checked.update({f"network:{k}": "ja" for k in ("netzwerk", "arbeitskreis", "gremium")})
    response = post_form(client, URL, checked)
    assert response.status_code == 302
    stored = type_settings.expected(db.read("type_settings_all"))
    assert stored[("agreement", "kinderschutz_8a")] is True
    assert stored[("agreement", "kooperation")] is False
    page = client.get(f"/berichte?stichtag={DAY.isoformat()}").get_data(as_text=True)
    assert [r[0] for r in _rows(page, "vereinbarungen_ohne_beteiligung")] == ["Schutzauftrag AWO"]
    context = {r[0]: r[4] for r in _rows(page, "ohne_erwartete_beteiligung")}
    assert sorted(context) == ["Ausschluss AWO", "Entgelt Kita Sonne", "Kooperation Kita"]
    assert "eingestellt" in context["Kooperation Kita"]
    # An unknown type is refused with a German message and changes nothing.
    response = post_form(client, URL, {"agreement:erfunden": "ja"})
    assert response.status_code == 400
    assert "Unbekannter Typ" in response.get_data(as_text=True)
    assert type_settings.expected(db.read("type_settings_all")) == stored


def test_only_admins_see_the_setting(client, login_as):
    login_as("ausschuss")
    assert client.get(URL).status_code == 403
