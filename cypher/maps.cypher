// Network maps and the actor page's "kooperiert mit" (registry/maps,
// registry/maps/cooperation.py). Ties themselves come from ties.cypher.

// fragment: actors_within_area
// The ids of the actors located in area $area_id or below it, found from the
// area down (not by testing every actor's path up); null without $area_id.
CASE WHEN $area_id IS NULL THEN null ELSE COLLECT {
  MATCH (:Area {id: $area_id})<-[:PART_OF*0..]-(:Area)<-[:LOCATED_IN]-(x:Actor)
  RETURN DISTINCT x.id } END

// name: map_actors
// The actors a map shows. $area_id (or null): located in that area or one of
// its sub-areas; $kinds (or null): of these kinds; $ids (or null): these
// actors. `sozialraum` is the Sozialraum-level area the actor sits in (its
// own area when that is not below a Sozialraum), `bezirk` the Bezirk above
// it; `operator_*` the actor's Träger (for colouring and exports).
WITH {{actors_within_area}} AS within
MATCH (a:Actor)
WHERE ($ids IS NULL OR a.id IN $ids)
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND (within IS NULL OR a.id IN within)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(place:Area)
OPTIONAL MATCH (place)-[:PART_OF*0..]->(sr:Area {level: 'sozialraum'})
OPTIONAL MATCH (place)-[:PART_OF*0..]->(bz:Area {level: 'bezirk'})
OPTIONAL MATCH (a)-[:OPERATED_BY]->(op:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.sector AS sector,
       place.id AS area_id, place.name AS area_name,
       coalesce(sr.name, place.name) AS sozialraum, bz.name AS bezirk,
       op.id AS operator_id, op.name AS operator_name
ORDER BY a.id

// name: map_actors_among
// map_actors for given $ids, or for the actors of $area_id (one of the two
// set): looked up by id (the index) instead of testing every actor (the
// partner list of one actor tested all 50,320 actors at scale 170 for 12
// ids: 126,035 db hits; 576 so). Same columns as map_actors.
WITH {{actors_within_area}} AS within
UNWIND coalesce($ids, within) AS id
WITH DISTINCT id, within
MATCH (a:Actor {id: id})
WHERE (within IS NULL OR a.id IN within) AND ($kinds IS NULL OR a.kind IN $kinds)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(place:Area)
OPTIONAL MATCH (place)-[:PART_OF*0..]->(sr:Area {level: 'sozialraum'})
OPTIONAL MATCH (place)-[:PART_OF*0..]->(bz:Area {level: 'bezirk'})
OPTIONAL MATCH (a)-[:OPERATED_BY]->(op:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.sector AS sector,
       place.id AS area_id, place.name AS area_name,
       coalesce(sr.name, place.name) AS sozialraum, bz.name AS bezirk,
       op.id AS operator_id, op.name AS operator_name
ORDER BY a.id

// name: map_area
MATCH (s:Area {id: $id})
RETURN s.id AS id, s.name AS name, s.level AS level

// name: ties_touching
// Like ties_at, for the ties with one end in $ids and the other in $within
// (or anywhere when $within is null). Starts from the given actors, so it
// uses the id index instead of scanning every agreement. One row per pair
// and link, the pair ordered (a < b).
MATCH (x:Actor) WHERE x.id IN $ids
CALL (x) {
  MATCH (x)-[:PARTY_TO]->(v:Agreement)<-[:PARTY_TO]-(y:Actor)
  WHERE x <> y
    AND {{agreement_in_force}}
  RETURN y, 'agreement' AS via, v.id AS via_id, v.title AS via_name, v.type AS via_type
  UNION ALL
  MATCH (x)-[mx:MEMBER_OF]->(n:Network)<-[my:MEMBER_OF]-(y:Actor)
  WHERE x <> y
    AND (mx.since IS NULL OR mx.since <= $day) AND (mx.until IS NULL OR mx.until >= $day)
    AND (my.since IS NULL OR my.since <= $day) AND (my.until IS NULL OR my.until >= $day)
  RETURN y, 'network' AS via, n.id AS via_id, n.name AS via_name, n.type AS via_type
}
WITH x, y, via, via_id, via_name, via_type
WHERE ($within IS NULL OR y.id IN $within)
  // a pair with both ends in $ids is seen from both sides: keep one
  AND NOT (y.id IN $ids AND y.id < x.id)
WITH CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a,
     CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b,
     via, via_id, via_name, via_type
RETURN a, b, via, via_id, via_name, via_type
ORDER BY a, b, via, via_name

// name: map_actor_count
// How many actors a map of these filters would show (parameters as for
// map_actors): above a threshold the map starts as the Sozialraum overview.
WITH {{actors_within_area}} AS within
MATCH (a:Actor)
WHERE ($kinds IS NULL OR a.kind IN $kinds)
  AND (within IS NULL OR a.id IN within)
RETURN count(a) AS n

// name: map_overview_actors
// The Sozialraum overview's actors: id and the Sozialraum each sits in (null
// when located above that level or nowhere); filters as for map_actors.
WITH {{actors_within_area}} AS within
MATCH (a:Actor)
WHERE ($kinds IS NULL OR a.kind IN $kinds)
  AND (within IS NULL OR a.id IN within)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(sr:Area {level: 'sozialraum'})
RETURN a.id AS id, sr.id AS sozialraum, sr.name AS sozialraum_name
