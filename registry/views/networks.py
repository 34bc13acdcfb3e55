"""Netzwerke, Arbeitskreise, Gremien: list, detail, create, edit, delete, members."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..entities import area_choices, networks
from .. import auth, paging
from ..forms.networks import MemberForm, NetworkForm
from ..i18n import gettext as _
from ..web import get_db
from .actors import candidates_json

bp = Blueprint("networks", __name__, url_prefix="/netzwerke")


def _load(network_id: str) -> dict:
    network = networks.get(get_db(), network_id)
    if network is None:
        abort(404)
    return network


def _paths(network: dict) -> list[list[str]]:
    return networks.scope_paths(get_db(), network)


def _may_use_scope(area_id: str | None) -> bool:
    """May the current account put a network into this scope (None: the
    whole area, only for accounts without an area limit)?"""
    path = networks.area_path(get_db(), area_id)
    return auth.can_edit([path] if path else [])


def _scope_choices(form: NetworkForm) -> None:
    form.scope.choices = [("", _("gesamtes Gebiet (kein Sozialraum)"))] + \
        area_choices.choices(get_db())


@bp.get("/")
def index():
    db = get_db()
    listing = paging.listing("networks.index", request.args, networks.Filters,
                             networks.SORTS, networks.DEFAULT_SORT,
                             lambda *a: networks.search(db, *a))
    return render_template(
        "networks/index.html", listing=listing, filters=listing.filters, area_choices=area_choices.choices(db),
        can_create=auth.can_edit(),
    )


def _detail(network_id: str, *, add_form: MemberForm | None = None,
            add_actor: str | None = None):
    """The detail page: members as read-only rows (each with one link to
    its edit page); an add form that failed validation is shown again with
    its messages next to its fields."""
    db = get_db()
    network = _load(network_id)
    can_edit = auth.can_edit(_paths(network))
    search_text = request.args.get("suche", "").strip()[:100]
    hits, more = [], False
    if can_edit:
        if add_form is not None and add_actor:
            found = networks.actor(db, add_actor)
            hits = [found] if found else []
        elif search_text:
            hits, more = networks.member_candidates(db, network_id, search_text)
    add_forms = {
        hit["id"]: add_form if add_form is not None and hit["id"] == add_actor
        else MemberForm(formdata=None, prefix=f"neu-{hit['id']}")
        for hit in hits
    }
    return render_template(
        "networks/detail.html", network=network, can_edit=can_edit,
        search_text=search_text, hits=hits, more=more, add_forms=add_forms,
        picker_form=MemberForm(formdata=None, prefix="neu-__id__-"),
        events=networks.history_events(db, network_id),
    )


@bp.get("/<network_id>/mitglieder/suche.json")
def member_search(network_id: str):
    """Type-ahead for adding members: actors not yet members whose name
    contains ``q``, with the URL their add form posts to. Same rights as
    adding (EDIT, area limits)."""
    auth.require_edit(_paths(_load(network_id)))
    hits, more = networks.member_candidates(get_db(), network_id, request.args.get("q", "")[:100])
    return candidates_json(hits, more, lambda actor_id: url_for(
        "networks.member_add", network_id=network_id, actor_id=actor_id))


def _member_page(network: dict, member: dict, form: MemberForm):
    back = url_for("networks.detail", network_id=network["id"]) + "#mitglieder"
    return render_template(
        "relation_edit.html", form=form, back=back, entry_name=network["name"],
        heading=_("Mitgliedschaft ändern"),
        lead=_("%(name)s im Netzwerk „%(network)s“") % {"name": member["name"],
                                                       "network": network["name"]},
        save_url=url_for("networks.member_edit", network_id=network["id"], actor_id=member["id"]),
        remove_url=url_for("networks.member_remove", network_id=network["id"],
                           actor_id=member["id"]),
        remove_heading=_("Mitglied entfernen"),
        remove_hint=_("Wenn die Mitgliedschaft nur geendet hat, tragen Sie besser ein Datum "
                      "unter „Mitglied bis“ ein."))


@bp.get("/<network_id>/mitglieder/<actor_id>/bearbeiten")
def member_form(network_id: str, actor_id: str):
    """One membership's edit page (role, since, until; remove)."""
    network = _load(network_id)
    auth.require_edit(_paths(network))
    member = networks.MEMBERS.find(network, actor_id) or abort(404)
    return _member_page(network, member, MemberForm(
        formdata=None, prefix=f"m-{actor_id}",
        data={"role": member["role"], "since": member["since"], "until": member["until"]}))


@bp.get("/<network_id>")
def detail(network_id: str):
    return _detail(network_id)


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
            try:
                network_id = networks.create(get_db(), form.values(), scope,
                                             auth.acting_user_name())
            except networks.NetworkError as error:
                form[error.field or "name"].errors.append(str(error))
            else:
                flash(_("Netzwerk angelegt. Tragen Sie jetzt die Mitglieder ein."), "success")
                return redirect(url_for("networks.detail", network_id=network_id))
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
    if request.method == "GET":
        form = NetworkForm(data=dict(
            network, scope=(network["scope"] or {}).get("id", ""),
            coordinator=(network["coordinator"] or {}).get("id", "")))
    else:
        form = NetworkForm()
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
            try:
                networks.update(get_db(), network_id, form.version.data, form.values(),
                                scope, form.coordinator.data or None, auth.acting_user_name())
            except networks.StaleVersion as error:
                stale = str(error)
            except networks.NotFound:
                abort(404)
            except networks.NetworkError as error:
                form[error.field or "name"].errors.append(str(error))
            else:
                flash(_("Änderungen gespeichert."), "success")
                return redirect(url_for("networks.detail", network_id=network_id))
    return render_template("networks/form.html", form=form, network=network, stale=stale)


@bp.route("/<network_id>/loeschen", methods=["GET", "POST"])
def delete(network_id: str):
    network = _load(network_id)
    auth.require_edit(_paths(network))
    if request.method == "POST":
        try:
            networks.delete(get_db(), network_id, auth.acting_user_name())
        except networks.NotFound:
            abort(404)
        flash(_("Das Netzwerk „%(name)s“ wurde gelöscht. Die Administration kann es bei "
                "Bedarf wiederherstellen.") % {"name": network["name"]}, "success")
        return redirect(url_for("networks.index"))
    return render_template("networks/delete.html", network=network)


def _back(network_id: str):
    return redirect(url_for("networks.detail", network_id=network_id))


@bp.post("/<network_id>/mitglieder/<actor_id>/hinzufuegen")
def member_add(network_id: str, actor_id: str):
    auth.require_edit(_paths(_load(network_id)))
    form = MemberForm(prefix=f"neu-{actor_id}")
    if not form.validate():
        return _detail(network_id, add_form=form, add_actor=actor_id)
    try:
        name = networks.add_member(get_db(), network_id, actor_id, form.role.data,
                                   form.since.data, form.until.data, auth.acting_user_name())
    except networks.NetworkError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s ist jetzt Mitglied.") % {"name": name}, "success")
    return _back(network_id)


@bp.post("/<network_id>/mitglieder/<actor_id>/bearbeiten")
def member_edit(network_id: str, actor_id: str):
    network = _load(network_id)
    auth.require_edit(_paths(network))
    form = MemberForm(prefix=f"m-{actor_id}")
    if not form.validate():
        member = networks.MEMBERS.find(network, actor_id) or abort(404)
        return _member_page(network, member, form)
    try:
        name = networks.edit_member(get_db(), network_id, actor_id, form.role.data,
                                    form.since.data, form.until.data, auth.acting_user_name())
    except networks.NetworkError as error:
        flash(str(error), "error")
    else:
        flash(_("Mitgliedschaft von %(name)s gespeichert.") % {"name": name}, "success")
    return _back(network_id)


@bp.post("/<network_id>/mitglieder/<actor_id>/entfernen")
def member_remove(network_id: str, actor_id: str):
    """First POST: a confirmation page; the confirmed POST removes."""
    network = _load(network_id)
    auth.require_edit(_paths(network))
    member = networks.MEMBERS.find(network, actor_id)
    if member is None:
        flash(_("Dieser Akteur ist kein Mitglied dieses Netzwerks."), "error")
        return _back(network_id)
    if request.form.get("bestaetigt") != "1":
        return render_template("networks/member_remove.html", network=network, member=member)
    try:
        name = networks.remove_member(get_db(), network_id, actor_id, auth.acting_user_name())
    except networks.NetworkError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s ist kein Mitglied mehr.") % {"name": name}, "success")
    return _back(network_id)
