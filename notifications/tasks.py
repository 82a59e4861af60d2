"""The worker side of notifications: send one logged mail, and beat's daily and weekly runs."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.events import events
from notifications.mail import build_message
from notifications.models import LogState, NotificationLog

logger = logging.getLogger(__name__)

# What a mail server (or the way to it) may answer that is worth another try.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def _deliver(log_id: int, *, last_attempt: bool) -> Exception | None:
    """Send the mail of a queued log row under a lock on it; a row that is not queued (sent
    already, failed, or gone) is left alone, so running twice never mails twice. Returns the
    error when another attempt should follow."""
    with transaction.atomic():
        log = (
            NotificationLog.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.state != LogState.QUEUED:
            return None
        log.attempts += 1
        items = []
        if events[log.event].group is None:
            items = list(log.items.order_by("created_at", "pk"))
        message = build_message(log, items=items)
        log.subject = message.subject[:300]
        try:
            message.send()
        except DELIVERY_ERRORS as error:
            log.last_error = f"{type(error).__name__}: {error}"[:2000] or type(error).__name__
            log.state = LogState.FAILED if last_attempt else LogState.QUEUED
            log.save(update_fields=["attempts", "subject", "last_error", "state", "updated_at"])
            logger.warning("Mail %s (attempt %s) failed: %s", log_id, log.attempts, error)
            return None if last_attempt else error
        log.state = LogState.SENT
        log.sent_at = timezone.now()
        log.save(update_fields=["attempts", "subject", "state", "sent_at", "updated_at"])
        return None


@shared_task(bind=True, name="notifications.send", max_retries=None)
def send_notification(self, log_id: int) -> None:
    """Send one mail; after NOTIFICATION_MAX_ATTEMPTS failed attempts (with growing pauses)
    it is marked failed and listed for the beheerder."""
    attempts = settings.NOTIFICATION_MAX_ATTEMPTS
    last_attempt = self.request.retries + 1 >= attempts
    error = _deliver(log_id, last_attempt=last_attempt)
    if error is not None:
        delay = settings.NOTIFICATION_RETRY_DELAY * 2**self.request.retries
        raise self.retry(exc=error, countdown=delay, max_retries=attempts - 1)


@shared_task(name="notifications.daily")
def send_daily() -> dict:
    """Beat, every morning: the apps' checks, the reminders, then the digests (last, so they
    carry whatever the checks announced to users who chose a daily digest)."""
    today = timezone.localdate()
    result = {
        "checks": services.scheduled_checks_run(today=today),
        "reminders": services.reminders_send(cadence="daily", today=today),
        "digests": services.digests_send(today=today),
    }
    logger.info("Daily notifications: %s", result)
    return result


@shared_task(name="notifications.requeue_stuck")
def requeue_stuck() -> int:
    """Beat's sweep over mails whose task was lost (see the service)."""
    requeued = services.requeue_stuck()
    if requeued:
        logger.warning("Mails queued again after their task was lost: %s", requeued)
    return requeued


@shared_task(name="notifications.weekly")
def send_weekly() -> int:
    """Beat, every Monday morning: the weekly reminders (statuses without a recent report)."""
    return services.reminders_send(cadence="weekly", today=timezone.localdate())
