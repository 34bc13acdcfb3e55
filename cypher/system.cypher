// Server facts and whole-database maintenance.

// name: dbms_components
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition

// name: count_all_nodes
MATCH (n) RETURN count(n) AS nodes
