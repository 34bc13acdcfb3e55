"""The exchange commands of ``registry`` (cli.py): import with a tqdm
progress bar, export, restore. Kept here so cli.py stays a list of commands."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click
from neo4j.exceptions import Neo4jError
from tqdm import tqdm

from ..db import Database
from . import backup, berlin, bundles, hsds, importer, readers, templates


class Bar:
    """A tqdm bar fed by the importer's progress(done, total, phase)."""

    def __init__(self, desc: str):
        self.desc = desc
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int, phase: str) -> None:
        if phase == "check":
            click.echo("Prüfe die Datei …", err=True)
            return
        if self.bar is None and total:
            self.bar = tqdm(total=total, unit="Zeile", desc=self.desc, file=sys.stderr)
        if self.bar is not None:
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def format_report(report: importer.Report, dry_run: bool) -> str:
    label = templates.ENTITY_LABELS.get(report.entity,
                                        "mehrere Dateien" if report.parts else report.entity)
    lines = [f"{'Prüfbericht (Probelauf)' if dry_run else 'Import'}: {label}, "
             f"{report.rows} Zeilen"]
    if report.encoding:
        lines.append(f"  gelesen als {report.encoding}"
                     + (f", Trennzeichen {report.delimiter!r}" if report.delimiter else ""))
    verb = "würden" if dry_run or report.problems else "wurden"
    lines.append(f"  {report.created} {verb} neu angelegt, {report.updated} {verb} geändert, "
                 f"{report.unchanged} unverändert"
                 + (f", {report.cascaded} übernehmen den Sektor ihres Trägers"
                    if report.cascaded else ""))
    for key, value in report.details.items():
        lines.append(f"  {key}: {value}")
    for part in report.parts:
        lines.append(f"  {part['source']} ({templates.ENTITY_LABELS.get(part['entity'], part['entity'])}): "
                     f"{part['created']} neu, {part['updated']} geändert, "
                     f"{part['unchanged']} unverändert, {part['problems']} Probleme")
    for warning in report.warnings:
        lines.append(f"  Hinweis: {warning}")
    if report.problems:
        lines.append(f"  {len(report.problems)} Probleme – es wurde nichts geändert:")
        for p in report.problems:
            where = (f"{p.source}, " if p.source else "") + f"Zeile {p.row}" + (
                f", Spalte „{p.column}“" if p.column else "")
            lines.append(f"  {where}: {p.message}")
    return "\n".join(lines)


def run_import_many(db: Database, paths: list[Path], dry_run: bool) -> importer.Report:
    """Several files (or one workbook with a sheet per template) as one import."""
    from .limits import LOCAL

    try:
        parts = bundles.parts([(path.name, path.read_bytes()) for path in paths], LOCAL)
    except readers.ReadError as error:
        raise click.ClickException(str(error)) from error
    return _run(", ".join(path.name for path in paths), dry_run,
                lambda bar: importer.run_many(db, parts, dry_run=dry_run, progress=bar))


def run_import(db: Database, path: Path, entity: str | None, dry_run: bool,
               geo: Path | None) -> importer.Report:
    try:
        table = readers.read_path(path)
    except readers.ReadError as error:
        raise click.ClickException(str(error)) from error
    entity = entity or templates.detect_entity(table.headers)
    if entity is None:
        raise click.ClickException("Die Kopfzeile passt zu keiner Vorlage; bitte --entity angeben.")
    options = {}
    if entity == "berlin":
        options["geo_dir"] = geo or berlin.default_geo_dir(path)
    return _run(path.name, dry_run, lambda bar: importer.run(
        db, entity, table, dry_run=dry_run, progress=bar, options=options))


def _run(name: str, dry_run: bool, work) -> importer.Report:
    """Run an import with a progress bar, print its report; exit 1 on problems."""
    bar = Bar(name)
    try:
        report = work(bar)
    except importer.ImportRefused as refused:
        report = refused.report
    except importer.TooLarge as error:
        raise click.ClickException(str(error)) from error
    finally:
        bar.close()
    click.echo(format_report(report, dry_run))
    if report.problems:
        raise SystemExit(1)
    return report


def run_export(db: Database, fmt: str, with_users: bool, out: IO[str]) -> None:
    if fmt == "hsds":
        import json

        json.dump(hsds.export(db), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    missing = backup.unexported(db, with_users)
    if missing["labels"] or missing["types"]:
        click.echo(f"Warnung: nicht im Backup-Format enthalten: {missing}", err=True)
    counts = backup.export_json(db, out, with_users=with_users)
    click.echo(f"Backup: {counts['nodes']} Knoten, {counts['relationships']} Beziehungen"
               + (" (mit Benutzerkonten)" if with_users else " (ohne Benutzerkonten)"), err=True)


def run_restore(db: Database, path: Path) -> None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = backup.load(fh)
        bar = Bar(path.name)
        try:
            counts = backup.restore(db, data, progress=bar)
        finally:
            bar.close()
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    except (OSError, KeyError, TypeError, ValueError, Neo4jError) as error:
        # A damaged file: a German message, never a traceback; nothing was written
        # (the restore runs in one transaction).
        raise click.ClickException(
            f"Die Sicherung konnte nicht geladen werden ({type(error).__name__}); es wurde "
            "nichts wiederhergestellt.") from error
    click.echo(f"Wiederhergestellt: {counts['nodes']} Knoten, "
               f"{counts['relationships']} Beziehungen")
