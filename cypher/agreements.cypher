// Cooperation agreements (label Agreement) and their parties (PARTY_TO).
// Filters take null for "no filter"; $q is already folded (registry.text.fold).
// Titles without search_name (data written by older code) fall back to
// toLower(title) so that they can still be found.

// name: agreement_list_count
MATCH (v:Agreement)
WHERE ($q = '' OR coalesce(v.search_name, toLower(v.title)) CONTAINS $q)
  AND ($type IS NULL OR v.type = $type)
  AND ($status IS NULL OR v.status = $status)
  AND ($expires_by IS NULL OR (v.status = 'aktiv' AND v.valid_until >= $today
                               AND v.valid_until <= $expires_by))
  AND ($area IS NULL OR EXISTS {
        MATCH (v)<-[:PARTY_TO]-(:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(:Area {id: $area}) })
RETURN count(v) AS total

// name: agreement_list
// $sort is a whitelisted key (agreements.SORTS); the CASE picks the value.
MATCH (v:Agreement)
WHERE ($q = '' OR coalesce(v.search_name, toLower(v.title)) CONTAINS $q)
  AND ($type IS NULL OR v.type = $type)
  AND ($status IS NULL OR v.status = $status)
  AND ($expires_by IS NULL OR (v.status = 'aktiv' AND v.valid_until >= $today
                               AND v.valid_until <= $expires_by))
  AND ($area IS NULL OR EXISTS {
        MATCH (v)<-[:PARTY_TO]-(:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(:Area {id: $area}) })
WITH v, CASE $sort
          WHEN 'type' THEN v.type
          WHEN 'status' THEN v.status
          WHEN 'valid_from' THEN v.valid_from
          WHEN 'valid_until' THEN v.valid_until
          ELSE coalesce(v.search_name, toLower(v.title)) END AS key
ORDER BY CASE WHEN $descending THEN null ELSE key END ASC,
         CASE WHEN $descending THEN key END DESC,
         coalesce(v.search_name, toLower(v.title)), v.id
SKIP $skip LIMIT $limit
RETURN properties(v) AS agreement,
       COUNT { (v)<-[:PARTY_TO]-(:Actor) } AS parties,
       COUNT { (v)<-[:PARTY_TO]-(:Actor {kind: 'selbstvertretung'}) } AS bodies

// name: agreement_get
MATCH (v:Agreement {id: $id})
CALL (v) {
  OPTIONAL MATCH (a:Actor)-[r:PARTY_TO]->(v)
  OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
  WITH a, r, s ORDER BY coalesce(a.search_name, toLower(a.name))
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE {
    id: a.id, name: a.name, kind: a.kind, sector: a.sector, role: r.role,
    area_id: s.id, area_name: s.name} END) AS parties
}
RETURN properties(v) AS agreement, parties

// name: agreement_props
MATCH (v:Agreement {id: $id})
RETURN properties(v) AS agreement

// name: agreement_area_paths
// For every party's location: that area and all areas above it.
MATCH (:Agreement {id: $id})<-[:PARTY_TO]-(a:Actor)-[:LOCATED_IN]->(s:Area)
MATCH (s)-[:PART_OF*0..]->(up:Area)
WITH a, s, collect(DISTINCT up.id) AS path
RETURN path

// name: agreement_actor_area_paths
UNWIND $ids AS actor_id
MATCH (:Actor {id: actor_id})-[:LOCATED_IN]->(s:Area)
MATCH (s)-[:PART_OF*0..]->(up:Area)
WITH actor_id, s, collect(DISTINCT up.id) AS path
RETURN path

// name: agreement_actors_by_id
UNWIND $ids AS actor_id
MATCH (a:Actor {id: actor_id})
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, s.id AS area_id, s.name AS area_name

// name: agreement_party_candidates
// Actors whose folded name contains $text and that are not yet parties of
// $id (null: a new agreement) nor among $exclude. Served by the text index
// on Actor.search_name.
MATCH (a:Actor)
WHERE a.search_name CONTAINS $text
  AND NOT a.id IN $exclude
  AND ($id IS NULL OR NOT EXISTS { (a)-[:PARTY_TO]->(:Agreement {id: $id}) })
WITH a ORDER BY a.search_name, a.id
LIMIT $limit
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, s.id AS area_id, s.name AS area_name

// name: agreement_create
// Null values in $props are simply not stored.
CREATE (v:Agreement)
SET v = $props, v.id = $id, v.version = 1,
    v.created_at = datetime(), v.updated_at = datetime()
WITH v
UNWIND $parties AS party
MATCH (a:Actor {id: party.id})
CREATE (a)-[:PARTY_TO {role: party.role}]->(v)
RETURN a.name AS name, party.role AS role

// name: agreement_update
// Optimistic locking: nothing happens unless the version still matches.
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (v:Agreement {id: $id})
SET v._lock = true REMOVE v._lock
WITH v WHERE v.version = $version
SET v += $props, v.version = v.version + 1, v.updated_at = datetime()
RETURN v.version AS version

// name: agreement_touch
// Raises the version first: this write-locks the agreement, so concurrent
// relation changes queue up and the checks that follow read current data.
MATCH (v:Agreement {id: $id})
SET v.version = v.version + 1, v.updated_at = datetime()
RETURN v.version AS version, v.title AS title,
       COUNT { (v)<-[:PARTY_TO]-(:Actor) } AS parties

// name: agreement_party
MATCH (a:Actor {id: $actor_id})
OPTIONAL MATCH (a)-[r:PARTY_TO]->(:Agreement {id: $id})
RETURN a.name AS name, r IS NOT NULL AS related, r.role AS role

// name: agreement_party_add
MATCH (a:Actor {id: $actor_id})
MATCH (v:Agreement {id: $id})
CREATE (a)-[:PARTY_TO {role: $role}]->(v)

// name: agreement_party_set
MATCH (:Actor {id: $actor_id})-[r:PARTY_TO]->(:Agreement {id: $id})
SET r.role = $role

// name: agreement_party_remove
MATCH (:Actor {id: $actor_id})-[r:PARTY_TO]->(:Agreement {id: $id})
DELETE r

// name: agreement_delete
MATCH (v:Agreement {id: $id})
DETACH DELETE v
