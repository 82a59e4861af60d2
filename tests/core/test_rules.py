"""Portal-wide rules (core, audit, search, API tokens) for every role, and the core pages behind
their rule (tests/access.py)."""

import datetime

import pytest
from django.urls import reverse

from api import services as api_services
from core.models import User
from tests.access import BH, KM, RS, SIGNED_IN, assert_page_guarded, roles_allowed

pytestmark = pytest.mark.django_db

# (rule, object) -> roles for which it holds.
RULES = {
    ("core.use_portal", None): SIGNED_IN,
    ("core.use_admin", None): {BH},
    ("core.check_worker", None): {BH, KM},
    ("audit.view_audit", None): {BH},
    ("search.search", None): SIGNED_IN,
    ("api.manage_own_tokens", None): SIGNED_IN,
    # A token may be revoked by its holder (here the respondent) and by a beheerder.
    ("api.revoke_token", "respondents_token"): {RS, BH},
    ("api.revoke_token", None): {BH},
}

# (url name, method) -> the rule that guards the page.
PAGES = {
    ("home", "get"): "core.use_portal",
    ("password_change", "get"): "core.use_portal",
    ("core:system_status", "get"): "core.check_worker",
    ("core:system_status", "post"): "core.check_worker",
    ("admin:index", "get"): "core.use_admin",
    ("admin:core_organisation_changelist", "get"): "core.use_admin",
    ("admin:core_user_changelist", "get"): "core.use_admin",
}


@pytest.fixture(scope="module")
def objects(module_db, module_role_users):
    respondent = User.objects.get(pk=module_role_users["respondent"])
    token, _raw = api_services.api_token_create(
        user=respondent,
        name="test",
        expires_on=datetime.date.today() + datetime.timedelta(days=30),
        acting_user=respondent,
    )
    return {None: None, "respondents_token": token}


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, objects, rule, key):
    assert roles_allowed(role_users, rule, objects[key]) == RULES[(rule, key)]


def test_the_table_covers_every_portal_wide_rule():
    import rules

    prefixes = ("core.", "audit.", "search.", "api.")
    assert {name for name in rules.permissions.permissions if name.startswith(prefixes)} == {
        rule for rule, _ in RULES
    }


@pytest.mark.parametrize(("url_name", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(
    client, role_users, django_capture_on_commit_callbacks, url_name, method
):
    with django_capture_on_commit_callbacks(execute=False):
        assert_page_guarded(
            client,
            role_users,
            url=reverse(url_name),
            method=method,
            allowed=RULES[(PAGES[(url_name, method)], None)],
        )
