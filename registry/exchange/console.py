"""The exchange commands of ``registry`` (cli.py): import with a tqdm
progress bar, export, restore. Kept here so cli.py stays a list of commands."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click
from neo4j.exceptions import Neo4jError, ServiceUnavailable
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
    for duplicate in report.duplicates:
        names = ", ".join(f"„{c['name']}“" for c in duplicate["candidates"])
        lines.append(f"  Zeile {duplicate['row']}: „{duplicate['name']}“ gibt es wohl schon "
                     f"({names}); die Zeile wird übersprungen (im Web-Import je Zeile wählbar).")
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


def acting_context(db: Database, email: str) -> importer.Context:
    """``registry import --as EMAIL``: the import runs with that account's
    rights, the same area check as its web upload (access.allowed_areas)."""
    from .. import access, auth, policy

    user = auth.get_user_by_email(db, email)
    if user is None or not user.active:
        raise click.ClickException(f"Kein aktives Konto mit der E-Mail „{email}“.")
    if user.role not in policy.GRANTS[policy.EDIT]:
        raise click.ClickException(f"Das Konto „{user.email}“ ({user.role}) darf nicht "
                                   "importieren; nur Koordination und Administration.")
    return importer.Context(by=user.email, allowed_areas=access.allowed_areas(user))


def run_import_many(db: Database, paths: list[Path], dry_run: bool,
                    ctx: importer.Context | None = None) -> importer.Report:
    """Several files (or one workbook with a sheet per template) as one import."""
    from .limits import LOCAL

    try:
        parts = bundles.parts([(path.name, path.read_bytes()) for path in paths], LOCAL)
    except readers.ReadError as error:
        raise click.ClickException(str(error)) from error
    return _run(", ".join(path.name for path in paths), dry_run,
                lambda bar: importer.run_many(db, parts, ctx=ctx, dry_run=dry_run,
                                                  progress=bar))


def run_import(db: Database, path: Path, entity: str | None, dry_run: bool,
               geo: Path | None, ctx: importer.Context | None = None) -> importer.Report:
    """``ctx`` None: the operator on the server, without area limit ("system")."""
    try:
        table = readers.read_path(path)
    except readers.ReadError as error:
        raise click.ClickException(str(error)) from error
    entity = entity or templates.detect_entity(table.headers)
    if entity is None:
        raise click.ClickException(importer.header_refusal(table)
                                   + " Oder mit --entity angeben, was die Datei enthält.")
    options = {}
    if entity == "berlin":
        options["geo_dir"] = geo or berlin.default_geo_dir(path)
    return _run(path.name, dry_run, lambda bar: importer.run(
        db, entity, table, ctx=ctx, dry_run=dry_run, progress=bar, options=options))


def _run(name: str, dry_run: bool, work) -> importer.Report:
    """Run an import with a progress bar, print its report; exit 1 on problems."""
    bar = Bar(name)
    try:
        report = work(bar)
    except importer.ImportRefused as refused:
        report = refused.report
    except (importer.TooLarge, importer.Interrupted, importer.Changed) as error:
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


class Refusal(click.ClickException):
    """A refusal in German, "Fehler:" in front instead of click's "Error:"."""

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"Fehler: {self.format_message()}", file=file or sys.stderr)


_UNREADABLE = {FileNotFoundError: "gibt es nicht", IsADirectoryError: "ist ein Ordner",
               PermissionError: "darf nicht gelesen werden"}


def run_restore(db: Database, path: Path, keep_users: bool = False) -> None:
    """``registry restore``: every refusal a German message, never a
    traceback; nothing is written then (the restore is one transaction)."""
    nothing = "Es wurde nichts wiederhergestellt."
    try:
        with open(path, encoding="utf-8") as fh:
            data = backup.load(fh)
        bar = Bar(path.name)
        try:
            counts = backup.restore(db, data, progress=bar, keep_users=keep_users)
        finally:
            bar.close()
    except backup.BackupError as error:
        raise Refusal(f"{error} {nothing}") from error
    except OSError as error:
        reason = next((text for kind, text in _UNREADABLE.items() if isinstance(error, kind)),
                      "kann nicht gelesen werden")
        raise Refusal(f"Die Datei „{path}“ {reason}. {nothing}") from error
    except ServiceUnavailable as error:
        raise Refusal(f"Die Datenbank ist nicht erreichbar. {nothing}") from error
    except (KeyError, TypeError, ValueError, AttributeError, Neo4jError) as error:
        # Anything the check did not foresee: still German, still no traceback.
        raise Refusal(f"Die Sicherung konnte nicht geladen werden ({type(error).__name__}). "
                      f"{nothing}") from error
    click.echo(f"Wiederhergestellt: {counts['nodes']} Knoten, "
               f"{counts['relationships']} Beziehungen")
    if keep_users:
        click.echo(f"Benutzerkonten der Datenbank behalten: {counts['users_kept']}; "
                   f"Konten der Sicherung mit derselben Kennung oder E-Mail-Adresse "
                   f"ausgelassen: {counts['users_skipped']}")
