"""Jobs survive a dying worker: Redis hands an unacknowledged task out again (issue 16)."""

import json
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

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.long_running,
]

# Shortened for the test; production uses twice the task time limit.
VISIBILITY_TIMEOUT = "4"


@pytest.fixture(scope="module")
def prefork_worker(tmp_path_factory):
    """prefork_worker(queue=None) -> a worker with a prefork pool, on `queue` (or any queue).

    The module's tests share one: the first test's successor also serves the second.
    """
    workers = []

    def get(queue=None):
        for worker in workers:
            if queue in (None, worker.queue):
                return worker
        worker = start_report_worker(
            tmp_path_factory,
            prefix="test-prefork",
            pool="prefork",
            queue=queue,
            env={"CELERY_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT},
        )
        workers.append(worker)
        return worker

    yield get
    for worker in workers:
        worker.stop()


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


def broker_state(queue: str) -> tuple[int, list[float]]:
    """(tasks waiting in `queue`, delivery times of its tasks handed out but not acknowledged),
    as kombu's Redis transport keeps them: a list per queue, and the hash `unacked` with the
    sorted set `unacked_index` (delivery tag -> time handed out) for the whole database."""
    from wbw_portal.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        client = channel.client
        delivered = []
        for tag, payload in client.hgetall(channel.unacked_key).items():
            _message, _exchange, routing_key = json.loads(payload)
            if routing_key == queue:
                delivered.append(client.zscore(channel.unacked_index_key, tag))
        return client.llen(queue), delivered


def test_a_killed_workers_task_comes_back_after_the_visibility_timeout_and_is_made_once(
    tmp_path_factory, kwartiermaker, tholen, workstreams, settings, prefork_worker
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
    waiting, [handed_out_at] = broker_state(doomed.queue)
    assert waiting == 0  # handed out, unacknowledged: only a redelivery brings it back
    slow.delete()

    # A worker started on the same queue after the visibility timeout passed gets the task back
    # (kombu looks for such tasks when a worker starts, and then every few minutes).
    time.sleep(max(0.0, handed_out_at + int(VISIBILITY_TIMEOUT) + 0.5 - time.time()))
    successor = prefork_worker(queue=doomed.queue)
    report = wait_for_state(report, FINISHED, timeout=90)
    # No duplicate can follow: the broker holds nothing more of this queue, neither waiting
    # nor handed out (the successor acknowledges the task once it has run).
    deadline = time.monotonic() + 30
    while broker_state(successor.queue) != (0, []):
        assert time.monotonic() < deadline, broker_state(successor.queue)
        time.sleep(0.1)
    report.refresh_from_db()
    assert report.state == CouncilReportState.DONE, report.failure_reason
    assert report.attempts == 2  # the killed try and the redelivered one
    assert report.version == 1
    assert CouncilReport.objects.filter(council=tholen).count() == 1
    new_files = pdf_files(settings.MEDIA_ROOT) - before
    assert [path.name for path, _mtime in new_files] == [Path(report.file.name).name]


def test_a_killed_pool_child_does_not_stop_the_worker(
    kwartiermaker, tholen, workstreams, prefork_worker
):
    worker = prefork_worker()
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
