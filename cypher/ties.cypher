// Cooperation ties, derived at a date (never stored): two actors cooperate
// when they are parties to the same agreement valid then, or members of the
// same network then.

// name: tie_history
// Every link between two actors at any time, for the dynamic GEXF: one row
// per pair and link with the dates that bound it. Agreements: status and
// valid_from/valid_until (registry.analysis.ties.tie_spans applies the
// in-force rule); networks: both memberships' since/until. Same filters as
// ties_at, without a day. Ordered by pair: tie_history reads the rows as
// they come and takes a pair as complete at its last row.
CALL () {
  MATCH (a:Actor)-[:PARTY_TO]->(v:Agreement)<-[:PARTY_TO]-(b:Actor)
  WHERE $with_agreements AND a.id < b.id
    AND ($agreement_types IS NULL OR v.type IN $agreement_types)
    AND ($actor_ids IS NULL OR (a.id IN $actor_ids AND b.id IN $actor_ids))
  RETURN a.id AS a, b.id AS b, 'agreement' AS via, v.id AS via_id,
         v.title AS via_name, v.type AS via_type, v.status AS status,
         [v.valid_from] AS starts, [v.valid_until] AS ends
  UNION ALL
  MATCH (a:Actor)-[ma:MEMBER_OF]->(n:Network)<-[mb:MEMBER_OF]-(b:Actor)
  WHERE $with_networks AND a.id < b.id
    AND ($network_ids IS NULL OR n.id IN $network_ids)
    AND ($actor_ids IS NULL OR (a.id IN $actor_ids AND b.id IN $actor_ids))
  RETURN a.id AS a, b.id AS b, 'network' AS via, n.id AS via_id,
         n.name AS via_name, n.type AS via_type, null AS status,
         [ma.since, mb.since] AS starts, [ma.until, mb.until] AS ends
}
RETURN a, b, via, via_id, via_name, via_type, status, starts, ends
ORDER BY a, b, via, via_name

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

// name: tie_groups_among
// tie_groups_at for the actors $actor_ids only (a one-Sozialraum map):
// anchored on the actors' index, each group with those of its actors that
// are in the set (the others make no tie the caller keeps). Scanning every
// group of the city for 56 actors read all 11,200 groups.
CALL () {
  UNWIND $actor_ids AS id
  MATCH (a:Actor {id: id})-[:PARTY_TO]->(v:Agreement)
  WHERE $with_agreements AND {{agreement_in_force}}
    AND ($agreement_types IS NULL OR v.type IN $agreement_types)
  WITH v, collect(a.id) AS actors
  WHERE size(actors) > 1
  RETURN 'agreement' AS via, v.id AS via_id, v.title AS via_name, v.type AS via_type, actors
  UNION ALL
  UNWIND $actor_ids AS id
  MATCH (a:Actor {id: id})-[m:MEMBER_OF]->(n:Network)
  WHERE $with_networks AND ($network_ids IS NULL OR n.id IN $network_ids)
    AND (m.since IS NULL OR m.since <= $day) AND (m.until IS NULL OR m.until >= $day)
  WITH n, collect(a.id) AS actors
  WHERE size(actors) > 1
  RETURN 'network' AS via, n.id AS via_id, n.name AS via_name, n.type AS via_type, actors
}
RETURN via, via_id, via_name, via_type, actors
