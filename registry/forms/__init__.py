"""WTForms forms, one module per entity. Shared pieces live here."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from ..i18n import lazy_gettext as _l
from ..rules import dates


class GermanDateField(DateField):
    """The one date field: TT.MM.JJJJ or ISO (what <input type=date> sends),
    in forms and URL filters. An empty value keeps the default (None, or
    e.g. today for a Stichtag); a wrong one names the accepted formats."""

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            return
        try:
            self.data = dates.parse_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(str(dates.INVALID)) from None

    def _value(self):
        # <input type=date> shows only ISO values, whatever was typed.
        if self.data and not self.errors:
            return self.data.isoformat()
        return super()._value()


class EntityForm(FlaskForm):
    """Base of every entity form: carries the version for optimistic locking."""

    version = HiddenField()


def choices(vocabulary: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    """Select choices from a model vocabulary (key, German label)."""
    items = [(key, str(text)) for key, text in vocabulary.items()]
    return ([("", blank)] if blank is not None else []) + items


class StrictSelectField(SelectField):
    """A select that refuses any value not among its choices (hand-made posts)."""

    def pre_validate(self, form):
        values = {str(value) for value, _ in self.choices or []}
        if self.data not in values and not (self.data in ("", None) and "" in values):
            raise ValidationError(_l("Ungültige Auswahl."))


class StrictSelectMultipleField(SelectMultipleField):
    def pre_validate(self, form):
        values = {str(value) for value, _ in self.choices or []}
        bad = [v for v in self.data or [] if v not in values]
        if bad:
            raise ValidationError(_l("Ungültige Auswahl."))
