"""A spoofed X-Forwarded-For cannot dodge the login lockout (django-axes behind proxies)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD
from wbw_portal.proxy import client_ip

pytestmark = pytest.mark.django_db


def login(client, password, **meta):
    return client.post(reverse("login"), {"login": "sg", "password": password}, **meta)


def test_without_proxies_a_changing_x_forwarded_for_still_gets_locked(
    client, stuurgroeplid, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "fout", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}")
    response = login(client, PASSWORD, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(
    client, stuurgroeplid, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        spoofed = f"192.0.2.{attempt}, 198.51.100.7"  # the client's lie, then the proxy's entry
        login(client, "fout", HTTP_X_FORWARDED_FOR=spoofed, **proxy)
    locked = login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7", **proxy)
    assert locked.status_code == 429
    # Someone else behind the same proxy is not locked out with the attacker.
    other = login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "203.0.113.9"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (1, "", "203.0.113.9"),  # bypassed the proxy
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (2, "198.51.100.7", "203.0.113.9"),  # fewer entries than proxies
        (1, "not-an-address", "203.0.113.9"),
    ],
)
def test_client_ip(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
