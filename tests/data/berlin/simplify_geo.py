"""Writes berlin-lor-geo/*.geojson here from the full source files: every
polygon simplified and rounded by the registry's own outline rule
(registry.rules.areas.geometry), so the import stores them unchanged.

    .venv/bin/python tests/data/berlin/simplify_geo.py /path/to/full/berlin-lor-geo
"""
import json
import sys
from pathlib import Path

from registry.rules.areas import geometry

HERE = Path(__file__).resolve().parent / "berlin-lor-geo"

for name in ("berlin-lor-districts.geojson", "berlin-lor-forecast-areas-from-2021.geojson"):
    data = json.loads((Path(sys.argv[1]) / name).read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["geometry"] = json.loads(geometry(json.dumps(feature["geometry"])))
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"])
    head = {k: v for k, v in data.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + lines + "\n]}\n"
    (HERE / name).write_text(text, encoding="utf-8")
