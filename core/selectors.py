from collections.abc import Iterable
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
    object_id: str = ""  # the changed record's pk (as pghistory stores it)


def history_for(
    *objects, limit: int = 50, fields: Iterable[str] | None = None
) -> list[HistoryEntry]:
    """Who changed `objects`, when, and what (field -> [before, after]); newest first.

    With `fields`, only changes to those fields, under their verbose names. Two queries however
    long the history: the events, and the users who made them.
    """
    if not objects:
        return []
    events = list(Events.objects.tracks(*objects).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {(event.pgh_context or {}).get("user") for event in events if event.pgh_context} - {
        None
    }
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    meta = type(objects[0])._meta
    entries = []
    for event in events:
        changes = event.pgh_diff or {}
        if fields is not None:
            changes = {
                str(meta.get_field(name).verbose_name): change
                for name, change in changes.items()
                if name in fields
            }
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                label=event.pgh_label,
                user=users.get((event.pgh_context or {}).get("user")),
                changes=changes,
                object_id=str(event.pgh_obj_id),
            )
        )
    return entries
