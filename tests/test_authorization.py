"""The authorisation matrix: every rule of app.url_map x every role x every
method, against the policy table (registry/policy.py).

A route without a policy entry fails here, so new routes are covered as they
appear. Requests carry real ids from the demo data, all located outside the
area of the limited koordination account, so the per-entry area check is
exercised too.
"""
from __future__ import annotations

import pytest

from conftest import PASSWORD, make_user
from registry import demo, policy

ROLES = ["anonymous", "ausschuss", "koordination_limited", "koordination", "admin"]

# URL arguments that name an entry located somewhere: a limited koordination
# account may change only entries inside its own areas.
LOCATED_ARGS = {"actor_id", "agreement_id", "network_id", "area_id", "contact_id"}
# Lists every area shares: editors without an area limit only (issue 12).
SHARED_EDIT = {"target_groups.new", "target_groups.edit", "target_groups.delete"}


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_route_and_method_has_a_policy_entry(app):
    missing = [
        f"{rule.endpoint} {method} ({rule.rule})"
        for rule in app.url_map.iter_rules()
        for method in _methods(rule)
        if policy.permission_for(rule.endpoint, method) is None
    ]
    assert missing == [], "routes without an entry in registry/policy.py POLICY"


def test_policy_table_names_only_existing_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(set(policy.POLICY) - endpoints) == []


@pytest.fixture
def samples(db):
    """A value for every URL argument, from the demo data."""
    demo.load(db)
    rows = {row["key"]: row["id"] for row in db.read("authz_samples", area_code="LIN-01-01")}
    admin = make_user(db, "admin", email="ziel@example.org")
    return {
        "limited_area": rows["limited_area"],
        "actor_id": rows["actor"], "agreement_id": rows["agreement"],
        "network_id": rows["network"], "area_id": rows["area"],
        "contact_id": rows.get("contact") or "unbekannt",
        "target_group_id": rows["target_group"], "group_id": rows["target_group"],
        "user_id": admin.id, "change_id": "unbekannt", "token": "unbekannt",
        "ext": "json", "table": "isolierte", "fmt": "csv", "entity": "akteure",
        "filename": "css/app.css",
    }


def _url(rule, samples) -> str:
    values = {}
    for arg in rule.arguments:
        assert arg in samples, f"add a sample value for URL argument {arg!r} ({rule.rule})"
        values[arg] = samples[arg]
    return rule.build(values, append_unknown=False)[1]


def _expected(permission: str, role: str, rule) -> bool:
    real_role = None if role == "anonymous" else role.replace("_limited", "")
    allowed = policy.allowed(permission, real_role, public_view=False)
    if allowed and role == "koordination_limited" and permission == policy.EDIT:
        # Entries in the URL lie outside the account's area.
        allowed = not (LOCATED_ARGS & set(rule.arguments)) and rule.endpoint not in SHARED_EDIT
    return allowed


def _denied(response) -> bool:
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def test_authorisation_matrix(app, db, samples):
    app.config["WTF_CSRF_ENABLED"] = False  # the matrix is about roles, not tokens
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))
    failures = []
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            real = role.replace("_limited", "")
            areas = [samples["limited_area"]] if role.endswith("_limited") else None
            user = make_user(db, real, email=f"{role}@matrix.example.org", areas=areas)
            signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert signed_in.status_code == 302
        for rule in rules:
            if rule.endpoint in {"auth.logout", "auth.login"}:
                continue  # would end or change this client's session; tested in test_auth
            url = _url(rule, samples)
            for method in _methods(rule):
                permission = policy.permission_for(rule.endpoint, method)
                expected = _expected(permission, role, rule)
                response = client.open(url, method=method, data={})
                denied = _denied(response)
                if expected == denied or response.status_code >= 500:
                    failures.append(f"{role:22} {method:5} {rule.rule:45} "
                                    f"expected {'allow' if expected else 'deny'}, got {response.status_code}")
    assert failures == []
