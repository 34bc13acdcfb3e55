"""Pages read with a real HTML parser (the standard library's html.parser), so
tests assert on elements, attributes and visible text rather than on the
exact spelling of the markup.

    doc = htmlpage.parse(page)
    doc.find("input", name="csrf_token")["value"]
    [a.text for a in doc.find_all("a", href=htmlpage.starts("/akteure/"))]
    doc.by_id("name-error").text

Attribute filters: a string must match exactly, True means "present",
a callable gets the value (or None when absent). ``data_table`` stands for
``data-table`` and ``class_`` for ``class``.
"""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Callable, Iterator

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def __getitem__(self, name: str) -> str | None:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.attrs

    @property
    def text(self) -> str:
        """The text inside the element, entities decoded, outer space stripped."""
        return "".join(self._texts()).strip()

    @property
    def visible_text(self) -> str:
        """The text a sighted reader sees: ``visually-hidden`` parts left out,
        runs of white space made one space."""
        return " ".join("".join(self._texts(skip_hidden=True)).split())

    def _texts(self, skip_hidden: bool = False) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif not (skip_hidden and "visually-hidden" in (child.get("class") or "").split()):
                yield from child._texts(skip_hidden)

    def iter(self) -> Iterator["Element"]:
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        wanted = {_attr_name(k): v for k, v in attrs.items()}
        return [e for e in self.iter()
                if (tag is None or e.tag == tag)
                and all(_matches(e.attrs.get(k), v, k in e.attrs) for k, v in wanted.items())]

    def find(self, tag: str | None = None, **attrs) -> "Element | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def by_id(self, element_id: str) -> "Element | None":
        return self.find(id=element_id)

    def rows(self) -> list[list[str]]:
        """The cell texts of every table row below this element."""
        return [[c.text for c in tr.children if isinstance(c, Element) and c.tag in ("th", "td")]
                for tr in self.find_all("tr")]

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def _matches(value: str | None, wanted, present: bool) -> bool:
    if wanted is True:
        return present
    if callable(wanted):
        return bool(wanted(value))
    return value == wanted


def starts(prefix: str) -> Callable[[str | None], bool]:
    """Attribute filter: the value begins with ``prefix``."""
    return lambda value: value is not None and value.startswith(prefix)


def has_class(name: str) -> Callable[[str | None], bool]:
    """Attribute filter for ``class_``: the element carries this class."""
    return lambda value: value is not None and name in value.split()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs), self.open[-1]))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(page: str) -> Element:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


def field_error(page: str, field: str) -> str:
    """The message shown next to a form field (empty when there is none)."""
    element = parse(page).by_id(f"{field}-error")
    return element.text if element is not None else ""


def error_texts(page: str) -> list[str]:
    """The messages of elements marked as errors (a class naming ``error`` or
    ``invalid``), for explaining a refused form."""
    marked = parse(page).find_all(class_=lambda v: v is not None and ("error" in v or "invalid" in v))
    return [e.text for e in marked if e.text]


def captioned_table_rows(page: str, caption_id: str) -> list[list[str]] | None:
    """The cell texts of each row (header row first) of the table whose
    caption has ``caption_id``; None when the page has no such table."""
    caption = parse(page).find("caption", id=caption_id)
    return caption.parent.rows() if caption is not None else None


def link_targets(page: "str | Element") -> dict[str, str]:
    """Visible link text -> href for every link on the page."""
    doc = parse(page) if isinstance(page, str) else page
    return {a.visible_text: a["href"] for a in doc.find_all("a", href=True)}


def _first_link(cell: Element, prefix: str) -> str | None:
    link = cell.find("a", href=starts(prefix))
    return link.text if link is not None else None


def row_header_links(page: "str | Element", prefix: str) -> list[str]:
    """The texts of the links to ``prefix...`` in the row headers (``th scope=row``), in order."""
    doc = parse(page) if isinstance(page, str) else page
    found = (_first_link(th, prefix) for th in doc.find_all("th", scope="row"))
    return [text for text in found if text is not None]


def first_cell_links(page: str, prefix: str) -> list[str]:
    """The texts of the links to ``prefix...`` in the first cell (a ``td``) of each table row."""
    texts = []
    for tr in parse(page).find_all("tr"):
        cells = [c for c in tr.children if isinstance(c, Element) and c.tag in ("th", "td")]
        if cells and cells[0].tag == "td":
            text = _first_link(cells[0], prefix)
            if text is not None:
                texts.append(text)
    return texts
