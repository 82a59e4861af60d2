from django.db import transaction

from core.models import User, WorkerHeartbeat


@transaction.atomic
def worker_heartbeat_request(
    *, acting_user: User | None, queue: str | None = None
) -> WorkerHeartbeat:
    """Record a heartbeat and queue it for a worker once the transaction commits."""
    from core.tasks import worker_heartbeat

    heartbeat = WorkerHeartbeat.objects.create(requested_by=acting_user)
    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: worker_heartbeat.apply_async(args=[heartbeat.pk], **options))
    return heartbeat
