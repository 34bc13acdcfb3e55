"""The authorisation matrix: every rule of app.url_map x every role x every
method, against the policy table (registry/policy.py).

A route without a policy entry fails here, so new routes are covered as they
appear. Requests carry real ids from the demo data, all located outside the
area of the limited koordination account, so the per-entry area check is
exercised too.
"""
from __future__ import annotations

import itertools
from collections import Counter

import pytest

from conftest import csrf_token, login, make_user
from factories import GraphBuilder
from registry import demo, history, policy
from registry.entities import target_groups

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
        "ext": "json", "table": "isolierte_akteure", "fmt": "csv", "entity": "actors",
        "filename": "css/app.css", "field": "operator",
    }


def _fresh(g: GraphBuilder, samples: dict, count: int) -> list[dict]:
    """The samples with new entries for each of ``count`` attempts, all outside
    the limited account's area: a delete by an earlier attempt must not turn a
    later one into a 404 (which says nothing about the role). Written at once."""
    sets = []
    for _ in range(count):
        n = next(_ATTEMPTS)
        area = g.area(f"Matrix-Sozialraum {n}", code=f"MX-{n}")
        actor = g.actor(f"Matrix-Akteur {n}", area=area)
        other = g.actor(f"Matrix-Partner {n}", area=area)
        contact = g.contact(actor, f"Matrix-Kontakt {n}")
        agreement = g.agreement(f"Matrix-Vereinbarung {n}", [actor, other])
        network = g.network(f"Matrix-Netzwerk {n}", members=[actor], scope=area)
        group = g.target_group(f"Matrix-Zielgruppe {n}")
        sets.append(dict(samples, actor_id=actor, agreement_id=agreement, network_id=network,
                         area_id=area, contact_id=contact, target_group_id=group,
                         group_id=group))
    g.save()
    return sets


def _deletion(db, g: GraphBuilder) -> str:
    """The change id of a fresh deletion, for a restore attempt."""
    gone = g.target_group(f"Matrix-Gelöscht {next(_ATTEMPTS)}")
    g.save()
    target_groups.delete(db, gone, by="matrix")
    return next(row["id"] for row in history.deleted(db) if row["entity_id"] == gone)


_ATTEMPTS = itertools.count()
# URL arguments naming an entry an attempt may change or delete.
NAMED_ARGS = LOCATED_ARGS | {"target_group_id", "group_id", "change_id"}


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


def _outcome(response, expected: bool, rule) -> str | None:
    """What is wrong with ``response``; None when it is what the policy says.
    An allowed request must reach its view: not 400 (CSRF token refused),
    not 404 for an entry the test made, no server error."""
    status = response.status_code
    if status >= 500:
        return "server error"
    if _denied(response):
        return None if not expected else "denied"
    if not expected:
        return "allowed"
    if status == 400:
        return "bad request (CSRF?)"
    if status == 404 and set(rule.arguments) - UNMADE_ARGS:
        return "not found"
    return None


# URL arguments naming things an attempt cannot make (an import job's token);
# an allowed request may get a 404 for those.
UNMADE_ARGS = {"token"}


def test_authorisation_matrix(app, db, samples):
    assert app.config.get("WTF_CSRF_ENABLED", True)  # requests carry the page's token
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))
    g = GraphBuilder(db)
    failures, seen = [], Counter()
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            real = role.replace("_limited", "")
            areas = [samples["limited_area"]] if role.endswith("_limited") else None
            user = make_user(db, real, email=f"{role}@matrix.example.org", areas=areas)
            signed_in = login(client, user.email)
            assert signed_in.status_code == 302
        token = csrf_token(client, "/login" if role == "anonymous" else "/")
        # auth.login/logout would end or change this client's session (test_auth).
        attempts = [(rule, method) for rule in rules for method in _methods(rule)
                    if rule.endpoint not in {"auth.logout", "auth.login"}]
        # A GET changes nothing, so it may share the demo entries; a membership's
        # or a party's page needs an actor that is one (the fresh entries have one).
        changing = [(method != "GET" or {"network_id", "actor_id"} <= set(rule.arguments)
                     or {"agreement_id", "actor_id"} <= set(rule.arguments))
                    and bool(set(rule.arguments) & NAMED_ARGS)
                    for rule, method in attempts]
        fresh = iter(_fresh(g, samples, sum(changing)))
        for (rule, method), changes in zip(attempts, changing):
            values = next(fresh) if changes else samples
            if "change_id" in rule.arguments:
                values = dict(values, change_id=_deletion(db, g))
            url = _url(rule, values)
            permission = policy.permission_for(rule.endpoint, method)
            expected = _expected(permission, role, rule)
            response = client.open(url, method=method, data={"csrf_token": token})
            seen["deny" if _denied(response) else response.status_code] += 1
            problem = _outcome(response, expected, rule)
            if problem:
                failures.append(f"{role:22} {method:5} {rule.rule:45} expected "
                                f"{'allow' if expected else 'deny'}, {problem}: "
                                f"{response.status_code}")
    assert failures == []
    # Both outcomes occur, and allowed requests reached their views.
    assert seen["deny"] and seen[200] and seen[302], seen
