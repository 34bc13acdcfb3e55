"""Cooperation agreements (Kooperationsvereinbarungen): list, read, write.

An agreement is its own node with two or more parties (``PARTY_TO {role}``).
Every write runs in one transaction together with its history record; the
invariants of docs/data-model.md (at least two distinct parties, dates in
order, status agreeing with the dates) are checked here, whatever the form
already checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar, Iterable, Mapping

from .. import editing, history, model
from ..db import Database, Tx
from ..editing import EditConflict, InvalidInput
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from .. import paging
from ..paging import Column, Page
from ..rules.agreements import dates_problem, status_problem
from ..text import fold
from .relations import Relation

LABEL = "Agreement"
ENTITY_TYPE = "agreement"  # as recorded in the history, like "actor"
MIN_PARTIES = 2
CANDIDATE_LIMIT = 20
MAX_EXPIRY_DAYS = 3650

# Properties a user edits, in form order; those no analysis reads are the
# entity's ``descriptive`` (entities.ENTITIES).
FIELDS = ("title", "type", "subject", "valid_from", "valid_until", "status",
          "review_date", "document_ref", "participation")
FIELD_LABELS = {
    "title": _l("Titel"),
    "type": _l("Art"),
    "subject": _l("Gegenstand"),
    "valid_from": _l("gültig ab"),
    "valid_until": _l("gültig bis"),
    "status": _l("Status"),
    "review_date": _l("Überprüfung am"),
    "document_ref": _l("Dokument / Aktenzeichen"),
    "participation": _l("Beteiligung der Nutzer*innen"),
}
_VOCABULARIES = {
    "type": model.AGREEMENT_TYPES,
    "status": model.AGREEMENT_STATUSES,
    "participation": model.PARTICIPATION_LEVELS,
}

# The list page's columns; its sort headers and the sort keys it accepts.
COLUMNS = (Column(_l("Titel"), "title"), Column(_l("Art"), "type"), Column(_l("Status"), "status"),
           Column(_l("gültig ab"), "valid_from"), Column(_l("gültig bis"), "valid_until"),
           Column(_l("Parteien"), kind="num"), Column(_l("Beteiligung der Nutzer*innen")))
SORTS = paging.sort_keys(COLUMNS)
DEFAULT_SORT = "title"


PARTIES = Relation(
    key="party", rows="parties", entity_type=ENTITY_TYPE, query="agreement_party",
    touch="agreement_touch", props=("role",), label=_l("Partei"),
    prop_labels={"role": _l("Rolle von %(name)s")},
    already=_l("%(name)s ist bereits Partei dieser Vereinbarung."),
    not_related=_l("Dieser Akteur ist keine Partei dieser Vereinbarung."))
FIELD_LABELS.update(PARTIES.field_labels())


STALE_MESSAGE = _l(
    "Diese Vereinbarung wurde inzwischen von jemand anderem geändert. Ihre "
    "Eingaben wurden nicht gespeichert, sind aber unten erhalten. Bitte öffnen "
    "Sie die Vereinbarung neu, prüfen Sie die aktuellen Angaben und tragen Sie "
    "Ihre Änderungen dort ein."
)


# -- rules (pure): registry/rules/agreements.py ---------------------------------------

def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The editable properties: text stripped, empty values None."""
    return editing.stripped(data, FIELDS)


def _check(props: dict[str, Any], today: date) -> None:
    if not props.get("title"):
        raise InvalidInput(_("Bitte einen Titel angeben."), "title")
    for key, vocabulary in _VOCABULARIES.items():
        if props.get(key) not in vocabulary:
            raise InvalidInput(_("Ungültige Auswahl."), key)
    problem = dates_problem(props.get("valid_from"), props.get("valid_until"))
    if problem:
        raise InvalidInput(problem, "valid_until")
    problem = status_problem(props["status"], props.get("valid_from"),
                             props.get("valid_until"), today)
    if problem:
        raise InvalidInput(problem, "status")


def _changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[dict]:
    """Changed editable fields {field, old, new}; stored with the property
    keys, shown with labels (``history_events``)."""
    return history.diff(old, new, only=FIELDS)


def history_events(db: Database, agreement_id: str) -> list[dict[str, Any]]:
    """The agreement's change history with German field and value labels."""
    return editing.labelled_history(db, agreement_id, FIELD_LABELS, _VOCABULARIES, PARTIES)


# -- reading ---------------------------------------------------------------------------

def _expiry_days(text: str) -> int | None:
    try:
        days = int(text)
    except ValueError:
        return None
    return days if 0 <= days <= MAX_EXPIRY_DAYS else None


@dataclass
class Filters(paging.Filters):
    URL_ARGS: ClassVar = {"q": "q", "art": "type", "status": "status",
                          "sozialraum": "area", "ablauf_tage": "expiring_days"}
    CHOICES: ClassVar = {"type": model.AGREEMENT_TYPES, "status": model.AGREEMENT_STATUSES}
    PARSERS: ClassVar = {"expiring_days": _expiry_days}
    q: str = ""
    type: str | None = None
    status: str | None = None
    area: str | None = None
    expiring_days: int | None = None


def search(db: Database, filters: Filters, sort: str = DEFAULT_SORT,
           descending: bool = False, page: int = 1, per_page: int = 25,
           today: date | None = None) -> Page:
    today = today or date.today()
    params = {
        "q": fold(filters.q), "type": filters.type, "status": filters.status,
        "area": filters.area, "today": today,
        "expires_by": (today + timedelta(days=filters.expiring_days)
                       if filters.expiring_days is not None else None),
    }
    total = db.read_one("agreement_list_count", **params)["total"]
    rows = db.read("agreement_list", **params, sort=sort if sort in SORTS else DEFAULT_SORT,
                   descending=descending, skip=(page - 1) * per_page, limit=per_page)
    items = [dict(row["agreement"], parties=row["parties"], bodies=row["bodies"])
             for row in rows]
    return Page(items, total, page, per_page)


def get(db: Database, agreement_id: str, today: date | None = None) -> dict[str, Any] | None:
    """The agreement with its parties; ``bodies`` are the user-representation
    parties, ``status_warning`` says when the stored status no longer fits."""
    row = db.read_one("agreement_get", id=agreement_id)
    if row is None:
        return None
    agreement = row["agreement"]
    agreement["parties"] = row["parties"]
    agreement["bodies"] = [p for p in row["parties"]
                           if p["kind"] == model.USER_REPRESENTATION_KIND]
    agreement["status_warning"] = status_problem(
        agreement.get("status"), agreement.get("valid_from"),
        agreement.get("valid_until"), today or date.today())
    return agreement


def area_paths(db: Database, agreement_id: str) -> list[list[str]]:
    """Where the parties sit (each area with the areas above), for
    ``auth.can_edit``."""
    return [row["path"] for row in db.read("agreement_area_paths", id=agreement_id)]


def actor_area_paths(db: Database, actor_ids: Iterable[str]) -> list[list[str]]:
    return [row["path"] for row in db.read("agreement_actor_area_paths", ids=list(actor_ids))]


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def actors_by_id(db: Database, actor_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The actors that exist among ``actor_ids``, in the given order."""
    ids = _unique(actor_ids)
    found = {row["id"]: row for row in db.read("agreement_actors_by_id", ids=ids)}
    return [found[i] for i in ids if i in found]


def party_candidates(db: Database, agreement_id: str | None, text: str,
                     exclude: Iterable[str] = (), limit: int = CANDIDATE_LIMIT
                     ) -> tuple[list[dict[str, Any]], bool]:
    """Actors matching ``text`` that could become parties, at most ``limit``;
    the flag says whether there were more."""
    folded = fold(text)
    if not folded:
        return [], False
    rows = db.read("agreement_party_candidates", id=agreement_id, text=folded,
                   exclude=_unique(exclude), limit=limit + 1)
    return rows[:limit], len(rows) > limit


# -- writing ----------------------------------------------------------------------------

def create(db: Database, data: Mapping[str, Any], party_ids: Iterable[str], by: str,
           today: date | None = None) -> str:
    """A new agreement with its first parties; returns its id."""
    props = _clean(data)
    _check(props, today or date.today())
    parties = _unique(party_ids)
    if len(parties) < MIN_PARTIES:
        raise InvalidInput(_("Eine Vereinbarung braucht mindestens zwei verschiedene "
                               "Parteien."), "parties")
    props["search_name"] = fold(props["title"])

    def write(tx: Tx, agreement_id: str) -> list[dict]:
        made = tx.run("agreement_create", id=agreement_id, props=props,
                      parties=[{"id": p, "role": None} for p in parties])
        if len(made) != len(parties):
            raise InvalidInput(_("Eine der gewählten Parteien gibt es nicht mehr."),
                                 "parties")
        return _changes(None, props) + [
            PARTIES.row(row["name"], None, {"role": None}) for row in made]

    return editing.create_entry(db, ENTITY_TYPE, by, write)


def update(db: Database, agreement_id: str, version: Any, data: Mapping[str, Any],
           by: str, today: date | None = None) -> int:
    """Save the edited properties if nobody saved in between; returns the new
    version. Raises EditConflict (nothing written) otherwise."""
    expected = editing.version_number(version, EditConflict(str(STALE_MESSAGE)))
    props = _clean(data)
    _check(props, today or date.today())
    props["search_name"] = fold(props["title"])

    def work(tx: Tx) -> int:
        row = tx.one("agreement_props", id=agreement_id)
        if row is None:
            raise editing.NotFound(agreement_id)
        if row["agreement"].get("version") == expected and editing.unchanged(row["agreement"], props):
            return expected
        updated = tx.one("agreement_update", id=agreement_id, version=expected, props=props)
        if updated is None:
            raise EditConflict(str(STALE_MESSAGE))
        history.record(tx, ENTITY_TYPE, agreement_id, "update", by,
                       fields=_changes(row["agreement"], props))
        return updated["version"]

    return db.transaction(work)


def delete(db: Database, agreement_id: str, by: str) -> None:
    """Delete the agreement; the history keeps a snapshot for a restore."""
    editing.delete_entry(db, LABEL, ENTITY_TYPE, agreement_id, by, FIELDS, "agreement_delete")


def _clean_role(role: str | None) -> str | None:
    return (role or "").strip() or None


def add_party(db: Database, agreement_id: str, actor_id: str, role: str | None,
              by: str) -> str:
    """Make ``actor_id`` a party; returns the actor's name."""
    return PARTIES.add(db, agreement_id, actor_id, {"role": _clean_role(role)}, by)


def set_party_role(db: Database, agreement_id: str, actor_id: str, role: str | None,
                   by: str) -> str:
    return PARTIES.change(db, agreement_id, actor_id, {"role": _clean_role(role)}, by)


def check_removable(db: Database, agreement_id: str) -> None:
    """Refuse early (before asking for confirmation) when a removal would
    leave too few parties."""
    agreement = get(db, agreement_id)
    if agreement is None:
        raise editing.NotFound(agreement_id)
    if len(agreement["parties"]) <= MIN_PARTIES:
        raise InvalidInput(_too_few_message())


def _too_few_message() -> str:
    return _("Die Partei kann nicht entfernt werden: Eine Vereinbarung braucht mindestens "
             "zwei Parteien. Fügen Sie zuerst eine andere Partei hinzu oder löschen Sie "
             "die Vereinbarung.")


def remove_party(db: Database, agreement_id: str, actor_id: str, by: str) -> str:
    def enough(touched: dict) -> None:
        if touched["parties"] <= MIN_PARTIES:
            raise InvalidInput(_too_few_message())

    return PARTIES.remove(db, agreement_id, actor_id, by, check=enough)
