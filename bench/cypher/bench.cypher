// Queries only the benchmarks run (not shipped with the package).

// name: bench_floor_merge
// What a plain driver script would do with the same rows: the floor the
// importer is measured against. It writes what the importer must write for a
// new actor: its id (unique), version and timestamps, its Sozialraum, and
// one history record (the same :Change node, fields as JSON texts).
UNWIND $rows AS row
MERGE (a:Actor {external_id: row.external_id})
ON CREATE SET a.id = row.id, a.version = 1, a.created_at = datetime()
SET a += row.props, a.updated_at = datetime()
WITH a, row
MATCH (s:Area {code: row.area})
MERGE (a)-[:LOCATED_IN]->(s)
CREATE (:Change {id: row.change, entity_type: 'actor', entity_id: row.id, action: 'create',
                 by: 'bench', at: datetime(), fields: row.fields, restored: false})
