"""Kooperationsvereinbarungen: list, detail, create, edit, delete, parties."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import access, auth
from ..editing import InvalidInput
from ..entities import agreements
from ..forms.agreements import AgreementCreateForm, AgreementForm, PartyForm
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..web import get_db
from . import pages
from .actors import saved
from .relations import RelationViews

bp = Blueprint("agreements", __name__, url_prefix="/vereinbarungen")


def _load(agreement_id: str) -> dict:
    return agreements.get(get_db(), agreement_id) or abort(404)


def _paths(agreement_id: str) -> list[list[str]]:
    return agreements.area_paths(get_db(), agreement_id)


pages.list_route(bp, agreements, pages.ListTexts(
    heading=_l("Kooperationsvereinbarungen"), create=_l("Vereinbarung anlegen"),
    search=_l("Vereinbarungen filtern"), submit=_l("Filtern"), caption=_l("Vereinbarungen"),
    none=_l("Keine Vereinbarung passt zu diesen Filtern."), all=_l("Alle Vereinbarungen zeigen"),
    empty=_l("Noch keine Vereinbarungen erfasst."), first=_l("Erste Vereinbarung anlegen")),
    area_filter=True)


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
            done = saved(form, lambda: agreements.create(db, form.values(), form.parties.data,
                                                         auth.acting_user_name()))
            if done.ok:
                flash(_("Vereinbarung angelegt."), "success")
                return redirect(url_for("agreements.detail", agreement_id=done.value))
    return render_template(
        "agreements/form.html", form=form, agreement=None, options=chosen + hits,
        selected=set(form.parties.data or []), more=more, searching=searching,
    )


@bp.route("/<agreement_id>/bearbeiten", methods=["GET", "POST"])
def edit(agreement_id: str):
    db = get_db()
    agreement = _load(agreement_id)
    auth.require_edit(_paths(agreement_id))
    form = pages.entry_form(AgreementForm, agreement)
    stale = None
    if form.validate_on_submit():
        done = saved(form, lambda: agreements.update(db, agreement_id, form.version.data,
                                                     form.values(), auth.acting_user_name()))
        if done.conflict:
            stale = done.conflict.message
        elif done.ok:
            flash(_("Änderungen gespeichert."), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement_id))
    return render_template("agreements/form.html", form=form, agreement=agreement,
                           stale=stale)


pages.delete_route(bp, "agreement_id", _load, lambda agreement: _paths(agreement["id"]),
                   agreements.delete, _l("Die Vereinbarung „%(title)s“ wurde gelöscht. Die "
                                         "Administration kann sie bei Bedarf wiederherstellen."))


def _may_remove_party(db, agreement: dict, actor_id: str) -> None:
    remaining = [p["id"] for p in agreement["parties"] if p["id"] != actor_id]
    if not auth.can_edit(agreements.actor_area_paths(db, remaining)):
        # Afterwards the agreement would lie outside the account's areas.
        raise InvalidInput(str(access.MOVE_OUTSIDE))
    agreements.check_removable(db, agreement["id"])


PARTIES = RelationViews(
    bp=bp, relation=agreements.PARTIES, entry_arg="agreement_id", entry_name="agreement",
    title_key="title", segment="parteien", edit_path="rolle", prefix="p", form=PartyForm,
    load=_load, paths=lambda agreement: _paths(agreement["id"]),
    actor=lambda db, actor_id: next(iter(agreements.actors_by_id(db, [actor_id])), None),
    candidates=agreements.party_candidates, add=agreements.add_party,
    change=agreements.set_party_role, remove=agreements.remove_party,
    history=agreements.history_events, template="agreements/detail.html",
    may_remove=_may_remove_party,
    texts={
        "added": _l("%(name)s ist jetzt Partei der Vereinbarung."),
        "saved": _l("Rolle von %(name)s gespeichert."),
        "removed": _l("%(name)s ist keine Partei mehr."),
        "edit_heading": _l("Partei ändern"),
        "edit_lead": _l("%(name)s in der Vereinbarung „%(entry)s“"),
        "remove_heading": _l("Partei entfernen"),
        "remove_button": _l("Ja, Partei entfernen"),
        "remove_hint": _l("Die Änderung wird im Verlauf festgehalten; die Partei kann "
                          "jederzeit wieder hinzugefügt werden."),
        "remove_question": _l("Soll %(name)s nicht mehr Partei der Vereinbarung "
                              "„%(entry)s“ sein?"),
    })
PARTIES.register()
