"""Login throttling: per username+address, and per address across usernames (spraying).

The policy (docs/security.md): a username is locked from one address after AXES_FAILURE_LIMIT
failures, an address after AXES_IP_FAILURE_LIMIT failures across all usernames. Locking a
named account from one address never locks that account elsewhere.
"""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = {"REMOTE_ADDR": "203.0.113.66"}
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.20"}


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"login": username, "password": password}, **meta)


def test_spraying_many_usernames_from_one_address_is_throttled(client, stuurgroeplid, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    # Every username stays under its own limit; the address does not.
    for attempt in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        response = login(client, f"gok{attempt}", "Welkom01!", **SPRAYER)
        assert response.status_code == 200
    assert login(client, "gok-laatste", "Welkom01!", **SPRAYER).status_code == 429
    # Now even the right password of a real account is refused from that address ...
    assert login(client, "sg", PASSWORD, **SPRAYER).status_code == 429
    # ... but the account signs in from anywhere else.
    assert login(client, "sg", PASSWORD, **ELSEWHERE).status_code == 302


def test_an_office_behind_one_address_is_not_locked_by_a_few_typos(client, stuurgroeplid, settings):
    # More failures from one address than the per-username limit, spread over colleagues.
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        login(client, f"collega{attempt % 3}", "tikfout", **SPRAYER)
    assert login(client, "sg", PASSWORD, **SPRAYER).status_code == 302


def test_a_named_account_is_locked_only_from_the_attacking_address(client, stuurgroeplid, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sg", "fout", **SPRAYER)
    assert login(client, "sg", PASSWORD, **SPRAYER).status_code == 429
    assert login(client, "sg", PASSWORD, **ELSEWHERE).status_code == 302


def test_signing_in_with_an_own_account_does_not_reset_the_address_count(
    client, stuurgroeplid, settings
):
    settings.AXES_IP_FAILURE_LIMIT = 6
    for attempt in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        login(client, f"gok{attempt}", "Welkom01!", **SPRAYER)
    assert login(client, "sg", PASSWORD, **SPRAYER).status_code == 302
    client.logout()
    login(client, "gok-laatste", "Welkom01!", **SPRAYER)
    assert login(client, "sg", PASSWORD, **SPRAYER).status_code == 429
