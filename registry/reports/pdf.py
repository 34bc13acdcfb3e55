"""The committee report as a PDF, rendered on the server with WeasyPrint.

WeasyPrint runs in a process of its own (``render``). The HTML is the
printable committee page itself; the stylesheets are read from the package
(nothing is fetched: the fetcher refuses every URL), and a generated page
rule adds the running footer: Gebiet, Stichtag, Seite x von y.
The PDF is tagged (PDF/UA-1) so screen readers can follow it (BITV).
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from .. import i18n, process
from ..i18n import gettext as _
from ..resources import static_dir
from ..text import fold

_STYLESHEETS = ("css/app.css", "css/print.css")


def _css_string(text: str) -> str:
    """A CSS string literal (quotes and backslashes escaped, no line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def footer_css(area_name: str, day: date) -> str:
    where = _("Gebiet: %(area)s · Stichtag: %(day)s") % {
        "area": area_name, "day": i18n.day(day)}
    return (
        "@page { size: A4; margin: 16mm 15mm 20mm 15mm;"
        f" @bottom-left {{ content: {_css_string(where)}; font-size: 8pt; color: #333; font-family: 'DejaVu Sans', sans-serif; }}"
        f" @bottom-right {{ content: {_css_string(_('Seite'))} ' ' counter(page) ' '"
        f" {_css_string(_('von'))} ' ' counter(pages); font-size: 8pt; color: #333; font-family: 'DejaVu Sans', sans-serif; }} }}"
    )


def render(html: str, area_name: str, day: date) -> bytes:
    """The PDF of the page ``html``. WeasyPrint lays it out in a short-lived
    process (pdf_process.py): in the worker, the layout of a city's report
    (mostly its tables) took it from 276 to 348 MB, memory a worker's heap
    keeps after the request."""
    job = json.dumps({"html": html, "footer": footer_css(area_name, day),
                      "stylesheets": [str(static_dir() / name) for name in _STYLESHEETS]})
    with process.run_script(Path(__file__).with_name("pdf_process.py"), job.encode("utf-8"),
                            "PDF rendering") as out:
        return out.read()


def filename(area_name: str, day: date) -> str:
    """e.g. Ausschussbericht_bahnhofsviertel_2025-06-01.pdf (ASCII only)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(area_name)).strip("-") or "gebiet"
    return f"Ausschussbericht_{slug}_{day.isoformat()}.pdf"

