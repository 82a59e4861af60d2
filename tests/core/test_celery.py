"""A task travels through the real broker (Redis in CI) to a real worker process."""

import time

import pytest

from core import services
from core.models import WorkerHeartbeat

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def test_a_real_worker_executes_a_queued_task(celery_worker_queue, kwartiermaker):
    heartbeat = services.worker_heartbeat_request(
        acting_user=kwartiermaker, queue=celery_worker_queue
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        heartbeat.refresh_from_db()
        if heartbeat.processed_at:
            break
        time.sleep(0.2)
    assert heartbeat.processed_at is not None, "no worker processed the task within 60 s"
    assert heartbeat.worker_hostname


@pytest.mark.django_db
def test_the_heartbeat_task_is_idempotent(kwartiermaker):
    from core.tasks import worker_heartbeat

    heartbeat = WorkerHeartbeat.objects.create(requested_by=kwartiermaker)
    worker_heartbeat.run(heartbeat.pk)
    heartbeat.refresh_from_db()
    first = heartbeat.processed_at
    worker_heartbeat.run(heartbeat.pk)
    heartbeat.refresh_from_db()
    assert heartbeat.processed_at == first


@pytest.mark.django_db
def test_the_task_is_queued_only_after_commit(django_capture_on_commit_callbacks, kwartiermaker):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.worker_heartbeat_request(acting_user=kwartiermaker)
    assert len(callbacks) == 1
