"""Where the shipped files are: in a checkout, ``cypher/`` and ``templates/``
sit at the top level; in an installed wheel they live inside the package."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"{name}/ is neither in {_PACKAGE} nor beside it")


def cypher_dir() -> Path:
    return _find("cypher")


def templates_dir() -> Path:
    return _find("templates")


def static_dir() -> Path:
    return _PACKAGE / "static"


def launcher_dir() -> Path:
    return _PACKAGE / "neo4j_launcher"
