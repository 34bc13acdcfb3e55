"""Forms of the agreements pages: the agreement itself and its parties."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..entities import agreements
from .. import model
from ..i18n import lazy_gettext as _l
from ..rules import agreements as agreement_rules
from . import EntityForm, GermanDateField, StrictSelectField, StrictSelectMultipleField, choices


def strip(value):
    return value.strip() if isinstance(value, str) else value


def too_long(n: int):
    return Length(max=n, message=_l("Bitte höchstens %(max)d Zeichen eingeben."))


def date_field(label, **kwargs) -> GermanDateField:
    """An optional date; ISO (what browsers send) or German TT.MM.JJJJ."""
    return GermanDateField(label, validators=[Optional()], **kwargs)


class AgreementForm(EntityForm):
    title = StringField(_l("Titel"), filters=[strip], validators=[
        DataRequired(_l("Bitte einen Titel angeben.")), too_long(200)])
    type = StrictSelectField(_l("Art der Vereinbarung"), choices=choices(model.AGREEMENT_TYPES))
    subject = TextAreaField(_l("Gegenstand"), filters=[strip],
                            validators=[Optional(), too_long(2000)])
    valid_from = date_field(_l("gültig ab"))
    valid_until = date_field(_l("gültig bis"))
    status = StrictSelectField(_l("Status"), choices=choices(model.AGREEMENT_STATUSES),
                               default="entwurf")
    review_date = date_field(_l("Überprüfung am"))
    document_ref = StringField(_l("Dokument / Aktenzeichen"), filters=[strip],
                               validators=[Optional(), too_long(200)])
    participation = StrictSelectField(_l("Beteiligung der Nutzer*innen"),
                                      choices=choices(model.PARTICIPATION_LEVELS),
                                      default="keine")

    def validate_valid_until(self, field):
        problem = agreement_rules.dates_problem(self.valid_from.data, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_status(self, field):
        problem = agreement_rules.status_problem(field.data, self.valid_from.data,
                                            self.valid_until.data, date.today())
        if problem:
            raise ValidationError(problem)

    def values(self) -> dict:
        return {name: self[name].data for name in agreements.FIELDS}


class AgreementCreateForm(AgreementForm):
    """The agreement plus its first parties, picked from a name search.

    ``parties`` gets its choices in the view: the actors already ticked plus
    the current search hits, so only existing actors can be posted.
    """

    party_search = StringField(_l("Akteur suchen"), filters=[strip],
                               validators=[Optional(), too_long(100)])
    parties = StrictSelectMultipleField(_l("Parteien"), choices=[])

    def validate_parties(self, field):
        if len(set(field.data or [])) < agreements.MIN_PARTIES:
            raise ValidationError(_l("Bitte mindestens zwei verschiedene Parteien auswählen."))


class PartyForm(FlaskForm):
    """One party's role, on the agreement's page (one form per row).

    The page carries the CSRF token as a plain ``csrf_token`` field, checked
    for every POST by CSRFProtect; the prefix keeps ids unique per row."""

    class Meta:
        csrf = False

    role = StringField(_l("Rolle"), filters=[strip], validators=[Optional(), too_long(120)])
