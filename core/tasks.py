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
