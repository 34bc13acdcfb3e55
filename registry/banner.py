"""No server or version banner in responses.

The app itself sends no ``Server`` header (web._security_headers), but the
servers below it add theirs: Werkzeug's development server ("Werkzeug/3.x
Python/3.x", from http.server) and gunicorn ("gunicorn"). Both are switched
off here, so nobody learns which software and version answer.
"""
from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the ``Server`` line of http.server."""

    def send_response(self, code, message=None):
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def hide_gunicorn_banner() -> None:
    """Drop the ``Server: gunicorn`` line gunicorn writes before the app's
    headers (it has no setting for that). No-op without gunicorn."""
    try:
        from gunicorn.http import wsgi as gunicorn_wsgi
    except ImportError:
        return
    response = gunicorn_wsgi.Response
    if getattr(response.default_headers, "_no_banner", False):
        return
    original = response.default_headers

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers._no_banner = True  # type: ignore[attr-defined]
    response.default_headers = default_headers  # type: ignore[method-assign]
