"""Idle session timeout, and django-axes in front of the allauth login."""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def password_login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"login": username, "password": password})


def test_sessions_end_after_thirty_idle_minutes_by_default(settings):
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_each_request_moves_the_expiry_on_and_an_idle_session_ends(client, trekker):
    password_login(client, "tr")
    session = Session.objects.get(session_key=client.session.session_key)
    # Pretend the last request was 29 minutes ago: a request now moves the expiry on.
    _age_session(session, minutes=29)
    assert client.get(reverse("home")).status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)
    # Idle past the timeout: the next request goes to the login page.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_requests_within_a_minute_do_not_write_the_session(client, trekker):
    password_login(client, "tr")
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
        client.get(reverse("home"))
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == []


def _age_session(session, *, minutes):
    """Rewrite the stored session as if its last activity was `minutes` ago."""
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore(session_key=session.session_key)
    data = store.load()
    data["wbw_idle_touched"] = int(time.time()) - minutes * 60
    Session.objects.filter(pk=session.pk).update(
        session_data=store.encode(data),
        expire_date=timezone.now() + datetime.timedelta(minutes=30 - minutes),
    )


def test_axes_locks_out_before_the_second_factor(client, stuurgroeplid, settings):
    settings.WBW_MFA = "required"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_login(client, "sg", "fout").status_code == 200
    locked = password_login(client, "sg", "fout")
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
    # The right password no longer leads anywhere near the MFA setup or challenge.
    again = password_login(client, "sg")
    assert again.status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_failed_logins_are_recorded_by_axes_with_the_username(client, stuurgroeplid):
    from axes.models import AccessAttempt

    password_login(client, "sg", "fout")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "sg" and attempt.failures_since_start == 1
