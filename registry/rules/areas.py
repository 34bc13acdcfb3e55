"""Rules about Sozialräume: the levels nest Stadt > Bezirk > Sozialraum >
Quartier, a child lies exactly one level below its parent and no area lies
inside itself; an area's outline (the Stadtplan's polygon) is an optional
GeoJSON Polygon or MultiPolygon in WGS84 (longitude, latitude), stored as a
compact JSON string (property ``geometry``), simplified (Douglas-Peucker) to
SIMPLIFY degrees and rounded to DIGITS decimals so a city's polygons stay
small enough to send to the browser as they are. The form (via
registry/entities/areas.py), the imports (registry/exchange/areas.py, the
Berlin import) and the restore all ask these functions.

Every ``*_problem`` function returns a German message or None.
"""
from __future__ import annotations

import json
import math

from ..i18n import gettext as _
from ..model import AREA_LEVEL_ORDER, AREA_LEVELS, AREA_SETTINGS, label


def name_problem(name: str | None) -> str | None:
    return None if (name or "").strip() else _("Bitte einen Namen angeben.")


def level_problem(level: str | None) -> str | None:
    return None if level in AREA_LEVELS else _("Unbekannte Ebene.")


def setting_problem(setting: str | None) -> str | None:
    return None if setting in AREA_SETTINGS else _("Unbekannte Siedlungsstruktur.")


def code_taken_problem(code: str, holder: str) -> str:
    return _("Die Kennung %(code)s trägt schon „%(name)s“.") % {"code": code, "name": holder}


def self_parent_problem() -> str:
    return _("Ein Sozialraum kann nicht in sich selbst liegen.")


def cycle_problem(parent_name: str) -> str:
    return (_("„%(name)s“ liegt selbst in diesem Sozialraum; er kann nicht darin liegen.")
            % {"name": parent_name})


def parent_level_problem(level: str, parent_level: str | None) -> str | None:
    """A child lies exactly one level below its parent."""
    rank = AREA_LEVEL_ORDER.index(level)
    if parent_level in AREA_LEVELS and AREA_LEVEL_ORDER.index(parent_level) == rank - 1:
        return None
    return (_("Ein Gebiet der Ebene „%(level)s“ liegt direkt in einem Gebiet der Ebene "
              "„%(above)s“, nicht in „%(parent_level)s“.")
            % {"level": label(AREA_LEVELS, level),
               "above": label(AREA_LEVELS, AREA_LEVEL_ORDER[rank - 1]) if rank else "–",
               "parent_level": label(AREA_LEVELS, parent_level)})


def children_level_problem(level: str, children: list[tuple[str, str | None]]) -> str | None:
    """``children``: (name, level) of the areas lying directly in this one."""
    rank = AREA_LEVEL_ORDER.index(level)
    wrong = [name for name, child in children
             if child not in AREA_LEVELS or AREA_LEVEL_ORDER.index(child) != rank + 1]
    if wrong:
        return (_("Die Ebene passt nicht zu den Unter-Gebieten (%(names)s): sie liegen genau "
                  "eine Ebene tiefer.") % {"names": ", ".join(wrong)})
    return None


# -- outlines ------------------------------------------------------------------

DIGITS = 5                 # 1e-5 degrees: about a metre in Germany
SIMPLIFY = 0.0001          # degrees (about 7-11 m): invisible at city scale
MAX_POINTS = 20_000        # per outline, after simplification
MAX_CHARS = 1_000_000      # of the text given


class InvalidGeometry(ValueError):
    """The German message says what is wrong."""


def _point(value) -> tuple[float, float]:
    if not (isinstance(value, (list, tuple)) and len(value) >= 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value[:2])):
        raise InvalidGeometry(_("Umriss: Jeder Punkt braucht Länge und Breite als Zahlen."))
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidGeometry(_("Umriss: Koordinaten außerhalb von Länge −180…180 und Breite "
                                "−90…90 (erwartet wird WGS84, Länge zuerst)."))
    return lon, lat


def simplify_line(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (iterative): the points whose distance from the chord
    exceeds ``tolerance``, with both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            else:
                d = math.hypot(px - x1, py - y1)
            if d > worst:
                worst, index = d, i
        if index > 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def _ring(value, tolerance: float) -> list[list[float]] | None:
    """A closed ring, simplified and rounded; None when it collapses."""
    if not isinstance(value, list):
        raise InvalidGeometry(_("Umriss: Ein Ring muss eine Liste von Punkten sein."))
    points: list[tuple[float, float]] = []
    for raw in value:
        lon, lat = _point(raw)
        # Rounded first, so simplifying a stored outline again changes nothing.
        p = (round(lon, DIGITS), round(lat, DIGITS))
        if not points or points[-1] != p:
            points.append(p)
    if len(points) < 4 or points[0] != points[-1]:
        raise InvalidGeometry(_("Umriss: Ein Ring braucht mindestens vier Punkte und endet "
                                "an seinem Anfangspunkt."))
    # Split the closed ring at the point farthest from its start, so each half
    # has a chord (that point survives simplification: the same split again).
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    rounded = [list(p) for p in simplify_line(points[:far + 1], tolerance)[:-1]
               + simplify_line(points[far:], tolerance)]
    return rounded if len(rounded) >= 4 else None


def _polygon(value, tolerance: float) -> list | None:
    if not isinstance(value, list) or not value:
        raise InvalidGeometry(_("Umriss: Ein Polygon braucht mindestens einen Ring."))
    outer = _ring(value[0], tolerance)
    if outer is None:
        return None
    holes = [r for r in (_ring(h, tolerance) for h in value[1:]) if r is not None]
    return [outer, *holes]


def geometry(text: str | None, tolerance: float = SIMPLIFY) -> str | None:
    """The stored form of an outline: compact GeoJSON of a Polygon or
    MultiPolygon (a Feature's geometry is taken as well), simplified and
    rounded; None for an empty text. InvalidGeometry with a German message
    otherwise."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, str):
        if len(text) > MAX_CHARS:
            raise InvalidGeometry(_("Umriss: höchstens %(n)d Zeichen.") % {"n": MAX_CHARS})
        try:
            data = json.loads(text)
        except ValueError:
            raise InvalidGeometry(_("Umriss: Das ist kein gültiges GeoJSON (JSON-Fehler)."))
    else:
        data = text
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidGeometry(_("Umriss: Erwartet wird ein GeoJSON-Polygon oder -MultiPolygon."))
    coordinates = data.get("coordinates")
    parts = [coordinates] if data["type"] == "Polygon" else coordinates
    if not isinstance(parts, list) or not parts:
        raise InvalidGeometry(_("Umriss: Das Polygon hat keine Koordinaten."))
    polygons = [p for p in (_polygon(part, tolerance) for part in parts) if p is not None]
    if not polygons:
        raise InvalidGeometry(_("Umriss: Das Polygon ist zu klein, um es zu zeichnen."))
    if sum(len(r) for p in polygons for r in p) > MAX_POINTS:
        raise InvalidGeometry(_("Umriss: höchstens %(n)d Punkte.") % {"n": MAX_POINTS})
    shape = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
             else {"type": "MultiPolygon", "coordinates": polygons})
    return json.dumps(shape, separators=(",", ":"))


def summary(stored: str | None) -> str | None:
    """How the history shows an outline: its kind and size, not its numbers."""
    if not stored:
        return None
    shape = json.loads(stored)
    polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
    points = sum(len(r) for p in polygons for r in p)
    return _("Umriss mit %(p)d Teilfläche(n), %(n)d Punkten") % {"p": len(polygons), "n": points}
