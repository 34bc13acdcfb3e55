// Networks, working groups and committees (label Network): scope (SCOPE),
// coordinating actor (COORDINATED_BY) and members (MEMBER_OF {role, since,
// until}). Filters take null for "no filter"; $q is already folded.

// name: network_choices_by_id
// The chosen networks of a filter that offers only those (views/pick.py).
MATCH (n:Network) WHERE n.id IN $ids
RETURN n.id AS id, n.name AS name

// name: network_list_count
MATCH (n:Network)
WHERE ($q = '' OR coalesce(n.search_name, toLower(n.name)) CONTAINS $q)
  AND ($type IS NULL OR n.type = $type)
  AND ($area IS NULL OR EXISTS {
        MATCH (n)-[:SCOPE]->(:Area)-[:PART_OF*0..]->(:Area {id: $area}) })
RETURN count(n) AS total

// name: network_list
// $sort is a whitelisted key (networks.SORTS); $ladder is the participation
// order, so that sorting by participation follows the ladder.
MATCH (n:Network)
WHERE ($q = '' OR coalesce(n.search_name, toLower(n.name)) CONTAINS $q)
  AND ($type IS NULL OR n.type = $type)
  AND ($area IS NULL OR EXISTS {
        MATCH (n)-[:SCOPE]->(:Area)-[:PART_OF*0..]->(:Area {id: $area}) })
WITH n, COUNT { (n)<-[m:MEMBER_OF]-(:Actor)
                WHERE (m.since IS NULL OR m.since <= $today)
                  AND (m.until IS NULL OR m.until >= $today) } AS members
WITH n, members, CASE $sort
          WHEN 'type' THEN n.type
          WHEN 'members' THEN members
          WHEN 'participation' THEN
            [i IN range(0, size($ladder) - 1) WHERE $ladder[i] = n.participation][0]
          ELSE coalesce(n.search_name, toLower(n.name)) END AS key
ORDER BY CASE WHEN $descending THEN null ELSE key END ASC,
         CASE WHEN $descending THEN key END DESC,
         coalesce(n.search_name, toLower(n.name)), n.id
SKIP $skip LIMIT $limit
RETURN properties(n) AS network, members,
       COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s {.id, .name} }[0] AS scope,
       COLLECT { MATCH (n)-[:COORDINATED_BY]->(c:Actor) RETURN c {.id, .name} }[0] AS coordinator

// name: network_get
MATCH (n:Network {id: $id})
CALL (n) {
  OPTIONAL MATCH (a:Actor)-[m:MEMBER_OF]->(n)
  OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
  WITH a, m, s ORDER BY coalesce(a.search_name, toLower(a.name))
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE {
    id: a.id, name: a.name, kind: a.kind, sector: a.sector, role: m.role,
    since: m.since, until: m.until, area_id: s.id, area_name: s.name} END) AS members
}
RETURN properties(n) AS network,
       COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s {.id, .name} }[0] AS scope,
       COLLECT { MATCH (n)-[:COORDINATED_BY]->(c:Actor)
                 RETURN c {.id, .name, .kind} }[0] AS coordinator,
       members

// name: network_state
// What an edit compares against: the properties plus scope and coordinator.
MATCH (n:Network {id: $id})
RETURN properties(n) AS network,
       COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s {.id, .name} }[0] AS scope,
       COLLECT { MATCH (n)-[:COORDINATED_BY]->(c:Actor) RETURN c {.id, .name} }[0] AS coordinator

// name: network_area_path
// The area and every area above it.
MATCH (:Area {id: $area})-[:PART_OF*0..]->(up:Area)
RETURN collect(DISTINCT up.id) AS path

// name: network_member_candidates
// Actors whose folded name contains $text and that are not yet members.
MATCH (a:Actor)
WHERE a.search_name CONTAINS $text
  AND NOT EXISTS { (a)-[:MEMBER_OF]->(:Network {id: $id}) }
WITH a ORDER BY a.search_name, a.id
LIMIT $limit
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, s.id AS area_id, s.name AS area_name

// name: network_actor
MATCH (a:Actor {id: $actor_id})
RETURN a.id AS id, a.name AS name, a.kind AS kind

// name: network_create
// Null values in $props are simply not stored.
CREATE (n:Network)
SET n = $props, n.id = $id, n.version = 1,
    n.created_at = datetime(), n.updated_at = datetime()
RETURN n.id AS id

// name: network_update
// Optimistic locking: nothing happens unless the version still matches.
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (n:Network {id: $id})
SET n._lock = true REMOVE n._lock
WITH n WHERE n.version = $version
SET n += $props, n.version = n.version + 1, n.updated_at = datetime()
RETURN n.version AS version

// name: network_set_scope
// Replaces the scope; $area null leaves the network unscoped (whole area).
MATCH (n:Network {id: $id})
OPTIONAL MATCH (n)-[old:SCOPE]->(:Area)
DELETE old
WITH DISTINCT n
OPTIONAL MATCH (s:Area {id: $area})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (n)-[:SCOPE]->(s))
RETURN s.name AS name

// name: network_set_coordinator
MATCH (n:Network {id: $id})
OPTIONAL MATCH (n)-[old:COORDINATED_BY]->(:Actor)
DELETE old
WITH DISTINCT n
OPTIONAL MATCH (a:Actor {id: $actor_id})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (n)-[:COORDINATED_BY]->(a))
RETURN a.name AS name

// name: network_touch
// Raises the version first: this write-locks the network, so concurrent
// membership changes queue up and the checks that follow read current data.
MATCH (n:Network {id: $id})
SET n.version = n.version + 1, n.updated_at = datetime()
RETURN n.version AS version

// name: network_member
MATCH (a:Actor {id: $actor_id})
OPTIONAL MATCH (a)-[m:MEMBER_OF]->(:Network {id: $id})
RETURN a.name AS name, m IS NOT NULL AS related, m.role AS role,
       m.since AS since, m.until AS until

// name: network_member_add
MATCH (a:Actor {id: $actor_id})
MATCH (n:Network {id: $id})
CREATE (a)-[:MEMBER_OF {role: $role, since: $since, until: $until}]->(n)

// name: network_member_set
// Null since/until remove the property (an open end).
MATCH (:Actor {id: $actor_id})-[m:MEMBER_OF]->(:Network {id: $id})
SET m.role = $role, m.since = $since, m.until = $until

// name: network_member_remove
MATCH (:Actor {id: $actor_id})-[m:MEMBER_OF]->(:Network {id: $id})
DELETE m

// name: network_delete
MATCH (n:Network {id: $id})
DETACH DELETE n
