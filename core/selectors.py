from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from pghistory.models import Events

from core.models import User, WorkerHeartbeat


def recent_heartbeats(*, limit: int = 10) -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.select_related("requested_by")[:limit]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    label: str
    user: User | None
    changes: dict


def history_for(obj, *, limit: int = 50) -> list[HistoryEntry]:
    """Who changed `obj`, when, and what (field -> [before, after]); newest first.

    Two queries however long the history: the events, and the users who made them.
    """
    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {(event.pgh_context or {}).get("user") for event in events if event.pgh_context} - {
        None
    }
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    return [
        HistoryEntry(
            at=event.pgh_created_at,
            label=event.pgh_label,
            user=users.get((event.pgh_context or {}).get("user")),
            changes=event.pgh_diff or {},
        )
        for event in events
    ]
