// Server facts and whole-database maintenance.

// name: dbms_components
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition

// name: count_all_nodes
// $bookkeeping (schema.BOOKKEEPING_LABELS) is not data.
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $bookkeeping)
RETURN count(n) AS nodes
