// Sozialräume (label Area) and their hierarchy.

// name: area_choices_by_id
// The chosen areas of a select that offers only those (views/pick.py).
MATCH (a:Area) WHERE a.id IN $ids
RETURN a.id AS id, a.name AS name, a.level AS level

// -- list, detail and editing (registry/entities/areas.py) -----------------------------
// Names are folded here with the German rules of registry.text.fold.

// name: area_list
// One page of areas matching the filters and every search term, with the
// total; `actors` counts actors located in the area or any area below it.
MATCH (s:Area)
WHERE ($level IS NULL OR s.level = $level)
  AND ($setting IS NULL OR s.setting = $setting)
  AND all(t IN $terms WHERE
      replace(replace(replace(replace(toLower(s.name), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') CONTAINS t
      OR toLower(coalesce(s.code, '')) CONTAINS t)
OPTIONAL MATCH (s)-[:PART_OF]->(p:Area)
WITH s, p, COUNT { (:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(s) } AS actors
WITH s, p, actors, CASE $sort
    WHEN 'code' THEN toLower(coalesce(s.code, ''))
    WHEN 'level' THEN toString(coalesce([i IN range(0, size($levels) - 1) WHERE $levels[i] = s.level][0], 9))
    WHEN 'parent' THEN toLower(coalesce(p.name, ''))
    WHEN 'actors' THEN right('0000000000' + toString(actors), 10)
    ELSE toLower(s.name) END AS key
ORDER BY CASE WHEN $descending THEN '' ELSE key END,
         CASE WHEN $descending THEN key ELSE '' END DESC,
         toLower(s.name), s.id
WITH collect({s: s, p: p, actors: actors}) AS rows
WITH size(rows) AS total, rows[$skip..$skip + $limit] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
WITH total, i, page[i].s AS s, page[i].p AS p, page[i].actors AS actors
RETURN total, s {.id, .name, .code, .level, .setting} AS area,
       p {.id, .name} AS parent, actors
ORDER BY i

// name: area_get
MATCH (s:Area {id: $id})
OPTIONAL MATCH (s)-[:PART_OF]->(p:Area)
RETURN properties(s) AS area, p {.id, .name, .level} AS parent

// name: area_relations
// Ancestors (nearest first), direct sub-areas with their actor counts,
// networks scoped to the area, how many actors serve it.
MATCH (s:Area {id: $id})
RETURN
  [(s)-[path:PART_OF*1..]->(p:Area) | p {.id, .name, .level, distance: size(path)}] AS ancestors,
  [(c:Area)-[:PART_OF]->(s) | c {.id, .name, .code, .level,
      actors: COUNT { (:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(c) }}] AS children,
  [(n:Network)-[:SCOPE]->(s) | n {.id, .name, .type}] AS networks,
  [(a:Actor)-[:SERVES]->(s) | a {.id, .name}] AS served_by

// name: area_actors
// One page of the actors located in the area or in any area below it.
MATCH (a:Actor)-[:LOCATED_IN]->(loc:Area)-[:PART_OF*0..]->(:Area {id: $id})
WITH a, loc ORDER BY a.search_name, a.id
WITH collect({a: a, loc: loc}) AS rows
WITH size(rows) AS total, rows[$skip..$skip + $limit] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
WITH total, i, page[i].a AS a, page[i].loc AS loc
RETURN total, a {.id, .name, .kind, .sector} AS actor, loc {.id, .name} AS location
ORDER BY i

// name: area_path
// Ids of the area and every area above it (for edit rights).
MATCH (s:Area {id: $id})-[:PART_OF*0..]->(p:Area)
RETURN collect(p.id) AS path

// name: area_code_taken
MATCH (s:Area) WHERE toUpper(s.code) = toUpper($code) AND s.id <> coalesce($id, '')
RETURN s.id AS id, s.name AS name LIMIT 1

// name: area_parent_check
// The parent's level, and whether putting $id below it would close a cycle.
MATCH (p:Area {id: $parent})
RETURN p.level AS level, p.name AS name,
       $parent = $id OR EXISTS { (p)-[:PART_OF*1..]->(:Area {id: $id}) } AS cycle

// name: area_children
MATCH (c:Area)-[:PART_OF]->(:Area {id: $id})
RETURN c.id AS id, c.name AS name, c.level AS level ORDER BY c.name

// name: area_create
CREATE (s:Area)
SET s = $props, s.id = $id, s.version = 1, s.created_at = datetime(), s.updated_at = datetime()
WITH s
CALL (s) {
  MATCH (p:Area {id: $parent}) CREATE (s)-[:PART_OF]->(p)
}
RETURN s.id AS id

// name: area_update
// Optimistic locking: only the version the editor saw may be overwritten.
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (s:Area {id: $id})
SET s._lock = true REMOVE s._lock
WITH s WHERE s.version = $version
SET s += $props, s.version = s.version + 1, s.updated_at = datetime()
WITH s
CALL (s) {
  MATCH (s)-[r:PART_OF]->() DELETE r
}
CALL (s) {
  MATCH (p:Area {id: $parent}) CREATE (s)-[:PART_OF]->(p)
}
RETURN s.version AS version

// name: area_delete_impact
MATCH (s:Area {id: $id})
RETURN s.name AS name,
  [(c:Area)-[:PART_OF]->(s) | c {.id, .name}] AS children,
  [(a:Actor)-[:LOCATED_IN]->(s) | a {.id, .name}] AS located,
  [(a:Actor)-[:SERVES]->(s) | a {.id, .name}] AS served_by,
  [(n:Network)-[:SCOPE]->(s) | n {.id, .name}] AS networks

// name: area_delete
// Actors and networks that lose a link to the area get a new version, so an
// editor holding an older form is told.
MATCH (s:Area {id: $id})
CALL (s) {
  MATCH (a:Actor) WHERE (a)-[:LOCATED_IN|SERVES]->(s)
  SET a.version = coalesce(a.version, 0) + 1, a.updated_at = datetime()
}
CALL (s) {
  MATCH (n:Network)-[:SCOPE]->(s)
  SET n.version = coalesce(n.version, 0) + 1, n.updated_at = datetime()
}
DETACH DELETE s
RETURN count(*) AS deleted
