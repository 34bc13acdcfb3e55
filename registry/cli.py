"""The ``registry`` command group."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import config, localneo4j, schema
from .db import Database


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
        if if_empty and db.read_one("count_all_nodes")["nodes"] > 0:
            click.echo("Database is not empty: demo data not loaded")
            return
        schema.apply(db)
        counts = demo.load(db, scale=scale, progress=True)
    finally:
        db.close()
    click.echo("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


# -- web --------------------------------------------------------------------

@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web app; without NEO4J_URI, start the local Neo4j first."""
    from werkzeug.serving import run_simple

    from . import create_app

    if not os.environ.get("NEO4J_URI"):
        status = _local().start(log=lambda m: click.echo(m, err=True))
        click.echo(f"Neo4j {status.version} on {status.uri}", err=True)
    if host in {"127.0.0.1", "localhost"} and "SESSION_COOKIE_SECURE" not in os.environ:
        # Plain http on the loopback for one person's local use.
        os.environ["SESSION_COOKIE_SECURE"] = "0"
    app = create_app()
    click.echo(f"Netzwerkregister: http://{host}:{port}/", err=True)
    run_simple(host, port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":  # pragma: no cover
    main()
