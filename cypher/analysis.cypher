// The structure the participation and partnership analyses read
// (registry/analysis/structure.py). No dates are applied here: the
// indicators apply the Stichtag in Python, with the same rules as ties_at.

// name: analysis_areas
MATCH (a:Area)
OPTIONAL MATCH (a)-[:PART_OF]->(p:Area)
RETURN a.id AS id, a.name AS name, a.level AS level, a.code AS code, p.id AS parent
ORDER BY coalesce(a.code, ''), a.name

// name: analysis_actors
MATCH (a:Actor)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(l:Area)
OPTIONAL MATCH (a)-[:OPERATED_BY]->(t:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.sector AS sector,
       l.id AS area, t.id AS operator,
       COLLECT { MATCH (a)-[:SERVES]->(s:Area) RETURN s.id } AS serves,
       COLLECT { MATCH (a)-[:SERVES_GROUP]->(g:TargetGroup) RETURN g.id } AS groups
ORDER BY a.name, a.id

// name: analysis_networks
MATCH (n:Network)
OPTIONAL MATCH (n)-[:SCOPE]->(s:Area)
RETURN n.id AS id, n.name AS name, n.type AS type, n.participation AS participation,
       s.id AS scope,
       COLLECT { MATCH (a:Actor)-[m:MEMBER_OF]->(n)
                 RETURN {actor: a.id, role: m.role, since: m.since, until: m.until} } AS members
ORDER BY n.name, n.id

// name: analysis_agreements
MATCH (v:Agreement)
RETURN v.id AS id, v.title AS title, v.type AS type, v.status AS status,
       v.valid_from AS valid_from, v.valid_until AS valid_until,
       v.review_date AS review_date, v.participation AS participation,
       COLLECT { MATCH (a:Actor)-[:PARTY_TO]->(v) RETURN a.id } AS parties
ORDER BY v.title, v.id

// name: analysis_target_groups
MATCH (g:TargetGroup)
RETURN g.id AS id, g.name AS name
ORDER BY g.name

// name: analysis_entity_names
// Names of changed entities for "what changed since" (deleted ones have none).
UNWIND $ids AS wanted
CALL (wanted) {
  MATCH (n:Actor {id: wanted}) RETURN n.name AS name, 'actor' AS kind
  UNION
  MATCH (n:Agreement {id: wanted}) RETURN n.title AS name, 'agreement' AS kind
  UNION
  MATCH (n:Network {id: wanted}) RETURN n.name AS name, 'network' AS kind
  UNION
  MATCH (n:Area {id: wanted}) RETURN n.name AS name, 'area' AS kind
  UNION
  MATCH (n:TargetGroup {id: wanted}) RETURN n.name AS name, 'target_group' AS kind
}
RETURN wanted AS id, name, kind
