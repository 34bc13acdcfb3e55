// Whole-graph views for checks that nothing changed (tests, round trips).

// name: graph_nodes
// Every node: its labels and properties; $bookkeeping
// (schema.BOOKKEEPING_LABELS) is not data.
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $bookkeeping)
RETURN labels(n) AS labels, properties(n) AS props

// name: graph_relationships
// Every relationship: type, the ids of both ends and its properties.
MATCH (a)-[r]->(b)
WHERE none(label IN labels(a) + labels(b) WHERE label IN $bookkeeping)
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props

// name: graph_change_count
MATCH (c:Change) RETURN count(c) AS n

// name: graph_editable_ids
// The ids of everything that has an edit form.
RETURN
  COLLECT { MATCH (a:Actor) RETURN a.id ORDER BY a.id } AS actors,
  COLLECT { MATCH (a:Actor)-[:HAS_CONTACT]->(c:ContactPerson) RETURN [a.id, c.id] } AS contacts,
  COLLECT { MATCH (s:Area) RETURN s.id ORDER BY s.id } AS areas,
  COLLECT { MATCH (g:TargetGroup) RETURN g.id ORDER BY g.id } AS target_groups,
  COLLECT { MATCH (v:Agreement) RETURN v.id ORDER BY v.id } AS agreements,
  COLLECT { MATCH (n:Network) RETURN n.id ORDER BY n.id } AS networks,
  COLLECT { MATCH (a:Actor)-[:MEMBER_OF]->(n:Network) RETURN [n.id, a.id] } AS members,
  COLLECT { MATCH (a:Actor)-[:PARTY_TO]->(v:Agreement) RETURN [v.id, a.id] } AS parties,
  COLLECT { MATCH (u:User) RETURN u.id ORDER BY u.id } AS users
