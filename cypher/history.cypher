// Change records (:Change) and restore of deleted entities.

// name: history_record
CREATE (:Change {id: $id, entity_type: $entity_type, entity_id: $entity_id,
                 action: $action, by: $by, at: $at, fields: $fields,
                 snapshot: $snapshot, restored: false})

// name: history_for_entity
MATCH (c:Change {entity_id: $entity_id})
RETURN c.id AS id, c.action AS action, c.by AS by, c.at AS at, c.fields AS fields
ORDER BY c.at DESC
LIMIT $limit

// name: history_since
MATCH (c:Change) WHERE c.at >= $since
RETURN c.id AS id, c.entity_type AS entity_type, c.entity_id AS entity_id,
       c.action AS action, c.by AS by, c.at AS at, c.fields AS fields
ORDER BY c.at DESC
LIMIT $limit

// name: history_deleted
MATCH (c:Change {action: 'delete'}) WHERE NOT c.restored
RETURN c.id AS id, c.entity_type AS entity_type, c.entity_id AS entity_id,
       c.by AS by, c.at AS at, c.fields AS fields
ORDER BY c.at DESC
LIMIT $limit

// name: history_get_deletion
MATCH (c:Change {id: $id, action: 'delete'})
RETURN c.entity_type AS entity_type, c.snapshot AS snapshot, c.restored AS restored

// name: history_snapshot
// The label is checked against a whitelist in history.py before it gets here.
MATCH (n:$($label) {id: $id})
OPTIONAL MATCH (n)-[r]-(m)
WITH n, collect(CASE WHEN r IS NULL THEN NULL ELSE {
  type: type(r), outgoing: startNode(r) = n, other_id: m.id,
  other_label: labels(m)[0], props: properties(r)} END) AS relations
RETURN $label AS label, properties(n) AS props, relations

// name: history_entity_exists
MATCH (n:$($label) {id: $id}) RETURN n.id AS id

// name: history_restore_node
CREATE (n:$($label))
SET n = $props, n.updated_at = datetime()

// name: history_restore_relations
// Recreates each relationship whose other end still exists.
MATCH (n:$($label) {id: $id})
UNWIND $relations AS rel
OPTIONAL MATCH (m:$(rel.other_label) {id: rel.other_id})
CALL (n, m, rel) {
  WITH n, m, rel WHERE m IS NOT NULL AND rel.outgoing
  CREATE (n)-[r:$(rel.type)]->(m) SET r = rel.props
  RETURN 1 AS made
  UNION ALL
  WITH n, m, rel WHERE m IS NOT NULL AND NOT rel.outgoing
  CREATE (m)-[r:$(rel.type)]->(n) SET r = rel.props
  RETURN 1 AS made
}
RETURN count(made) AS created

// name: history_mark_restored
MATCH (c:Change {id: $id}) SET c.restored = true
