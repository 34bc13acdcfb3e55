// Queries only the benchmarks run (not shipped with the package).

// name: bench_floor_merge
// What a plain driver script would do with the same rows: the floor the
// importer is measured against.
UNWIND $rows AS row
MERGE (a:Actor {external_id: row.external_id})
SET a += row.props
WITH a, row
MATCH (s:Area {code: row.area})
MERGE (a)-[:LOCATED_IN]->(s)
