// Accounts and login throttling.

// name: user_create
CREATE (u:User {id: $id, email: $email, name: $name, role: $role,
                password_hash: $password_hash, active: true, areas: $areas,
                created_at: datetime()})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: user_get
MATCH (u:User {id: $id})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: user_by_email
MATCH (u:User {email: $email})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: user_credentials
MATCH (u:User {email: $email})
RETURN u.id AS id, u.password_hash AS password_hash, u.active AS active

// name: user_list
MATCH (u:User)
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user
ORDER BY u.email

// name: user_count
MATCH (u:User) RETURN count(u) AS users

// name: user_update
MATCH (u:User {id: $id})
SET u.role = $role, u.name = $name, u.active = $active, u.areas = $areas
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: user_update_by_email
MATCH (u:User {email: $email})
SET u.role = coalesce($role, u.role), u.active = coalesce($active, u.active)
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: user_set_password
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash
RETURN u.id AS id

// name: user_touch_login
MATCH (u:User {id: $id})
SET u.last_login = $at
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login} AS user

// name: throttle_failures
// The highest number of recent failures over the given keys (account, client).
UNWIND $keys AS key
OPTIONAL MATCH (t:LoginThrottle {key: key})
RETURN max(size([f IN coalesce(t.failures, []) WHERE f >= $since])) AS failures

// name: throttle_record_failure
// Keeps only failures inside the window, so the list stays short.
UNWIND $keys AS key
MERGE (t:LoginThrottle {key: key})
SET t.failures = [f IN coalesce(t.failures, []) WHERE f >= $since] + [$at]

// name: throttle_clear
MATCH (t:LoginThrottle) WHERE t.key IN $keys
DELETE t
