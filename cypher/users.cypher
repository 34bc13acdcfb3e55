// Accounts and login throttling.

// name: user_create
CREATE (u:User {id: $id, email: $email, name: $name, role: $role,
                password_hash: $password_hash, active: true, areas: $areas,
                created_at: datetime()})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: user_get
MATCH (u:User {id: $id})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: user_by_email
MATCH (u:User {email: $email})
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: user_credentials
MATCH (u:User {email: $email})
RETURN u.id AS id, u.password_hash AS password_hash, u.active AS active

// name: user_list
MATCH (u:User)
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user
ORDER BY u.email

// name: user_count
MATCH (u:User) RETURN count(u) AS users

// name: user_update
// A change of role, activity or areas ends the account's sessions
// (session_version is checked on every request).
MATCH (u:User {id: $id})
WITH u, (u.role <> $role OR u.active <> $active OR coalesce(u.areas, []) <> $areas) AS changed
SET u.role = $role, u.name = $name, u.active = $active, u.areas = $areas,
    u.session_version = CASE WHEN changed THEN coalesce(u.session_version, 0) + 1
                        ELSE u.session_version END  // unchanged: not even added
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: user_update_by_email
MATCH (u:User {email: $email})
WITH u, (u.role <> coalesce($role, u.role) OR u.active <> coalesce($active, u.active)) AS changed
SET u.role = coalesce($role, u.role), u.active = coalesce($active, u.active),
    u.session_version = CASE WHEN changed THEN coalesce(u.session_version, 0) + 1
                        ELSE u.session_version END  // unchanged: not even added
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: user_set_password
// A new password ends every session of the account.
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash,
    u.session_version = coalesce(u.session_version, 0) + 1
RETURN u.id AS id

// name: user_rehash_password
// Same password, stronger hash parameters: sessions stay.
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash
RETURN u.id AS id

// name: user_end_sessions
// Logout: every copy of the account's session cookie stops working.
MATCH (u:User {id: $id})
SET u.session_version = coalesce(u.session_version, 0) + 1
RETURN u.session_version AS session_version

// name: user_touch_login
MATCH (u:User {id: $id})
SET u.last_login = $at
RETURN u {.id, .email, .name, .role, .active, .areas, .last_login, .session_version} AS user

// name: throttle_attempt
// One login attempt, checked and counted in ONE write transaction: MERGE
// locks each counter, so concurrent attempts queue and none reads a stale
// count. A counter older than the window starts again; from $limit failures
// on, each further one doubles the wait (capped). The attempt is counted as a
// failure before the password is checked; a success takes it back
// (throttle_success). Refused attempts (still waiting) are not counted.
UNWIND $keys AS k
MERGE (t:LoginThrottle {key: k.key})
ON CREATE SET t.failures = 0, t.until = 0.0, t.seen = $now
// Write first: the lock is held before the counter is read (no lost update).
SET t.locked = true
WITH t, k,
     CASE WHEN t.seen < $now - $window AND t.until <= $now THEN 0 ELSE t.failures END AS failures
WITH collect({t: t, k: k, failures: failures}) AS rows
WITH rows, reduce(w = 0.0, r IN rows |
       CASE WHEN r.failures >= r.k.limit AND r.t.until > $now AND r.t.until - $now > w
            THEN r.t.until - $now ELSE w END) AS wait
UNWIND rows AS r
WITH r, wait, r.t AS t, r.failures + CASE WHEN wait > 0 THEN 0 ELSE 1 END AS counted
SET t.failures = counted,
    t.seen = CASE WHEN wait > 0 THEN t.seen ELSE $now END,
    t.until = CASE
      WHEN wait > 0 OR counted < r.k.limit THEN t.until
      ELSE $now + CASE WHEN $base * 2.0 ^ (counted - r.k.limit) > $cap
                       THEN $cap ELSE $base * 2.0 ^ (counted - r.k.limit) END
    END
RETURN max(wait) AS wait

// name: throttle_purge
// Counters nobody touched for long (auth.py runs this every few minutes).
MATCH (old:LoginThrottle) WHERE old.seen < $stale AND old.until < $stale
WITH old LIMIT 10000
DELETE old

// name: throttle_success
// The right password: the account's counter goes, the address keeps its
// count minus this attempt.
MATCH (t:LoginThrottle) WHERE t.key IN $keys
WITH t, t.key = $account AS own
FOREACH (_ IN CASE WHEN own THEN [1] ELSE [] END | DELETE t)
FOREACH (_ IN CASE WHEN own THEN [] ELSE [1] END |
  SET t.failures = CASE WHEN t.failures > 0 THEN t.failures - 1 ELSE 0 END)

// name: throttle_clear
MATCH (t:LoginThrottle) WHERE t.key IN $keys
DELETE t
