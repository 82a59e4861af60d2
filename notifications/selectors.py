"""Reads of the notifications app: users' choices and the mails that could not be sent."""

from django.db.models import Count, Max, QuerySet

from notifications.models import Delivery, Group, LogState, NotificationLog, NotificationPreference


def default_delivery(group: str | None) -> str:
    """What a user who chose nothing gets: every group immediately."""
    return Delivery.IMMEDIATELY


def deliveries_for(*, user_ids: list[int], group: str | None) -> dict[int, str]:
    """user id -> delivery for `group` (the digest, group None, always goes out)."""
    if group is None:
        return dict.fromkeys(user_ids, Delivery.IMMEDIATELY)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, group=group).values_list(
            "user_id", "delivery"
        )
    )
    return {user_id: chosen.get(user_id, default_delivery(group)) for user_id in user_ids}


def preferences_for(*, user) -> dict[str, str]:
    """group -> delivery for every group, the user's choice or the default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("group", "delivery"))
    return {group: chosen.get(group, default_delivery(group)) for group in Group.values}


def failed_notifications() -> QuerySet[NotificationLog]:
    """Mails that failed after every attempt, newest first (beheerder's list)."""
    return NotificationLog.objects.filter(state=LogState.FAILED).select_related("recipient")


def failed_notifications_count() -> int:
    """How many mails failed after every attempt: for a "needs attention" list."""
    return NotificationLog.objects.filter(state=LogState.FAILED).count()


def failed_notifications_summary() -> dict:
    """{"count", "latest"}: how many mails failed after every attempt and when the last one
    did, in one query (for 'Actie nodig')."""
    return NotificationLog.objects.filter(state=LogState.FAILED).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
