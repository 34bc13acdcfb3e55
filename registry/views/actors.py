"""Actors (Akteure): list with search and filters, detail, create, edit,
delete with its consequences, contact persons."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access, auth, model, paging
from ..entities import actors, areas, area_choices, target_groups
from ..maps import cooperation
from ..editing import EditConflict, InvalidInput, NotFound
from ..forms.actors import ActorDeleteForm, ActorForm, ContactForm
from ..i18n import gettext as _
from ..web import get_db

bp = Blueprint("actors", __name__, url_prefix="/akteure")


# -- helpers shared by the views of this module ------------------------------------------

def form_version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return -1


def attach_error(form, error: InvalidInput) -> None:
    """Show a rule's message next to its field (or above the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def _with_current(candidates: list[tuple[str, str]], actor_id: str | None,
                  current: dict | None) -> list[tuple[str, str]]:
    """Candidates without the actor itself, always with the entry's current
    value (even one the kind rule would not offer today): saving the form
    unchanged must never drop a link."""
    found = [c for c in candidates if c[0] != actor_id]
    if current and current.get("id") and current["id"] not in {c[0] for c in found}:
        found.append((current["id"], current.get("name") or current["id"]))
    return found


def _fill_choices(form: ActorForm, actor_id: str | None = None,
                  current: dict | None = None) -> None:
    db = get_db()
    choices = area_choices.choices(db)
    form.location.choices = [("", _("– kein Sozialraum –"))] + choices
    form.serves.choices = choices
    current = current or {}
    form.operator.choices = [("", _("– kein Träger –"))] + _with_current(
        actors.operator_choices(db), actor_id, current.get("operator"))
    form.umbrella.choices = [("", _("– kein Dachverband –"))] + _with_current(
        actors.umbrella_choices(db), actor_id, current.get("umbrella"))
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

@bp.get("/")
def index():
    db = get_db()
    listing = paging.listing("actors.index", request.args, actors.Filters, actors.SORT_KEYS,
                             "name", lambda *a: actors.list_actors(db, *a))
    return render_template(
        "actors/index.html", listing=listing, filters=listing.filters,
        area_choices=area_choices.choices(db), operator_choices=actors.operator_choices(db),
        can_create=auth.can_edit(),
    )


@bp.get("/<actor_id>")
def detail(actor_id: str):
    db = get_db()
    # Contact persons not marked public: editors only, never the committee.
    data = actors.detail(db, actor_id, include_private_contacts=auth.can_edit())
    if data is None:
        abort(404)
    path = [area["id"] for area in data["location_path"]]
    partners = cooperation.for_actor(db, actor_id, steps=cooperation.steps_arg(request.args.get("schritte")))
    return render_template("actors/detail.html", actor=data, a=data["actor"],
                           can_edit=auth.can_edit(path), events=actors.changes(db, actor_id),
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
    if form.validate_on_submit() and _placement_allowed(form):
        duplicates = actors.similar_actors(db, form.name.data, form.street.data,
                                           form.postcode.data)
        if not duplicates or form.confirm_duplicate.data:
            try:
                actor_id = actors.create_actor(db, form.data_for_save(), auth.acting_user_name())
            except InvalidInput as error:
                attach_error(form, error)
            else:
                flash(_("Akteur „%(name)s“ angelegt.") % {"name": form.name.data}, "success")
                return redirect(url_for("actors.detail", actor_id=actor_id))
    return render_template("actors/form.html", form=form, actor=None, duplicates=duplicates,
                           conflict=None)


@bp.route("/<actor_id>/bearbeiten", methods=["GET", "POST"])
def edit(actor_id: str):
    db = get_db()
    current = actors.get_actor(db, actor_id)
    if current is None:
        abort(404)
    auth.require_edit(actors.area_path(db, actor_id))
    form = ActorForm() if request.method == "POST" else ActorForm(data=_initial(current))
    _fill_choices(form, actor_id, current)
    conflict = None
    if form.validate_on_submit() and _placement_allowed(form):
        try:
            actors.update_actor(db, actor_id, form_version(form), form.data_for_save(),
                                auth.acting_user_name(),
                                allowed_areas=access.allowed_areas(current_user))
        except EditConflict as error:
            form.form_errors.append(error.message)
            # Show what is stored now; the next save is a deliberate one
            # against the current version.
            latest = actors.get_actor(db, actor_id)
            if latest is None:
                abort(404)
            form.version.data = str(latest["actor"].get("version"))
            conflict = _conflict_rows(actors.as_record(latest))
        except NotFound:
            abort(404)
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("Änderungen an „%(name)s“ gespeichert.") % {"name": form.name.data},
                  "success")
            return redirect(url_for("actors.detail", actor_id=actor_id))
    return render_template("actors/form.html", form=form, actor=current["actor"],
                           duplicates=[], conflict=conflict)


# -- delete -------------------------------------------------------------------------------------

@bp.route("/<actor_id>/loeschen", methods=["GET", "POST"])
def delete(actor_id: str):
    db = get_db()
    impact = actors.deletion_impact(db, actor_id)
    if impact is None:
        abort(404)
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
                actors.delete_actor(db, actor_id, auth.acting_user_name(),
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
    db = get_db()
    current = actors.get_actor(db, actor_id)
    if current is None:
        abort(404)
    auth.require_edit(actors.area_path(db, actor_id))
    return current["actor"]


@bp.route("/<actor_id>/kontakte/neu", methods=["GET", "POST"])
def contact_new(actor_id: str):
    actor = _actor_for_contacts(actor_id)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            actors.create_contact(get_db(), actor_id, form.data_for_save(),
                                  auth.acting_user_name())
        except NotFound:
            abort(404)
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("Kontaktperson gespeichert."), "success")
            return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_form.html", form=form, actor=actor, contact=None,
                           events=[])


@bp.route("/<actor_id>/kontakte/<contact_id>", methods=["GET", "POST"])
def contact_edit(actor_id: str, contact_id: str):
    actor = _actor_for_contacts(actor_id)
    db = get_db()
    contact = actors.get_contact(db, actor_id, contact_id)
    if contact is None:
        abort(404)
    if request.method == "POST":
        form = ContactForm()
    else:
        form = ContactForm(data=dict(contact, version=str(contact.get("version") or 0)))
    if form.validate_on_submit():
        try:
            actors.update_contact(db, actor_id, contact_id, form_version(form),
                                  form.data_for_save(), auth.acting_user_name())
        except NotFound:
            abort(404)
        except EditConflict as error:
            form.form_errors.append(error.message)
            latest = actors.get_contact(db, actor_id, contact_id) or contact
            form.version.data = str(latest.get("version"))
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("Kontaktperson gespeichert."), "success")
            return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_form.html", form=form, actor=actor, contact=contact,
                           events=actors.changes(db, contact_id))


@bp.route("/<actor_id>/kontakte/<contact_id>/loeschen", methods=["GET", "POST"])
def contact_delete(actor_id: str, contact_id: str):
    actor = _actor_for_contacts(actor_id)
    db = get_db()
    contact = actors.get_contact(db, actor_id, contact_id)
    if contact is None:
        abort(404)
    form = ActorDeleteForm()  # only its CSRF token is used here
    if form.validate_on_submit():
        actors.delete_contact(db, actor_id, contact_id, auth.acting_user_name())
        flash(_("Kontaktperson „%(name)s“ entfernt.") % {"name": contact["name"]}, "success")
        return redirect(url_for("actors.detail", actor_id=actor_id) + "#kontakte")
    return render_template("actors/contact_delete.html", form=form, actor=actor,
                           contact=contact)
