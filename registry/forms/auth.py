"""Login and user administration forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from .. import policy
from ..i18n import lazy_gettext as _l
from . import PickSearchField, StrictSelectField, StrictSelectMultipleField

ROLE_LABELS = {
    "ausschuss": _l("Ausschuss (nur lesen)"),
    "koordination": _l("Koordination (bearbeiten)"),
    "admin": _l("Administration"),
}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(_l("Bitte die E-Mail-Adresse angeben.")),
        Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen)."))])
    password = PasswordField(_l("Passwort"), validators=[
        DataRequired(_l("Bitte das Passwort angeben.")),
        Length(max=1024, message=_l("Das Passwort ist zu lang."))])


class UserForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(_l("Bitte die E-Mail-Adresse angeben.")),
        Email(_l("Bitte eine gültige E-Mail-Adresse angeben.")), Length(max=254)])
    name = StringField(_l("Anzeigename"), validators=[Optional(), Length(max=120)])
    role = StrictSelectField(_l("Rolle"), choices=[(r, str(ROLE_LABELS[r])) for r in policy.ROLES])
    areas = StrictSelectMultipleField(_l("Nur diese Sozialräume bearbeiten (nur Koordination)"), choices=[])
    # The chosen areas are listed with checkboxes; one more is added here.
    areas_search = PickSearchField(_l("Sozialraum hinzufügen"))
    active = BooleanField(_l("Konto aktiv"), default=True)
    password = PasswordField(_l("Passwort (mindestens 12 Zeichen)"), validators=[Optional(), Length(max=200)])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("Neues Passwort (mindestens 12 Zeichen)"),
                             validators=[DataRequired(_l("Bitte ein Passwort angeben.")), Length(max=200)])
