"""A bound on heavy requests (reports, their downloads and PDF, map exports)
per process, so they cannot hold every thread of a worker while light pages
wait (issue 12: "the app keeps answering other requests").

At most HEAVY_CONCURRENCY (default 1) heavy requests run at once in a
process; the next waits up to HEAVY_WAIT_SECONDS (default 120) for a turn and
then gets a German 503 page ("ausgelastet") with Retry-After, instead of
queueing without end. Light pages never wait here. Report pages take a turn
only to compute (``slot``): requests for a report being computed wait for
that computation's round (analysis/cache.py) without one. A Sozialraum's
report takes a turn only to compute what it shares with every report (the
structure, the ties, the whole area's figures: kept per analysis version),
not for its own part of about a second (reports/build.py).
"""
from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

from flask import Flask, current_app, render_template

from .i18n import gettext as _

DEFAULT_CONCURRENCY = 1
# A city's report takes 25-50 s to compute (scale 100, bench_load); with 30 s
# a request behind one other report always got the busy page (9 of 13 report
# requests under 50 clients). Two computations' time keeps the queue bounded
# without refusing the next in line.
DEFAULT_WAIT_SECONDS = 120.0
_lock = threading.Lock()


def semaphore(app: Flask) -> threading.BoundedSemaphore:
    """This app's (this process's) semaphore, made on first use."""
    with _lock:
        found = app.extensions.get("registry.heavy")
        if found is None:
            size = int(app.config.get("HEAVY_CONCURRENCY") or DEFAULT_CONCURRENCY)
            found = app.extensions["registry.heavy"] = threading.BoundedSemaphore(max(1, size))
        return found


def busy_page():
    text = _("Der Server ist gerade mit anderen Berichten und Exporten ausgelastet. Bitte "
             "versuchen Sie es in einer Minute erneut.")
    page = render_template("errors/error.html", code=503, title=_("Server ausgelastet"),
                           text=text)
    return page, 503, {"Retry-After": "60"}


class Busy(Exception):
    """No turn for a heavy computation within HEAVY_WAIT_SECONDS."""


# Set while this thread's computation holds a turn: a computation nested in
# it (a whole-area report reading the structure) is within that turn.
_holding: ContextVar[bool] = ContextVar("registry_heavy_holding", default=False)


@contextmanager
def slot() -> Iterator[None]:
    """A turn of this process's bound around one heavy computation, for
    views that share computations (analysis/cache.py): only the request
    that computes takes a turn, those that wait for its result do not.
    Raises ``Busy`` (answer with ``busy_page``) when none comes in time."""
    if _holding.get():
        yield
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    gate = semaphore(app)
    if not gate.acquire(timeout=float(app.config.get("HEAVY_WAIT_SECONDS",
                                                     DEFAULT_WAIT_SECONDS))):
        raise Busy()
    token = _holding.set(True)
    try:
        yield
    finally:
        _holding.reset(token)
        gate.release()


def heavy(view: Callable) -> Callable:
    """Decorator for a heavy view: run it within the per-process bound."""

    @functools.wraps(view)
    def bounded(*args, **kwargs):
        try:
            with slot():
                return view(*args, **kwargs)
        except Busy:
            return busy_page()

    return bounded
