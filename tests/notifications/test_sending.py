"""Announcing an event and sending its mails, through a real SMTP server (aiosmtpd): who gets
what, the links, the headers, the attachment, idempotency, preferences, digests and failures.
The send task runs in this process (`.apply()`); tests/notifications/test_worker.py runs it in
a real worker."""

import datetime
import re
import socket
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from notifications import events, selectors, services
from notifications.mail import read_unsubscribe_token
from notifications.models import Delivery, Group, LogState, NotificationLog
from notifications.tasks import send_daily, send_notification
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

SITE = "https://regie.example.nl"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.NOTIFICATION_RETRY_DELAY = 0


def person(username, *, language="nl", **traits):
    return UserFactory(
        username=username, email=f"{username}@example.nl", language=language, **traits
    )


def body(message: Message, subtype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_payload(decode=True).decode().replace("\r\n", "\n")
    raise AssertionError(f"no text/{subtype} part")


def subject(message: Message) -> str:
    unfolded = str(message["Subject"]).replace("\r\n", "").replace("\n", "")
    return str(make_header(decode_header(unfolded)))


def announce(recipients, *, key="report_ready:1", event=events.REPORT_READY.key, **extra):
    context = {
        "council": "Gemeente Roosendaal",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 3, 31),
        "version": 2,
        "url": "/rapportages/1/",
    }
    return services.notify(event=event, recipients=recipients, context=context, key=key, **extra)


def send_all(django_capture_on_commit_callbacks, make):
    """Announce in a transaction and run the send tasks its commit queues, here and now."""
    with django_capture_on_commit_callbacks(execute=True):
        return make()


def unsubscribe_link(message: Message) -> str:
    header = "".join(str(message["List-Unsubscribe"]).split())  # unfolded
    return re.fullmatch(r"<(\S+)>", header).group(1)


def test_each_recipient_gets_one_mail_with_subject_links_and_unsubscribe_headers(
    smtp_server, django_capture_on_commit_callbacks
):
    griffier, requester = person("griffier1"), person("aanvrager1")
    send_all(django_capture_on_commit_callbacks, lambda: announce([griffier, requester]))

    assert sorted(message["To"] for message in smtp_server) == [
        "aanvrager1@example.nl",
        "griffier1@example.nl",
    ]
    message = next(m for m in smtp_server if m["To"] == "griffier1@example.nl")
    assert subject(message) == "[WBW Regieportaal] Raadsrapportage Gemeente Roosendaal gereed"
    text, html = body(message, "plain"), body(message, "html")
    assert "Geachte" in text and "1 januari 2026 tot en met 31 maart 2026" in text
    assert f"{SITE}/rapportages/1/" in text
    assert f'href="{SITE}/rapportages/1/"' in html
    # One-click unsubscribe (RFC 8058), for this user and this group only.
    link = unsubscribe_link(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith(f"{SITE}/meldingen/afmelden/") and link in text and link in html
    token = link.removeprefix(f"{SITE}/meldingen/afmelden/").rstrip("/")
    assert read_unsubscribe_token(token) == (griffier.pk, Group.REPORTS)
    assert NotificationLog.objects.filter(state=LogState.SENT).count() == 2


def test_a_user_who_chose_english_gets_the_mail_in_english(
    smtp_server, django_capture_on_commit_callbacks
):
    english = person("engels", language="en")
    send_all(django_capture_on_commit_callbacks, lambda: announce([english]))
    text = body(smtp_server[0], "plain")
    # Dates are always written in the recipient's language; the rest follows the catalogue.
    assert "January 2026" in text and "januari" not in text


def test_running_the_task_twice_or_announcing_twice_mails_once(
    smtp_server, django_capture_on_commit_callbacks
):
    griffier = person("griffier2")
    with django_capture_on_commit_callbacks(execute=False):
        [log] = announce([griffier])
        assert announce([griffier]) == []  # the same key: nothing new
    send_notification.apply(args=[log.pk])
    send_notification.apply(args=[log.pk])
    assert len(smtp_server) == 1
    log.refresh_from_db()
    assert (log.state, log.attempts) == (LogState.SENT, 1)
    assert NotificationLog.objects.filter(key="report_ready:1").count() == 1


def test_recipients_without_address_or_with_the_group_off_get_nothing(
    smtp_server, django_capture_on_commit_callbacks
):
    no_address = UserFactory(username="zonderadres", email="")
    inactive = person("inactief", is_active=False)
    opted_out = person("afgemeld")
    services.preferences_set(
        user=opted_out, deliveries={Group.REPORTS: Delivery.OFF}, acting_user=opted_out
    )
    other_group_off = person("anders")
    services.preferences_set(
        user=other_group_off, deliveries={Group.BUDGET: Delivery.OFF}, acting_user=other_group_off
    )
    send_all(
        django_capture_on_commit_callbacks,
        lambda: announce([no_address, inactive, opted_out, other_group_off]),
    )
    assert [message["To"] for message in smtp_server] == ["anders@example.nl"]


def test_an_ics_attachment_arrives_as_a_calendar_file(
    smtp_server, django_capture_on_commit_callbacks
):
    member = person("sglid")
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    send_all(
        django_capture_on_commit_callbacks,
        lambda: services.notify(
            event=events.AGENDA_PUBLISHED.key,
            recipients=[member],
            context={
                "title": "Stuurgroep maart",
                "held_on": datetime.date(2026, 3, 12),
                "location": "Roosendaal",
                "url": "/governance/vergaderingen/3/",
            },
            key="agenda_published:3",
            attachments=[{"name": "stuurgroep.ics", "mimetype": "text/calendar", "content": ics}],
        ),
    )
    [message] = smtp_server
    assert subject(message) == "[WBW Regieportaal] Agenda Stuurgroep maart"
    [attachment] = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_filename() == "stuurgroep.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert "METHOD:REQUEST" in attachment.get_payload(decode=True).decode()
    assert "12 maart 2026" in body(message, "plain")


def test_daily_digest_groups_the_waiting_items_into_one_mail(
    smtp_server, django_capture_on_commit_callbacks
):
    reader = person("dagelijks")
    immediate = person("direct")
    services.preferences_set(
        user=reader, deliveries={Group.REPORTS: Delivery.DAILY}, acting_user=reader
    )
    with django_capture_on_commit_callbacks(execute=True):
        announce([reader, immediate], key="report_ready:1")
        announce([reader], key="report_ready:2")
    assert [message["To"] for message in smtp_server] == ["direct@example.nl"]
    assert NotificationLog.objects.filter(recipient=reader, state=LogState.WAITING).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        send_daily.apply()
        send_daily.apply()  # beat running twice: still one digest
    digests = [message for message in smtp_server if message["To"] == "dagelijks@example.nl"]
    assert len(digests) == 1
    assert subject(digests[0]) == "[WBW Regieportaal] Dagelijks overzicht: 2 meldingen"
    text = body(digests[0], "plain")
    assert text.count("Raadsrapportage Gemeente Roosendaal gereed") == 2
    assert f"{SITE}/rapportages/1/" in text
    # The digest's link unsubscribes from everything (it carries several groups).
    token = re.search(r"/meldingen/afmelden/(\S+?)/", text).group(1)
    assert read_unsubscribe_token(token) == (reader.pk, None)
    assert NotificationLog.objects.filter(recipient=reader, state=LogState.IN_DIGEST).count() == 2


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refusing_mail_server_is_retried_a_bounded_number_of_times_then_failed(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_port()  # nobody listens
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        [log] = announce([person("pech")])
    send_notification.apply(args=[log.pk])
    log.refresh_from_db()
    assert (log.state, log.attempts) == (LogState.FAILED, 3)
    assert "ConnectionRefusedError" in log.last_error
    assert selectors.failed_notifications_count() == 1
    assert list(selectors.failed_notifications()) == [log]

    # Once the server is back, the beheerder sends it again.
    send_notification.apply(args=[log.pk])  # a failed mail is left alone by the task
    log.refresh_from_db()
    assert log.attempts == 3


def test_the_development_backend_writes_one_eml_file_per_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "notifications.backends.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    django_mail.EmailMessage("Eén", "tekst", to=["a@example.nl"]).send()
    django_mail.EmailMessage("Twee", "tekst", to=["b@example.nl"]).send()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert {"a@example.nl", "b@example.nl"} == {
        re.search(r"^To: (\S+)", path.read_text(), re.M).group(1) for path in files
    }


def test_the_unsubscribe_link_in_a_mail_works_without_login(
    client, smtp_server, django_capture_on_commit_callbacks
):
    griffier = person("griffier3")
    send_all(django_capture_on_commit_callbacks, lambda: announce([griffier]))
    link = unsubscribe_link(smtp_server[0])
    path = link.removeprefix(SITE)
    assert client.post(path).status_code == 200
    assert selectors.preferences_for(user=griffier)[Group.REPORTS] == Delivery.OFF
    assert path.startswith(reverse("notifications:preferences"))


def test_a_mail_whose_task_was_lost_is_queued_again_by_the_sweep_and_sent_once(
    smtp_server, django_capture_on_commit_callbacks, settings
):
    from django.utils import timezone

    from notifications.tasks import requeue_stuck

    with django_capture_on_commit_callbacks(execute=False):  # the task never reaches a worker
        [log] = announce([person("verloren")])
    assert smtp_server == []
    assert requeue_stuck.apply().get() == 0  # not late yet
    NotificationLog.objects.filter(pk=log.pk).update(
        updated_at=timezone.now()
        - datetime.timedelta(seconds=settings.NOTIFICATION_QUEUED_DEADLINE + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck.apply().get() == 1
        requeue_stuck.apply()
    assert [message["To"] for message in smtp_server] == ["verloren@example.nl"]
    log.refresh_from_db()
    assert log.state == LogState.SENT


def test_announcing_costs_the_same_queries_for_two_or_twenty_recipients(
    django_capture_on_commit_callbacks,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [person(f"veel{i}") for i in range(20)]
    counts = []
    for size in (2, 20):
        with (
            django_capture_on_commit_callbacks(execute=False),
            CaptureQueriesContext(connection) as queries,
        ):
            logs = announce(people[:size], key=f"report_ready:size-{size}")
        assert len(logs) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts
