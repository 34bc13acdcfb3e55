"""Forms of the networks pages: the network itself and its members."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from .. import model
from ..entities import networks
from ..i18n import lazy_gettext as _l
from . import EntityForm, PickSearchField, StrictSelectField, choices
from .agreements import date_field, strip, too_long


class NetworkForm(EntityForm):
    """``scope`` and ``coordinator`` get their choices in the view (areas;
    the network's members)."""

    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), too_long(200)])
    type = StrictSelectField(_l("Art"), choices=choices(model.NETWORK_TYPES))
    description = TextAreaField(_l("Beschreibung"), filters=[strip],
                                validators=[Optional(), too_long(2000)])
    scope = StrictSelectField(_l("Sozialraum (Geltungsbereich)"), choices=[])
    scope_search = PickSearchField(_l("Anderen Sozialraum suchen"))
    coordinator = StrictSelectField(_l("Koordinierender Akteur"), choices=[])
    rhythm = StrictSelectField(_l("Sitzungsrhythmus"),
                               choices=choices(model.MEETING_RHYTHMS, blank=_l("nicht angegeben")))
    participation = StrictSelectField(_l("Beteiligung der Nutzer*innen"),
                                      choices=choices(model.PARTICIPATION_LEVELS),
                                      default="keine")

    def values(self) -> dict:
        return {name: self[name].data for name in networks.FIELDS}


class MemberForm(FlaskForm):
    """One membership (role, since, until), on the network's page: one form
    per row. The page carries the CSRF token as a plain ``csrf_token`` field,
    checked for every POST by CSRFProtect; the prefix keeps ids unique."""

    class Meta:
        csrf = False

    role = StrictSelectField(_l("Rolle"), choices=choices(model.MEMBER_ROLES), default="mitglied")
    since = date_field(_l("seit"))
    until = date_field(_l("bis"))

    def validate_until(self, field):
        problem = networks.membership_problem(self.since.data, field.data)
        if problem:
            raise ValidationError(problem)
