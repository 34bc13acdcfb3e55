"""Several files in one upload, or one workbook with a sheet per kind.

An upload of several files is kept as one ZIP archive in the job (uploads.py)
and split here again. A workbook counts as several parts when its sheets are
named after templates ("Sozialräume", "Akteure", or the keys "areas",
"actors", ...); other sheets (like the templates' "Erläuterungen") are
skipped. The parts then go through ``importer.run_many``, which orders them
by what refers to what.
"""
from __future__ import annotations

import io
import zipfile

from ..i18n import gettext as _
from . import readers, templates
from .importer import Part


def pack(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, data) in enumerate(files):
            # The number keeps two files of the same name apart and the order.
            archive.writestr(f"{number:03d}/{name}", data)
    return out.getvalue()


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name.split("/", 1)[1], archive.read(name)) for name in sorted(archive.namelist())]


def template_sheets(data: bytes, filename: str) -> list[tuple[str, str]]:
    """(sheet, template) for each sheet of a workbook named after a template."""
    if not readers.is_xlsx(data, filename):
        return []
    found = [(sheet, templates.sheet_entity(sheet)) for sheet in readers.sheet_names(data)]
    return [(sheet, entity) for sheet, entity in found if entity]


def parts(files: list[tuple[str, bytes]], limits=None) -> list[Part]:
    """The tables of the upload; ReadError names the file that cannot be read."""
    found: list[Part] = []
    for name, data in files:
        try:
            sheets = template_sheets(data, name)
            if sheets:
                found += [Part(entity, readers.read_table(data, name, limits, sheet=sheet),
                               f"{name}: {sheet}") for sheet, entity in sheets]
            else:
                found.append(Part(None, readers.read_table(data, name, limits), name))
        except readers.ReadError as error:
            raise readers.ReadError(_("%(file)s: %(error)s") % {"file": name, "error": error}) \
                from error
    return found
