"""Kooperationsvereinbarungen: list, detail, create, edit, delete, parties."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import access, auth, paging
from ..entities import agreements, area_choices
from ..forms.agreements import AgreementCreateForm, AgreementForm, PartyForm
from ..i18n import gettext as _
from ..web import get_db
from .actors import candidates_json

bp = Blueprint("agreements", __name__, url_prefix="/vereinbarungen")


def _load(agreement_id: str) -> dict:
    agreement = agreements.get(get_db(), agreement_id)
    if agreement is None:
        abort(404)
    return agreement


def _paths(agreement_id: str) -> list[list[str]]:
    return agreements.area_paths(get_db(), agreement_id)


@bp.get("/")
def index():
    db = get_db()
    listing = paging.listing("agreements.index", request.args, agreements.Filters,
                             agreements.SORTS, agreements.DEFAULT_SORT,
                             lambda *a: agreements.search(db, *a))
    return render_template(
        "agreements/index.html", listing=listing, filters=listing.filters,
        area_choices=area_choices.choices(db), can_create=auth.can_edit(),
    )


def _detail(agreement_id: str, *, add_form: PartyForm | None = None,
            add_actor: str | None = None):
    """The detail page: parties as read-only rows (each with one link to its
    edit page); an add form that failed validation is shown again with its
    messages next to its field."""
    db = get_db()
    agreement = _load(agreement_id)
    can_edit = auth.can_edit(_paths(agreement_id))
    search_text = request.args.get("suche", "").strip()[:100]
    hits, more = [], False
    if can_edit:
        if add_form is not None and add_actor:
            hits = agreements.actors_by_id(db, [add_actor])
        elif search_text:
            hits, more = agreements.party_candidates(db, agreement_id, search_text)
    add_forms = {
        hit["id"]: add_form if add_form is not None and hit["id"] == add_actor
        else PartyForm(formdata=None, prefix=f"neu-{hit['id']}")
        for hit in hits
    }
    return render_template(
        "agreements/detail.html", agreement=agreement, can_edit=can_edit,
        search_text=search_text, hits=hits, more=more, add_forms=add_forms,
        picker_form=PartyForm(formdata=None, prefix="neu-__id__-"),
        events=agreements.history_events(db, agreement_id),
    )


@bp.get("/<agreement_id>")
def detail(agreement_id: str):
    return _detail(agreement_id)


@bp.get("/<agreement_id>/parteien/suche.json")
def party_search(agreement_id: str):
    """Type-ahead for adding parties: actors not yet parties whose name
    contains ``q``, with the URL their add form posts to. Same rights as
    adding (EDIT, area limits)."""
    _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    hits, more = agreements.party_candidates(get_db(), agreement_id,
                                             request.args.get("q", "")[:100])
    return candidates_json(hits, more, lambda actor_id: url_for(
        "agreements.party_add", agreement_id=agreement_id, actor_id=actor_id))


def _party_page(agreement: dict, party: dict, form: PartyForm):
    back = url_for("agreements.detail", agreement_id=agreement["id"]) + "#parteien"
    return render_template(
        "relation_edit.html", form=form, back=back, entry_name=agreement["title"],
        heading=_("Partei ändern"),
        lead=_("%(name)s in der Vereinbarung „%(title)s“") % {"name": party["name"],
                                                             "title": agreement["title"]},
        save_url=url_for("agreements.party_role", agreement_id=agreement["id"],
                         actor_id=party["id"]),
        remove_url=url_for("agreements.party_remove", agreement_id=agreement["id"],
                           actor_id=party["id"]),
        remove_heading=_("Partei entfernen"), remove_hint=None)


@bp.get("/<agreement_id>/parteien/<actor_id>/bearbeiten")
def party_form(agreement_id: str, actor_id: str):
    """One party's edit page (role; remove)."""
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    party = agreements.PARTIES.find(agreement, actor_id) or abort(404)
    return _party_page(agreement, party, PartyForm(
        formdata=None, prefix=f"p-{actor_id}", data={"role": party["role"]}))


@bp.route("/neu", methods=["GET", "POST"])
def new():
    db = get_db()
    form = AgreementCreateForm()
    chosen = agreements.actors_by_id(db, form.parties.data or [])
    searching = request.method == "POST" and request.form.get("action") == "search"
    hits, more = [], False
    if form.party_search.data:
        hits, more = agreements.party_candidates(
            db, None, form.party_search.data[:100], exclude=[a["id"] for a in chosen])
    form.parties.choices = [(a["id"], a["name"]) for a in chosen + hits]
    if not searching and form.validate_on_submit():
        if not auth.can_edit(agreements.actor_area_paths(db, form.parties.data)):
            form.parties.errors.append(_(
                "Mindestens eine Partei muss in einem Sozialraum liegen, den Sie "
                "bearbeiten dürfen."))
        else:
            try:
                agreement_id = agreements.create(db, form.values(), form.parties.data,
                                                 auth.acting_user_name())
            except agreements.AgreementError as error:
                form[error.field or "parties"].errors.append(str(error))
            else:
                flash(_("Vereinbarung angelegt."), "success")
                return redirect(url_for("agreements.detail", agreement_id=agreement_id))
    return render_template(
        "agreements/form.html", form=form, agreement=None, options=chosen + hits,
        selected=set(form.parties.data or []), more=more, searching=searching,
    )


@bp.route("/<agreement_id>/bearbeiten", methods=["GET", "POST"])
def edit(agreement_id: str):
    db = get_db()
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    form = AgreementForm(data=agreement) if request.method == "GET" else AgreementForm()
    stale = None
    if form.validate_on_submit():
        try:
            agreements.update(db, agreement_id, form.version.data, form.values(),
                              auth.acting_user_name())
        except agreements.StaleVersion as error:
            stale = str(error)
        except agreements.NotFound:
            abort(404)
        except agreements.AgreementError as error:
            form[error.field or "title"].errors.append(str(error))
        else:
            flash(_("Änderungen gespeichert."), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement_id))
    return render_template("agreements/form.html", form=form, agreement=agreement,
                           stale=stale)


@bp.route("/<agreement_id>/loeschen", methods=["GET", "POST"])
def delete(agreement_id: str):
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    if request.method == "POST":
        try:
            agreements.delete(get_db(), agreement_id, auth.acting_user_name())
        except agreements.NotFound:
            abort(404)
        flash(_("Die Vereinbarung „%(title)s“ wurde gelöscht. Die Administration kann "
                "sie bei Bedarf wiederherstellen.") % {"title": agreement["title"]}, "success")
        return redirect(url_for("agreements.index"))
    return render_template("agreements/delete.html", agreement=agreement)


def _back(agreement_id: str):
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


@bp.post("/<agreement_id>/parteien/<actor_id>/hinzufuegen")
def party_add(agreement_id: str, actor_id: str):
    _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    form = PartyForm(prefix=f"neu-{actor_id}")
    if not form.validate():
        return _detail(agreement_id, add_form=form, add_actor=actor_id)
    try:
        name = agreements.add_party(get_db(), agreement_id, actor_id, form.role.data,
                                    auth.acting_user_name())
    except agreements.AgreementError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s ist jetzt Partei der Vereinbarung.") % {"name": name}, "success")
    return _back(agreement_id)


@bp.post("/<agreement_id>/parteien/<actor_id>/rolle")
def party_role(agreement_id: str, actor_id: str):
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    form = PartyForm(prefix=f"p-{actor_id}")
    if not form.validate():
        party = agreements.PARTIES.find(agreement, actor_id) or abort(404)
        return _party_page(agreement, party, form)
    try:
        name = agreements.set_party_role(get_db(), agreement_id, actor_id, form.role.data,
                                         auth.acting_user_name())
    except agreements.AgreementError as error:
        flash(str(error), "error")
    else:
        flash(_("Rolle von %(name)s gespeichert.") % {"name": name}, "success")
    return _back(agreement_id)


@bp.post("/<agreement_id>/parteien/<actor_id>/entfernen")
def party_remove(agreement_id: str, actor_id: str):
    """First POST: a confirmation page; the confirmed POST removes."""
    db = get_db()
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    party = agreements.PARTIES.find(agreement, actor_id)
    if party is None:
        flash(_("Dieser Akteur ist keine Partei dieser Vereinbarung."), "error")
        return _back(agreement_id)
    remaining = [p["id"] for p in agreement["parties"] if p["id"] != actor_id]
    if not auth.can_edit(agreements.actor_area_paths(db, remaining)):
        # Afterwards the agreement would lie outside the account's areas.
        flash(str(access.MOVE_OUTSIDE), "error")
        return _back(agreement_id)
    try:
        if request.form.get("bestaetigt") != "1":
            agreements.check_removable(db, agreement_id)
            return render_template("agreements/party_remove.html",
                                   agreement=agreement, party=party)
        name = agreements.remove_party(db, agreement_id, actor_id, auth.acting_user_name())
    except agreements.AgreementError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s ist keine Partei mehr.") % {"name": name}, "success")
    return _back(agreement_id)
