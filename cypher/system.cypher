// Server facts and whole-database maintenance.

// name: dbms_components
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition

// name: count_all_nodes
// Bookkeeping (data version, import jobs, demo load progress) is not data.
MATCH (n) WHERE NOT (n:DataVersion OR n:ImportJob OR n:DemoLoad)
RETURN count(n) AS nodes
