"""The deadlines indicator: agreements expiring or due for review, and the
changes since a date (in German, without who made them)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time, timezone
from functools import partial

from .. import history, model
from ..analysis import expiry
from ..entities import actors, agreements, areas, contacts, networks, target_groups
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..tabular import DATE, DATETIME, INT, Column, Ref, Table, format_value
from .base import Context, Figure, Indicator, count_text, map_link, map_url, names_text


def deadlines(c: Context) -> Indicator:
    s, day = c.s, c.day
    soon = expiry.expiring(s, day, c.days, c.area)
    overdue = expiry.review_overdue(s, day, c.area)
    soon_rows = [{
        "name": Ref("agreement", a.id, a.title), "type": model.label(model.AGREEMENT_TYPES, a.type),
        "until": a.valid_until, "left": (a.valid_until - day).days, "parties": len(a.parties),
        "_map": map_link(day, c.area, a.parties),
    } for a in soon]
    overdue_rows = [{
        "name": Ref("agreement", a.id, a.title), "type": model.label(model.AGREEMENT_TYPES, a.type),
        "review": a.review_date, "late": (day - a.review_date).days,
        "_map": map_link(day, c.area, a.parties),
    } for a in overdue]
    only = frozenset(expiry.entities_of(s, c.area)) if c.area else None
    indicator = Indicator(
        count_text(len(soon) + len(overdue)),
        "",
        [
            Table("auslaufende_vereinbarungen",
                  _("Vereinbarungen, die in den nächsten %(d)d Tagen auslaufen") % {"d": c.days}, [
                      Column("name", _("Vereinbarung")), Column("type", _("Typ")),
                      Column("until", _("gültig bis"), DATE), Column("left", _("Tage verbleibend"), INT),
                      Column("parties", _("Parteien"), INT)], soon_rows,
                  _("Keine Vereinbarung läuft in diesem Zeitraum aus.")),
            Table("ueberfaellige_pruefung", _("Vereinbarungen mit überfälliger Prüfung"), [
                Column("name", _("Vereinbarung")), Column("type", _("Typ")),
                Column("review", _("Prüfung fällig seit"), DATE),
                Column("late", _("Tage überfällig"), INT)], overdue_rows,
                _("Keine Prüfung ist überfällig.")),
        ],
        map_url(day, c.area, [p for a in soon for p in a.parties]),
        unit=_("Vereinbarungen laufen aus oder sind zu prüfen"),
        figures=[Figure("auslaufend", _("Vereinbarungen, die in den nächsten %(d)d Tagen "
                                        "auslaufen") % {"d": c.days}, len(soon)),
                 Figure("pruefung_ueberfaellig", _("Vereinbarungen mit überfälliger Prüfung"),
                        len(overdue))],
        glance=_("%(s)d Vereinbarungen laufen in den nächsten %(d)d Tagen aus%(names)s; bei "
                 "%(o)d ist die Prüfung überfällig.") % {
            "s": len(soon), "d": c.days, "o": len(overdue),
            "names": (" (" + names_text([a.title for a in soon]) + ")") if soon else ""},
    )
    counts = {"s": len(soon), "d": c.days, "o": len(overdue)}
    if c.light:  # figures only: no history read
        return with_changes(indicator, counts, c.since, [])
    # The changes come from the history, which a save of descriptive fields
    # alone changes too: added per data version to the report memoised per
    # analysis version (build.py), not kept in it.
    indicator.live = partial(_changes_now, counts=counts, since=c.since, only=only)
    return indicator


def _changes_now(db, indicator: Indicator, counts: dict, since, only) -> Indicator:
    """``indicator`` with the changes since ``since`` as the history holds them now."""
    moment = datetime.combine(since, time.min, tzinfo=timezone.utc)
    events = history.since(db, moment)
    ids = sorted({e["entity_id"] for e in events})
    found = db.read("analysis_entity_names", ids=ids) if ids else []
    names = {row["id"]: row["name"] for row in found}
    kinds = {row["id"]: row["kind"] for row in found}
    change_rows = []
    for row in expiry.changes(events, names, only):
        kind = kinds.get(row["entity_id"])
        change_rows.append({
            "at": row["at"],
            "action": str(_ACTIONS.get(row["action"], row["action"])),
            "entity": Ref(kind, row["entity_id"], row["name"]) if kind and row["name"]
            else row["name"] or _("(gelöschter Eintrag)"),
            "type": str(_ENTITY_TYPES.get(row["entity_type"], _("sonstiger Eintrag"))),
            "fields": _field_names(row["entity_type"], row["field_keys"]),
        })
    return with_changes(replace(indicator, live=None), counts, since, change_rows)


def with_changes(indicator: Indicator, counts: dict, since, change_rows: list[dict]) -> Indicator:
    """The indicator completed with its table of changes and the sentence
    that counts them (a copy when it is another one's: the memoised one
    stays as it is)."""
    table = Table("aenderungen", _("Änderungen seit %(since)s") % {"since": format_value(since, DATE)}, [
        Column("at", _("Zeitpunkt"), DATETIME),
        Column("action", _("Aktion")), Column("type", _("Art")),
        Column("entity", _("Eintrag")), Column("fields", _("Geänderte Angaben"))],
        change_rows,
        _("Seit diesem Datum wurde nichts geändert."))
    indicator.tables = [*indicator.tables, table]
    indicator.summary = _(
        "%(s)d Vereinbarungen laufen in den nächsten %(d)d Tagen aus, bei %(o)d ist die Prüfung "
        "überfällig; %(c)d Änderungen seit %(since)s.") % dict(
            counts, c=len(change_rows), since=format_value(since, DATE))
    return indicator


_ACTIONS = {"create": _l("angelegt"), "update": _l("geändert"), "delete": _l("gelöscht"),
            "restore": _l("wiederhergestellt"), "relation": _l("Beziehung")}
_ENTITY_TYPES = {"actor": _l("Akteur"), "agreement": _l("Vereinbarung"), "network": _l("Netzwerk"),
                 "area": _l("Sozialraum"), "target_group": _l("Zielgruppe"),
                 "contact": _l("Kontaktperson")}

# German field names come from the entity modules (their FIELD_LABELS, the
# one place for each entity); the committee report never shows who changed
# something (staff e-mails) nor internal keys.
_FIELD_LABELS = {"actor": actors.FIELD_LABELS, "agreement": agreements.FIELD_LABELS,
                 "network": networks.FIELD_LABELS, "area": areas.FIELD_LABELS,
                 "target_group": target_groups.FIELD_LABELS, "contact": contacts.FIELD_LABELS}
_INTERNAL_KEY = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _field_names(entity_type: str, keys: list[str]) -> str:
    """Changed fields in German: the entity's label for a stored key, a
    recorded German text (e.g. "Partei") as it is, other keys summed up."""
    labels = _FIELD_LABELS.get(entity_type, {})
    names, others = [], False
    for key in keys:
        if key in labels:
            name = str(labels[key])
        elif key and not _INTERNAL_KEY.match(key):
            name = key
        else:
            others = True
            continue
        if name not in names:
            names.append(name)
    if others:
        names.append(_("weitere Angaben"))
    return ", ".join(names)

