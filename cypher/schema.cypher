// Constraints and indexes. `registry init-db` runs every block of this file
// in order; each is idempotent (IF NOT EXISTS).

// name: constraint_actor_id
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE

// name: constraint_area_id
CREATE CONSTRAINT area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE

// name: constraint_area_code
CREATE CONSTRAINT area_code IF NOT EXISTS FOR (n:Area) REQUIRE n.code IS UNIQUE

// name: constraint_agreement_id
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE

// name: constraint_network_id
CREATE CONSTRAINT network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE

// name: constraint_target_group_id
CREATE CONSTRAINT target_group_id IF NOT EXISTS FOR (n:TargetGroup) REQUIRE n.id IS UNIQUE

// name: constraint_target_group_name
CREATE CONSTRAINT target_group_name IF NOT EXISTS FOR (n:TargetGroup) REQUIRE n.name IS UNIQUE

// name: constraint_contact_id
CREATE CONSTRAINT contact_id IF NOT EXISTS FOR (n:ContactPerson) REQUIRE n.id IS UNIQUE

// name: constraint_actor_external_id
CREATE CONSTRAINT actor_external_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.external_id IS UNIQUE

// name: constraint_user_email
CREATE CONSTRAINT user_email IF NOT EXISTS FOR (n:User) REQUIRE n.email IS UNIQUE

// name: index_actor_kind
CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)

// name: index_actor_search
CREATE TEXT INDEX actor_search IF NOT EXISTS FOR (n:Actor) ON (n.search_name)

// name: index_agreement_status
CREATE INDEX agreement_status IF NOT EXISTS FOR (n:Agreement) ON (n.status)

// name: index_agreement_valid_until
CREATE INDEX agreement_valid_until IF NOT EXISTS FOR (n:Agreement) ON (n.valid_until)

// name: index_names_fulltext
CREATE FULLTEXT INDEX registry_names IF NOT EXISTS
FOR (n:Actor|Agreement|Network|Area) ON EACH [n.name, n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}


// name: constraint_login_throttle_key
CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (n:LoginThrottle) REQUIRE n.key IS UNIQUE

// name: index_change_entity
CREATE INDEX change_entity IF NOT EXISTS FOR (n:Change) ON (n.entity_id)

// name: index_change_at
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at)

// name: constraint_import_job_token
CREATE CONSTRAINT import_job_token IF NOT EXISTS FOR (n:ImportJob) REQUIRE n.token IS UNIQUE

// name: index_import_job_created
CREATE INDEX import_job_created IF NOT EXISTS FOR (n:ImportJob) ON (n.created)

// name: constraint_data_version_id
CREATE CONSTRAINT data_version_id IF NOT EXISTS FOR (n:DataVersion) REQUIRE n.id IS UNIQUE

// name: await_indexes
CALL db.awaitIndexes(300)

// name: constraint_type_setting
CREATE CONSTRAINT type_setting_key IF NOT EXISTS FOR (n:TypeSetting) REQUIRE (n.kind, n.type) IS UNIQUE
