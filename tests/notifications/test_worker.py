"""Mails sent by a real Celery worker process to a real SMTP server: the path production takes
(queued on commit, sent by the worker, never in the request)."""

import datetime
import time
import uuid

import pytest
from django.db import transaction

from core.models import Role
from notifications import events, services
from notifications.models import LogState, NotificationLog
from notifications.tasks import send_notification
from reports import services as report_services
from reports.models import CouncilReportState
from tests.conftest import SmtpServer, start_worker
from tests.factories import OrganisationFactory, UserFactory
from tests.notifications.test_sending import body, subject

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

SITE = "https://regie.example.nl"


@pytest.fixture(scope="module")
def mail_worker(django_db_setup, django_db_blocker, tmp_path_factory, tmp_path_factory_media):
    """A worker that sends through its own SMTP server and consumes a queue of its own, on
    which it also queues the mails of the jobs it runs."""
    server = SmtpServer()
    queue = f"test-mail-{uuid.uuid4().hex[:10]}"
    worker = start_worker(
        tmp_path_factory,
        queue=queue,
        env={
            "EMAIL_URL": server.url,
            "SITE_URL": SITE,
            "NOTIFICATION_QUEUE": queue,
            "MEDIA_ROOT": str(tmp_path_factory_media),
        },
    )
    yield server, worker
    worker.stop()
    server.stop()


@pytest.fixture(scope="module")
def tmp_path_factory_media(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    return media


@pytest.fixture
def on_worker(mail_worker, settings, tmp_path_factory_media):
    server, worker = mail_worker
    settings.NOTIFICATION_QUEUE = worker.queue
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path_factory_media
    server.received.clear()
    return server, worker


def wait_for(condition, timeout=90, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_worker_sends_a_queued_mail_once_even_when_its_task_runs_twice(on_worker):
    server, worker = on_worker
    member = UserFactory(username="wk-sg", email="wk-sg@example.nl")
    with transaction.atomic():
        [log] = services.notify(
            event=events.MINUTES_READY.key,
            recipients=[member],
            context={"title": "Stuurgroep mei", "held_on": "2026-05-14", "url": "/x/"},
            key="minutes_ready:worker",
        )
        assert not server.received  # nothing leaves before the commit
    wait_for(lambda: len(server.received) == 1, what="the mail")
    # The worker marks the row sent in the transaction that it commits after the SMTP
    # exchange, so the mail may arrive a moment before the row says so.
    wait_for(
        lambda: NotificationLog.objects.get(pk=log.pk).state == LogState.SENT,
        what="the row marked sent",
    )
    log.refresh_from_db()
    assert log.attempts == 1

    send_notification.apply_async(args=[log.pk], queue=worker.queue)
    wait_for(lambda: worker.log().count("notifications.send[") >= 4, what="the second run")
    assert len(server.received) == 1
    assert (
        subject(server.received[0]) == "[WBW Regieportaal] Verslag ter vaststelling: Stuurgroep mei"
    )
    assert f"{SITE}/x/" in server.received[0].get_payload(0).get_payload(decode=True).decode()


def test_a_finished_council_report_mails_its_griffiers_and_the_requester(on_worker):
    server, worker = on_worker
    council = OrganisationFactory(short_name="Etten-Leur", name="Gemeente Etten-Leur")
    griffier = UserFactory(
        username="wk-gr", organisation=council, roles=[Role.GRIFFIER], email="gr@el.nl"
    )
    UserFactory(username="wk-gr-other", roles=[Role.GRIFFIER], email="other@else.nl")
    requester = UserFactory(
        username="wk-km", organisation=None, roles=[Role.KWARTIERMAKER], email="km@wbw.nl"
    )
    _request, [report] = report_services.report_request_create(
        councils=[council],
        period_kind="kwartaal",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        acting_user=requester,
        queue=worker.queue,
    )
    wait_for(lambda: len(server.received) == 2, timeout=180, what="two mails")
    report.refresh_from_db()
    assert report.state == CouncilReportState.DONE
    assert sorted(message["To"] for message in server.received) == ["gr@el.nl", "km@wbw.nl"]
    assert {subject(message) for message in server.received} == {
        "[WBW Regieportaal] Raadsrapportage Gemeente Etten-Leur gereed"
    }
    assert all(
        "voor de gemeenteraad van Etten-Leur over" in body(message, "plain")
        for message in server.received
    )
    assert NotificationLog.objects.filter(key=f"report_ready:{report.pk}").count() == 2
    assert griffier.pk in set(NotificationLog.objects.values_list("recipient_id", flat=True))
