"""Jobs survive a dying worker: Redis hands an unacknowledged task out again (issue 16)."""

import os
import signal
import time
from pathlib import Path

import pytest

from reports import services
from reports.models import CouncilReport, CouncilReportState
from tests.factories import WorkstreamFactory
from tests.reports.conftest import FINISHED, Q1_2026, start_report_worker, wait_for_state
from tests.reports.sections_provider import SLOW_MARKER

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

# Shortened for the test; production uses twice the task time limit.
VISIBILITY_TIMEOUT = "4"


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


def pdf_files(media_root) -> set[tuple[Path, int]]:
    # Earlier tests of the session wrote under the same MEDIA_ROOT, maybe under the same name.
    return {(path, path.stat().st_mtime_ns) for path in Path(media_root).rglob("*.pdf")}


def test_a_killed_workers_task_comes_back_after_the_visibility_timeout_and_is_made_once(
    tmp_path_factory, kwartiermaker, tholen, workstreams, settings
):
    env = {"CELERY_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT}
    before = pdf_files(settings.MEDIA_ROOT)
    slow = WorkstreamFactory(number=31, name=SLOW_MARKER, slug="traag")
    doomed = start_report_worker(tmp_path_factory, prefix="test-redeliver", env=env)
    try:
        report = request_report(tholen, kwartiermaker, doomed.queue)
        wait_for_state(report, {CouncilReportState.RENDERING}, timeout=60)
        time.sleep(1)
        doomed.kill()  # the whole worker, mid-render: nothing was acknowledged
    finally:
        doomed.stop()
    report.refresh_from_db()
    assert report.state == CouncilReportState.RENDERING
    slow.delete()

    # A worker started on the same queue after the visibility timeout passed gets the task back
    # (kombu looks for such tasks when a worker starts, and then every few minutes).
    time.sleep(int(VISIBILITY_TIMEOUT) + 1)
    successor = start_report_worker(
        tmp_path_factory, prefix="test-successor", queue=doomed.queue, env=env
    )
    try:
        report = wait_for_state(report, FINISHED, timeout=90)
        time.sleep(int(VISIBILITY_TIMEOUT) + 2)  # room for a duplicate delivery to show up
    finally:
        successor.stop()
    report.refresh_from_db()
    assert report.state == CouncilReportState.DONE, report.failure_reason
    assert report.attempts == 2  # the killed try and the redelivered one
    assert report.version == 1
    assert CouncilReport.objects.filter(council=tholen).count() == 1
    new_files = pdf_files(settings.MEDIA_ROOT) - before
    assert [path.name for path, _mtime in new_files] == [Path(report.file.name).name]


def test_a_killed_pool_child_does_not_stop_the_worker(
    tmp_path_factory, kwartiermaker, tholen, workstreams, settings
):
    worker = start_report_worker(tmp_path_factory, prefix="test-prefork", pool="prefork")
    try:
        slow = WorkstreamFactory(number=31, name=SLOW_MARKER, slug="traag")
        first = request_report(tholen, kwartiermaker, worker.queue)
        wait_for_state(first, {CouncilReportState.RENDERING}, timeout=60)
        slow.delete()  # the running render has its data already; the next one is quick
        [child] = worker.pool_children()
        os.kill(child, signal.SIGKILL)

        # acks late + reject on worker lost: the job is handed out again at once ...
        first = wait_for_state(first, FINISHED, timeout=90)
        assert first.state == CouncilReportState.DONE, first.failure_reason
        assert first.attempts == 2
        # ... and the worker, with a new pool child, takes new tasks.
        assert worker.pool_children() != [child]
        first.delete()
        second = request_report(tholen, kwartiermaker, worker.queue)
        second = wait_for_state(second, FINISHED, timeout=90)
        assert second.state == CouncilReportState.DONE, second.failure_reason
    finally:
        worker.stop()
