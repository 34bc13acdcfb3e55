// Queries only the tests (and the benchmarks) run; loaded beside cypher/ by
// tests/conftest.py and bench/, not shipped with the package.

// name: wipe_batch
// Deletes everything in batches so large test graphs fit in memory.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

// name: schema_constraints
SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties
RETURN name, labelsOrTypes, properties ORDER BY name

// name: schema_indexes
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state
RETURN name, type, labelsOrTypes, properties, state ORDER BY name

// name: all_entity_ids
// Every node id by label, for comparing two loads of the same data.
MATCH (n) WHERE n.id IS NOT NULL
RETURN labels(n)[0] AS label, n.id AS id
ORDER BY label, id

// Sample entries for the authorisation matrix test: one of each kind, all
// outside the given area (and its sub-areas), plus that area's id.

// name: authz_samples
MATCH (own:Area {code: $area_code})
CALL (own) {
  MATCH (a:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(top:Area)
  WITH a, collect(top) AS above WHERE NOT own IN above
  OPTIONAL MATCH (a)-[:HAS_CONTACT]->(c:ContactPerson)
  WITH a, c ORDER BY c IS NULL, a.id LIMIT 1
  RETURN a.id AS actor, c.id AS contact
}
CALL (own) {
  MATCH (v:Agreement)
  WHERE NOT EXISTS {
    MATCH (v)<-[:PARTY_TO]-(:Actor)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(own)
  }
  RETURN v.id AS agreement ORDER BY v.id LIMIT 1
}
CALL (own) {
  MATCH (n:Network)-[:SCOPE]->(:Area)
  WHERE NOT EXISTS { MATCH (n)-[:SCOPE]->(:Area)-[:PART_OF*0..]->(own) }
  RETURN n.id AS network ORDER BY n.id LIMIT 1
}
CALL (own) {
  MATCH (s:Area {level: 'sozialraum'})
  WHERE s <> own AND NOT EXISTS { MATCH (s)-[:PART_OF*]->(own) }
  RETURN s.id AS area ORDER BY s.id LIMIT 1
}
CALL () {
  MATCH (g:TargetGroup) RETURN g.id AS target_group ORDER BY g.id LIMIT 1
}
UNWIND [['limited_area', own.id], ['actor', actor], ['contact', contact],
        ['agreement', agreement], ['network', network], ['area', area],
        ['target_group', target_group]] AS pair
RETURN pair[0] AS key, pair[1] AS id

// name: test_network_name_unique
// A uniqueness rule the backup check does not know (tests/test_backup.py).
CREATE CONSTRAINT test_network_name IF NOT EXISTS FOR (n:Network) REQUIRE n.name IS UNIQUE

// name: test_network_name_unique_drop
DROP CONSTRAINT test_network_name IF EXISTS
