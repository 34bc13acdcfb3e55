"""Dates as Germans write them: TT.MM.JJJJ and ISO in URLs, forms and files;
a refused date names the format."""
from __future__ import annotations

from datetime import date

import pytest

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
    assert "Bitte ein gültiges Datum angeben (TT.MM.JJJJ)." in bad


def test_agreement_form_takes_a_german_date(app):
    from registry.forms.agreements import AgreementForm

    with app.test_request_context(method="POST"):
        form = AgreementForm(formdata=MultiDict({"valid_from": "01.03.2025",
                                                 "valid_until": "2025-12-31"}), meta={"csrf": False})
        form.validate()
        assert form.valid_from.data == date(2025, 3, 1)
        assert form.valid_until.data == date(2025, 12, 31)
        assert not form.valid_from.errors and not form.valid_until.errors
