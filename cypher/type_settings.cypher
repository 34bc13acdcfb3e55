// Per type of agreement or network: is user participation expected?
// (registry/type_settings.py; defaults in registry/model.py). Only types an
// admin has set are stored.

// name: type_settings_all
MATCH (t:TypeSetting)
RETURN t.kind AS kind, t.type AS type, t.participation_expected AS participation_expected
ORDER BY t.kind, t.type

// name: type_setting_set
MERGE (t:TypeSetting {kind: $kind, type: $type})
SET t.participation_expected = $expected, t.updated_at = $at, t.updated_by = $by
