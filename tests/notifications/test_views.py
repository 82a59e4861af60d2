"""The notification pages: rules for every role, each page allowed/refused/anonymous, the
preferences form, unsubscribing without login (and for that user only), the failed mails and
the language switch that decides a user's mail language; query budgets at two data sizes."""

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import selectors
from notifications.mail import unsubscribe_token
from notifications.models import Delivery, Group, LogState, NotificationLog
from tests.access import BH, KM, SIGNED_IN, assert_page_guarded, roles_allowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RULES = {
    ("notifications.manage_own_preferences", None): SIGNED_IN,
    ("notifications.view_failed", None): {BH, KM},
    ("notifications.retry_failed", None): {BH},
}

PAGES = {
    ("notifications:preferences", "get"): "notifications.manage_own_preferences",
    ("notifications:failed", "get"): "notifications.view_failed",
}


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, rule, key):
    assert roles_allowed(role_users, rule) == RULES[(rule, key)]


def test_the_table_covers_every_notifications_rule():
    import rules

    assert {
        name for name in rules.permissions.permissions if name.startswith("notifications.")
    } == {rule for rule, _ in RULES}


@pytest.mark.parametrize(("url_name", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(client, role_users, url_name, method):
    assert_page_guarded(
        client,
        role_users,
        url=reverse(url_name),
        method=method,
        allowed=RULES[(PAGES[(url_name, method)], None)],
    )


def failed_log(recipient, key="report_ready:9"):
    return NotificationLog.objects.create(
        key=key,
        recipient=recipient,
        event="report_ready",
        context={"council": "Tholen", "url": "/rapportages/9/"},
        state=LogState.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        subject="[WBW Regieportaal] Raadsrapportage Tholen gereed",
    )


# --- Preferences -------------------------------------------------------------------------------
def test_the_preferences_page_shows_and_stores_a_choice_per_group(client, griffier):
    client.force_login(griffier)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for group in Group:
        assert str(group.label) in page
    assert "Dagelijks overzicht" in page and "---------" not in page

    choices = dict.fromkeys(Group.values, Delivery.IMMEDIATELY)
    choices[Group.REPORTS] = Delivery.DAILY
    choices[Group.BUDGET] = Delivery.OFF
    response = client.post(reverse("notifications:preferences"), choices, follow=True)
    assert "zijn opgeslagen" in response.content.decode()
    stored = selectors.preferences_for(user=griffier)
    assert stored[Group.REPORTS] == Delivery.DAILY and stored[Group.BUDGET] == Delivery.OFF


def test_a_bad_choice_is_refused_in_dutch_and_nothing_is_saved(client, griffier):
    client.force_login(griffier)
    choices = dict.fromkeys(Group.values, Delivery.OFF)
    choices[Group.REPORTS] = "soms"
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert selectors.preferences_for(user=griffier)[Group.BUDGET] == Delivery.IMMEDIATELY


def test_the_account_menu_links_to_the_preferences(client, respondent):
    client.force_login(respondent)
    assert reverse("notifications:preferences") in client.get(reverse("home")).content.decode()


# --- Unsubscribe -------------------------------------------------------------------------------
def test_unsubscribing_needs_no_login_and_turns_off_only_that_group_of_that_user(client):
    reader = UserFactory(username="lezer", email="lezer@example.nl")
    other = UserFactory(username="ander", email="ander@example.nl")
    url = reverse(
        "notifications:unsubscribe",
        args=[unsubscribe_token(user_id=reader.pk, group=Group.BUDGET)],
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Begroting" in page.content.decode()
    assert selectors.preferences_for(user=reader)[Group.BUDGET] == Delivery.IMMEDIATELY  # GET

    # Signed in as someone else: the token still speaks only for its own user.
    client.force_login(other)
    assert client.post(url).status_code == 200
    reader_choices = selectors.preferences_for(user=reader)
    assert reader_choices[Group.BUDGET] == Delivery.OFF
    assert reader_choices[Group.REPORTS] == Delivery.IMMEDIATELY
    assert selectors.preferences_for(user=other)[Group.BUDGET] == Delivery.IMMEDIATELY


def test_a_mail_programs_one_click_post_works_without_csrf_token(db):
    reader = UserFactory(username="klik", email="klik@example.nl")
    url = reverse(
        "notifications:unsubscribe",
        args=[unsubscribe_token(user_id=reader.pk, group=Group.REMINDERS)],
    )
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    assert selectors.preferences_for(user=reader)[Group.REMINDERS] == Delivery.OFF


@pytest.mark.parametrize(
    "token",
    [
        "niet-ondertekend",
        unsubscribe_token(user_id=1, group="rapportages")[:-3] + "abc",
        # A well-signed token under another salt (e.g. from another feature) is no token here.
        signing.dumps({"u": 1, "g": None}),
    ],
    # Named: signed tokens carry the time, and pytest-xdist needs the same test ids in every
    # process.
    ids=["unsigned", "altered-signature", "other-salt"],
)
def test_a_tampered_link_gets_a_clear_dutch_error_and_changes_nothing(client, token):
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Deze afmeldlink werkt niet" in response.content.decode()


def test_a_link_for_a_removed_user_gets_the_same_error(client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=987654, group=None)])
    assert client.post(url).status_code == 400


# --- Failed mails ------------------------------------------------------------------------------
def test_the_beheerder_sees_failed_mails_and_sends_one_again(
    client, beheerder, griffier, smtp_server, django_capture_on_commit_callbacks, eager_tasks
):
    griffier.email = "gr@roosendaal.nl"
    griffier.save()
    log = failed_log(griffier)
    client.force_login(beheerder)
    page = client.get(reverse("notifications:failed")).content.decode()
    assert "Connection unexpectedly closed" in page and "gr@roosendaal.nl" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:retry", args=[log.pk]), follow=True)
    assert "weer in de wachtrij" in response.content.decode()
    log.refresh_from_db()
    assert log.state == LogState.SENT
    assert [message["To"] for message in smtp_server] == ["gr@roosendaal.nl"]


def test_the_kwartiermaker_sees_failed_mails_but_may_not_resend(client, kwartiermaker, griffier):
    log = failed_log(griffier)
    client.force_login(kwartiermaker)
    page = client.get(reverse("notifications:failed")).content.decode()
    assert "Opnieuw versturen" not in page
    assert client.post(reverse("notifications:retry", args=[log.pk])).status_code == 403
    log.refresh_from_db()
    assert log.state == LogState.FAILED


def test_the_system_status_page_links_to_the_failed_mails(client, kwartiermaker):
    client.force_login(kwartiermaker)
    page = client.get(reverse("core:system_status")).content.decode()
    assert reverse("notifications:failed") in page


# --- Mail language ---------------------------------------------------------------------------
def test_the_language_switch_keeps_a_signed_in_users_choice_for_their_mails(client, griffier):
    client.force_login(griffier)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    griffier.refresh_from_db()
    assert griffier.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    griffier.refresh_from_db()
    assert griffier.language == "en"


def test_the_language_switch_still_works_anonymously(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


# --- Query budgets -----------------------------------------------------------------------------
BUDGETS = {"notifications:preferences": 4, "notifications:failed": 5}


def test_the_pages_query_count_does_not_grow_with_the_data(client, beheerder):
    client.force_login(beheerder)
    counts = {name: [] for name in BUDGETS}
    for size in (2, 20):
        for i in range(size - NotificationLog.objects.count()):
            failed_log(UserFactory(username=f"ontvanger-{size}-{i}"), key=f"k:{size}:{i}")
        for name in BUDGETS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name)).status_code == 200
            counts[name].append(len(queries))
    for name, budget in BUDGETS.items():
        assert max(counts[name]) <= budget, (name, counts[name])
