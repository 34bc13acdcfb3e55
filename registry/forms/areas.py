"""Form for Sozialräume."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, Regexp

from ..i18n import lazy_gettext as _l
from ..model import AREA_LEVELS, AREA_SETTINGS
from . import EntityForm, PickSearchField, StrictSelectField, choices
from .actors import PLEASE_CHOOSE, NotSelfSelectField, max_length


class AreaForm(EntityForm):
    entity_id = None  # set by the view when editing

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), max_length(120)])
    code = StringField(_l("Kennung (eindeutig, optional)"), validators=[
        Optional(), max_length(30),
        Regexp(r"^[A-Za-z0-9._/\-]+$",
               message=_l("Bitte nur Buchstaben, Ziffern und . _ / - verwenden."))])
    level = StrictSelectField(
        _l("Ebene"), choices=choices(AREA_LEVELS, blank=PLEASE_CHOOSE),
        validators=[DataRequired(_l("Bitte die Ebene wählen."))])
    setting = StrictSelectField(
        _l("Siedlungsstruktur"), choices=choices(AREA_SETTINGS, blank=PLEASE_CHOOSE),
        validators=[DataRequired(_l("Bitte städtisch oder ländlich wählen."))])
    geometry = TextAreaField(_l("Umriss für den Stadtplan (GeoJSON, optional)"), validators=[Optional()])
    parent = NotSelfSelectField(
        _l("Liegt in"), choices=[],
        self_message=_l("Ein Sozialraum kann nicht in sich selbst liegen."))
    # The select offers only the chosen area (a city has thousands): another
    # one is searched here (type-ahead, or resolved by name or id on save).
    parent_search = PickSearchField(_l("Anderes übergeordnetes Gebiet suchen"))

    def values(self) -> dict:
        keys = ("name", "code", "level", "setting", "parent", "geometry")
        return {key: getattr(self, key).data for key in keys}
