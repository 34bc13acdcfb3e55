// Demo data (registry/demo.py). Every query takes one batch as $rows.
// Node rows carry exactly the node's properties, so `SET n = row` stores
// them as they are (null values are simply not stored); the timestamps
// arrive as ISO strings (or datetimes, which datetime() passes through) and
// are stored as datetime values. Relationship rows carry `source` and
// `target` ids, matched through the id constraints.

// name: demo_areas
UNWIND $rows AS row
CREATE (n:Area)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_target_groups
UNWIND $rows AS row
CREATE (n:TargetGroup)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_actors
UNWIND $rows AS row
CREATE (n:Actor)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_contacts
UNWIND $rows AS row
CREATE (n:ContactPerson)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_agreements
UNWIND $rows AS row
CREATE (n:Agreement)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_networks
UNWIND $rows AS row
CREATE (n:Network)
SET n = row, n.created_at = datetime(row.created_at),
    n.updated_at = datetime(row.updated_at)

// name: demo_part_of
UNWIND $rows AS row
MATCH (child:Area {id: row.source})
MATCH (parent:Area {id: row.target})
CREATE (child)-[:PART_OF]->(parent)

// name: demo_located_in
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (s:Area {id: row.target})
CREATE (a)-[:LOCATED_IN]->(s)

// name: demo_serves
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (s:Area {id: row.target})
CREATE (a)-[:SERVES]->(s)

// name: demo_operated_by
UNWIND $rows AS row
MATCH (facility:Actor {id: row.source})
MATCH (traeger:Actor {id: row.target})
CREATE (facility)-[:OPERATED_BY]->(traeger)

// name: demo_affiliated_with
UNWIND $rows AS row
MATCH (traeger:Actor {id: row.source})
MATCH (umbrella:Actor {id: row.target})
CREATE (traeger)-[:AFFILIATED_WITH]->(umbrella)

// name: demo_serves_group
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (g:TargetGroup {id: row.target})
CREATE (a)-[:SERVES_GROUP]->(g)

// name: demo_has_contact
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (c:ContactPerson {id: row.target})
CREATE (a)-[:HAS_CONTACT]->(c)

// name: demo_party_to
// A null role leaves the property unset.
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (v:Agreement {id: row.target})
CREATE (a)-[:PARTY_TO {role: row.role}]->(v)

// name: demo_member_of
// Open-ended memberships have no `since` or `until`: nulls are not stored.
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (n:Network {id: row.target})
CREATE (a)-[:MEMBER_OF {role: row.role, since: row.since, until: row.until}]->(n)

// name: demo_coordinated_by
UNWIND $rows AS row
MATCH (n:Network {id: row.source})
MATCH (a:Actor {id: row.target})
CREATE (n)-[:COORDINATED_BY]->(a)

// name: demo_scope
UNWIND $rows AS row
MATCH (n:Network {id: row.source})
MATCH (s:Area {id: row.target})
CREATE (n)-[:SCOPE]->(s)

// name: demo_load_state
// How far the last demo load got (one node; written with each group).
MATCH (d:DemoLoad)
RETURN d.scale AS scale, d.done AS done, d.groups AS groups

// name: demo_load_progress
MERGE (d:DemoLoad)
SET d.scale = $scale, d.done = $done, d.groups = $groups

// name: demo_integrity
// Units a half-written load would break (each should be 0).
CALL () { MATCH (v:Agreement) WHERE COUNT { (v)<-[:PARTY_TO]-(:Actor) } < 2
          RETURN count(v) AS agreements_without_parties }
CALL () { MATCH (a:Actor) WHERE NOT (a)-[:LOCATED_IN]->(:Area)
          RETURN count(a) AS actors_without_location }
CALL () { MATCH (c:ContactPerson) WHERE NOT (c)<-[:HAS_CONTACT]-(:Actor)
          RETURN count(c) AS contacts_without_actor }
CALL () { MATCH (n:Network) WHERE NOT (n)<-[:MEMBER_OF]-(:Actor)
          RETURN count(n) AS networks_without_members }
RETURN agreements_without_parties, actors_without_location, contacts_without_actor,
       networks_without_members
