"""Single sign-on per organisation against a real OpenID Connect provider (node-oidc-provider)."""

from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANNE = {
    "sub": "anne-0001",
    "email": "anne.devries@roosendaal.nl",
    "email_verified": True,
    "given_name": "Anne",
    "family_name": "de Vries",
    "preferred_username": "anne.devries",
}


def provider_round_trip(client, organisation, login, *, next_url=None):
    """Start at the portal, sign in at the provider as `login`, return the portal's answer."""
    start = reverse("openid_connect_login", kwargs={"provider_id": organisation.slug})
    response = client.post(start + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.content.decode()[:500]
    browser = requests.Session()
    url, method, data = response.url, "get", None
    for _ in range(20):
        answer = browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        if answer.status_code in (302, 303):
            url, method, data = urljoin(url, answer.headers["Location"]), "get", None
            if url.startswith("http://testserver/"):
                parts = urlsplit(url)
                return client.get(f"{parts.path}?{parts.query}")
            continue
        assert answer.status_code == 200, answer.text[:500]
        assert 'name="login"' in answer.text, answer.text[:500]
        method, data = "post", {"login": login}
    raise AssertionError("no way back to the portal")


def test_the_login_page_offers_the_organisations_provider(client, sso, roosendaal):
    sso(roosendaal, accounts={"anne": ANNE})
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen via Gemeente Roosendaal" in page


def test_a_new_person_is_provisioned_into_the_providers_organisation_without_roles(
    client, sso, roosendaal
):
    sso(roosendaal, accounts={"anne": ANNE})
    response = provider_round_trip(client, roosendaal, "anne")
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="anne.devries@roosendaal.nl")
    assert user.organisation == roosendaal
    assert user.roles == []
    assert (user.first_name, user.last_name) == ("Anne", "de Vries")
    assert not user.has_usable_password()
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Anne" in home.content.decode()
    # Signing in again finds the same user; nobody is provisioned twice.
    client.post(reverse("logout"))
    assert provider_round_trip(client, roosendaal, "anne").status_code == 302
    assert User.objects.filter(email="anne.devries@roosendaal.nl").count() == 1


def test_an_existing_user_is_matched_by_verified_email_and_keeps_their_roles(
    client, sso, roosendaal
):
    existing = UserFactory(
        username="avries",
        email="Anne.DeVries@roosendaal.nl",
        organisation=roosendaal,
        stuurgroeplid=True,
    )
    sso(roosendaal, accounts={"anne": ANNE})
    response = provider_round_trip(client, roosendaal, "anne")
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == existing
    existing.refresh_from_db()
    assert existing.roles == ["stuurgroeplid"]
    assert User.objects.count() == 1


def test_an_unverified_email_is_not_matched_to_an_existing_user(client, sso, roosendaal):
    existing = UserFactory(username="avries", email=ANNE["email"], organisation=roosendaal)
    sso(roosendaal, accounts={"anne": {**ANNE, "email_verified": False}})
    response = provider_round_trip(client, roosendaal, "anne")
    assert response.status_code == 403
    assert "Er bestaat al een account met het e-mailadres" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert list(User.objects.all()) == [existing]


def test_a_user_of_another_organisation_is_never_signed_in_by_this_provider(
    client, sso, roosendaal, tholen
):
    other = UserFactory(
        username="avries", email=ANNE["email"], organisation=tholen, stuurgroeplid=True
    )
    sso(roosendaal, accounts={"anne": ANNE})
    response = provider_round_trip(client, roosendaal, "anne")
    assert response.status_code == 403
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert list(User.objects.all()) == [other]


def test_sso_users_do_not_get_the_portals_mfa_prompt(client, sso, roosendaal, settings):
    settings.WBW_MFA = "required"
    UserFactory(username="avries", email=ANNE["email"], organisation=roosendaal, stuurgroeplid=True)
    sso(roosendaal, accounts={"anne": ANNE})
    provider_round_trip(client, roosendaal, "anne")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_issuer_is_refused(client, sso, roosendaal):
    # The provider calls itself http://localhost:PORT; the portal was told 127.0.0.1:PORT.
    provider = sso(
        roosendaal,
        accounts={"anne": ANNE},
        issuer_host="localhost",
        configured_issuer=lambda provider: provider.url,
    )
    assert provider.issuer.startswith("http://localhost:")
    response = provider_round_trip(client, roosendaal, "anne")
    assert "Inloggen niet gelukt" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert not User.objects.exists()


def test_an_expired_id_token_is_refused(client, sso, roosendaal):
    # The provider's clock runs two minutes behind; its ID tokens live one minute.
    sso(roosendaal, accounts={"anne": ANNE}, clock_skew=120, id_token_ttl=60)
    response = provider_round_trip(client, roosendaal, "anne")
    assert "Inloggen niet gelukt" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_an_id_token_altered_in_transit_is_refused(client, sso, roosendaal):
    sso(roosendaal, accounts={"anne": ANNE}, tamper="id_token")
    response = provider_round_trip(client, roosendaal, "anne")
    assert "Inloggen niet gelukt" in response.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert not User.objects.exists()


@pytest.mark.parametrize("part", ["code", "state"])
def test_a_tampered_callback_is_refused(client, sso, roosendaal, part, monkeypatch):
    sso(roosendaal, accounts={"anne": ANNE})
    original_get = client.get

    def tampering_get(path, *args, **kwargs):
        if "/login/callback/" in path:
            path = path.replace(f"{part}=", f"{part}=x")
        return original_get(path, *args, **kwargs)

    monkeypatch.setattr(client, "get", tampering_get)
    response = provider_round_trip(client, roosendaal, "anne")
    assert "Inloggen niet gelukt" in response.content.decode()
    monkeypatch.undo()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert not User.objects.exists()


def test_logout_ends_the_portal_session(client, sso, roosendaal):
    sso(roosendaal, accounts={"anne": ANNE})
    provider_round_trip(client, roosendaal, "anne")
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_an_unknown_organisation_slug_is_refused(client, sso, roosendaal, settings):
    sso(roosendaal, accounts={"anne": ANNE})
    apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    apps[0]["settings"]["organisation"] = "bestaat-niet"
    response = provider_round_trip(client, roosendaal, "anne")
    assert response.status_code == 403
    assert "hoort bij geen bekende organisatie" in response.content.decode()
    assert not User.objects.exists()
