"""WSGI entry point for gunicorn: ``gunicorn registry.wsgi:app``."""
from . import banner, create_app

banner.hide_gunicorn_banner()
app = create_app()
