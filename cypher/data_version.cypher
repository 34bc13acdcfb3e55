// The data version: one value that changes with every committed write of
// registry data, in the same transaction (registry/db.py adds the bump), so
// anything cached per version is never stale. A random epoch, set when the
// node is created (again after a wipe), keeps old numbers from coming back.
// The unique constraint makes MERGE take a lock: writers queue at commit.

// name: data_version
OPTIONAL MATCH (v:DataVersion {id: 'registry'})
RETURN CASE WHEN v IS NULL THEN null ELSE v.epoch + ':' + toString(v.value) END AS version

// name: data_version_bump
MERGE (v:DataVersion {id: 'registry'})
ON CREATE SET v.epoch = randomUUID(), v.value = 0
SET v.value = v.value + 1
