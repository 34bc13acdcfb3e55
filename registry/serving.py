"""The production web server for ``registry serve`` and ``make run``: gunicorn
with threaded workers, sized from the machine's CPU count.

Each worker creates its own Neo4j driver after the fork (``db.Database``);
the app is built inside each worker, so nothing of the master process is
shared. Werkzeug's development server is used only with ``--debug``.
"""
from __future__ import annotations

import ctypes
import os
from typing import Any, Callable

# Reports and full exports may take longer than gunicorn's default 30 s at
# city scale; a gthread worker keeps its heartbeat while a request runs, so
# this only bounds a worker that hangs as a whole.
TIMEOUT_SECONDS = 300
# Threads per worker: requests mostly wait for Neo4j or for a report another
# request is computing (analysis/cache.py), so many threads per process serve
# more clients without another copy of the app in memory; with 4, fifty
# clients' report requests held every thread while lists waited (bench_load).
THREADS = 16
# glibc gives threads that allocate their own malloc arenas (up to 8 per
# CPU), and memory freed in one arena is not reused by another: under 50
# clients a worker's 16 threads kept 40-50 MB more than with two arenas
# (bench_load, bench/README.md). Set before the workers are forked.
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # mallopt parameter number (glibc malloc.h)


def worker_count(cpus: int | None = None) -> int:
    """One worker per CPU, at least two (one can restart while the other serves)."""
    cpus = cpus or os.cpu_count() or 1
    return max(2, cpus)


def gunicorn_options(host: str, port: int, workers: int | None = None,
                     threads: int | None = None) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers or worker_count(),
        "worker_class": "gthread",
        "threads": threads or THREADS,
        "timeout": TIMEOUT_SECONDS,
        "graceful_timeout": 30,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        # Bounded request line and headers: a slow or malicious client cannot
        # hold a thread with an endless header.
        "limit_request_line": 8190,
    }


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """At most ``arenas`` glibc malloc arenas in this process and the ones it
    forks, unless MALLOC_ARENA_MAX says otherwise (glibc read it at start);
    processes started from here get the variable. False where the C library
    has no such setting (not glibc)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    if not mallopt(_M_ARENA_MAX, arenas):
        return False
    os.environ["MALLOC_ARENA_MAX"] = str(arenas)
    return True


def run_gunicorn(app_factory: Callable[[], Any], options: dict[str, Any]) -> None:
    """Serve ``app_factory()`` (called in each worker) until interrupted."""
    from gunicorn.app.base import BaseApplication

    limit_malloc_arenas()

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app_factory()

    _Server().run()
