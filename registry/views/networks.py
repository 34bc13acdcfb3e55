"""Netzwerke, Arbeitskreise, Gremien: list, detail, create, edit, delete, members."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from ..entities import networks
from .. import auth
from ..forms.networks import MemberForm, NetworkForm
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..web import get_db
from . import pages, pick
from .actors import saved
from .relations import RelationViews

bp = Blueprint("networks", __name__, url_prefix="/netzwerke")


def _load(network_id: str) -> dict:
    return networks.get(get_db(), network_id) or abort(404)


def _paths(network: dict) -> list[list[str]]:
    return networks.scope_paths(get_db(), network)


def _may_use_scope(area_id: str | None) -> bool:
    """May the current account put a network into this scope (None: the
    whole area, only for accounts without an area limit)?"""
    path = networks.area_path(get_db(), area_id)
    return auth.can_edit([path] if path else [])


def _scope_choices(form: NetworkForm) -> None:
    pick.offer_areas(form, "scope", _("gesamtes Gebiet (kein Sozialraum)"))


pages.list_route(bp, networks, pages.ListTexts(
    heading=_l("Netzwerke, Arbeitskreise und Gremien"), title=_l("Netzwerke und Gremien"),
    create=_l("Netzwerk anlegen"), search=_l("Netzwerke filtern"), submit=_l("Filtern"),
    caption=_l("Netzwerke"), none=_l("Kein Netzwerk passt zu diesen Filtern."),
    all=_l("Alle Netzwerke zeigen"), empty=_l("Noch keine Netzwerke erfasst."),
    first=_l("Erstes Netzwerk anlegen")), area_filter=True)


@bp.route("/neu", methods=["GET", "POST"])
def new():
    form = NetworkForm()
    del form.coordinator  # chosen among the members, once there are some
    _scope_choices(form)
    if form.validate_on_submit():
        scope = form.scope.data or None
        if not _may_use_scope(scope):
            form.scope.errors.append(_limited_scope_message(scope))
        else:
            done = saved(form, lambda: networks.create(get_db(), form.values(), scope,
                                                       auth.acting_user_name()))
            if done.ok:
                flash(_("Netzwerk angelegt. Tragen Sie jetzt die Mitglieder ein."), "success")
                return redirect(url_for("networks.detail", network_id=done.value))
    return render_template("networks/form.html", form=form, network=None)


def _limited_scope_message(scope: str | None) -> str:
    if scope is None:
        return _("Netzwerke ohne Sozialraum (gesamtes Gebiet) dürfen nur Konten ohne "
                 "Gebietsbeschränkung anlegen. Bitte einen Ihrer Sozialräume wählen.")
    return _("Diesen Sozialraum dürfen Sie nicht bearbeiten. Bitte einen Ihrer "
             "Sozialräume wählen.")


@bp.route("/<network_id>/bearbeiten", methods=["GET", "POST"])
def edit(network_id: str):
    network = _load(network_id)
    auth.require_edit(_paths(network))
    form = pages.entry_form(NetworkForm, dict(
        network, scope=(network["scope"] or {}).get("id", ""),
        coordinator=(network["coordinator"] or {}).get("id", "")))
    _scope_choices(form)
    candidates = {m["id"]: m["name"] for m in network["members"]}
    if network["coordinator"]:
        candidates.setdefault(network["coordinator"]["id"], network["coordinator"]["name"])
    form.coordinator.choices = [("", _("keiner"))] + sorted(
        candidates.items(), key=lambda item: item[1].casefold())
    stale = None
    if form.validate_on_submit():
        scope = form.scope.data or None
        old_scope = (network["scope"] or {}).get("id")
        if scope != old_scope and not _may_use_scope(scope):
            form.scope.errors.append(_limited_scope_message(scope))
        else:
            done = saved(form, lambda: networks.update(
                get_db(), network_id, form.version.data, form.values(), scope,
                form.coordinator.data or None, auth.acting_user_name()))
            if done.conflict:
                stale = done.conflict.message
            elif done.ok:
                flash(_("Änderungen gespeichert."), "success")
                return redirect(url_for("networks.detail", network_id=network_id))
    return render_template("networks/form.html", form=form, network=network, stale=stale)


pages.delete_route(bp, "network_id", _load, _paths, networks.delete,
                   _l("Das Netzwerk „%(name)s“ wurde gelöscht. Die Administration kann es bei "
                      "Bedarf wiederherstellen."))


MEMBERS = RelationViews(
    bp=bp, relation=networks.MEMBERS, entry_arg="network_id", entry_name="network",
    title_key="name", segment="mitglieder", edit_path="bearbeiten", prefix="m",
    form=MemberForm, load=_load, paths=_paths, actor=networks.actor,
    candidates=networks.member_candidates, add=networks.add_member,
    change=networks.edit_member, remove=networks.remove_member,
    history=networks.history_events, template="networks/detail.html",
    texts={
        "added": _l("%(name)s ist jetzt Mitglied."),
        "saved": _l("Mitgliedschaft von %(name)s gespeichert."),
        "removed": _l("%(name)s ist kein Mitglied mehr."),
        "edit_heading": _l("Mitgliedschaft ändern"),
        "edit_lead": _l("%(name)s im Netzwerk „%(entry)s“"),
        "edit_hint": _l("Wenn die Mitgliedschaft nur geendet hat, tragen Sie besser ein "
                        "Datum unter „Mitglied bis“ ein."),
        "remove_heading": _l("Mitglied entfernen"),
        "remove_button": _l("Ja, Mitglied entfernen"),
        "remove_hint": _l("Wenn die Mitgliedschaft nur geendet hat, tragen Sie besser ein "
                          "Datum unter „bis“ ein: dann bleibt sichtbar, wer früher dabei "
                          "war. Das Entfernen wird im Verlauf festgehalten."),
        "remove_question": _l("Soll %(name)s aus dem Netzwerk „%(entry)s“ entfernt werden?"),
    })
MEMBERS.register()
