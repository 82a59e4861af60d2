"""A request for a council and period never attaches to a job that has not progressed within its
deadline, and a stuck job can be retried at once (issue 15). First failing (the new request
attached to the stuck job and queued nothing; a job stuck in the queue could not be retried),
then passing. The sweep and a killed worker are tested in tests/reports/test_sweep.py and
test_redelivery.py."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.models import CouncilReport, CouncilReportState
from tests.reports.conftest import Q1_2026
from tests.reports.factories import CouncilReportFactory

pytestmark = pytest.mark.django_db


def request_again(council, user):
    _request, [report] = services.report_request_create(
        councils=[council],
        period_kind="kwartaal",
        period_start=Q1_2026[0],
        period_end=Q1_2026[1],
        acting_user=user,
    )
    return report


def pending_job(council, **state):
    return CouncilReportFactory(
        council=council,
        request__period_start=Q1_2026[0],
        request__period_end=Q1_2026[1],
        **state,
    )


def queued_too_long(council, **extra):
    waited = datetime.timedelta(seconds=settings.REPORT_QUEUED_DEADLINE + 5)
    return pending_job(council, requested_at=timezone.now() - waited, **extra)


def rendering_too_long(council):
    ran = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5)
    return pending_job(
        council,
        state=CouncilReportState.RENDERING,
        requested_at=timezone.now() - 2 * ran,
        started_at=timezone.now() - ran,
    )


@pytest.mark.parametrize("stuck", [queued_too_long, rendering_too_long])
def test_a_new_request_does_not_attach_to_a_stuck_job(
    stuck, tholen, kwartiermaker, django_capture_on_commit_callbacks
):
    job = stuck(tholen)
    with django_capture_on_commit_callbacks() as queued:
        report = request_again(tholen, kwartiermaker)
    assert len(queued) == 1  # a render task goes to the broker again
    assert report.pk == job.pk
    report.refresh_from_db()
    assert report.state == CouncilReportState.QUEUED and report.started_at is None
    assert timezone.now() - report.requested_at < datetime.timedelta(minutes=1)
    assert report.requeues == 1


def test_a_job_requeued_too_often_fails_and_the_request_gets_a_new_one(
    tholen, kwartiermaker, django_capture_on_commit_callbacks
):
    job = queued_too_long(tholen, requeues=settings.REPORT_MAX_REQUEUES)
    with django_capture_on_commit_callbacks() as queued:
        report = request_again(tholen, kwartiermaker)
    assert len(queued) == 1
    assert report.pk != job.pk and report.state == CouncilReportState.QUEUED
    job.refresh_from_db()
    assert job.state == CouncilReportState.FAILED and job.failure_reason


def test_a_job_within_its_deadline_is_shared(
    tholen, kwartiermaker, django_capture_on_commit_callbacks
):
    job = pending_job(tholen)
    with django_capture_on_commit_callbacks() as queued:
        report = request_again(tholen, kwartiermaker)
    assert queued == [] and report.pk == job.pk


@pytest.mark.parametrize("stuck", [queued_too_long, rendering_too_long])
def test_a_stuck_job_can_be_retried_at_once(
    stuck, tholen, kwartiermaker, django_capture_on_commit_callbacks
):
    job = stuck(tholen)
    assert services.council_report_can_retry(job)
    with django_capture_on_commit_callbacks() as queued:
        services.council_report_retry(report=job, acting_user=kwartiermaker)
    assert len(queued) == 1
    assert CouncilReport.objects.get(pk=job.pk).state == CouncilReportState.QUEUED


def test_a_job_that_is_moving_cannot_be_retried(tholen, roosendaal):
    assert not services.council_report_can_retry(pending_job(tholen))
    assert not services.council_report_can_retry(
        pending_job(roosendaal, state=CouncilReportState.RENDERING, started_at=timezone.now())
    )
