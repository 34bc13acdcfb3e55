"""Pagination and sorting of lists, shared by every list page."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from math import ceil
from typing import Any, Callable, ClassVar, Collection, Mapping, NamedTuple

PER_PAGE = 25
MAX_PER_PAGE = 200
# Beyond any real list, and small enough that SKIP stays a 64-bit number.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


class Column(NamedTuple):
    """A column of a list page's table (macro ``list_table``): its heading,
    the sort key its header sets (None: not sortable) and its cells' class."""
    heading: str
    sort: str | None = None
    kind: str | None = None


def sort_keys(columns: Collection[Column], *more: str) -> frozenset[str]:
    """The sort keys a list accepts: its sortable columns' (and ``more``),
    so that every sort header is allowed and nothing else is."""
    return frozenset(c.sort for c in columns if c.sort) | frozenset(more)


class Filters:
    """Base of a list page's filters (a dataclass per entity): ``URL_ARGS``
    maps each URL argument to its field; text is stripped and cut to 200
    characters, a value outside its field's vocabulary (``CHOICES``) is
    dropped, a field with a parser (``PARSERS``: text -> value or None)
    takes what it returns. An empty value leaves the field's default."""
    URL_ARGS: ClassVar[Mapping[str, str]] = {}
    CHOICES: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    PARSERS: ClassVar[Mapping[str, Callable[[str], Any]]] = {}

    @classmethod
    def from_args(cls, args: Mapping[str, str]):
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        for name, field in cls.URL_ARGS.items():
            text = (args.get(name) or "").strip()[:200]
            parse = cls.PARSERS.get(field)
            value: Any = parse(text) if parse else text
            if field in cls.CHOICES and value not in cls.CHOICES[field]:
                value = None
            values[field] = defaults[field] if value in (None, "") else value
        return cls(**values)

    def args(self) -> dict[str, Any]:
        """The filters as URL arguments (only those set), for links."""
        pairs = {name: getattr(self, field) for name, field in self.URL_ARGS.items()}
        return {k: v for k, v in pairs.items() if v not in (None, "")}

    @property
    def active(self) -> bool:
        return bool(self.args())


def page_args(args: Mapping[str, str]) -> tuple[int, int]:
    """(page, per_page) from query arguments, clamped to sane values."""
    def number(name: str, default: int) -> int:
        try:
            return int(args.get(name, default))
        except (TypeError, ValueError):
            return default

    page = min(MAX_PAGE, max(1, number("seite", 1)))
    per_page = min(MAX_PER_PAGE, max(1, number("pro_seite", PER_PAGE)))
    return page, per_page


def sort_arg(args: Mapping[str, str], allowed: Collection[str], default: str) -> tuple[str, bool]:
    """A whitelisted sort key and direction from ``sort`` ("name", "-name")."""
    raw = args.get("sort") or default
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in allowed:
        key, descending = default.lstrip("-"), default.startswith("-")
    return key, descending


@dataclass
class Listing:
    """What a list page shows: a page of rows under filters and a sort, and
    the URL arguments that keep them (``args`` for the sort headers, which
    add their own sort; ``page_args`` for paging, which keeps the sort)."""
    endpoint: str
    page: Page
    filters: Any
    sort: str
    descending: bool
    args: dict[str, Any]
    default_sort: str

    @property
    def sort_value(self) -> str | None:
        """The ``sort`` argument to keep; None for the default order."""
        if self.sort == self.default_sort and not self.descending:
            return None
        return ("-" if self.descending else "") + self.sort

    @property
    def page_args(self) -> dict[str, Any]:
        return dict(self.args, sort=("-" if self.descending else "") + self.sort)


def listing(endpoint: str, args: Mapping[str, str], filters_type: Any,
            sorts: Collection[str], default_sort: str, search) -> Listing:
    """One list page from its query arguments: the entity's ``Filters``,
    a whitelisted sort and paging; ``search(filters, sort, descending, page,
    per_page)`` returns the ``Page``."""
    filters = filters_type.from_args(args)
    sort, descending = sort_arg(args, sorts, default_sort)
    page, per_page = page_args(args)
    kept = filters.args()
    if per_page != PER_PAGE:
        kept["pro_seite"] = per_page
    return Listing(endpoint, search(filters, sort, descending, page, per_page), filters,
                   sort, descending, kept, default_sort)
