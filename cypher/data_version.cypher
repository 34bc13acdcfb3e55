// The data version: one value that changes with every committed write of
// registry data, in the same transaction (registry/db.py adds the bump), so
// anything cached per version is never stale. A random epoch, set when the
// node is created (again after a wipe), keeps old numbers from coming back.
// The unique constraint makes MERGE take a lock: writers queue at commit.
//
// The analysis version changes with every write except one that changes
// only descriptive fields (Entity.descriptive: an actor's description,
// phone ...), which no analysis, report or map reads: what is cached per
// analysis version stays valid across such a write. A store written before
// this counter existed has none yet (null): the first other write sets it.

// name: data_version
OPTIONAL MATCH (v:DataVersion {id: 'registry'})
RETURN CASE WHEN v IS NULL THEN null ELSE v.epoch + ':' + toString(v.value) END AS version,
       CASE WHEN v IS NULL THEN null
            ELSE v.epoch + ':a' + coalesce(toString(v.analysis), '') END AS analysis

// name: data_version_bump
MERGE (v:DataVersion {id: 'registry'})
ON CREATE SET v.epoch = randomUUID(), v.value = 0, v.analysis = 0
SET v.value = v.value + 1, v.analysis = coalesce(v.analysis, 0) + 1

// name: data_version_bump_descriptive
MERGE (v:DataVersion {id: 'registry'})
ON CREATE SET v.epoch = randomUUID(), v.value = 0, v.analysis = 0
SET v.value = v.value + 1
