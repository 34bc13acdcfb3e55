"""The JSON search endpoint behind the type-ahead of network members: the
rights of adding members, no member offered twice."""
from __future__ import annotations

from tests.browser.test_members_browser import _network_with_100_members


def test_member_search_endpoint_has_the_rights_of_adding(client, db, login_as):
    network = _network_with_100_members(db)
    login_as("ausschuss")
    assert client.get(f"/netzwerke/{network}/mitglieder/suche.json?q=wasser").status_code == 403
    login_as("koordination")
    data = client.get(f"/netzwerke/{network}/mitglieder/suche.json?q=WASSER").get_json()
    assert [r["name"] for r in data["results"]] == ["Familienzentrum Wasserturm"]
    assert data["results"][0]["add_url"].endswith("/hinzufuegen")
    members = client.get(f"/netzwerke/{network}/mitglieder/suche.json?q=gmbh").get_json()
    assert members["results"] == []  # members are not offered again
