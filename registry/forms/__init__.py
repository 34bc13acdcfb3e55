"""WTForms forms, one module per entity. Shared pieces live here."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

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


def refusal_text(*forms) -> str:
    """Every field error of ``forms`` as one German line ("Stichtag: Bitte
    ..."): the answer of a download whose URL argument was refused."""
    return "; ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}"
                     for form in forms for name, errors in form.errors.items())


def choices(vocabulary: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    """Select choices from a model vocabulary (key, German label)."""
    items = [(key, str(text)) for key, text in vocabulary.items()]
    return ([("", blank)] if blank is not None else []) + items


def select_choices(items):
    """``items`` as WTForms ``SelectChoice``s: (value, label) tuples are
    deprecated (gone in WTForms 3.4), so forms and views may keep passing them."""
    if items is None or callable(items):
        return items
    return [SelectChoice(*item) if isinstance(item, tuple) else item for item in items]


class SelectChoicesMixin:
    """For select and radio fields: choices given at construction or set by a
    view become ``SelectChoice``s (see ``select_choices``)."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, choices=select_choices(choices), **kwargs)

    @property
    def choices(self):
        return SelectField.choices.fget(self)

    @choices.setter
    def choices(self, value):
        SelectField.choices.fset(self, select_choices(value))

    def choice_values(self) -> set[str]:
        return {str(choice.value) for choice in self.choices or []}


class StrictSelectField(SelectChoicesMixin, SelectField):
    """A select that refuses any value not among its choices (hand-made posts)."""

    def pre_validate(self, form):
        values = self.choice_values()
        if self.data not in values and not (self.data in ("", None) and "" in values):
            raise ValidationError(_l("Ungültige Auswahl."))


class StrictSelectMultipleField(SelectChoicesMixin, SelectMultipleField):
    def pre_validate(self, form):
        values = self.choice_values()
        bad = [v for v in self.data or [] if v not in values]
        if bad:
            raise ValidationError(_l("Ungültige Auswahl."))


class PickSearchField(StringField):
    """The search field beside a select that offers only the chosen value(s)
    (named ``<select>_search``): the view resolves a name or id typed here
    before validation (``views.pick.resolve``); a name that matches none or
    several is this field's German ``problem``."""

    problem = None

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators or [Optional(), Length(max=200, message=_l(
            "Bitte höchstens %(max)d Zeichen eingeben."))], **kwargs)

    def pre_validate(self, form):
        if self.problem:
            raise ValidationError(self.problem)
