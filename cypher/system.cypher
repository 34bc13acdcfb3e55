// Server facts and whole-database maintenance.

// name: dbms_components
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition

// name: count_all_nodes
// Bookkeeping (data version, import jobs, demo load progress) is not data.
MATCH (n) WHERE NOT (n:DataVersion OR n:ImportJob OR n:DemoLoad)
RETURN count(n) AS nodes

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
