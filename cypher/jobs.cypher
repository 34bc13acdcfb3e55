// Import jobs (registry/exchange/uploads.py): the uploaded file and the
// job's state live in the database, so every app instance can answer for a
// job whichever instance took the upload. Bookkeeping, not registry data.

// name: import_job_create
CREATE (j:ImportJob {token: $token, user_id: $user_id, created: $now, touched: $now,
                     meta: $meta, data: $data})

// name: import_job_get
MATCH (j:ImportJob {token: $token})
RETURN j.meta AS meta, j.touched AS touched, j.written AS written, j.total AS total

// name: import_job_written
// In each transaction of an import committed in parts: the rows it holds
// once it commits, so the job's count is that of the data.
MATCH (j:ImportJob {token: $token})
SET j.written = $written, j.total = $total, j.touched = $now

// name: import_job_data
MATCH (j:ImportJob {token: $token})
RETURN j.data AS data

// name: import_job_lock
// The write lock first: the read-merge-write of an update cannot interleave.
MATCH (j:ImportJob {token: $token})
SET j._lock = true REMOVE j._lock
RETURN j.meta AS meta, j.touched AS touched, j.written AS written, j.total AS total

// name: import_job_save
MATCH (j:ImportJob {token: $token})
SET j.meta = $meta, j.touched = $now

// name: import_job_claim
// True for the one caller that may run $step (check, apply) of the job.
MATCH (j:ImportJob {token: $token})
SET j._lock = true REMOVE j._lock
WITH j WHERE NOT $step IN coalesce(j.claimed, [])
SET j.claimed = coalesce(j.claimed, []) + $step
RETURN true AS claimed

// name: import_job_cleanup
MATCH (j:ImportJob) WHERE j.created < $limit
DETACH DELETE j

// name: import_user_busy
// Does the account have a check or apply running (one at a time)?
MATCH (j:ImportJob {user_id: $user_id})
WHERE j.running = true AND j.touched > $fresh
RETURN count(j) > 0 AS busy

// name: import_job_claim_user
// Marks the job running unless another of the account's jobs runs. The
// account's node is locked first, so two uploads cannot both pass the check.
OPTIONAL MATCH (u:User {id: $user_id})
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END | SET u._lock = true REMOVE u._lock)
WITH 1 AS one
OPTIONAL MATCH (other:ImportJob {user_id: $user_id})
WHERE other.running = true AND other.touched > $fresh AND other.token <> $token
WITH count(other) AS busy
MATCH (j:ImportJob {token: $token}) WHERE busy = 0
SET j.running = true, j.touched = $now
RETURN true AS claimed

// name: import_job_release
MATCH (j:ImportJob {token: $token})
SET j.running = false
