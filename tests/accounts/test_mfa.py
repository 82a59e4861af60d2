"""MFA policy: TOTP with recovery codes, required for stuurgroep, kwartiermaker and beheerder."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.WBW_MFA = "required"


def password_login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"login": username, "password": password})


def activate_totp(client) -> pyotp.TOTP:
    """Read the secret from the setup page and confirm it with a code computed here."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="totp-sleutel">([A-Z2-7]+)<', page.content.decode()).group(1)
    totp = pyotp.TOTP(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp.now()})
    assert response.status_code == 302, response.content.decode()
    assert response.url == reverse("mfa_view_recovery_codes")
    return totp


def test_stuurgroep_must_set_up_totp_before_reaching_the_dashboard(
    client, stuurgroeplid, mfa_required
):
    response = password_login(client, "sg")
    assert response.status_code == 302 and response.url == reverse("home")
    # Every page sends them to the setup first, with a Dutch explanation.
    for url in (reverse("home"), reverse("governance:decision_list")):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.url == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Tweestapsverificatie instellen" in setup
    assert "tweestapsverificatie verplicht" in setup
    assert 'lang="nl"' in setup and "<script>" not in setup

    activate_totp(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    codes = re.findall(r'<li class="col">(\d+)</li>', codes_page)
    assert len(codes) == 10 and "Herstelcodes" in codes_page

    dashboard = client.get(reverse("home"))
    assert dashboard.status_code == 200
    assert Authenticator.objects.filter(user=stuurgroeplid, type="totp").exists()


def test_a_wrong_code_is_refused_in_dutch_and_nothing_is_activated(
    client, stuurgroeplid, mfa_required
):
    password_login(client, "sg")
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Ongeldige code" in response.content.decode()
    assert not Authenticator.objects.filter(user=stuurgroeplid).exists()
    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")


def test_next_login_asks_for_the_code_and_accepts_a_recovery_code_once(
    client, stuurgroeplid, mfa_required
):
    password_login(client, "sg")
    totp = activate_totp(client)
    codes = re.findall(
        r'<li class="col">(\d+)</li>',
        client.get(reverse("mfa_view_recovery_codes")).content.decode(),
    )
    client.post(reverse("logout"))

    # The password alone does not sign in: allauth asks for the second factor.
    response = password_login(client, "sg")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    challenge = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Tweestapsverificatie" in challenge and "herstelcodes" in challenge
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and "Ongeldige code" in wrong.content.decode()
    code = totp.now()
    ok = client.post(reverse("mfa_authenticate"), {"code": code})
    assert ok.status_code == 302 and ok.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    # A code that signed someone in cannot be used again.
    client.post(reverse("logout"))
    password_login(client, "sg")
    replay = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200 and "Ongeldige code" in replay.content.decode()

    # A recovery code works once.
    client.post(reverse("logout"))
    password_login(client, "sg")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    password_login(client, "sg")
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200


@pytest.mark.parametrize("role_fixture", ["kwartiermaker", "beheerder"])
def test_kwartiermaker_and_beheerder_must_set_up_totp_too(
    client, request, role_fixture, mfa_required
):
    user = request.getfixturevalue(role_fixture)
    password_login(client, user.username)
    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role_fixture", ["trekker", "respondent", "griffier"])
def test_other_roles_are_offered_mfa_but_not_forced(client, request, role_fixture, mfa_required):
    user = request.getfixturevalue(role_fixture)
    password_login(client, user.username)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_with_mfa_optional_the_stuurgroep_goes_straight_to_the_dashboard(client, stuurgroeplid):
    password_login(client, "sg")
    assert client.get(reverse("home")).status_code == 200
    # ... and is offered MFA from the user menu.
    assert reverse("mfa_index") in client.get(reverse("home")).content.decode()


def test_users_whose_role_requires_mfa_cannot_switch_it_off(client, stuurgroeplid, mfa_required):
    password_login(client, "sg")
    activate_totp(client)
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "niet uitschakelen" in response.content.decode()
    assert Authenticator.objects.filter(user=stuurgroeplid, type="totp").exists()


def test_mfa_default_follows_debug():
    import os
    import subprocess
    import sys

    from tests.core.test_settings import ROOT, TEST_ONLY_VARS

    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.WBW_MFA)"
    )
    results = {}
    for debug in ("0", "1"):
        env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS | {"WBW_MFA"}}
        env.update(
            {
                "DEBUG": debug,
                "SECRET_KEY": "x" * 60,
                "ALLOWED_HOSTS": "regie.example.nl",
                "DJANGO_SETTINGS_MODULE": "wbw_portal.settings",
            }
        )
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        results[debug] = out.stdout.strip().splitlines()[-1]
    assert results == {"0": "required", "1": "optional"}
