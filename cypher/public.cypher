// The read-only transparency view (PUBLIC_VIEW): published entries only,
// never contact persons, never drafts.

// name: public_actor_count
MATCH (a:Actor)
WHERE all(t IN $terms WHERE a.search_name CONTAINS t)
RETURN count(a) AS total

// name: public_actor_page
MATCH (a:Actor)
WHERE all(t IN $terms WHERE a.search_name CONTAINS t)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.sector AS sector, s.name AS area
ORDER BY a.search_name, a.id
SKIP $skip LIMIT $limit

// name: public_actor
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:LOCATED_IN]->(s:Area)
OPTIONAL MATCH (a)-[:OPERATED_BY]->(t:Actor)
CALL (a) {
  OPTIONAL MATCH (a)-[:PARTY_TO]->(v:Agreement) WHERE v.status <> 'entwurf'
  RETURN collect(v {.title, .type, .status, .valid_from, .valid_until}) AS agreements
}
CALL (a) {
  OPTIONAL MATCH (a)-[m:MEMBER_OF]->(n:Network)
  RETURN collect(n {.name, .type, role: m.role}) AS networks
}
RETURN a {.id, .name, .kind, .sector, .description, .street, .postcode, .city, .website} AS actor,
       s.name AS area, t.name AS traeger, agreements, networks
