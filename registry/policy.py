"""Who may do what: the policy table, one entry per endpoint and method.

Every route of the app must have an entry (tests/test_authorization.py checks
every rule of ``app.url_map`` against this table, so a new route without an
entry fails the suite). A request whose endpoint or method is missing here is
refused: deny by default.

Permissions:
  PUBLIC   anyone, signed in or not (login page, health check, static files)
  OPEN     anyone when the PUBLIC_VIEW setting is on; otherwise like READ
  READ     every signed-in role: ausschuss, koordination, admin
  EDIT     koordination and admin; a koordination account limited to some
           Sozialräume edits only entries located in them (checked per entry)
  ADMIN    admin only
"""
from __future__ import annotations

PUBLIC = "public"
OPEN = "open"
READ = "read"
EDIT = "edit"
ADMIN = "admin"

ROLES = ("ausschuss", "koordination", "admin")

# Which roles hold which permission (anonymous is handled separately).
GRANTS: dict[str, frozenset[str]] = {
    PUBLIC: frozenset(ROLES),
    OPEN: frozenset(ROLES),
    READ: frozenset(ROLES),
    EDIT: frozenset({"koordination", "admin"}),
    ADMIN: frozenset({"admin"}),
}

_R = {"GET": READ}
_RW = {"GET": EDIT, "POST": EDIT}


def _entry_pages(blueprint: str) -> dict[str, dict[str, str]]:
    """The pages every entity has: list and detail to read; new, edit, delete to edit."""
    return {f"{blueprint}.{page}": _R if page in ("index", "detail") else _RW
            for page in ("index", "detail", "new", "edit", "delete")}


# A party's or member's routes (registry/views/relations.py): add, change
# (with its form page), remove, and the type-ahead of actors to add.
_RELATION_PAGES = {"add": {"POST": EDIT}, "edit": {"POST": EDIT}, "form": {"GET": EDIT},
                   "remove": {"POST": EDIT}, "search": {"GET": EDIT}}


POLICY: dict[str, dict[str, str]] = {
    "static": {"GET": PUBLIC},
    "health.healthz": {"GET": PUBLIC},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.logout": {"POST": PUBLIC},
    "home.index": {"GET": READ},
    # Transparency view (only with PUBLIC_VIEW on): no contacts, no drafts.
    "public.index": {"GET": OPEN},
    "public.actor": {"GET": OPEN},
    # User administration.
    "admin.users": {"GET": ADMIN},
    "admin.user_new": {"GET": ADMIN, "POST": ADMIN},
    "admin.user_edit": {"GET": ADMIN, "POST": ADMIN},
    "admin.user_password": {"GET": ADMIN, "POST": ADMIN},
    "type_settings.edit": {"GET": ADMIN, "POST": ADMIN},  # participation expected per type
    # Agreements and networks (registry/views/agreements.py, networks.py);
    # EDIT routes also check the entry's Sozialräume (auth.require_edit).
    **_entry_pages("agreements"),
    **{f"agreements.party_{page}": methods for page, methods in _RELATION_PAGES.items()},
    **_entry_pages("networks"),
    **{f"networks.member_{page}": methods for page, methods in _RELATION_PAGES.items()},
    # Actors with contact persons, Sozialräume, target groups
    # (registry/views/actors.py, areas.py, target_groups.py); EDIT routes on an
    # actor or area also check its Sozialräume (auth.require_edit).
    **_entry_pages("actors"),
    "actors.contact_new": _RW,
    "actors.contact_edit": _RW,
    "actors.contact_delete": _RW,
    "actors.pick_search": {"GET": EDIT},     # type-ahead of the form's Träger fields
    "actors.filter_search": _R,              # type-ahead of the list's Träger filter
    "actors.area_search": _R,                # type-ahead of every area field and filter
    **_entry_pages("areas"),
    **_entry_pages("target_groups"),
    # Deleted entries and their restore (registry/views/history.py).
    "history.deleted": {"GET": ADMIN},
    "history.restore": {"POST": ADMIN},
    # Spreadsheet import (registry/views/exchange.py): upload, dry-run report,
    # confirm, progress, template downloads. A limited koordination account
    # imports only entries of its Sozialräume (checked per row).
    "exchange.upload": _RW,
    "exchange.confirm": _RW,
    "exchange.progress": {"GET": EDIT},
    "exchange.template": {"GET": EDIT},
    # Every list in the templates' format (private contact persons included,
    # like on the actor pages for editors).
    "exchange.export": {"GET": EDIT},
    # Reports (registry/views/reports.py): overview, participation report,
    # printable committee report, table downloads (CSV/XLSX); all read-only.
    "reports.index": _R,
    "reports.participation": _R,
    "reports.committee": _R,
    "reports.committee_pdf": _R,
    "reports.download": _R,
    "reports.table": _R,          # one whole table, paged and sortable
    # Network maps (registry/views/maps.py): map, its table, exports; every
    # signed-in role, committee members included, may view and export.
    "maps.index": _R,
    "maps.network_search": _R,    # type-ahead of the map's network filter
    # The city map (registry/views/citymap.py), its data and its print SVG and PNG.
    "citymap.index": _R,
    "citymap.data": _R,
    "citymap.export": _R,
    "citymap.export_png": _R,
    "maps.table": _R,
    "maps.export": _R,
}


def allowed(permission: str, role: str | None, public_view: bool) -> bool:
    """May a user of ``role`` (None: anonymous) use a route of ``permission``?"""
    if permission == PUBLIC:
        return True
    if role is None:
        return permission == OPEN and public_view
    return role in GRANTS.get(permission, frozenset())


def permission_for(endpoint: str | None, method: str) -> str | None:
    """The permission a request needs; None when the table has no entry."""
    if endpoint is None:
        return None
    methods = POLICY.get(endpoint)
    if methods is None:
        return None
    if method == "HEAD":
        method = "GET"
    if method == "OPTIONS":
        return PUBLIC
    return methods.get(method)
