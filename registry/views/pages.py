"""Pages several entities share: the list page, the confirmation before
deleting or removing."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import auth, paging
from ..editing import NotFound
from ..i18n import gettext as _
from ..web import get_db
from . import pick


@dataclass(frozen=True)
class ListTexts:
    """A list page's words (templates/_list_page.html): its heading (``title``
    for the window where it differs), the ``create`` button, the filter
    form's name (``search``) and button (``submit``), the table's
    ``caption``, what it says when nothing matches the filters (``none``,
    with the link to ``all``) and when there are no entries yet (``empty``,
    with the link to create the ``first``)."""
    heading: str
    create: str
    search: str
    submit: str
    caption: str
    none: str
    all: str
    empty: str
    first: str
    title: str | None = None


def render_list(blueprint: str, listing: paging.Listing, texts: ListTexts,
                columns: Any, **context: Any):
    """``<blueprint>/index.html`` on _list_page.html: ``listing`` in the
    table of ``columns`` (``paging.Column``), the create button leading to
    "<blueprint>.new"."""
    return render_template(f"{blueprint}/index.html", listing=listing, filters=listing.filters,
                           texts=texts, columns=columns, create_endpoint=f"{blueprint}.new",
                           can_create=auth.can_edit(), **context)


def list_page(blueprint: str, entity: Any, texts: ListTexts, args=None, **context: Any):
    """An entity's list page (``render_list``): the ``listing`` of
    ``entity.search`` with filters, sort and page from the URL (or ``args``),
    in the entity's ``COLUMNS``."""
    db = get_db()
    listing = paging.listing(f"{blueprint}.index", args or request.args, entity.Filters, entity.SORTS,
                             entity.DEFAULT_SORT, lambda *a: entity.search(db, *a))
    return render_list(blueprint, listing, texts, entity.COLUMNS, **context)


def list_route(bp: Blueprint, entity: Any, texts: ListTexts,
               context: Callable[[Any], dict[str, Any]] | None = None,
               area_filter: bool = False) -> None:
    """Add the entity's list page (``list_page``) to ``bp`` as endpoint
    "index"; ``context(db)`` gives more template values; ``area_filter``:
    the list has the Sozialraum filter ``pick.area_filter`` (macro pick_filter)."""
    def view():
        args, more = pick.area_filter(request.args) if area_filter else (request.args, {})
        return list_page(bp.name, entity, texts, args=args,
                         **more, **(context(get_db()) if context else {}))

    bp.add_url_rule("/", "index", view, methods=["GET"])


def entry_form(form_type: Any, stored: dict[str, Any]):
    """An edit page's form: what was posted, or on GET the ``stored`` values."""
    return form_type() if request.method == "POST" else form_type(data=stored)


def confirm(title: Any, question: str, action: str | None, button: Any, cancel_url: str,
            hint: Any = None, confirmed: bool = False):
    """The confirmation page (``confirmed``: its POST carries bestaetigt=1;
    ``action`` None: it posts to the page's own URL)."""
    return render_template("confirm.html", title=title, question=question, action=action,
                           button=button, cancel_url=cancel_url, hint=hint,
                           confirmed=confirmed)


def delete_route(bp: Blueprint, entry_arg: str, load: Callable[[str], dict],
                 paths: Callable[[dict], list], delete: Callable[..., None], done: Any) -> None:
    """Add an entry's delete page to ``bp`` (endpoint "delete", with the
    rights of editing the entry): GET asks with ``<blueprint>/delete.html``
    (on confirm.html, the entry as ``entry``); POST runs ``delete(db, id,
    by)`` and returns to the list with ``done`` (formatted with the entry)."""
    def view(**args: str):
        entry_id = args[entry_arg]
        entry = load(entry_id)
        auth.require_edit(paths(entry))
        if request.method != "POST":
            return render_template(
                f"{bp.name}/delete.html", entry=entry, action=None, confirmed=False,
                button=_("Ja, endgültig löschen"),
                cancel_url=url_for(f"{bp.name}.detail", **{entry_arg: entry_id}))
        try:
            delete(get_db(), entry_id, auth.acting_user_name())
        except NotFound:
            abort(404)
        flash(str(done) % entry, "success")
        return redirect(url_for(f"{bp.name}.index"))

    bp.add_url_rule(f"/<{entry_arg}>/loeschen", "delete", view, methods=["GET", "POST"])
