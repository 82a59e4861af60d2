import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"login": username, "password": password})


def test_login_page_is_dutch(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="nl">' in page
    assert "Inloggen" in page and "Gebruikersnaam" in page and "Wachtwoord" in page


def test_login_with_the_right_password_lands_on_the_overview(client, stuurgroeplid):
    response = login(client, "sg", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_wrong_password_gets_a_dutch_error_and_keeps_the_username(client, stuurgroeplid):
    response = login(client, "sg", "fout")
    page = response.content.decode()
    assert response.status_code == 200
    assert "combinatie van gebruikersnaam en wachtwoord is niet bekend" in page
    assert 'value="sg"' in page


def test_repeated_failures_lock_the_account_with_a_clear_message(client, stuurgroeplid, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "sg", "fout").status_code == 200
    response = login(client, "sg", "fout")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert "15 minuten" in page
    # Even the right password is refused while locked.
    assert login(client, "sg", PASSWORD).status_code == 429


def test_logout_is_a_post_and_ends_the_session(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    # A GET only asks for confirmation (a link or an image cannot sign anyone out).
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "een-nieuw-lang-wachtwoord",
            "new_password2": "een-nieuw-lang-wachtwoord",
        },
    )
    assert response.status_code == 302
    stuurgroeplid.refresh_from_db()
    assert stuurgroeplid.check_password("een-nieuw-lang-wachtwoord")


def test_password_change_errors_are_dutch(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    page = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": "kort", "new_password2": "anders"},
    ).content.decode()
    assert "oude wachtwoord is niet juist ingevoerd" in page


def test_security_headers_and_a_csp_without_inline_scripts(client):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_scripts(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    assert "<script>" not in page and "onclick=" not in page


def test_csrf_is_enforced(stuurgroeplid):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"login": "sg", "password": PASSWORD})
    assert response.status_code == 403


def test_error_pages_are_dutch(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
