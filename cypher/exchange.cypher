// Data exchange (registry/exchange/): import lookups and batched writes,
// backup and restore, the HSDS export. Every write takes one batch as $rows.

// -- import: lookups (read once per file) -----------------------------------

// name: exchange_areas
MATCH (s:Area)
RETURN s.id AS id, s.name AS name, s.code AS code, s.level AS level,
       head(COLLECT { MATCH (s)-[:PART_OF]->(p:Area) RETURN p.id }) AS parent

// name: exchange_actor_index
// Compact: what matching, references and the sector rule need.
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.external_id AS external_id, a.kind AS kind,
       a.sector AS sector, a.street AS street, a.postcode AS postcode, a.city AS city,
       a.version AS version,
       head(COLLECT { MATCH (a)-[:LOCATED_IN]->(s:Area) RETURN s.id }) AS area,
       head(COLLECT { MATCH (a)-[:OPERATED_BY]->(t:Actor) RETURN t.id }) AS operator,
       head(COLLECT { MATCH (a)-[:AFFILIATED_WITH]->(u:Actor) RETURN u.id }) AS umbrella,
       COLLECT { MATCH (a)-[:SERVES]->(s:Area) RETURN s.id } AS serves

// name: exchange_actor_details
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN properties(a) AS props

// name: exchange_agreement_index
MATCH (v:Agreement)
RETURN properties(v) AS props,
       COLLECT { MATCH (a:Actor)-[p:PARTY_TO]->(v) RETURN {actor: a.id, role: p.role} } AS parties

// name: exchange_network_index
// scopes: the network's Sozialräume, for the area check of limited accounts.
MATCH (n:Network)
RETURN n.id AS id, n.name AS name, n.external_id AS external_id,
       [(n)-[:SCOPE]->(s:Area) | s.id] AS scopes

// name: exchange_memberships
UNWIND $network_ids AS network_id
MATCH (a:Actor)-[m:MEMBER_OF]->(n:Network {id: network_id})
RETURN n.id AS network, a.id AS actor, m.role AS role, m.since AS since, m.until AS until

// name: exchange_area_details
MATCH (s:Area)
RETURN s.id AS id, s.name AS name, s.code AS code, s.level AS level, s.setting AS setting,
       s.geometry AS geometry

// name: exchange_target_group_index
MATCH (g:TargetGroup)
RETURN g.id AS id, g.name AS name

// name: exchange_actor_target_groups
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a.id AS id, [(a)-[:SERVES_GROUP]->(g:TargetGroup) | g.id] AS groups

// name: exchange_contacts
UNWIND $ids AS id
MATCH (a:Actor {id: id})-[:HAS_CONTACT]->(c:ContactPerson)
RETURN a.id AS actor, properties(c) AS props

// name: exchange_network_details
MATCH (n:Network)
RETURN properties(n) AS props,
       head(COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s.id }) AS scope,
       head(COLLECT { MATCH (n)-[:COORDINATED_BY]->(a:Actor) RETURN a.id }) AS coordinator

// -- import: writes -----------------------------------------------------------

// name: exchange_actor_create
// New actors with their Sozialraum and the history record of their creation
// (the :Change node exchange_history writes; row.change is its id), areas
// exist already; served areas, Träger and Dachverband follow in their own
// batches. The record in the same statement: on its own it was a second
// round trip per batch. One pipeline without subqueries: they made the
// planner materialise every batch (Eager).
UNWIND $rows AS row
CREATE (a:Actor {id: row.id})
SET a += row.props, a.version = 1, a.created_at = datetime(), a.updated_at = datetime()
CREATE (:Change {id: row.change, entity_type: 'actor', entity_id: row.id, action: 'create',
                 by: $by, at: $at, fields: row.fields, restored: false})
WITH a, row
WHERE row.area IS NOT NULL
MATCH (s:Area {id: row.area})
CREATE (a)-[:LOCATED_IN]->(s)

// name: exchange_actor_update
// Null values in row.props remove the property (a cleared cell).
// Optimistic locking as actor_update: only the version the file was checked
// against (row.version) is overwritten, the write lock taken before the
// version is read. An actor saved (or deleted) since is left alone and its
// id is not among those written: the importer stops (importer.Changed).
// One list, not a row per actor: that took the write 60 % longer (Eager).
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
SET a._lock = true REMOVE a._lock
WITH a, row WHERE coalesce(a.version, 0) = coalesce(row.version, 0)
SET a += row.props, a.version = coalesce(a.version, 0) + 1, a.updated_at = datetime()
RETURN collect(row.id) AS written

// name: exchange_actor_location
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
CALL (a) { MATCH (a)-[r:LOCATED_IN]->(:Area) DELETE r }
CALL (a, row) { MATCH (s:Area {id: row.target}) CREATE (a)-[:LOCATED_IN]->(s) }

// name: exchange_actor_serves
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
CALL (a) { MATCH (a)-[r:SERVES]->(:Area) DELETE r }
CALL (a, row) {
  UNWIND row.targets AS target
  MATCH (s:Area {id: target})
  CREATE (a)-[:SERVES]->(s)
}

// name: exchange_actor_operator
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
CALL (a) { MATCH (a)-[r:OPERATED_BY]->(:Actor) DELETE r }
CALL (a, row) { MATCH (t:Actor {id: row.target}) CREATE (a)-[:OPERATED_BY]->(t) }

// name: exchange_actor_umbrella
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
CALL (a) { MATCH (a)-[r:AFFILIATED_WITH]->(:Actor) DELETE r }
CALL (a, row) { MATCH (u:Actor {id: row.target}) CREATE (a)-[:AFFILIATED_WITH]->(u) }

// name: exchange_agreement_create
UNWIND $rows AS row
CREATE (v:Agreement)
SET v = row.props, v.id = row.id, v.version = 1,
    v.created_at = datetime(), v.updated_at = datetime()

// name: exchange_agreement_update
UNWIND $rows AS row
MATCH (v:Agreement {id: row.id})
SET v += row.props, v.version = coalesce(v.version, 0) + 1, v.updated_at = datetime()

// name: exchange_agreement_parties
// Replaces the parties of each agreement with row.parties [{actor, role}].
UNWIND $rows AS row
MATCH (v:Agreement {id: row.id})
CALL (v) { MATCH (:Actor)-[p:PARTY_TO]->(v) DELETE p }
CALL (v, row) {
  UNWIND row.parties AS party
  MATCH (a:Actor {id: party.actor})
  CREATE (a)-[:PARTY_TO {role: party.role}]->(v)
}

// name: exchange_membership_create
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor})
MATCH (n:Network {id: row.network})
CREATE (a)-[:MEMBER_OF {role: row.role, since: row.since, until: row.until}]->(n)

// name: exchange_membership_update
UNWIND $rows AS row
MATCH (:Actor {id: row.actor})-[m:MEMBER_OF]->(:Network {id: row.network})
SET m.role = row.role, m.since = row.since, m.until = row.until

// name: exchange_area_create
UNWIND $rows AS row
CREATE (s:Area)
SET s = row.props, s.id = row.id, s.version = 1,
    s.created_at = datetime(), s.updated_at = datetime()

// name: exchange_area_update
UNWIND $rows AS row
MATCH (s:Area {id: row.id})
SET s += row.props, s.version = coalesce(s.version, 0) + 1, s.updated_at = datetime()

// name: exchange_area_parent
UNWIND $rows AS row
MATCH (s:Area {id: row.id})
CALL (s) { MATCH (s)-[r:PART_OF]->(:Area) DELETE r }
CALL (s, row) { MATCH (p:Area {id: row.target}) CREATE (s)-[:PART_OF]->(p) }

// name: exchange_target_group_create
UNWIND $rows AS row
CREATE (g:TargetGroup)
SET g.id = row.id, g.name = row.name, g.version = 1,
    g.created_at = datetime(), g.updated_at = datetime()

// name: exchange_actor_set_target_groups
// Replaces the target groups an actor serves with row.groups (ids).
UNWIND $rows AS row
MATCH (a:Actor {id: row.id})
SET a.version = coalesce(a.version, 0) + 1, a.updated_at = datetime()
WITH a, row
CALL (a) { MATCH (a)-[r:SERVES_GROUP]->(:TargetGroup) DELETE r }
CALL (a, row) {
  UNWIND row.groups AS gid
  MATCH (g:TargetGroup {id: gid})
  CREATE (a)-[:SERVES_GROUP]->(g)
}

// name: exchange_contact_create
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor})
CREATE (a)-[:HAS_CONTACT]->(c:ContactPerson)
SET c = row.props, c.id = row.id, c.version = 1,
    c.created_at = datetime(), c.updated_at = datetime()

// name: exchange_contact_update
// Null values in row.props remove the property (a cleared cell).
UNWIND $rows AS row
MATCH (c:ContactPerson {id: row.id})
SET c += row.props, c.version = coalesce(c.version, 0) + 1, c.updated_at = datetime()

// name: exchange_network_create
UNWIND $rows AS row
CREATE (n:Network)
SET n = row.props, n.id = row.id, n.version = 1,
    n.created_at = datetime(), n.updated_at = datetime()

// name: exchange_network_update
UNWIND $rows AS row
MATCH (n:Network {id: row.id})
SET n += row.props, n.version = coalesce(n.version, 0) + 1, n.updated_at = datetime()

// name: exchange_network_scope
// row.target null: the network loses its scope (the whole area).
UNWIND $rows AS row
MATCH (n:Network {id: row.id})
CALL (n) { MATCH (n)-[r:SCOPE]->(:Area) DELETE r }
CALL (n, row) { MATCH (s:Area {id: row.target}) CREATE (n)-[:SCOPE]->(s) }

// name: exchange_network_coordinator
UNWIND $rows AS row
MATCH (n:Network {id: row.id})
CALL (n) { MATCH (n)-[r:COORDINATED_BY]->(:Actor) DELETE r }
CALL (n, row) { MATCH (a:Actor {id: row.target}) CREATE (n)-[:COORDINATED_BY]->(a) }

// name: exchange_history
// The same :Change nodes history.record writes, one batch at a time.
UNWIND $rows AS row
CREATE (:Change {id: row.id, entity_type: row.entity_type, entity_id: row.entity_id,
                 action: row.action, by: $by, at: $at, fields: row.fields,
                 restored: false})

// -- backup and restore (registry/exchange/backup.py) ------------------------

// name: backup_labels
CALL db.labels() YIELD label RETURN label

// name: backup_relationship_types
CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS type

// name: backup_nodes
// The label is one of backup.export_labels(). Temporal properties also come
// as [key, value type, text] so the file keeps their exact type and zone.
MATCH (n:$($label))
RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props,
       [k IN keys(n) WHERE valueType(n[k]) IN ['DATE NOT NULL', 'ZONED DATETIME NOT NULL',
          'LOCAL DATETIME NOT NULL', 'ZONED TIME NOT NULL', 'LOCAL TIME NOT NULL',
          'DURATION NOT NULL'] | [k, valueType(n[k]), toString(n[k])]] AS temporal

// name: backup_relationships
MATCH (a)-[r:$($type)]->(b)
RETURN elementId(a) AS start, elementId(b) AS end, properties(r) AS props,
       [k IN keys(r) WHERE valueType(r[k]) IN ['DATE NOT NULL', 'ZONED DATETIME NOT NULL',
          'LOCAL DATETIME NOT NULL', 'ZONED TIME NOT NULL', 'LOCAL TIME NOT NULL',
          'DURATION NOT NULL'] | [k, valueType(r[k]), toString(r[k])]] AS temporal

// name: backup_database_content
// What a restore finds in its target: user accounts, and how many other
// nodes hold data ($bookkeeping, schema.BOOKKEEPING_LABELS, is none).
OPTIONAL MATCH (n) WHERE none(label IN labels(n) WHERE label IN $bookkeeping)
RETURN count(CASE WHEN NOT n:User THEN 1 END) AS others,
       collect(CASE WHEN n:User THEN {id: n.id, email: n.email} END) AS accounts

// name: backup_restore_nodes
// $labels is checked against backup.RESTORE_LABELS before it gets here.
UNWIND $rows AS row
CREATE (n:$($labels))
SET n = row.plain
FOREACH (t IN row.temporal |
  SET n[t.k] = CASE t.t
    WHEN 'DATE' THEN date(t.v)
    WHEN 'ZONED DATETIME' THEN datetime(t.v)
    WHEN 'LOCAL DATETIME' THEN localdatetime(t.v)
    WHEN 'ZONED TIME' THEN time(t.v)
    WHEN 'LOCAL TIME' THEN localtime(t.v)
    WHEN 'DURATION' THEN duration(t.v)
  END)
RETURN row.n AS n, elementId(n) AS eid

// name: backup_restore_relationships
// $type is checked against backup.RELATIONSHIP_TYPES before it gets here.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$($type)]->(b)
SET r = row.plain
FOREACH (t IN row.temporal |
  SET r[t.k] = CASE t.t
    WHEN 'DATE' THEN date(t.v)
    WHEN 'ZONED DATETIME' THEN datetime(t.v)
    WHEN 'LOCAL DATETIME' THEN localdatetime(t.v)
    WHEN 'ZONED TIME' THEN time(t.v)
    WHEN 'LOCAL TIME' THEN localtime(t.v)
    WHEN 'DURATION' THEN duration(t.v)
  END)

// name: backup_canonical_nodes
MATCH (n) WHERE NOT n:LoginThrottle
RETURN labels(n) AS labels, properties(n) AS props

// name: backup_canonical_relationships
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props

// -- open data: HSDS (registry/exchange/hsds.py) -----------------------------

// name: hsds_actors
// Contact persons are left out on purpose: open data holds no persons.
MATCH (a:Actor)
RETURN a {.id, .name, .kind, .sector, .description, .street, .postcode, .city,
          .lat, .lon, .website, .email, .phone, .external_id} AS actor,
       head(COLLECT { MATCH (a)-[:OPERATED_BY]->(t:Actor) RETURN t.id }) AS operator,
       COLLECT { MATCH (a)-[r:LOCATED_IN|SERVES]->(s:Area) RETURN {area: s.id, rel: type(r)} } AS areas
ORDER BY a.name, a.id

// -- lists in the import templates' format (registry/exchange/lists.py) -----
// References come as ids; lists.py writes them as the import reads them.

// name: export_areas
MATCH (s:Area)
RETURN s.id AS id, s.code AS code, s.name AS name, s.level AS level, s.setting AS setting,
       s.geometry AS geometry,
       head(COLLECT { MATCH (s)-[:PART_OF]->(p:Area) RETURN p.id }) AS parent
ORDER BY s.name, s.id

// name: export_target_groups
MATCH (g:TargetGroup)
RETURN g.name AS name
ORDER BY toLower(g.name), g.id

// name: export_actors
MATCH (a:Actor)
RETURN properties(a) AS props,
       head(COLLECT { MATCH (a)-[:LOCATED_IN]->(s:Area) RETURN s.id }) AS area,
       COLLECT { MATCH (a)-[:SERVES]->(s:Area) RETURN s.id ORDER BY s.name } AS serves,
       head(COLLECT { MATCH (a)-[:OPERATED_BY]->(t:Actor) RETURN t.id }) AS operator,
       head(COLLECT { MATCH (a)-[:AFFILIATED_WITH]->(u:Actor) RETURN u.id }) AS umbrella,
       COLLECT { MATCH (a)-[:SERVES_GROUP]->(g:TargetGroup) RETURN g.name ORDER BY g.name } AS groups,
       COLLECT { MATCH (a)-[:HAS_CONTACT]->(c:ContactPerson) RETURN properties(c) AS c
                 ORDER BY c.name } AS contacts
ORDER BY a.search_name, a.id

// name: export_agreements
MATCH (v:Agreement)
RETURN properties(v) AS props,
       COLLECT { MATCH (a:Actor)-[p:PARTY_TO]->(v) RETURN [a.id, p.role] AS party
                 ORDER BY a.search_name, a.id } AS parties
ORDER BY v.search_name, v.id

// name: export_networks
MATCH (n:Network)
RETURN properties(n) AS props,
       head(COLLECT { MATCH (n)-[:SCOPE]->(s:Area) RETURN s.id }) AS scope,
       head(COLLECT { MATCH (n)-[:COORDINATED_BY]->(a:Actor) RETURN a.id }) AS coordinator,
       COLLECT { MATCH (a:Actor)-[m:MEMBER_OF]->(n)
                 RETURN {actor: a.id, role: m.role, since: m.since, until: m.until} AS m
                 ORDER BY a.search_name, a.id } AS members
ORDER BY n.search_name, n.id

// name: exchange_area_outlines
// The stored outlines (Stadtplan polygons), to import only changed ones.
MATCH (s:Area) WHERE s.geometry IS NOT NULL
RETURN s.id AS id, s.geometry AS geometry
