"""Selects that cannot list every candidate (thousands of Träger, Sozialräume,
networks):
the select offers only the chosen value(s), a search field beside it finds
the rest (static/js/pick.js while typing; without JavaScript the name or id
typed there is resolved here, with a German message when it names none or
several). Used by forms (a ``PickSearchField`` named ``<field>_search``) and
by list filters (the URL argument ``<param>_suche``)."""
from __future__ import annotations

from typing import Callable

from flask import url_for
from wtforms import SelectMultipleField

from .. import model
from ..entities import area_choices, network_choices
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..web import get_db

PICK_NAMES = {"operator": _l("Träger"), "umbrella": _l("Dachverband"), "area": _l("Sozialraum"),
              "network": _l("Netzwerk")}


def pick_problem(field: str, text: str, hits: list[dict]) -> str | None:
    """The German message when a typed name or id names no candidate or
    several (None: exactly one)."""
    if not hits:
        return _("Kein %(what)s mit dem Namen oder der Kennung „%(text)s“ gefunden.") % {
            "what": PICK_NAMES[field], "text": text}
    if len(hits) > 1:
        # An area is told apart by its level, an actor by its Sozialraum, a
        # network by its scope.
        listed = "; ".join(f"{h['name']} ({_where(field, h)}, {_('Kennung')} {h['id']})"
                           for h in hits)
        return _("Mehrere Einträge heißen „%(text)s“: %(listed)s. Bitte die Kennung "
                 "eingeben.") % {"text": text, "listed": listed}
    return None


def _where(field: str, hit: dict) -> str:
    if field == "area":
        return model.label(model.AREA_LEVELS, hit["kind"])
    if field == "network":
        return hit["area_name"] or _("ohne Geltungsbereich")
    return hit["area_name"] or _("ohne Sozialraum")


def pick_attrs(url: str, select_id: str) -> dict[str, str]:
    """Attributes of a search field that static/js/pick.js turns into a type-ahead."""
    return {"data-pick-url": url, "data-pick-select": select_id,
            "data-text-count": _("Treffer"), "data-text-none": _("Keine Treffer."),
            "data-text-more": _("Weitere Treffer: bitte genauer eingeben."),
            "data-text-chosen": _("ausgewählt."), "autocomplete": "off"}


def area_url(level: str | None = None) -> str:
    """The one area type-ahead (rights of reading lists: area names are no secret)."""
    return url_for("actors.area_search", **({"ebene": level} if level else {}))


def area_named(level: str | None = None) -> Callable[[str], list[dict]]:
    return lambda text: area_choices.named(get_db(), text, level)


def resolve(form, name: str, field: str, named: Callable[[str], list[dict]],
            search: str | None = None) -> None:
    """The name or id typed into the search field ``search`` (default
    ``<name>_search``) becomes the value of the select ``form.<name>`` (added
    to a multiple one) when exactly one candidate has it; else the search
    field refuses it on validation."""
    search = getattr(form, search or f"{name}_search")
    text = (search.data or "").strip()
    if not text:
        return
    hits = named(text)
    search.problem = pick_problem(field, text, hits)
    if search.problem:
        return
    select, hit = getattr(form, name), hits[0]
    if _multiple(select):
        data = list(select.data or [])
        select.data = data if hit["id"] in data else data + [hit["id"]]
    else:
        select.data = hit["id"]
    if hit["id"] not in select.choice_values():
        select.choices = list(select.choices or []) + [(hit["id"], hit["name"])]
    search.data = ""


def offer_areas(form, name: str, blank: str | None = None, level: str | None = None,
                search: str | None = None) -> None:
    """An area select (single or multiple) offering only ``blank`` and its
    chosen areas (of ``level``, if given); the area typed into its search
    field (``resolve``) first. The search field gets the type-ahead."""
    _offer(form, name, "area", area_named(level),
           lambda ids: area_choices.chosen(get_db(), ids, level), area_url(level), blank, search)


def network_url() -> str:
    """The network type-ahead (the map's rights: the map shows the networks too)."""
    return url_for("maps.network_search")


def network_named(text: str) -> list[dict]:
    return network_choices.named(get_db(), text)


def offer_networks(form, name: str, search: str | None = None) -> None:
    """A network field (the map's filter) offering only its chosen networks,
    like ``offer_areas``."""
    _offer(form, name, "network", network_named,
           lambda ids: network_choices.chosen(get_db(), ids), network_url(), None, search)


def _offer(form, name: str, field: str, named: Callable[[str], list[dict]],
           chosen: Callable[[list[str]], list[tuple[str, str]]], url: str,
           blank: str | None, search: str | None) -> None:
    search = search or f"{name}_search"
    resolve(form, name, field, named, search)
    select = getattr(form, name)
    values = list(select.data or []) if _multiple(select) else [select.data]
    select.choices = ([("", blank)] if blank is not None else []) + chosen(
        [c for c in values if c])
    search = getattr(form, search)
    search.render_kw = dict(search.render_kw or {}, **pick_attrs(
        url, f"{select.id}-gewaehlt" if _multiple(select) else select.id))


def _multiple(select) -> bool:
    # A multiple one is shown as checkboxes (macro ``picked_list``), not a select.
    return isinstance(select, SelectMultipleField)


def typed_filter(args, field: str, param: str, named):
    """A filter's search field (``<param>_suche``): a name or id matching
    exactly one entry sets the filter ``param``. Returns the arguments, the
    text typed (kept only when refused) and the German refusal."""
    typed = (args.get(f"{param}_suche") or "").strip()[:200]
    if not typed:
        return args, "", None
    hits = named(typed)
    problem = pick_problem(field, typed, hits)
    if problem:
        return args, typed, problem
    args = args.copy()
    args[param] = hits[0]["id"]
    return args, "", None


def area_filter(args, param: str = "sozialraum"):
    """A list's Sozialraum filter (macro ``pick_filter``): the arguments with
    a typed area resolved, and the template values ``area_choices`` (only
    the chosen area), ``area_typed``, ``area_problem``, ``area_pick``."""
    args, typed, problem = typed_filter(args, "area", param, area_named())
    chosen = area_choices.chosen(get_db(), [args[param]]) if args.get(param) else []
    return args, {"area_choices": chosen, "area_typed": typed, "area_problem": problem,
                  "area_pick": pick_attrs(area_url(), param)}
