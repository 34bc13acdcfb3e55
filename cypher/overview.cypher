// name: overview_counts
CALL () { MATCH (a:Actor) RETURN count(a) AS actors }
CALL () { MATCH (v:Agreement) RETURN count(v) AS agreements }
CALL () { MATCH (n:Network) RETURN count(n) AS networks }
CALL () { MATCH (s:Area) RETURN count(s) AS areas }
CALL () { MATCH (b:Actor {kind: 'selbstvertretung'}) RETURN count(b) AS user_bodies }
RETURN actors, agreements, networks, areas, user_bodies
