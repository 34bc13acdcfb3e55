"""Settings from the environment, in one place.

NEO4J_URI            bolt://, neo4j:// (cluster routing) ...; unset: the local
                     Neo4j that `registry neo4j start` runs
NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (default "neo4j")
REGISTRY_VAR         data folder of the local Neo4j, secrets (default ./var)
LOCAL_NEO4J_PORT     Bolt port of the local Neo4j (default 7687)
LOCAL_NEO4J_HEAP, LOCAL_NEO4J_PAGECACHE   memory of the local Neo4j
SECRET_KEY           session signing key; unset: generated into var/ (0600)
SESSION_COOKIE_SECURE  "0" only for plain-http local use (default "1")
PUBLIC_VIEW          "1" opens the read-only transparency view (default off)
NEO4J_RETRY_SECONDS  how long a query retries before the DB counts as down
TRUSTED_PROXIES      number of reverse proxies in front of the app whose
                     X-Forwarded-For/-Proto are trusted (default 0: none; the
                     client address is then the connection's)
SESSION_IDLE_MINUTES a session ends after this much inactivity (default 30)
SESSION_MAX_HOURS    and at the latest after this long (default 10)
HEAVY_CONCURRENCY    reports and map exports running at once per process
                     (default 1); HEAVY_WAIT_SECONDS how long the next one
                     waits for its turn before a 503 "ausgelastet" (default 120)
IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, IMPORT_MAX_CELL_CHARS,
IMPORT_MAX_UNCOMPRESSED_MB, IMPORT_MAX_RATIO   upload limits (exchange/limits.py)
CITY_MAP_TILES       tile URL for the Stadtplan's background, e.g.
                     https://tiles.example.org/{z}/{x}/{y}.png (https only; the
                     page's CSP then allows images from that host). Unset: no
                     background map, nothing loaded from another host.
CITY_MAP_TILES_ATTRIBUTION  the tiles' attribution text (shown on the map)
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Mapping


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def var_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get("REGISTRY_VAR") or "var").resolve()


def local_port(environ: Mapping[str, str] = os.environ) -> int:
    return int(environ.get("LOCAL_NEO4J_PORT") or 7687)


def local_uri(environ: Mapping[str, str] = os.environ) -> str:
    return f"bolt://127.0.0.1:{local_port(environ)}"


def _secret_key(folder: Path) -> str:
    """A per-installation key kept under var/ with mode 0600."""
    path = folder / "secret_key"
    if path.exists():
        return path.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def from_environment(environ: Mapping[str, str] = os.environ) -> dict:
    folder = var_dir(environ)
    uri = environ.get("NEO4J_URI") or ""
    return {
        "NEO4J_URI": uri or local_uri(environ),
        "NEO4J_LOCAL": not uri,
        "NEO4J_USER": environ.get("NEO4J_USER") or None,
        "NEO4J_PASSWORD": environ.get("NEO4J_PASSWORD") or None,
        "NEO4J_DATABASE": environ.get("NEO4J_DATABASE") or "neo4j",
        "NEO4J_RETRY_SECONDS": float(environ.get("NEO4J_RETRY_SECONDS") or 10),
        "REGISTRY_VAR": str(folder),
        "SECRET_KEY": environ.get("SECRET_KEY") or _secret_key(folder),
        "SESSION_COOKIE_SECURE": _flag(environ.get("SESSION_COOKIE_SECURE"), True),
        "PUBLIC_VIEW": _flag(environ.get("PUBLIC_VIEW"), False),
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES") or 0),
        "SESSION_IDLE_SECONDS": 60 * float(environ.get("SESSION_IDLE_MINUTES") or 30),
        "SESSION_MAX_SECONDS": 3600 * float(environ.get("SESSION_MAX_HOURS") or 10),
        "CITY_MAP_TILES": environ.get("CITY_MAP_TILES") or "",
        "CITY_MAP_TILES_ATTRIBUTION": environ.get("CITY_MAP_TILES_ATTRIBUTION") or "",
        # Only when set: their defaults live beside the code that uses them.
        **{name: environ[name] for name in _OPTIONAL if environ.get(name)},
    }


_OPTIONAL = ("HEAVY_CONCURRENCY", "HEAVY_WAIT_SECONDS", "IMPORT_MAX_ROWS", "IMPORT_MAX_COLUMNS",
             "IMPORT_MAX_CELL_CHARS", "IMPORT_MAX_UNCOMPRESSED_MB", "IMPORT_MAX_RATIO")
