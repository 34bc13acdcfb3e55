"""``registry import --as EMAIL`` (issue 12, "the CLI where it acts for a
user"): the import runs with that account's area limits, the same check as
its web upload; without ``--as`` the operator imports without limit."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import make_user
from registry import access, cli
from registry.entities import actors

from test_access_import import limited, snapshot, world  # noqa: F401 (fixtures)
from test_import import by_external

OUTSIDE_ROW = "Externe ID;Name;Art\nS-1;Haus Umbenannt;Freier Träger\n"
OWN_ROW = "Externe ID;Name;Art\nN-1;Haus Nord umbenannt;Freier Träger\n"


def _import(neo4j_uri, tmp_path, text: str, *options: str):
    path = tmp_path / "akteure.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli.main, ["import", str(path), *options],
                              env={"NEO4J_URI": neo4j_uri})


def _name(db, actor_id: str) -> str:
    return actors.get(db, actor_id)["actor"]["name"]


def test_an_area_limited_account_cannot_import_outside_its_areas(db, world, limited, neo4j_uri,
                                                                 tmp_path):
    before = snapshot(db)
    result = _import(neo4j_uri, tmp_path, OUTSIDE_ROW, "--as", limited.email)
    assert result.exit_code == 1
    assert str(access.OUTSIDE_AREAS) in result.output
    assert "es wurde nichts geändert" in result.output
    assert snapshot(db) == before
    assert _name(db, world["haus_sued"]) == "Haus Süd"


def test_the_same_account_imports_its_own_rows(db, world, limited, neo4j_uri, tmp_path):
    result = _import(neo4j_uri, tmp_path, OWN_ROW, "--as", limited.email)
    assert result.exit_code == 0, result.output
    assert "1 wurden geändert" in result.output
    assert _name(db, by_external(db)["N-1"]["id"]) == "Haus Nord umbenannt"


def test_the_operator_without_as_has_no_area_limit(db, world, limited, neo4j_uri, tmp_path):
    result = _import(neo4j_uri, tmp_path, OUTSIDE_ROW)
    assert result.exit_code == 0, result.output
    assert _name(db, world["haus_sued"]) == "Haus Umbenannt"


def test_accounts_that_may_not_import_are_refused(db, world, neo4j_uri, tmp_path):
    reader = make_user(db, "ausschuss", email="ausschuss@example.org")
    before = snapshot(db)
    result = _import(neo4j_uri, tmp_path, OWN_ROW, "--as", reader.email)
    assert result.exit_code != 0 and "darf nicht importieren" in result.output
    result = _import(neo4j_uri, tmp_path, OWN_ROW, "--as", "niemand@example.org")
    assert result.exit_code != 0 and "Kein aktives Konto" in result.output
    assert snapshot(db) == before
