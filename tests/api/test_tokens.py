"""Personal API tokens: made and revoked on the profile page, shown once, stored as a hash,
refused when missing, unknown, revoked or expired; last use recorded; throttled per token."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from tests.api.conftest import client_with, token_for
from tests.factories import UserFactory

LIST = "/api/v1/organisations"


@pytest.fixture
def griffier(db):
    return UserFactory(username="tok-gr", griffier=True)


@pytest.fixture
def beheerder(db):
    return UserFactory(username="tok-bh", beheerder=True, organisation=None)


def create_on_page(client, user, *, name="RIS", expires_on=None):
    client.force_login(user)
    expires_on = expires_on or timezone.localdate() + datetime.timedelta(days=30)
    return client.post(reverse("api:tokens"), {"name": name, "expires_on": expires_on.isoformat()})


def secret_in(response) -> str:
    html = response.content.decode()
    start = html.index('id="token-geheim" type="text" readonly value="') + len(
        'id="token-geheim" type="text" readonly value="'
    )
    return html[start : html.index('"', start)]


def test_life_cycle_create_shown_once_use_revoke(client, griffier, settings):
    settings.API_THROTTLE_RATE = "1000/minute"
    response = create_on_page(client, griffier, name="Raadsinformatiesysteem")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = secret_in(response)
    assert raw.startswith("wbw_") and len(raw) > 40
    token = ApiToken.objects.get(user=griffier)
    # Stored only as its SHA-256; the page never shows the secret again.
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.name == "Raadsinformatiesysteem" and token.scope == "read"
    again = client.get(reverse("api:tokens")).content.decode()
    assert raw not in again and token.prefix in again

    assert token.last_used_at is None
    api = client_with(raw)
    assert api.get(LIST).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == griffier
    refused = api.get(LIST)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Dit token is ingetrokken."


def test_an_expired_token_gets_401(griffier):
    raw = token_for(griffier)
    ApiToken.objects.filter(user=griffier).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client_with(raw).get(LIST)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Dit token is verlopen")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_is_usable_through_its_last_day(griffier):
    raw = token_for(griffier, days=0)
    assert client_with(raw).get(LIST).status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer a b", "Bearer wbw_nonsense", "Token abc", "Bearer w\u00ebird"],
)
def test_missing_or_unknown_tokens_get_401_problem(client, griffier, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(LIST, **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]


def test_a_portal_session_is_no_api_credential(client, griffier):
    client.force_login(griffier)
    assert client.get(LIST).status_code == 401


def test_an_api_request_starts_no_session_and_sets_no_cookie(griffier):
    from django.contrib.sessions.models import Session

    api = client_with(token_for(griffier))
    response = api.get(LIST)
    assert response.status_code == 200
    assert not response.cookies
    assert not Session.objects.exists()


def test_a_deactivated_users_token_gets_401(griffier):
    raw = token_for(griffier)
    griffier.is_active = False
    griffier.save()
    assert client_with(raw).get(LIST).status_code == 401


def test_nobody_revokes_someone_elses_token_but_the_beheerder(client, griffier, beheerder):
    token, _raw = services.api_token_create(
        user=griffier,
        name="x",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
        acting_user=griffier,
    )
    other = UserFactory(username="tok-other", griffier=True)
    client.force_login(other)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(beheerder)
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == beheerder
    # The beheerder sees every token in the admin, but cannot make or delete one there.
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403


@pytest.mark.parametrize(
    ("name", "days", "message"),
    [
        ("", 30, "Dit veld is vereist."),
        ("RIS", -1, "Kies een datum vanaf vandaag."),
        ("RIS", 400, "hoogstens een jaar geldig"),
    ],
)
def test_bad_input_on_the_token_form_is_a_dutch_error_and_saves_nothing(
    client, griffier, name, days, message
):
    response = create_on_page(
        client,
        griffier,
        name=name,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_throttled_per_token_with_a_429_problem(settings, griffier):
    settings.API_THROTTLE_RATE = "3/minute"
    first, second = client_with(token_for(griffier)), client_with(token_for(griffier))
    for _ in range(3):
        assert first.get(LIST).status_code == 200
    throttled = first.get(LIST)
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/problem+json"
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["status"] == 429
    # Another token of the same user has its own allowance.
    assert second.get(LIST).status_code == 200


def test_last_use_is_written_at_most_once_a_minute(griffier, django_assert_num_queries):
    raw = token_for(griffier)
    api = client_with(raw)
    api.get(LIST)
    first = ApiToken.objects.get(user=griffier).last_used_at
    api.get(LIST)
    assert ApiToken.objects.get(user=griffier).last_used_at == first
    ApiToken.objects.filter(user=griffier).update(
        last_used_at=first - datetime.timedelta(minutes=2)
    )
    api.get(LIST)
    assert ApiToken.objects.get(user=griffier).last_used_at > first
