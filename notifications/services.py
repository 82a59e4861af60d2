"""Writes of the notifications app: announcing an event, the daily digest and reminders, a
user's preferences and unsubscribing.

Domain apps call notify() from their own services, inside transaction.on_commit, so nobody is
mailed about something that was rolled back. Mails themselves are sent by the worker
(notifications.tasks.send_notification), never in the request.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core import seed
from core.models import User
from notifications.events import DIGEST, events, reminder_sources, scheduled_checks
from notifications.models import (
    Delivery,
    Group,
    LogState,
    NotificationLog,
    NotificationPreference,
)
from notifications.selectors import deliveries_for


def _queue_send(log_ids: list[int]) -> None:
    from notifications.tasks import send_notification

    options = {"queue": settings.NOTIFICATION_QUEUE} if settings.NOTIFICATION_QUEUE else {}
    if log_ids:
        transaction.on_commit(
            lambda: [send_notification.apply_async(args=[pk], **options) for pk in log_ids]
        )


def _plain(value) -> dict | list:
    """Dates, decimals and lazy strings as JSON (dates as ISO strings; `long_date` reads them)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@transaction.atomic
def notify(
    *,
    event: str,
    recipients: Iterable[User],
    context: dict,
    key: str,
    attachments: Iterable[dict] = (),
) -> list[NotificationLog]:
    """Announce `event` to `recipients`; each gets it as they chose for the event's group (off,
    immediately, or in tomorrow morning's digest). `key` identifies the event: announcing the
    same key again mails nobody twice. Attachments are {"name", "mimetype", "content"} (text).
    Recipients without an e-mail address, or no longer active, are skipped. While seed data
    loads (core.seed.loading), nothing is announced."""
    if seed.is_loading():
        return []
    definition = events[event]
    users = {user.pk: user for user in recipients if user.is_active and user.email}
    if not users:
        return []
    deliveries = deliveries_for(user_ids=list(users), group=definition.group)
    context = _plain(context)
    attachments = _plain(list(attachments))
    wanted = [user_id for user_id in users if deliveries[user_id] != Delivery.OFF]
    already = set(
        NotificationLog.objects.filter(key=key, recipient_id__in=wanted).values_list(
            "recipient_id", flat=True
        )
    )
    new = [user_id for user_id in wanted if user_id not in already]
    if not new:
        return []
    # Three queries whatever the number of recipients. A concurrent announcement of the same
    # key loses the insert (the unique constraint) but may queue the same rows: harmless, as
    # the send task sends only a row that is still queued, under a lock.
    NotificationLog.objects.bulk_create(
        [
            NotificationLog(
                key=key,
                recipient_id=user_id,
                event=event,
                context=context,
                attachments=attachments,
                state=LogState.WAITING
                if deliveries[user_id] == Delivery.DAILY and not definition.is_digest
                else LogState.QUEUED,
            )
            for user_id in new
        ],
        ignore_conflicts=True,
    )
    created_logs = list(
        NotificationLog.objects.filter(key=key, recipient_id__in=new).order_by("pk")
    )
    _queue_send([log.pk for log in created_logs if log.state == LogState.QUEUED])
    return created_logs


def notify_on_commit(**arguments) -> None:
    """notify() once the caller's transaction has committed (the usual way to call it)."""
    transaction.on_commit(lambda: notify(**arguments))


def digests_send(*, today: datetime.date) -> int:
    """Bundle each user's waiting notifications into one digest mail; returns how many."""
    user_ids = (
        NotificationLog.objects.filter(state=LogState.WAITING)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(user_ids):
        with transaction.atomic():
            items = list(
                NotificationLog.objects.select_for_update(skip_locked=True)
                .filter(state=LogState.WAITING, recipient_id=user_id)
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            digest, created = NotificationLog.objects.get_or_create(
                key=f"{DIGEST.key}:{today.isoformat()}",
                recipient_id=user_id,
                defaults={
                    "event": DIGEST.key,
                    "context": _plain({"count": len(items), "date": today}),
                },
            )
            if not created:  # today's digest went out already; these wait for tomorrow's
                continue
            NotificationLog.objects.filter(pk__in=[item.pk for item in items]).update(
                state=LogState.IN_DIGEST, digest=digest, updated_at=timezone.now()
            )
            _queue_send([digest.pk])
            sent += 1
    return sent


def _period(cadence: str, today: datetime.date) -> str:
    if cadence == "weekly":
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def reminders_send(*, cadence: str, today: datetime.date) -> int:
    """Collect the registered reminder sources of `cadence` ("daily" or "weekly") and mail each
    recipient one digest per event, its items grouped by section; returns the mails queued."""
    collected: dict[tuple[str, int], list] = defaultdict(list)
    extra: dict[str, dict] = defaultdict(dict)
    for _key, source in reminder_sources:
        if source.cadence == cadence:
            extra[source.event].update(source.context())
            for item in source.items(today):
                collected[(source.event, item.recipient_id)].append(item)
    users = User.objects.in_bulk({user_id for _event, user_id in collected})
    queued = 0
    for (event, user_id), items in collected.items():
        if user_id not in users:
            continue
        sections: dict[str, list] = {}
        for item in items:
            sections.setdefault(item.section, []).append(
                {"title": item.title, "url": item.url, "date": item.date, "overdue": item.overdue}
            )
        queued += len(
            notify(
                event=event,
                recipients=[users[user_id]],
                context={
                    **extra[event],
                    "count": len(items),
                    "date": today,
                    "sections": [
                        {"title": title, "items": lines} for title, lines in sections.items()
                    ],
                },
                key=f"{event}:{_period(cadence, today)}",
            )
        )
    return queued


def scheduled_checks_run(*, today: datetime.date) -> int:
    """Run the apps' daily checks (each announces its own events); returns their total."""
    return sum(check.run(today) for _key, check in scheduled_checks)


@transaction.atomic
def preferences_set(*, user: User, deliveries: dict[str, str], acting_user: User) -> None:
    """Store the user's choice per group (`deliveries`: group -> delivery)."""
    for group, delivery in deliveries.items():
        Group(group), Delivery(delivery)  # unknown values are a programming error
        NotificationPreference.objects.update_or_create(
            user=user, group=group, defaults={"delivery": delivery}
        )


@transaction.atomic
def unsubscribe(*, user_id: int, group: str | None) -> User | None:
    """Turn off one group (None: every group) for one user, from a mail's link; no login.
    None when the user no longer exists."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    groups = [group] if group else Group.values
    for name in groups:
        NotificationPreference.objects.update_or_create(
            user=user, group=name, defaults={"delivery": Delivery.OFF}
        )
    return user


def requeue_stuck(*, now=None) -> int:
    """Queue again the mails that have waited in the queue longer than
    NOTIFICATION_QUEUED_DEADLINE (the broker lost their task, or their worker died); sending is
    idempotent, so a task that was only slow does no harm. Returns how many."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(seconds=settings.NOTIFICATION_QUEUED_DEADLINE)
    with transaction.atomic():
        stuck = list(
            NotificationLog.objects.filter(state=LogState.QUEUED, updated_at__lt=deadline)
            .order_by("pk")
            .values_list("pk", flat=True)[:1000]
        )
        NotificationLog.objects.filter(pk__in=stuck).update(updated_at=now)
        _queue_send(stuck)
    return len(stuck)


@transaction.atomic
def notification_retry(*, log: NotificationLog, acting_user: User) -> NotificationLog:
    """Queue a failed mail once more (beheerder), for example after the mail server was
    repaired; it gets the full number of attempts again."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    log = NotificationLog.objects.select_for_update().get(pk=log.pk)
    if log.state != LogState.FAILED:
        raise ValidationError(_("Alleen een mislukte e-mail kan opnieuw worden verstuurd."))
    log.state = LogState.QUEUED
    log.save(update_fields=["state", "updated_at"])
    _queue_send([log.pk])
    return log
