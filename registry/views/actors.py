"""Actors (Akteure): list with search and filters, detail, create, edit,
delete with its consequences, contact persons."""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access, auth, model, paging
from ..entities import actors, areas, area_choices, contacts, target_groups
from ..maps import cooperation
from ..editing import EditConflict, InvalidInput, NotFound
from ..forms.actors import ActorDeleteForm, ActorForm, ContactForm
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..web import get_db
from . import pages, pick

bp = Blueprint("actors", __name__, url_prefix="/akteure")


# -- helpers shared by the views of this module ------------------------------------------

def form_version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return -1


class Saved(NamedTuple):
    ok: bool
    value: Any = None                    # what the save returned (a new id)
    conflict: EditConflict | None = None


def saved(form, save: Callable[[], Any]) -> Saved:
    """Run ``save`` for a validated form. A refused input goes next to its
    field, a missing entry is a 404, a version conflict is returned for the
    caller to show with the stored state."""
    try:
        return Saved(True, save())
    except NotFound:
        abort(404)
    except EditConflict as conflict:
        return Saved(False, conflict=conflict)
    except InvalidInput as error:
        attach_error(form, error)
        return Saved(False)


def attach_error(form, error: InvalidInput) -> None:
    """Show a rule's message next to its field (or above the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def _offered(field: str, actor_id: str | None, current: dict | None,
             posted: str | None) -> list[tuple[str, str]]:
    """A Träger or Dachverband select's choices: none, the entry's current
    value (even one the kind rule would not offer today: saving the form
    unchanged must never drop a link) and the value posted, when it is a
    candidate of the field (picked with the type-ahead)."""
    offered: list[tuple[str, str]] = []
    if current and current.get("id"):
        offered.append((current["id"], current.get("name") or current["id"]))
    if posted and posted != actor_id and posted not in {c[0] for c in offered}:
        found = [r for r in actors.named_candidates(get_db(), field, posted) if r["id"] == posted]
        if found:
            offered.append((posted, found[0]["name"]))
    return offered


PICK_BLANK = {"operator": _l("– kein Träger –"), "umbrella": _l("– kein Dachverband –")}


def _valid(form: ActorForm, actor_id: str | None = None) -> bool:
    """validate_on_submit with the Träger and Dachverband search fields
    resolved first (the area fields are, when their choices are filled)."""
    for name in ("operator", "umbrella"):
        pick.resolve(form, name, name, lambda text, name=name: [
            h for h in actors.named_candidates(get_db(), name, text) if h["id"] != actor_id])
    return form.validate_on_submit()


def _fill_choices(form: ActorForm, actor_id: str | None = None,
                  current: dict | None = None) -> None:
    db = get_db()
    pick.offer_areas(form, "location", _("– kein Sozialraum –"))
    pick.offer_areas(form, "serves")
    current = current or {}
    for name in ("operator", "umbrella"):
        select = getattr(form, name)
        select.choices = [("", str(PICK_BLANK[name]))] + _offered(
            name, actor_id, current.get(name), select.data)
        getattr(form, f"{name}_search").render_kw = pick.pick_attrs(
            url_for("actors.pick_search", field=name), name)
    form.target_groups.choices = target_groups.choices(db)
    form.entity_id = actor_id
    # The sector follows kind and Träger: the select is off when it does not count.
    if form.kind.data == "jugendamt" or form.operator.data:
        form.sector.render_kw = {"disabled": True}


def _placement_allowed(form: ActorForm) -> bool:
    """A koordination account limited to some areas places actors only there."""
    if not current_user.limited:
        return True
    if auth.can_edit(areas.path(get_db(), form.location.data)):
        return True
    form.location.errors = list(form.location.errors) + [
        _("Sie dürfen Akteure nur in Ihren eigenen Sozialräumen (oder darunter) führen.")]
    return False


def _initial(row: dict) -> dict:
    actor = row["actor"]
    data = {key: actor.get(key) for key in actors.FIELDS}
    data.update(
        version=str(actor.get("version") or 0),
        location=(row["location"] or {}).get("id") or "",
        operator=(row["operator"] or {}).get("id") or "",
        umbrella=(row["umbrella"] or {}).get("id") or "",
        serves=[s["id"] for s in row["serves"]],
        target_groups=[g["id"] for g in row["target_groups"]],
    )
    return data


def _editable(actor_id: str) -> dict:
    """The actor, after checking the right to edit it."""
    db = get_db()
    current = actors.get(db, actor_id) or abort(404)
    auth.require_edit(actors.area_path(db, actor_id))
    return current


def _conflict_rows(current: dict | None) -> list[tuple[str, str]]:
    """The stored values a conflicting save would have overwritten, for display."""
    rows = []
    for key, value in (current or {}).items():
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        elif key == "kind":
            value = model.label(model.ACTOR_KINDS, value)
        elif key == "sector":
            value = model.label(model.SECTORS, value)
        rows.append((str(actors.FIELD_LABELS.get(key, key)), str(value)))
    return rows


# -- list and detail --------------------------------------------------------------------------

LIST_TEXTS = pages.ListTexts(
    heading=_l("Akteure"), create=_l("Akteur anlegen"), search=_l("Akteure suchen und filtern"),
    submit=_l("Suchen"), caption=_l("Akteure"), none=_l("Keine Akteure passen zu Suche und Filtern."),
    all=_l("Alle Akteure zeigen"), empty=_l("Noch keine Akteure erfasst."),
    first=_l("Ersten Akteur anlegen"))


@bp.get("/")
def index():
    db = get_db()
    args = request.args
    # The Träger and Sozialraum filters: the chosen one, or one typed by name
    # or id (the selects cannot list thousands; pick.js searches while typing).
    args, typed, operator_problem = pick.typed_filter(
        args, "operator", "traeger", lambda text: actors.named_candidates(db, "operator", text))
    args, area_filter = pick.area_filter(args)
    listing = paging.listing("actors.index", args, actors.Filters, actors.SORTS,
                             "name", lambda *a: actors.search(db, *a))
    filters = listing.filters
    operator_choices = []
    if filters.operator:
        operator_choices = [(h["id"], h["name"]) for h in
                            actors.named_candidates(db, "operator", filters.operator)
                            if h["id"] == filters.operator]
    return pages.render_list(
        "actors", listing, LIST_TEXTS, actors.COLUMNS, operator_choices=operator_choices,
        operator_typed=typed, operator_problem=operator_problem,
        operator_pick=pick.pick_attrs(url_for("actors.filter_search"), "traeger"), **area_filter,
    )


def candidates_json(hits: list[dict], more: bool, add_url=None, kinds=model.ACTOR_KINDS):
    """The answer every type-ahead (static/js/typeahead.js) reads; ``kinds``
    labels the hits' kind (actor kinds, or area levels for an area field);
    ``add_url(actor_id)``, if given, is where the picker's add form posts."""
    return jsonify(more=more, results=[{
        "id": h["id"], "name": h["name"], "kind": model.label(kinds, h["kind"]),
        "area": h["area_name"] or "",
        **({"add_url": add_url(h["id"])} if add_url else {})} for h in hits])


def _search_json(field: str):
    hits, more = actors.search_candidates(get_db(), field, request.args.get("q", "")[:100])
    return candidates_json(hits, more)


@bp.get("/auswahl/<any(operator, umbrella):field>.json")
def pick_search(field: str):
    """Type-ahead of the actor form's Träger and Dachverband fields: the
    candidates whose name contains ``q``. Same rights as the form (EDIT)."""
    return _search_json(field)


@bp.get("/traeger.json")
def filter_search():
    """Type-ahead of the list's Träger filter (same rights as the list)."""
    return _search_json("operator")


@bp.get("/sozialraeume.json")
def area_search():
    """The one type-ahead of every area field and filter (views/pick.py;
    same rights as the lists: area names are no secret); ``ebene`` limits
    it to one level (the report's Sozialraum)."""
    hits, more = area_choices.search(get_db(), request.args.get("q", "")[:100],
                                     level=request.args.get("ebene") or None)
    return candidates_json(hits, more, kinds=model.AREA_LEVELS)


@bp.get("/<actor_id>")
def detail(actor_id: str):
    db = get_db()
    # Contact persons not marked public: editors only, never the committee.
    data = actors.detail(db, actor_id, include_private_contacts=auth.can_edit()) or abort(404)
    path = [area["id"] for area in data["location_path"]]
    partners = cooperation.for_actor(db, actor_id, steps=cooperation.steps_arg(request.args.get("schritte")))
    return render_template("actors/detail.html", actor=data, a=data["actor"],
                           can_edit=auth.can_edit(path), events=actors.history_events(db, actor_id),
                           cooperation=partners)


# -- create and edit --------------------------------------------------------------------------

@bp.route("/neu", methods=["GET", "POST"])
def new():
    db = get_db()
    form = ActorForm()
    if request.method == "GET" and request.args.get("sozialraum"):
        form.location.data = request.args["sozialraum"]
    _fill_choices(form)
    duplicates = []
    if _valid(form) and _placement_allowed(form):
        duplicates = actors.similar_actors(db, form.name.data, form.street.data,
                                           form.postcode.data, form.location.data or None)
        if not duplicates or form.confirm_duplicate.data:
            done = saved(form, lambda: actors.create(db, form.values(),
                                                           auth.acting_user_name()))
            if done.ok:
                flash(_("Akteur „%(name)s“ angelegt.") % {"name": form.name.data}, "success")
                return redirect(url_for("actors.detail", actor_id=done.value))
    return render_template("actors/form.html", form=form, actor=None, duplicates=duplicates,
                           conflict=None)


@bp.route("/<actor_id>/bearbeiten", methods=["GET", "POST"])
def edit(actor_id: str):
    db = get_db()
    current = _editable(actor_id)
    form = pages.entry_form(ActorForm, _initial(current))
    _fill_choices(form, actor_id, current)
    conflict = None
    if _valid(form, actor_id) and _placement_allowed(form):
        done = saved(form, lambda: actors.update(
            db, actor_id, form_version(form), form.values(), auth.acting_user_name(),
            allowed_areas=access.allowed_areas(current_user)))
        if done.conflict:
            form.form_errors.append(done.conflict.message)
            # Show what is stored now; the next save is a deliberate one
            # against the current version.
            latest = actors.get(db, actor_id) or abort(404)
            form.version.data = str(latest["actor"].get("version"))
            conflict = _conflict_rows(actors.as_record(latest))
        elif done.ok:
            flash(_("Änderungen an „%(name)s“ gespeichert.") % {"name": form.name.data},
                  "success")
            return redirect(url_for("actors.detail", actor_id=actor_id))
    return render_template("actors/form.html", form=form, actor=current["actor"],
                           duplicates=[], conflict=conflict)


# -- delete -------------------------------------------------------------------------------------

@bp.route("/<actor_id>/loeschen", methods=["GET", "POST"])
def delete(actor_id: str):
    db = get_db()
    impact = actors.deletion_impact(db, actor_id) or abort(404)
    auth.require_edit(actors.area_path(db, actor_id))
    form = ActorDeleteForm()
    if form.validate_on_submit():
        if form.choice.data == "abbrechen":
            flash(_("Nichts gelöscht."), "success")
            return redirect(url_for("actors.detail", actor_id=actor_id))
        if impact["needs_choice"] and form.choice.data != "beenden":
            form.choice.errors = [_("Bitte wählen Sie, was mit den Beziehungen geschehen soll.")]
        else:
            try:
                actors.delete(db, actor_id, auth.acting_user_name(),
                                    end_relations=form.choice.data == "beenden")
            except NotFound:
                abort(404)
            except InvalidInput as error:
                form.choice.errors = [error.message]
            else:
                flash(_("Akteur „%(name)s“ gelöscht. Eine Administratorin oder ein "
                        "Administrator kann ihn wiederherstellen.") % {"name": impact["name"]},
                      "success")
                return redirect(url_for("actors.index"))
    return render_template("actors/delete.html", form=form, impact=impact, actor_id=actor_id)


# -- contact persons ----------------------------------------------------------------------------

def _actor_for_contacts(actor_id: str) -> dict:
    return _editable(actor_id)["actor"]


@bp.route("/<actor_id>/kontakte/neu", methods=["GET", "POST"])
def contact_new(actor_id: str):
    actor = _actor_for_contacts(actor_id)
    form = ContactForm()
    if form.validate_on_submit() and saved(form, lambda: contacts.create(
            get_db(), actor_id, form.values(), auth.acting_user_name())).ok:
        flash(_("Kontaktperson gespeichert."), "success")
        return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_form.html", form=form, actor=actor, contact=None,
                           events=[])


@bp.route("/<actor_id>/kontakte/<contact_id>", methods=["GET", "POST"])
def contact_edit(actor_id: str, contact_id: str):
    actor = _actor_for_contacts(actor_id)
    db = get_db()
    contact = contacts.get(db, actor_id, contact_id) or abort(404)
    form = pages.entry_form(ContactForm, dict(contact, version=str(contact.get("version") or 0)))
    if form.validate_on_submit():
        done = saved(form, lambda: contacts.update(
            db, actor_id, contact_id, form_version(form), form.values(),
            auth.acting_user_name()))
        if done.conflict:
            form.form_errors.append(done.conflict.message)
            latest = contacts.get(db, actor_id, contact_id) or contact
            form.version.data = str(latest.get("version"))
        elif done.ok:
            flash(_("Kontaktperson gespeichert."), "success")
            return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_form.html", form=form, actor=actor, contact=contact,
                           events=contacts.history_events(db, contact_id))


@bp.route("/<actor_id>/kontakte/<contact_id>/loeschen", methods=["GET", "POST"])
def contact_delete(actor_id: str, contact_id: str):
    actor = _actor_for_contacts(actor_id)
    db = get_db()
    contact = contacts.get(db, actor_id, contact_id) or abort(404)
    form = ActorDeleteForm()  # only its CSRF token is used here
    if form.validate_on_submit():
        contacts.delete(db, actor_id, contact_id, auth.acting_user_name())
        flash(_("Kontaktperson „%(name)s“ entfernt.") % {"name": contact["name"]}, "success")
        return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_delete.html", form=form, actor=actor,
                           contact=contact)
