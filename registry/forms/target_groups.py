"""Form for target groups (Zielgruppen)."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired

from ..i18n import lazy_gettext as _l
from . import EntityForm
from .actors import max_length


class TargetGroupForm(EntityForm):
    name = StringField(_l("Name der Zielgruppe"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), max_length(120)])
