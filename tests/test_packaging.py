"""An installed wheel carries what the app needs outside the checkout."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_cypher_templates_and_launcher(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("netzwerkregister-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (ROOT / "registry").rglob("__init__.py"):
        module = init.relative_to(ROOT).as_posix()
        assert module in names, f"{module}: add the package to pyproject.toml [tool.setuptools] packages"
    for query_file in (ROOT / "cypher").glob("*.cypher"):
        assert f"registry/cypher/{query_file.name}" in names
    assert "registry/templates/base.html" in names
    assert "registry/templates/errors/db_unavailable.html" in names
    assert "registry/neo4j_launcher/pom.xml" in names
    assert "registry/neo4j_launcher/Launcher.java" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "registry = registry.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
