"""Parties of an agreement and members of a network: the routes both share.

One ``RelationViews`` per relation (``entities.relations.Relation``) adds
to its entity's blueprint the detail page's add search, the type-ahead of
actors to add, one relation's edit page, and adding, changing and removing
(removing asks for confirmation first). Endpoints are ``<key>_search``,
``<key>_form``, ``<key>_add``, ``<key>_edit`` and ``<key>_remove`` (key:
"party", "member"), each with the rights of editing the entry
(``auth.require_edit`` over the entry's areas).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import auth
from ..db import Database
from ..editing import InvalidInput
from ..entities.relations import Relation
from ..web import get_db
from . import pages
from .actors import candidates_json


@dataclass(frozen=True)
class RelationViews:
    bp: Blueprint
    relation: Relation
    entry_arg: str                 # URL argument of the entry: "agreement_id"
    entry_name: str                # template name of the entry: "agreement"
    title_key: str                 # the entry's name property: "title", "name"
    segment: str                   # URL segment and page anchor: "parteien"
    edit_path: str                 # last URL segment of saving a change: "rolle"
    prefix: str                    # form prefix of the edit page: "p"
    form: type                     # PartyForm, MemberForm
    load: Callable[[str], dict]    # the entry by id, or 404
    paths: Callable[[dict], list]  # the entry's area paths, for auth.can_edit
    actor: Callable[[Database, str], dict | None]  # an actor to add, by id
    candidates: Callable[[Database, str, str], tuple[list[dict], bool]]
    add: Callable[..., str]        # entity verbs: (db, entry_id, actor_id, **values, by=)
    change: Callable[..., str]
    remove: Callable[..., str]     # (db, entry_id, actor_id, by)
    history: Callable[[Database, str], list[dict]]  # the entry's change history
    template: str                  # the entry's detail page
    texts: Mapping[str, Any]       # German texts, see the view modules
    may_remove: Callable[[Database, dict, str], None] | None = None  # raises InvalidInput

    def register(self) -> None:
        base = f"/<{self.entry_arg}>/{self.segment}"
        key = self.relation.key
        self.bp.add_url_rule(f"/<{self.entry_arg}>", "detail",
                             lambda **kw: self.detail(kw[self.entry_arg]), methods=["GET"])
        self.bp.add_url_rule(f"{base}/suche.json", f"{key}_search", self._search,
                             methods=["GET"])
        self.bp.add_url_rule(f"{base}/<actor_id>/bearbeiten", f"{key}_form", self._form,
                             methods=["GET"])
        self.bp.add_url_rule(f"{base}/<actor_id>/hinzufuegen", f"{key}_add", self._add,
                             methods=["POST"])
        self.bp.add_url_rule(f"{base}/<actor_id>/{self.edit_path}", f"{key}_edit", self._edit,
                             methods=["POST"])
        self.bp.add_url_rule(f"{base}/<actor_id>/entfernen", f"{key}_remove", self._remove,
                             methods=["POST"])

    # -- pages -------------------------------------------------------------------

    def detail(self, entry_id: str, *, add_form=None, add_actor: str | None = None):
        """The entry's detail page: relations as read-only rows (each with one
        link to its edit page); an add form that failed validation is shown
        again with its messages next to its fields."""
        db = get_db()
        entry = self.load(entry_id)
        can_edit = auth.can_edit(self.paths(entry))
        search_text = request.args.get("suche", "").strip()[:100]
        hits, more = [], False
        if can_edit:
            if add_form is not None and add_actor:
                found = self.actor(db, add_actor)
                hits = [found] if found else []
            elif search_text:
                hits, more = self.candidates(db, entry_id, search_text)
        add_forms = {
            hit["id"]: add_form if add_form is not None and hit["id"] == add_actor
            else self.form(formdata=None, prefix=f"neu-{hit['id']}")
            for hit in hits
        }
        return render_template(
            self.template, **{self.entry_name: entry}, can_edit=can_edit,
            search_text=search_text, hits=hits, more=more, add_forms=add_forms,
            picker_form=self.form(formdata=None, prefix="neu-__id__-"),
            events=self.history(db, entry_id),
        )

    def _url(self, endpoint: str, entry_id: str, **args) -> str:
        return url_for(f"{self.bp.name}.{endpoint}", **{self.entry_arg: entry_id}, **args)

    def _back(self, entry_id: str):
        return redirect(self._url("detail", entry_id))

    def _entry(self, kw: Mapping[str, str]) -> tuple[str, dict]:
        """The entry of the URL, after checking the right to edit it."""
        entry_id = kw[self.entry_arg]
        entry = self.load(entry_id)
        auth.require_edit(self.paths(entry))
        return entry_id, entry

    def _page(self, entry: dict, row: dict, form):
        texts, entry_id = self.texts, entry["id"]
        return render_template(
            "relation_edit.html", form=form,
            back=self._url("detail", entry_id) + f"#{self.segment}",
            entry_name=entry[self.title_key], heading=texts["edit_heading"],
            lead=str(texts["edit_lead"]) % {"name": row["name"],
                                            "entry": entry[self.title_key]},
            save_url=self._url(f"{self.relation.key}_edit", entry_id, actor_id=row["id"]),
            remove_url=self._url(f"{self.relation.key}_remove", entry_id, actor_id=row["id"]),
            remove_heading=texts["remove_heading"], remove_hint=texts.get("edit_hint"))

    def _values(self, form) -> dict[str, Any]:
        return {p: form[p].data for p in self.relation.props}

    # -- routes ------------------------------------------------------------------

    def _search(self, **kw):
        """Type-ahead for adding: actors not yet related whose name contains
        ``q``, with the URL their add form posts to."""
        entry_id, _entry = self._entry(kw)
        hits, more = self.candidates(get_db(), entry_id, request.args.get("q", "")[:100])
        return candidates_json(hits, more, lambda actor_id: self._url(
            f"{self.relation.key}_add", entry_id, actor_id=actor_id))

    def _form(self, actor_id: str, **kw):
        """One relation's edit page (its values; remove)."""
        _entry_id, entry = self._entry(kw)
        row = self.relation.find(entry, actor_id) or abort(404)
        return self._page(entry, row, self.form(
            formdata=None, prefix=f"{self.prefix}-{actor_id}",
            data={p: row[p] for p in self.relation.props}))

    def _add(self, actor_id: str, **kw):
        entry_id, _entry = self._entry(kw)
        form = self.form(prefix=f"neu-{actor_id}")
        if not form.validate():
            return self.detail(entry_id, add_form=form, add_actor=actor_id)
        return self._write(entry_id, "added", self.add, actor_id, **self._values(form))

    def _edit(self, actor_id: str, **kw):
        entry_id, entry = self._entry(kw)
        form = self.form(prefix=f"{self.prefix}-{actor_id}")
        if not form.validate():
            row = self.relation.find(entry, actor_id) or abort(404)
            return self._page(entry, row, form)
        return self._write(entry_id, "saved", self.change, actor_id, **self._values(form))

    def _remove(self, actor_id: str, **kw):
        """First POST: a confirmation page; the confirmed POST removes."""
        entry_id, entry = self._entry(kw)
        row = self.relation.find(entry, actor_id)
        if row is None:
            flash(str(self.relation.not_related), "error")
            return self._back(entry_id)
        try:
            if self.may_remove:
                self.may_remove(get_db(), entry, actor_id)
        except InvalidInput as error:
            flash(str(error), "error")
            return self._back(entry_id)
        if request.form.get("bestaetigt") != "1":
            texts = self.texts
            return pages.confirm(
                texts["remove_heading"],
                str(texts["remove_question"]) % {"name": row["name"],
                                                  "entry": entry[self.title_key]},
                self._url(f"{self.relation.key}_remove", entry_id, actor_id=actor_id),
                texts["remove_button"], self._url("detail", entry_id),
                hint=texts["remove_hint"], confirmed=True)
        return self._write(entry_id, "removed", self.remove, actor_id)

    def _write(self, entry_id: str, done: str, verb: Callable[..., str], actor_id: str,
               **values):
        try:
            name = verb(get_db(), entry_id, actor_id, **values, by=auth.acting_user_name())
        except InvalidInput as error:
            flash(str(error), "error")
        else:
            flash(str(self.texts[done]) % {"name": name}, "success")
        return self._back(entry_id)
