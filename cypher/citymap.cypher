// The Stadtplan (registry/maps/city.py): outlines and positions.

// name: city_outlines
// Areas with an outline (Sozialräume for the choropleth, Bezirke as frame).
MATCH (s:Area) WHERE s.geometry IS NOT NULL
RETURN s.id AS id, s.level AS level, s.geometry AS geometry

// name: city_positions
// Actors with both coordinates.
MATCH (a:Actor) WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL
RETURN a.id AS id, a.lat AS lat, a.lon AS lon
