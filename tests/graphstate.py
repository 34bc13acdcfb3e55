"""The whole graph as comparable data, and edit forms read like a browser.

``fingerprint(db)`` is every node (labels, properties) and relationship
(type, end ids, properties) as a sorted list of text lines: two equal
fingerprints mean nothing changed. ``forms(html)`` parses the page's forms
with html.parser and returns what a browser would submit for each.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from registry.schema import BOOKKEEPING_LABELS


def _text(value) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def fingerprint(db) -> list[str]:
    nodes = [f"N {sorted(r['labels'])} {_text(r['props'])}" for r in db.read("graph_nodes", bookkeeping=BOOKKEEPING)]
    rels = [f"R {r['type']} {r['source']}->{r['target']} {_text(r['props'])}"
            for r in db.read("graph_relationships", bookkeeping=BOOKKEEPING)]
    return sorted(nodes) + sorted(rels)


def change_count(db) -> int:
    return db.read_one("graph_change_count")["n"]


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    """What a browser sends for each form: text inputs and hidden fields,
    checked boxes and radios, the selected options of each select (the
    first one when none is marked), textareas; disabled fields are left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if disabled or not a.get("name") or kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.fields.append((a["name"], a.get("value", default)))
        elif tag == "select":
            self._select = {"name": a.get("name"), "multiple": "multiple" in a,
                            "disabled": disabled, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and not disabled and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if select["disabled"] or not select["name"] or self._form is None:
                return
            options = select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not select["multiple"] and options:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._form.fields.append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # A browser drops the one newline right after <textarea>.
            if text.startswith("\n"):
                text = text[1:]
            self._form.fields.append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def post_forms(html: str) -> list[Form]:
    return [f for f in forms(html) if f.method == "post"]


# Properties the system keeps (not data) and labels that are no registry data.
BOOKKEEPING = list(BOOKKEEPING_LABELS)  # the app's bookkeeping nodes are not data
_BOOKKEEPING_PROPS = {"id", "version", "created_at", "updated_at"}
_NOT_DATA = {"Change", "User"}


def _key(labels, props) -> str:
    name = props.get("code") or props.get("name") or props.get("title") or props.get("id")
    return f"{'/'.join(sorted(labels))}:{name}"


def fingerprint_without_ids(db) -> list[str]:
    """``fingerprint`` with every id replaced by the entry's label and name
    (an area's code), and without bookkeeping: equal for two registries
    that hold the same data under other ids (an import into an empty one)."""
    keys, nodes = {}, []
    for row in db.read("graph_nodes", bookkeeping=BOOKKEEPING):
        if _NOT_DATA & set(row["labels"]):
            continue
        props = row["props"]
        keys[props.get("id")] = _key(row["labels"], props)
        data = {k: v for k, v in props.items() if k not in _BOOKKEEPING_PROPS}
        nodes.append(f"N {keys[props.get('id')]} {_text(data)}")
    rels = [f"R {r['type']} {keys[r['source']]}->{keys[r['target']]} {_text(r['props'])}"
            for r in db.read("graph_relationships", bookkeeping=BOOKKEEPING)
            if r["source"] in keys and r["target"] in keys]
    return sorted(nodes) + sorted(rels)
