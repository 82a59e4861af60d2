"""Jobs that heal themselves: beat's sweep re-queues stuck report jobs, a bounded number of
times, then fails them with a Dutch reason (issue 14)."""

import datetime
import uuid

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from reports import services
from reports.models import CouncilReport, CouncilReportState
from tests.reports.conftest import FINISHED, Q1_2026, wait_for_state


def request_report(council, user, queue):
    _request, [report] = services.report_request_create(
        councils=[council],
        period_kind="kwartaal",
        period_start=Q1_2026[0],
        period_end=Q1_2026[1],
        acting_user=user,
        queue=queue,
    )
    return report


def age(report, **delta):
    """Pretend the job has waited (or rendered) this much longer."""
    CouncilReport.objects.filter(pk=report.pk).update(
        requested_at=report.requested_at - datetime.timedelta(**delta),
        started_at=report.started_at and report.started_at - datetime.timedelta(**delta),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_a_job_whose_task_the_broker_lost_recovers(
    report_worker_queue, kwartiermaker, tholen, workstreams
):
    from wbw_portal.celery import app

    unconsumed = f"test-lost-{uuid.uuid4().hex[:10]}"  # no worker consumes it: the task waits
    report = request_report(tholen, kwartiermaker, unconsumed)
    with app.connection_for_write() as connection:
        assert connection.default_channel.client.llen(unconsumed) == 1
        # The broker loses everything queued (a Redis restart without persistence, a flush).
        connection.default_channel.queue_purge(unconsumed)
        assert connection.default_channel.client.llen(unconsumed) == 0

    # Nothing happens before the deadline ...
    assert services.council_reports_requeue_stuck() == (0, 0)
    age(report, seconds=django_settings.REPORT_QUEUED_DEADLINE + 1)
    # ... after it, the sweep queues the job again and a worker makes the report.
    assert services.council_reports_requeue_stuck(queue=report_worker_queue) == (1, 0)
    report = wait_for_state(report, FINISHED)
    assert report.state == CouncilReportState.DONE, report.failure_reason
    assert report.requeues == 1
    assert report.attempts == 1


@pytest.mark.django_db
def test_an_abandoned_render_is_requeued_and_a_fresh_one_left_alone(
    kwartiermaker, tholen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        report = request_report(tholen, kwartiermaker, None)
    CouncilReport.objects.filter(pk=report.pk).update(
        state=CouncilReportState.RENDERING, started_at=timezone.now(), attempts=1
    )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.council_reports_requeue_stuck() == (0, 0)
        age(report, seconds=django_settings.CELERY_TASK_TIME_LIMIT + 61)
        assert services.council_reports_requeue_stuck() == (1, 0)
    assert len(callbacks) == 1  # the render task, queued on commit
    report.refresh_from_db()
    assert (report.state, report.requeues, report.started_at) == (
        CouncilReportState.QUEUED,
        1,
        None,
    )


@pytest.mark.django_db
def test_after_the_bounded_number_of_requeues_the_job_fails_with_a_dutch_reason(
    kwartiermaker, tholen, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_REQUEUES = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_report(tholen, kwartiermaker, None)
        for _round in range(settings.REPORT_MAX_REQUEUES):
            report.refresh_from_db()
            age(report, seconds=settings.REPORT_QUEUED_DEADLINE + 1)
            assert services.council_reports_requeue_stuck() == (1, 0)
        report.refresh_from_db()
        age(report, seconds=settings.REPORT_QUEUED_DEADLINE + 1)
        assert services.council_reports_requeue_stuck() == (0, 1)
    assert len(callbacks) == 1 + settings.REPORT_MAX_REQUEUES
    report.refresh_from_db()
    assert report.state == CouncilReportState.FAILED
    assert "bleef steeds hangen" in report.failure_reason
    assert "2 keer" in report.failure_reason
    assert services.council_report_can_retry(report)  # a person can still try again


def test_beat_runs_the_sweeps():
    schedule = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reports.requeue_stuck", "core.import_uploads_cleanup", "core.worker_alive"} <= schedule
    from wbw_portal.celery import app

    app.loader.import_default_modules()
    assert {"reports.requeue_stuck", "core.import_uploads_cleanup"} <= set(app.tasks)
