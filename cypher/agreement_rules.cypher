// Rules about agreements that several queries share, written once here and
// placed into them as {{name}} (registry/db.py). Their Python twin is
// registry/rules/agreements.py; tests/test_in_force.py checks both agree.

// fragment: agreement_in_force
// Is agreement v in force at $day? Not a draft; $day within valid_from ..
// valid_until (an open end counts); a terminated (gekündigt) agreement is in
// force until its end date (the notice period runs), without an end date it
// is not.
v.status <> 'entwurf'
AND (v.valid_from IS NULL OR v.valid_from <= $day)
AND (v.valid_until IS NULL OR v.valid_until >= $day)
AND NOT (v.status = 'gekuendigt' AND v.valid_until IS NULL)

// name: agreement_in_force_check
// One row per given agreement-like map: in force at $day? (for the test
// that the Cypher and the Python rule agree).
UNWIND $rows AS v
RETURN v.key AS key, {{agreement_in_force}} AS in_force
