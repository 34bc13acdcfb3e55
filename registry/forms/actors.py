"""Forms for actors and their contact persons."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from ..i18n import lazy_gettext as _l
from ..model import ACTOR_KINDS, SECTORS
from ..rules import actors as rules
from . import (EntityForm, PickSearchField, SelectChoicesMixin, StrictSelectField,
               StrictSelectMultipleField, choices)

def rule(check):
    """A field validator from a rule of registry/rules (message or None)."""
    def validate(form, field):
        problem = check(field.data.strip() if isinstance(field.data, str) else field.data)
        if problem:
            raise ValidationError(problem)
    return validate


EMAIL = rule(rules.email_problem)
PHONE = rule(rules.phone_problem)
http_url = rule(rules.website_problem)


def max_length(limit: int) -> Length:
    """A length limit with a German message (WTForms' own is English)."""
    return Length(max=limit, message=_l("Bitte höchstens %(max)d Zeichen eingeben."))


PLEASE_CHOOSE = _l("– bitte wählen –")


class CoordinateField(FloatField):
    """A decimal number typed as text; a German decimal comma is accepted."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        try:
            self.data = float(valuelist[0].strip().replace(",", "."))
        except ValueError as exc:
            self.data = None
            raise ValueError(_l("Bitte eine Zahl angeben, z. B. 51,0604.")) from exc


class NotSelfSelectField(StrictSelectField):
    """A select of other actors that refuses the form's own actor clearly."""

    def __init__(self, label=None, validators=None, self_message="", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.self_message = self_message

    def pre_validate(self, form):
        if self.data and self.data == getattr(form, "entity_id", None):
            raise ValidationError(self.self_message)
        super().pre_validate(form)


class ActorForm(EntityForm):
    entity_id = None  # set by the view when editing

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), max_length(200)])
    kind = StrictSelectField(_l("Art"), choices=choices(ACTOR_KINDS, blank=PLEASE_CHOOSE),
                             validators=[DataRequired(_l("Bitte die Art wählen."))])
    sector = StrictSelectField(_l("Öffentlicher oder freier Träger"),
                               choices=choices(SECTORS, blank=PLEASE_CHOOSE),
                               validators=[Optional()])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), max_length(4000)])
    street = StringField(_l("Straße und Hausnummer"), validators=[Optional(), max_length(200)])
    postcode = StringField(_l("PLZ"), filters=[rules.normal_postcode],
                           validators=[Optional(), rule(rules.postcode_problem)])
    city = StringField(_l("Ort"), validators=[Optional(), max_length(100)])
    lat = CoordinateField(_l("Breitengrad"), validators=[
        Optional(), NumberRange(-90, 90, _l("Der Breitengrad liegt zwischen -90 und 90."))])
    lon = CoordinateField(_l("Längengrad"), validators=[
        Optional(), NumberRange(-180, 180, _l("Der Längengrad liegt zwischen -180 und 180."))])
    website = StringField(_l("Website"), filters=[rules.normal_website], validators=[Optional(), max_length(500), http_url])
    email = StringField(_l("E-Mail"), validators=[Optional(), max_length(254), EMAIL])
    phone = StringField(_l("Telefon"), validators=[Optional(), max_length(40), PHONE])
    location = StrictSelectField(_l("Sozialraum (Sitz)"), choices=[])
    # Both offer only the chosen areas (a city has thousands); others are
    # searched by name or id (type-ahead, or resolved on save without JavaScript).
    location_search = PickSearchField(_l("Anderen Sozialraum suchen"))
    serves = StrictSelectMultipleField(_l("Versorgt außerdem diese Sozialräume"), choices=[])
    serves_search = PickSearchField(_l("Versorgten Sozialraum hinzufügen"))
    operator = NotSelfSelectField(
        _l("Träger"), choices=[],
        self_message=_l("Ein Akteur kann nicht sein eigener Träger sein."))
    umbrella = NotSelfSelectField(
        _l("Dachverband (nur für freie Träger)"), choices=[],
        self_message=_l("Ein Träger kann nicht sein eigener Dachverband sein."))
    # The Träger and Dachverband selects offer only "none" and the entry's
    # value (thousands of candidates at city scale): another one is searched
    # by name or id here (type-ahead with JavaScript, resolved on save without).
    operator_search = PickSearchField(_l("Anderen Träger suchen"))
    umbrella_search = PickSearchField(_l("Anderen Dachverband suchen"))
    target_groups = StrictSelectMultipleField(_l("Zielgruppen"), choices=[])
    confirm_duplicate = BooleanField(_l("Trotzdem anlegen: es ist ein anderer Akteur"))

    def validate_sector(self, field):
        # Set by the rule for a Jugendamt or with a Träger, whatever was chosen.
        if rules.sector(self.kind.data, "frei" if self.operator.data else None,
                        field.data or None) is None:
            raise ValidationError(rules.sector_problem(self.kind.data, False, None, None))

    def validate_umbrella(self, field):
        if field.data and rules.umbrella_problem(self.kind.data):
            raise ValidationError(rules.umbrella_problem(self.kind.data))

    def validate_lon(self, field):
        problem = rules.coordinates_problem(self.lat.data, field.data)
        if problem and not self.lat.errors and not field.errors:
            raise ValidationError(problem[1])

    def values(self) -> dict:
        keys = ("name", "kind", "sector", "description", "street", "postcode", "city", "lat",
                "lon", "website", "email", "phone", "location", "serves", "operator",
                "umbrella", "target_groups")
        data = {key: getattr(self, key).data for key in keys}
        if data["website"]:
            data["website"] = data["website"].strip()
        return data


class ChoiceRadioField(SelectChoicesMixin, RadioField):
    """Radio buttons that refuse unknown values with a German message; no
    value at all is allowed (the view decides whether a choice is needed)."""

    def pre_validate(self, form):
        if self.data not in (None, "") and self.data not in self.choice_values():
            raise ValidationError(_l("Ungültige Auswahl."))


class ActorDeleteForm(FlaskForm):
    choice = ChoiceRadioField(_l("Was soll mit diesen Beziehungen geschehen?"), choices=[
        ("beenden", _l("Beziehungen beenden und den Akteur löschen")),
        ("abbrechen", _l("Nichts ändern: Löschen abbrechen")),
    ], validators=[Optional()])


class ContactForm(EntityForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), max_length(120)])
    function = StringField(_l("Funktion"), validators=[Optional(), max_length(120)])
    email = StringField(_l("Dienstliche E-Mail"), validators=[Optional(), max_length(254), EMAIL])
    phone = StringField(_l("Dienstliches Telefon"), validators=[Optional(), max_length(40), PHONE])
    public = BooleanField(_l("Öffentlich sichtbar (auch für Ausschuss und Öffentlichkeit)"))

    def values(self) -> dict:
        keys = ("name", "function", "email", "phone", "public")
        return {key: getattr(self, key).data for key in keys}
