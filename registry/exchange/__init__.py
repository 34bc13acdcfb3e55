"""Data exchange: spreadsheet import, full backup and restore, open-data export.

readers     CSV/XLSX as German Excel writes them (encodings, delimiters, dates)
templates   one documented template per importable entity (German headers)
importer    dry run and apply: a file goes in whole or not at all
refs        lookups read once per file: areas and actors, references to them
actors, agreements, memberships, areas, target_groups, contacts, networks
            the per-entity planners the importer runs
planners    the table of planners by import kind (they register themselves)
bundles     several files (or a workbook with a sheet per template) as one import
lists       every list in the templates' format (the export the import takes back)
berlin      the mapping of Berlin's official Kita list
backup      `registry export --format json` / `registry restore`
hsds        `registry export --format hsds` (Open Referral HSDS 3.0)
uploads     uploaded files and apply progress kept under REGISTRY_VAR/uploads
console     the `registry import|export|restore` commands' output and progress bar
"""
# Each planner registers itself in planners.PLANNERS when imported; importing
# them here fills the table before any import runs.
from . import (actors, agreements, areas, berlin, contacts, memberships,  # noqa: F401
               networks, target_groups)
