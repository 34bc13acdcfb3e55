"""The ``registry`` command group."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import config, localneo4j, schema
from .db import Database
from .exchange.importer import ENTITIES as IMPORT_ENTITIES


def _local() -> localneo4j.LocalNeo4j:
    return localneo4j.LocalNeo4j(
        home=config.var_dir() / "neo4j", port=config.local_port()
    )


def _database() -> Database:
    settings = config.from_environment()
    return Database(
        settings["NEO4J_URI"],
        user=settings["NEO4J_USER"],
        password=settings["NEO4J_PASSWORD"],
        database=settings["NEO4J_DATABASE"],
        retry_seconds=settings["NEO4J_RETRY_SECONDS"],
    )


@click.group()
def main() -> None:
    """Netzwerkregister: cooperation networks of child and youth welfare."""


# -- local Neo4j ------------------------------------------------------------

@main.group("neo4j")
def neo4j_group() -> None:
    """Run the local Neo4j (data under var/neo4j, Bolt on 127.0.0.1)."""


@neo4j_group.command("start")
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt.")
def neo4j_start(timeout: float) -> None:
    """Start the local Neo4j unless it runs; return once Bolt answers."""
    local = _local()
    already = local.pid() is not None
    try:
        status = local.start(timeout=timeout, log=lambda m: click.echo(m, err=True))
    except localneo4j.LocalNeo4jError as error:
        raise click.ClickException(str(error)) from error
    word = "already running" if already else "running"
    click.echo(f"Neo4j {status.version} {status.edition} {word}: {status.uri} (pid {status.pid})")


@neo4j_group.command("stop")
def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    if not _local().stop(log=lambda m: click.echo(m, err=True)):
        click.echo("Neo4j is not running")


@neo4j_group.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs, where, and which version."""
    status = _local().status()
    if not status.running:
        click.echo(f"Neo4j is not running (data in {status.home}, port {_local().port})")
        sys.exit(3)
    click.echo(
        f"Neo4j {status.version or '?'} {status.edition or ''} running: {status.uri} "
        f"(pid {status.pid}, data in {status.home})"
    )


# -- schema and data ---------------------------------------------------------

@main.command("init-db")
def init_db() -> None:
    """Apply constraints and indexes (idempotent)."""
    db = _database()
    try:
        applied = schema.apply(db)
    finally:
        db.close()
    click.echo(f"Schema applied: {applied} statements")


@main.command("demo-data")
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 10000),
              help="N times the demo municipality.")
@click.option("--if-empty", is_flag=True, help="Load only into an empty database.")
def demo_data(scale: int, if_empty: bool) -> None:
    """Load the fictional demo municipality (deterministic)."""
    from . import demo

    db = _database()
    try:
        resuming = demo.interrupted(db)
        if if_empty and not resuming and schema.data_node_count(db) > 0:
            click.echo("Database is not empty: demo data not loaded")
            return
        if resuming:
            row = demo.state(db)
            click.echo(f"Das letzte Laden der Demodaten wurde unterbrochen ({row['done']} von "
                       f"{row['groups']} Teilen vollständig geschrieben); es wird fortgesetzt.",
                       err=True)
        schema.apply(db)
        try:
            counts = demo.load(db, scale=scale, progress=True)
        except demo.DemoLoadError as error:
            raise click.ClickException(str(error)) from error
    finally:
        db.close()
    click.echo("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


# -- users ------------------------------------------------------------------

@main.group("users")
def users_group() -> None:
    """Manage accounts (roles: ausschuss, koordination, admin)."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Passwort", hide_input=True, confirmation_prompt=True)


def _user_or_fail(db: Database, email: str):
    from . import auth

    user = auth.get_user_by_email(db, email)
    if user is None:
        raise click.ClickException(f"No account {email}")
    return user


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["ausschuss", "koordination", "admin"]))
@click.option("--name", default="", help="Display name.")
@click.option("--area", "areas", multiple=True, help="Limit koordination to this area code (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email: str, role: str, name: str, areas: tuple[str, ...], password_stdin: bool) -> None:
    """Create an account; asks for the password."""
    from . import auth

    db = _database()
    try:
        area_ids = _area_ids(db, areas)
        user = auth.create_user(db, email, _read_password(password_stdin), role, name, area_ids)
    except auth.AuthError as error:
        raise click.ClickException(str(error)) from error
    finally:
        db.close()
    click.echo(f"Created {user.email} ({user.role})")


def _area_ids(db: Database, codes: tuple[str, ...]) -> list[str]:
    by_code = {row["code"]: row["id"] for row in db.read("area_choices") if row.get("code")}
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise click.ClickException(f"Unknown area code(s): {', '.join(unknown)}")
    return [by_code[code] for code in codes]


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["ausschuss", "koordination", "admin"]))
@click.option("--area", "areas", multiple=True, help="Limit koordination to this area code (repeatable).")
def users_set_role(email: str, role: str, areas: tuple[str, ...]) -> None:
    """Change an account's role (and area limits)."""
    from . import auth

    db = _database()
    try:
        user = _user_or_fail(db, email)
        auth.update_user(db, user.id, role=role, name=user.name, active=user.active,
                         areas=_area_ids(db, areas))
    finally:
        db.close()
    click.echo(f"{email}: role {role}")


@users_group.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Block an account from signing in (kept for the history)."""
    from . import auth

    db = _database()
    try:
        user = _user_or_fail(db, email)
        auth.update_user(db, user.id, role=user.role, name=user.name, active=False, areas=user.areas)
    finally:
        db.close()
    click.echo(f"{email}: deactivated")


@users_group.command("reset-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_reset_password(email: str, password_stdin: bool) -> None:
    """Set a new password."""
    from . import auth

    db = _database()
    try:
        user = _user_or_fail(db, email)
        auth.set_password(db, user.id, _read_password(password_stdin))
    except auth.AuthError as error:
        raise click.ClickException(str(error)) from error
    finally:
        db.close()
    click.echo(f"{email}: password set")


@users_group.command("ensure-demo-admin")
def users_ensure_demo_admin() -> None:
    """On a database without accounts, create a demo admin with a random
    password and print it once. Does nothing when any account exists."""
    import secrets

    from . import auth

    db = _database()
    try:
        if db.read_one("user_count")["users"] > 0:
            return
        password = secrets.token_urlsafe(12)
        auth.create_user(db, "admin@demo.invalid", password, "admin", "Demo-Admin")
    finally:
        db.close()
    click.echo(
        "\n  Demo-Administrator angelegt (nur diese eine Anzeige):\n"
        f"    E-Mail:   admin@demo.invalid\n    Passwort: {password}\n"
    )


# -- web --------------------------------------------------------------------

@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(1, 64),
              help="gunicorn worker processes (default: one per CPU, at least 2).")
@click.option("--threads", type=click.IntRange(1, 64),
              help="Threads per worker (default: 16).")
@click.option("--debug", is_flag=True,
              help="Werkzeug's development server with reloader instead of gunicorn.")
def serve(host: str, port: int, workers: int | None, threads: int | None, debug: bool) -> None:
    """Serve the web app with gunicorn; without NEO4J_URI, start the local Neo4j first."""
    from . import create_app, serving

    if not os.environ.get("NEO4J_URI"):
        status = _local().start(log=lambda m: click.echo(m, err=True))
        click.echo(f"Neo4j {status.version} on {status.uri}", err=True)
    if host in {"127.0.0.1", "localhost"} and "SESSION_COOKIE_SECURE" not in os.environ:
        # Plain http on the loopback for one person's local use.
        os.environ["SESSION_COOKIE_SECURE"] = "0"
    click.echo(f"Netzwerkregister: http://{host}:{port}/", err=True)
    if debug:
        from werkzeug.serving import run_simple

        from .banner import QuietRequestHandler

        run_simple(host, port, create_app(), threaded=True, use_reloader=True,
                   use_debugger=True, request_handler=QuietRequestHandler)
        return
    from .banner import hide_gunicorn_banner

    hide_gunicorn_banner()
    options = serving.gunicorn_options(host, port, workers, threads)
    click.echo(f"gunicorn: {options['workers']} workers × {options['threads']} threads", err=True)
    serving.run_gunicorn(create_app, options)


# -- data exchange (registry/exchange) ---------------------------------------

@main.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--entity", type=click.Choice(list(IMPORT_ENTITIES)),
              help="Template of the file (default: recognised from the header row).")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--geo", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="berlin: folder of the LOR GeoJSON files (default: ../berlin-lor-geo).")
@click.option("--as", "acting_as", metavar="EMAIL",
              help="Import with this account's rights (its area limits), recorded under its "
                   "e-mail; default: the operator, without limit.")
def import_file(files: tuple[Path, ...], entity: str | None, dry_run: bool,
                geo: Path | None, acting_as: str | None) -> None:
    """Import CSV/XLSX files: all rows of all files or none (exit code 1 on
    problems). Several files, or one workbook with a sheet per template, go
    in together, in the order of what refers to what."""
    from .exchange import bundles, console

    db = _database()
    try:
        schema.apply(db)
        ctx = console.acting_context(db, acting_as) if acting_as else None
        if len(files) > 1 or bundles.template_sheets(files[0].read_bytes(), files[0].name):
            console.run_import_many(db, list(files), dry_run, ctx)
        else:
            console.run_import(db, files[0], entity, dry_run, geo, ctx)
    finally:
        db.close()


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "hsds"]), default="json",
              show_default=True, help="json: full backup; hsds: Open Referral open data.")
@click.option("--with-users", is_flag=True, help="json: include user accounts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
def export(fmt: str, with_users: bool, output: Path | None) -> None:
    """Write the registry as a backup (json) or as open data (hsds)."""
    from .exchange import console

    db = _database()
    try:
        if output is None:
            console.run_export(db, fmt, with_users, sys.stdout)
        else:
            # With accounts the file holds password hashes: owner only (0600).
            mode = 0o600 if with_users else 0o644
            fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            if with_users:
                os.fchmod(fd, mode)  # also when the file existed before
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                console.run_export(db, fmt, with_users, out)
    finally:
        db.close()


@main.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--keep-users", is_flag=True,
              help="The database may hold user accounts (and nothing else): they stay; "
                   "accounts of the file with the same id or e-mail are left out.")
def restore(file: Path, keep_users: bool) -> None:
    """Load a json backup into an EMPTY database (refused otherwise)."""
    from .exchange import console

    db = _database()
    try:
        console.run_restore(db, file, keep_users)
    finally:
        db.close()


if __name__ == "__main__":  # pragma: no cover
    main()
