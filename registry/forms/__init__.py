"""WTForms forms, one module per entity. Shared pieces live here."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from ..i18n import lazy_gettext as _l


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
