"""The map filter form: query arguments of /karte (a GET form, so a map can
be bookmarked) checked against the whitelists and the database's areas and
networks, then turned into ``MapFilters``.

Argument names are German like the URLs: sozialraum, art, typ, netzwerk,
stichtag, vergleich, verbindungen, traeger (ja/nein), isolierte (ja/nein), anordnung,
farbe.
"""
from __future__ import annotations

from datetime import date

import re

from wtforms import Form, StringField, ValidationError
from wtforms.validators import Length, Optional, Regexp

from ..analysis import cache
from .. import model
from ..db import Database
from ..forms import (GermanDateField, PickSearchField, StrictSelectField,
                     StrictSelectMultipleField, choices)
from ..i18n import lazy_gettext as _l
from .image import NAME_MODES, PAGES, Picture
from .view import COLOUR_MODES, LAYOUT_MODES, LINK_MODES, MapFilters

YES_NO_SHOW = [("ja", _l("zeigen")), ("nein", _l("ausblenden"))]


class MapFilterForm(Form):
    # Offers only the chosen area (set by the view, views/pick.py); others
    # are searched by name or id in the field below.
    sozialraum = StrictSelectField(_l("Sozialraum (mit Teilgebieten)"), default="")
    sozialraum_suche = PickSearchField(_l("Anderen Sozialraum suchen"))
    art = StrictSelectMultipleField(_l("Akteursarten"), choices=choices(model.ACTOR_KINDS), default=[])
    stichtag = GermanDateField(_l("Stichtag"), default=date.today)
    # Optional: draws ties as new / ended / unchanged since this earlier day.
    vergleich = GermanDateField(_l("Vergleichsstichtag"), default=None)
    verbindungen = StrictSelectField(_l("Verbindungen über"), choices=choices(LINK_MODES), default="alle")
    typ = StrictSelectMultipleField(_l("Vereinbarungstypen"), choices=choices(model.AGREEMENT_TYPES),
                                    default=[])
    netzwerk = StrictSelectMultipleField(_l("Netzwerke"), default=[])
    traeger = StrictSelectField(_l("Träger-Verbindungen"), default="nein",
                                choices=[("nein", _l("ausblenden")), ("ja", _l("zeigen"))])
    isolierte = StrictSelectField(_l("Akteure ohne Kooperationspartner"), default="ja",
                                  choices=YES_NO_SHOW)
    anordnung = StrictSelectField(_l("Anordnung"), choices=choices(LAYOUT_MODES), default="auto")
    farbe = StrictSelectField(_l("Farbe nach"), choices=choices(COLOUR_MODES), default="art")
    # Actor ids the reports ask to highlight (comma-separated, at most 200).
    hervorheben = StringField(_l("Hervorgehobene Akteure"), validators=[
        Optional(), Regexp(r"^[A-Za-z0-9_-]{1,40}(,[A-Za-z0-9_-]{1,40}){0,199}$",
                           message=_l("Ungültige Liste hervorzuhebender Akteure."))])


    def validate_vergleich(self, field) -> None:
        day = self.stichtag.data or date.today()
        if field.data is not None and field.data >= day:
            raise ValidationError(str(_l("Der Vergleichsstichtag muss vor dem Stichtag liegen.")))


# The form's networks per analysis version (never stale: analysis/cache.py):
# at city scale 1,500 networks, read for every look at a map.
CHOICES = cache.VersionedCache(capacity=2, analysis=True)


def filter_form(db: Database, args) -> MapFilterForm:
    """The form bound to ``args`` (a MultiDict), with the database's choices
    (the view sets the area's: ``pick.offer_areas``)."""
    form = MapFilterForm(formdata=args)
    networks = CHOICES.get(db, "map filter networks", lambda: [
        (r["id"], r["name"]) for r in db.read("map_network_choices")])
    form.netzwerk.choices = networks
    return form


def parse(form: MapFilterForm) -> MapFilters | None:
    """MapFilters from a bound form; None when a value is refused (the form
    then carries German messages next to the fields)."""
    if not form.validate():
        return None
    return MapFilters(
        day=form.stichtag.data or date.today(),
        area_id=form.sozialraum.data or None,
        kinds=tuple(form.art.data or ()),
        agreement_types=tuple(form.typ.data or ()),
        network_ids=tuple(form.netzwerk.data or ()),
        links=form.verbindungen.data,
        traeger=form.traeger.data == "ja",
        isolated=form.isolierte.data != "nein",
        layout=form.anordnung.data,
        highlight=tuple(_ids(form.hervorheben.data)),
        colour=form.farbe.data or "art",
        compare=form.vergleich.data,
    )


def _ids(raw: str | None) -> list[str]:
    return [part for part in re.split(r",", raw or "") if part]


class PictureForm(Form):
    """How a picture export looks (/karte/export.svg|png|pdf): page format,
    title, whose names; GET arguments like the map's filters."""
    seite = StrictSelectField(_l("Format"), choices=[(k, str(v[0])) for k, v in PAGES.items()],
                              default="a4-quer")
    titel = StringField(_l("Titel"), validators=[Optional(), Length(max=150, message=_l(
        "Der Titel darf höchstens 150 Zeichen lang sein."))])
    namen = StrictSelectField(_l("Namen"), choices=[(k, str(v)) for k, v in NAME_MODES.items()],
                              default="meiste")


def parse_picture(args) -> tuple[PictureForm, Picture | None]:
    """The picture options from query arguments; None when refused."""
    form = PictureForm(formdata=args)
    if not form.validate():
        return form, None
    title = " ".join((form.titel.data or "").split()) or None  # one line, no stray spaces
    return form, Picture(page=form.seite.data, title=title, names=form.namen.data)
