"""Every list URL works with and without the trailing slash.

Flask already redirects ``/akteure`` to the rule ``/akteure/``; this adds
the other direction (``/berichte/`` to the rule ``/berichte``), so people and
links may use either spelling and always land on the one canonical URL.
"""
from __future__ import annotations

from flask import Flask, current_app, redirect, request
from werkzeug.exceptions import HTTPException, NotFound


def _without_slash():
    if not isinstance(request.routing_exception, NotFound):
        return None
    path = request.path
    target = path[:-1]
    # Only "/x/" to "/x": never a protocol-relative "//host" elsewhere.
    if not path.endswith("/") or not target.startswith("/") or target.startswith("//"):
        return None
    try:
        current_app.url_map.bind_to_environ(request.environ).match(target, method=request.method)
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(target + (f"?{query}" if query else ""), code=308)


def init_app(app: Flask) -> None:
    # First in line: a redirect needs no login (the target checks it).
    app.before_request_funcs.setdefault(None, []).insert(0, _without_slash)
