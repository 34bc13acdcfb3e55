// The candidates of the type-aheads (registry/entities/choices.py): read
// once per analysis version and memoised, not on every keystroke. So they
// read no descriptive field (tests/test_descriptive_fields.py checks this
// file with the analysis queries): a save of one keeps the memoised list.

// name: area_choices
// Every area, by code or name: the area type-ahead and a typed name or id
// (entities/area_choices.py), area codes of the CLI. No select lists every
// area any more, so no depth in the tree (two path walks per area).
MATCH (a:Area)
RETURN a.id AS id, a.name AS name, a.level AS level, a.code AS code
ORDER BY coalesce(a.code, a.name)

// name: network_choices
// Every network with its scope: the network type-ahead and a typed name or
// id (entities/network_choices.py). No select lists every network.
MATCH (n:Network)
RETURN n.id AS id, n.name AS name, n.type AS type,
       COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s.name }[0] AS scope
ORDER BY toLower(n.name), n.id
