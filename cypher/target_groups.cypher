// Target groups (Zielgruppen): a managed vocabulary that actors serve.

// name: target_group_list
MATCH (g:TargetGroup)
RETURN g.id AS id, g.name AS name, COUNT { (:Actor)-[:SERVES_GROUP]->(g) } AS actors
ORDER BY toLower(g.name), g.id

// name: target_group_choices
MATCH (g:TargetGroup)
RETURN g.id AS id, g.name AS name
ORDER BY toLower(g.name), g.id

// name: target_group_get
MATCH (g:TargetGroup {id: $id})
RETURN properties(g) AS group, COUNT { (:Actor)-[:SERVES_GROUP]->(g) } AS actors

// name: target_group_name_taken
MATCH (g:TargetGroup) WHERE toLower(g.name) = toLower($name) AND g.id <> coalesce($id, '')
RETURN g.id AS id LIMIT 1

// name: target_group_actors
// One page of the actors that serve the group.
MATCH (a:Actor)-[:SERVES_GROUP]->(:TargetGroup {id: $id})
WITH a ORDER BY a.search_name, a.id
WITH collect(a) AS rows
WITH size(rows) AS total, rows[$skip..$skip + $limit] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
WITH total, i, page[i] AS a
RETURN total, a {.id, .name, .kind, .sector} AS actor
ORDER BY i

// name: target_group_users
// Actors that lose the group when it is deleted.
MATCH (a:Actor)-[:SERVES_GROUP]->(:TargetGroup {id: $id})
RETURN a.id AS id, a.name AS name ORDER BY a.search_name

// name: target_group_create
CREATE (g:TargetGroup)
SET g.id = $id, g.name = $name, g.version = 1, g.created_at = datetime(), g.updated_at = datetime()
RETURN g.id AS id

// name: target_group_update
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (g:TargetGroup {id: $id})
SET g._lock = true REMOVE g._lock
WITH g WHERE g.version = $version
SET g.name = $name, g.version = g.version + 1, g.updated_at = datetime()
RETURN g.version AS version

// name: target_group_delete
// The actors that served it get a new version (their list changed).
MATCH (g:TargetGroup {id: $id})
CALL (g) {
  MATCH (a:Actor)-[:SERVES_GROUP]->(g)
  SET a.version = coalesce(a.version, 0) + 1, a.updated_at = datetime()
}
DETACH DELETE g
RETURN count(*) AS deleted
