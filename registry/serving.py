"""The production web server for ``registry serve`` and ``make run``: gunicorn
with threaded workers, sized from the machine's CPU count.

Each worker creates its own Neo4j driver after the fork (``db.Database``);
the app is built inside each worker, so nothing of the master process is
shared. Werkzeug's development server is used only with ``--debug``.
"""
from __future__ import annotations

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


def run_gunicorn(app_factory: Callable[[], Any], options: dict[str, Any]) -> None:
    """Serve ``app_factory()`` (called in each worker) until interrupted."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app_factory()

    _Server().run()
