"""Dates as Germans write them: TT.MM.JJJJ and ISO in URLs, forms and files;
a refused date names the format."""
from __future__ import annotations

from datetime import date

import htmlpage
import pytest
from factories import GraphBuilder
from graphstate import post_forms

from registry.forms import GermanDateField
from registry.rules.dates import parse_date
from registry.views.reports import ReportFilterForm
from registry.maps.filters import MapFilterForm
from werkzeug.datastructures import MultiDict


@pytest.mark.parametrize("text,expected", [
    ("31.12.2025", date(2025, 12, 31)), ("1.2.2025", date(2025, 2, 1)),
    ("2025-12-31", date(2025, 12, 31)), ("2025-12-31 14:30:00", date(2025, 12, 31)),
    (" 05.06.2024 ", date(2024, 6, 5)),
])
def test_german_and_iso_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2025", "12/31/2025", "31.12.25", "morgen", ""])
def test_other_spellings_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_report_and_map_filters_share_one_date_field():
    assert ReportFilterForm.stichtag.field_class is GermanDateField
    assert MapFilterForm.stichtag.field_class is GermanDateField


def test_url_dates_in_both_spellings_mean_the_same_day(client, login_as):
    login_as("ausschuss")
    german = client.get("/berichte?stichtag=31.12.2025").get_data(as_text=True)
    iso = client.get("/berichte?stichtag=2025-12-31").get_data(as_text=True)
    assert 'value="2025-12-31"' in german and 'value="2025-12-31"' in iso
    bad = client.get("/berichte?stichtag=31.13.2025").get_data(as_text=True)
    assert "Bitte ein gültiges Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT)." in bad


def test_agreement_form_takes_a_german_date(app):
    from registry.forms.agreements import AgreementForm

    with app.test_request_context(method="POST"):
        form = AgreementForm(formdata=MultiDict({"valid_from": "01.03.2025",
                                                 "valid_until": "2025-12-31"}), meta={"csrf": False})
        form.validate()
        assert form.valid_from.data == date(2025, 3, 1)
        assert form.valid_until.data == date(2025, 12, 31)
        assert not form.valid_from.errors and not form.valid_until.errors


# -- every date-taking URL and form, in both spellings ------------------------------------

GERMAN, ISO, BAD = "31.12.2025", "2025-12-31", "31.13.2025"
INVALID = "Bitte ein gültiges Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT)."
LATER = "stichtag=2026-06-30&"  # a Vergleichsstichtag lies before the Stichtag

PAGES = [("/berichte", "stichtag", ""), ("/berichte", "seit", ""),
         ("/berichte", "vergleich", LATER), ("/berichte/beteiligung", "stichtag", ""),
         ("/berichte/ausschuss", "stichtag", ""), ("/berichte/tabelle/dichte", "stichtag", ""),
         ("/karte", "stichtag", ""), ("/karte", "vergleich", LATER),
         ("/karte/tabelle", "stichtag", ""), ("/stadtplan", "stichtag", "")]
DOWNLOADS = [("/berichte/tabelle/dichte.csv", "stichtag", ""),
             ("/berichte/ausschuss.pdf", "stichtag", ""),
             ("/karte/export.json", "stichtag", ""), ("/karte/export.csv", "vergleich", LATER),
             ("/stadtplan/export.svg", "stichtag", "")]


@pytest.fixture
def small(db):
    g = GraphBuilder(db)
    area = g.area("Nord", level="stadt", code="N")
    a, b = g.actor("Verein A", area=area), g.actor("Kita B", kind="kita", area=area)
    g.agreement("Kooperation", [a, b], valid_from=date(2024, 1, 1))
    g.network("Runder Tisch", [(a, "mitglied", date(2024, 2, 1)), b])
    g.save()
    return {"area": area, "a": a, "b": b}


@pytest.mark.parametrize("url,name,extra", PAGES)
def test_every_date_in_a_page_url_takes_both_spellings(client, login_as, small, url, name, extra):
    login_as("koordination")
    pages = {}
    for text in (GERMAN, ISO, BAD):
        response = client.get(f"{url}?{extra}{name}={text}")
        pages[text] = (response.status_code, response.get_data(as_text=True))
    for text in (GERMAN, ISO):
        status, page = pages[text]
        assert status == 200 and ISO in page and INVALID not in page
    assert INVALID in pages[BAD][1]


@pytest.mark.parametrize("url,name,extra", DOWNLOADS)
def test_every_date_in_a_download_url_takes_both_spellings(client, login_as, small, url, name,
                                                           extra):
    login_as("koordination")
    german = client.get(f"{url}?{extra}{name}={GERMAN}")
    iso = client.get(f"{url}?{extra}{name}={ISO}")
    assert german.status_code == iso.status_code == 200
    assert german.headers["Content-Disposition"] == iso.headers["Content-Disposition"]
    if url.endswith((".csv", ".json")):
        assert german.data == iso.data
    # A refused date is named, never replaced by today's report.
    bad = client.get(f"{url}?{extra}{name}={BAD}")
    assert bad.status_code == 400 and INVALID in bad.get_data(as_text=True)


def _edit_form(client, url: str) -> dict:
    form = next(f for f in post_forms(client.get(url).get_data(as_text=True))
                if f.action in ("", url))
    return MultiDict(form.fields)


@pytest.mark.parametrize("kind,name", [("agreement", "valid_from"), ("agreement", "valid_until"),
                                       ("agreement", "review_date"), ("member", "since"),
                                       ("member", "until")])
def test_every_date_in_a_form_takes_both_spellings(client, login_as, db, small, kind, name):
    login_as("admin")
    if kind == "agreement":
        url = f"/vereinbarungen/{db.read_one('graph_editable_ids')['agreements'][0]}/bearbeiten"
    else:
        network = db.read_one("graph_editable_ids")["networks"][0]
        url = f"/netzwerke/{network}/mitglieder/{small['a']}/bearbeiten"
        name = f"m-{small['a']}-{name}"  # the membership form's prefix
    # A start in the past, an end in the future: what status "aktiv" allows.
    year = 2023 if name.endswith(("valid_from", "since")) else 2028
    for text, stored in ((f"31.12.{year}", f"{year}-12-31"), (f"1.6.{year}", f"{year}-06-01"),
                         (f"{year}-07-01", f"{year}-07-01")):
        fields = _edit_form(client, url)
        fields[name] = text
        response = client.post(url, data=fields)
        assert response.status_code == 302, htmlpage.field_error(
            response.get_data(as_text=True), name)
        assert _edit_form(client, url)[name] == stored
    fields = _edit_form(client, url)
    fields[name] = BAD
    response = client.post(url, data=fields)
    assert INVALID in htmlpage.field_error(response.get_data(as_text=True), name)
    assert _edit_form(client, url)[name] == f"{year}-07-01"
