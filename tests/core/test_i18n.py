import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_by_default_even_for_an_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in page and "Inloggen" in page


def test_english_is_available_through_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page and "Inloggen" not in page


def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="nl">' in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("active", ["nl", "en"])
def test_the_language_menu_names_each_language_in_itself(client, active):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = active
    page = client.get(reverse("login")).content.decode()
    assert 'lang="nl">Nederlands</option>' in page
    assert 'lang="en">English</option>' in page
