import socket

from celery import shared_task
from django.utils import timezone

from core.models import WorkerHeartbeat


@shared_task(name="core.worker_heartbeat")
def worker_heartbeat(heartbeat_id: int) -> None:
    """Mark the heartbeat as processed by this worker; running it twice changes nothing."""
    WorkerHeartbeat.objects.filter(pk=heartbeat_id, processed_at__isnull=True).update(
        processed_at=timezone.now(), worker_hostname=socket.gethostname()
    )


@shared_task(name="core.import_run")
def import_run(upload_id: str) -> None:
    """Book a large previewed import in the background; idempotent (claims the row first)."""
    from core.imports.pipeline import import_run as run

    run(upload_id)


@shared_task(name="core.imports_requeue_stuck")
def imports_requeue_stuck() -> tuple[int, int]:
    """Background imports whose worker died or whose task was lost: queued again or refused."""
    from core.imports.pipeline import imports_requeue_stuck as sweep

    return sweep()


@shared_task(name="core.import_uploads_cleanup")
def import_uploads_cleanup() -> int:
    """Remove abandoned import uploads (older than IMPORT_UPLOAD_MAX_AGE_HOURS); schedulable."""
    from core.imports.pipeline import import_uploads_cleanup as cleanup

    return cleanup()


@shared_task(name="core.worker_alive", ignore_result=True)
def worker_alive() -> None:
    """Sent by beat every WBW_WORKER_HEARTBEAT_INTERVAL seconds; /gezond/ reads its time."""
    from core.health import worker_heartbeat_record

    worker_heartbeat_record()
