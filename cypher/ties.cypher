// Cooperation ties, derived at a date (never stored): two actors cooperate
// when they are parties to the same agreement valid then, or members of the
// same network then.

// name: operator_links
// Träger -> facility edges (a separate edge kind, shown on demand).
MATCH (f:Actor)-[:OPERATED_BY]->(t:Actor)
WHERE $actor_ids IS NULL OR (f.id IN $actor_ids AND t.id IN $actor_ids)
RETURN t.id AS traeger, f.id AS facility
ORDER BY traeger, facility

// name: tie_groups_at
// The groups that make ties at $day, one row each with its actors' ids: every
// agreement in force (its parties) and every network (its members then).
// The pairs are formed in Python (registry/analysis/ties.py): a group of n
// actors gives n·(n−1)/2 ties without a Cypher cross product. Parameters as
// for ties_at.
CALL () {
  MATCH (v:Agreement)
  WHERE $with_agreements AND {{agreement_in_force}}
    AND ($agreement_types IS NULL OR v.type IN $agreement_types)
  MATCH (a:Actor)-[:PARTY_TO]->(v)
  WITH v, collect(a.id) AS actors
  WHERE size(actors) > 1
  RETURN 'agreement' AS via, v.id AS via_id, v.title AS via_name, v.type AS via_type, actors
  UNION ALL
  MATCH (n:Network)
  WHERE $with_networks AND ($network_ids IS NULL OR n.id IN $network_ids)
  MATCH (a:Actor)-[m:MEMBER_OF]->(n)
  WHERE (m.since IS NULL OR m.since <= $day) AND (m.until IS NULL OR m.until >= $day)
  WITH n, collect(a.id) AS actors
  WHERE size(actors) > 1
  RETURN 'network' AS via, n.id AS via_id, n.name AS via_name, n.type AS via_type, actors
}
RETURN via, via_id, via_name, via_type, actors
