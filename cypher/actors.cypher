// Actors (Akteure), their Träger chain and their contact persons.
// Search terms arrive folded (registry.text.fold); the address is folded here
// with the same German rules (lower case, ä/ö/ü -> a/o/u, ß -> ss), so actors
// loaded by any path are found without an extra stored property.

// name: actor_list
// One page of actors matching every filter and every search term, with the
// total. $sort is a key whitelisted in registry/entities/actors.py.
// At city scale: the total is a plain count and the page a Top-N sort
// (memory for $skip + $limit rows, never a collect of every match); the
// location and Träger are looked up for the page's rows only; with an area
// filter the actors are found from the area downwards. The two subqueries
// carry the same filter (Cypher has no way to share it in one statement).
CALL () {
  CALL () {
    WITH 1 AS go WHERE $area IS NULL
    MATCH (a:Actor) RETURN a
    UNION
    WITH 1 AS go WHERE $area IS NOT NULL
    MATCH (:Area {id: $area})<-[:PART_OF*0..]-(:Area)<-[:LOCATED_IN]-(a:Actor) RETURN DISTINCT a
  }
  WITH a
  WHERE ($kind IS NULL OR a.kind = $kind)
    AND ($sector IS NULL OR a.sector = $sector)
    AND ($operator IS NULL OR EXISTS { (a)-[:OPERATED_BY]->(:Actor {id: $operator}) })
    AND all(t IN $terms WHERE coalesce(a.search_name, toLower(a.name)) CONTAINS t
        OR replace(replace(replace(replace(toLower(
             coalesce(a.street, '') + ' ' + coalesce(a.postcode, '') + ' ' + coalesce(a.city, '')),
             'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') CONTAINS t)
  RETURN count(a) AS total
}
CALL () {
  CALL () {
    WITH 1 AS go WHERE $area IS NULL
    MATCH (a:Actor) RETURN a
    UNION
    WITH 1 AS go WHERE $area IS NOT NULL
    MATCH (:Area {id: $area})<-[:PART_OF*0..]-(:Area)<-[:LOCATED_IN]-(a:Actor) RETURN DISTINCT a
  }
  WITH a
  WHERE ($kind IS NULL OR a.kind = $kind)
    AND ($sector IS NULL OR a.sector = $sector)
    AND ($operator IS NULL OR EXISTS { (a)-[:OPERATED_BY]->(:Actor {id: $operator}) })
    AND all(t IN $terms WHERE coalesce(a.search_name, toLower(a.name)) CONTAINS t
        OR replace(replace(replace(replace(toLower(
             coalesce(a.street, '') + ' ' + coalesce(a.postcode, '') + ' ' + coalesce(a.city, '')),
             'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') CONTAINS t)
  WITH a, CASE $sort
      WHEN 'kind' THEN a.kind
      WHEN 'sector' THEN a.sector
      WHEN 'area' THEN toLower(coalesce(
          COLLECT { MATCH (a)-[:LOCATED_IN]->(l:Area) RETURN l.name LIMIT 1 }[0], ''))
      WHEN 'city' THEN toLower(coalesce(a.city, '') + ' ' + coalesce(a.street, ''))
      WHEN 'updated' THEN toString(a.updated_at)
      ELSE coalesce(a.search_name, toLower(a.name)) END AS key
  ORDER BY CASE WHEN $descending THEN '' ELSE key END,
           CASE WHEN $descending THEN key ELSE '' END DESC,
           a.search_name, a.id
  SKIP $skip LIMIT $limit
  RETURN collect(a) AS page
}
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
WITH total, i, page[i] AS a
OPTIONAL MATCH (a)-[:LOCATED_IN]->(loc:Area)
OPTIONAL MATCH (a)-[:OPERATED_BY]->(op:Actor)
RETURN total, a {.id, .name, .kind, .sector, .street, .postcode, .city} AS actor,
       loc {.id, .name} AS location, op {.id, .name} AS operator
ORDER BY i

// name: actor_get
// The actor with the relations its form edits.
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:LOCATED_IN]->(loc:Area)
OPTIONAL MATCH (a)-[:OPERATED_BY]->(op:Actor)
OPTIONAL MATCH (a)-[:AFFILIATED_WITH]->(um:Actor)
RETURN properties(a) AS actor,
       loc {.id, .name, .level} AS location,
       op {.id, .name, .sector, .kind} AS operator,
       um {.id, .name} AS umbrella,
       [(a)-[:SERVES]->(s:Area) | s {.id, .name}] AS serves,
       [(a)-[:SERVES_GROUP]->(g:TargetGroup) | g {.id, .name}] AS target_groups

// name: actor_relations
// Everything else the detail page links to. Contact persons not marked
// public only when $include_private (never for the committee).
MATCH (a:Actor {id: $id})
RETURN
  [(f:Actor)-[:OPERATED_BY]->(a) | f {.id, .name, .kind}] AS facilities,
  [(t:Actor)-[:AFFILIATED_WITH]->(a) | t {.id, .name}] AS affiliates,
  [(a)-[r:PARTY_TO]->(v:Agreement) | v {.id, .title, .type, .status, .valid_from,
      .valid_until, role: r.role}] AS agreements,
  [(a)-[m:MEMBER_OF]->(n:Network) | n {.id, .name, .type, role: m.role,
      since: m.since, until: m.until}] AS networks,
  [(n:Network)-[:COORDINATED_BY]->(a) | n {.id, .name}] AS coordinates,
  [(a)-[:HAS_CONTACT]->(c:ContactPerson) WHERE $include_private OR c.public = true |
      c {.id, .name, .function, .email, .phone, .public}] AS contacts,
  [(a)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(p:Area) | p {.id, .name, .level}] AS location_path

// name: actor_area_path
// Ids of the area the actor is located in and of every area above it.
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(p:Area)
RETURN a.id AS id, collect(p.id) AS path

// name: actor_candidates_search
// Type-ahead of a Träger or Dachverband field: candidates of $kinds whose
// folded name contains $text (the text index on search_name).
MATCH (a:Actor)
WHERE a.search_name CONTAINS $text AND a.kind IN $kinds
WITH a ORDER BY a.search_name, a.id
LIMIT $limit
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, s.name AS area_name

// name: actor_candidates_named
// A Träger or Dachverband typed into the field without JavaScript: the
// candidates of $kinds with exactly this id or this (folded) name.
CALL () {
  MATCH (a:Actor {id: $id}) WHERE a.kind IN $kinds RETURN a
  UNION
  MATCH (a:Actor) WHERE a.search_name = $text AND a.kind IN $kinds RETURN a
}
WITH a ORDER BY a.search_name, a.id
LIMIT $limit
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, s.name AS area_name

// name: actor_sector_of
MATCH (a:Actor {id: $id}) RETURN a.sector AS sector, a.kind AS kind

// name: actor_operator_cycle
// Would ($id)-[:OPERATED_BY]->($target) close a cycle?
MATCH (t:Actor {id: $target})
RETURN $target = $id OR EXISTS { (t)-[:OPERATED_BY*1..]->(:Actor {id: $id}) } AS cycle

// name: actor_umbrella_cycle
// Would ($id)-[:AFFILIATED_WITH]->($target) close a cycle?
MATCH (t:Actor {id: $target})
RETURN $target = $id OR EXISTS { (t)-[:AFFILIATED_WITH*1..]->(:Actor {id: $id}) } AS cycle

// name: actor_similar_candidates
// Possible duplicates of a new actor, checked further by
// rules.probable_duplicate: the same folded name, the same postcode or street
// (folded here like the search), or the same Sozialraum (both without one
// when $area is null).
MATCH (a:Actor)
WITH a, head(COLLECT { MATCH (a)-[:LOCATED_IN]->(s:Area) RETURN s.id }) AS area
WHERE a.search_name = $search_name
   OR ($postcode <> '' AND a.postcode = $postcode)
   OR ($street <> '' AND replace(replace(replace(replace(toLower(coalesce(a.street, '')),
        'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss') = $street)
   OR area = $area OR ($area IS NULL AND area IS NULL)
RETURN a.id AS id, a.name AS name, a.search_name AS search_name, a.street AS street,
       a.postcode AS postcode, a.city AS city, area
LIMIT 5000

// name: actor_create
CREATE (a:Actor)
SET a = $props, a.id = $id, a.version = 1, a.created_at = datetime(), a.updated_at = datetime()
RETURN a.id AS id

// name: actor_update
// Optimistic locking: only the version the editor saw may be overwritten.
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (a:Actor {id: $id})
SET a._lock = true REMOVE a._lock
WITH a WHERE a.version = $version
SET a += $props, a.version = a.version + 1, a.updated_at = datetime()
RETURN a.version AS version

// name: actor_set_relations
// Replaces the relations the actor form edits. Ids were checked by the form.
MATCH (a:Actor {id: $id})
CALL (a) {
  MATCH (a)-[r:LOCATED_IN|SERVES|OPERATED_BY|AFFILIATED_WITH|SERVES_GROUP]->()
  DELETE r
}
CALL (a) {
  MATCH (s:Area {id: $location}) CREATE (a)-[:LOCATED_IN]->(s)
}
CALL (a) {
  UNWIND $serves AS sid MATCH (s:Area {id: sid}) CREATE (a)-[:SERVES]->(s)
}
CALL (a) {
  MATCH (t:Actor {id: $operator}) CREATE (a)-[:OPERATED_BY]->(t)
}
CALL (a) {
  MATCH (u:Actor {id: $umbrella}) CREATE (a)-[:AFFILIATED_WITH]->(u)
}
CALL (a) {
  UNWIND $groups AS gid MATCH (g:TargetGroup {id: gid}) CREATE (a)-[:SERVES_GROUP]->(g)
}
RETURN a.id AS id

// name: actor_operated_tree
// Every facility below $id along OPERATED_BY with its direct Träger,
// nearest first (for handing a sector change down the chain).
MATCH p = (f:Actor)-[:OPERATED_BY*1..]->(:Actor {id: $id})
WITH f, min(length(p)) AS depth
MATCH (f)-[:OPERATED_BY]->(t:Actor)
RETURN f.id AS id, f.name AS name, f.kind AS kind, f.sector AS sector,
       t.id AS operator, depth
ORDER BY depth, id

// name: actor_set_sectors
// $rows: [{id, sector}]. A changed sector is a change: the version rises.
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
SET a.sector = row.sector, a.version = a.version + 1, a.updated_at = datetime()

// name: actor_delete_impact
// What a deletion would touch: shown on the confirmation page.
MATCH (a:Actor {id: $id})
RETURN a.name AS name,
  [(a)-[r:PARTY_TO]->(v:Agreement) | v {.id, .title, .status, .valid_from, .valid_until,
      role: r.role, parties: COUNT { (:Actor)-[:PARTY_TO]->(v) }}] AS agreements,
  [(a)-[m:MEMBER_OF]->(n:Network) | n {.id, .name, role: m.role, since: m.since, until: m.until}] AS networks,
  [(n:Network)-[:COORDINATED_BY]->(a) | n {.id, .name}] AS coordinates,
  [(f:Actor)-[:OPERATED_BY]->(a) | f {.id, .name}] AS facilities,
  [(t:Actor)-[:AFFILIATED_WITH]->(a) | t {.id, .name}] AS affiliates,
  [(a)-[:HAS_CONTACT]->(c:ContactPerson) | c.id] AS contacts

// name: actor_delete_terminate_agreements
// Agreements left with fewer than two parties end today (never before they
// begin, so valid_until >= valid_from still holds).
UNWIND $ids AS vid
MATCH (v:Agreement {id: vid})
WITH v, v.status AS old_status, v.valid_until AS old_until,
     CASE WHEN v.valid_from > date($today) THEN v.valid_from ELSE date($today) END AS until
SET v.status = 'gekuendigt', v.valid_until = until
RETURN v.id AS id, old_status, old_until, v.status AS status, v.valid_until AS valid_until

// name: actor_delete_touch_linked
// Agreements, networks and actors whose relations change: their version rises,
// so an editor holding an older form is told.
MATCH (a:Actor {id: $id})
CALL (a) {
  MATCH (a)-[:PARTY_TO]->(v:Agreement)
  SET v.version = coalesce(v.version, 0) + 1, v.updated_at = datetime()
}
CALL (a) {
  MATCH (n:Network) WHERE (a)-[:MEMBER_OF]->(n) OR (n)-[:COORDINATED_BY]->(a)
  SET n.version = coalesce(n.version, 0) + 1, n.updated_at = datetime()
}
CALL (a) {
  MATCH (f:Actor) WHERE (f)-[:OPERATED_BY]->(a) OR (f)-[:AFFILIATED_WITH]->(a)
  SET f.version = coalesce(f.version, 0) + 1, f.updated_at = datetime()
}
RETURN a.id AS id

// name: actor_delete
// The actor, its contact persons and every relationship: nothing dangles.
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:HAS_CONTACT]->(c:ContactPerson)
DETACH DELETE c
WITH DISTINCT a
DETACH DELETE a
RETURN count(*) AS deleted

// -- contact persons ---------------------------------------------------------

// name: contact_get
MATCH (a:Actor {id: $actor_id})-[:HAS_CONTACT]->(c:ContactPerson {id: $id})
RETURN properties(c) AS contact

// name: contact_create
MATCH (a:Actor {id: $actor_id})
CREATE (a)-[:HAS_CONTACT]->(c:ContactPerson)
SET c = $props, c.id = $id, c.version = 1, c.created_at = datetime(), c.updated_at = datetime()
RETURN c.id AS id

// name: contact_update
// Take the write lock before reading the version, so of two saves of the
// same version the second waits here and then sees the first one's version.
MATCH (:Actor {id: $actor_id})-[:HAS_CONTACT]->(c:ContactPerson {id: $id})
SET c._lock = true REMOVE c._lock
WITH c WHERE c.version = $version
SET c += $props, c.version = c.version + 1, c.updated_at = datetime()
RETURN c.version AS version

// name: contact_delete
MATCH (:Actor {id: $actor_id})-[:HAS_CONTACT]->(c:ContactPerson {id: $id})
DETACH DELETE c
RETURN count(*) AS deleted
