"""Forms of the import pages (registry/views/exchange.py)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired, MultipleFileField
from wtforms import SubmitField

from ..exchange.templates import ENTITY_LABELS
from ..i18n import lazy_gettext as _l
from . import StrictSelectField

ENTITY_CHOICES = [("", str(_l("automatisch an der Kopfzeile erkennen")))] + [
    (key, str(label)) for key, label in ENTITY_LABELS.items()]


class UploadForm(FlaskForm):
    # Several files at once are imported together, in the order of what
    # refers to what (importer.DEPENDENCY_ORDER).
    file = MultipleFileField(_l("Datei oder Dateien (CSV oder Excel .xlsx)"), validators=[
        FileRequired(_l("Bitte eine Datei auswählen.")),
        FileAllowed(["csv", "txt", "xlsx"], _l("Bitte eine CSV- oder XLSX-Datei hochladen.")),
    ])
    entity = StrictSelectField(_l("Inhalt der Datei"), choices=ENTITY_CHOICES, default="")
    submit = SubmitField(_l("Hochladen und prüfen"))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: what is applied is the file kept on the server."""

    submit = SubmitField(_l("Jetzt übernehmen"))
