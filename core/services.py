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


@transaction.atomic
def history_backdate(*, record, at, latest_only: bool = False, fields: dict | None = None) -> None:
    """Move a tracked record's story into the past, for seeds and tests only: its timestamps
    and its pghistory events (all of them, or with `latest_only` the last one: the latest
    change happened at `at`). `fields` sets more moments the step recorded (such as
    `decided_at`) on the record and on the same events. The record's own triggers are off for
    these writes, so the move itself leaves no event; the page caches' data versions still
    move."""
    import pgtrigger

    fields = fields or {}
    model = type(record)
    events = model.pgh_event_model.objects.filter(pgh_obj_id=record.pk)
    with pgtrigger.ignore():
        if latest_only:
            latest = events.order_by("-pgh_created_at", "-pgh_id").values("pk")[:1]
            events.filter(pk__in=latest).update(pgh_created_at=at, updated_at=at, **fields)
            model.objects.filter(pk=record.pk).update(updated_at=at, **fields)
        else:
            events.update(pgh_created_at=at, created_at=at, updated_at=at, **fields)
            model.objects.filter(pk=record.pk).update(created_at=at, updated_at=at, **fields)


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language a signed-in user chose: their e-mails are written in it."""
    if language in dict(User._meta.get_field("language").choices) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
