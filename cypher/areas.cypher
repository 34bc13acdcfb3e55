// Sozialräume (label Area) and their hierarchy.

// name: area_choices
// Every area with its depth, ordered as a tree for select lists.
MATCH (a:Area)
OPTIONAL MATCH path = (a)-[:PART_OF*]->(:Area)
WITH a, max(length(path)) AS depth
OPTIONAL MATCH (a)-[:PART_OF*0..]->(top:Area) WHERE NOT (top)-[:PART_OF]->()
RETURN a.id AS id, a.name AS name, a.level AS level, coalesce(depth, 0) AS depth,
       a.code AS code
ORDER BY coalesce(a.code, a.name)
