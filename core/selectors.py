from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model, QuerySet
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
    (`changed_since` below reads the same history for a whole scoped queryset.)

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


@dataclass(frozen=True)
class ChangeSince:
    """A record whose history has an event after some moment, with its state at that moment.

    `before` is the record's pghistory event that was current at the moment (its fields are the
    record's fields then), or None: the record did not exist yet."""

    record: Model
    before: Model | None

    @property
    def is_new(self) -> bool:
        return self.before is None

    def became(self, field: str, value) -> bool:
        """The field holds `value` now and did not at the moment (a new record counts)."""
        return getattr(self.record, field) == value and (
            self.before is None or getattr(self.before, field) != value
        )

    def was(self, field: str):
        return getattr(self.before, field) if self.before is not None else None


def changed_since(queryset: QuerySet, moment: datetime) -> list[ChangeSince]:
    """The records of `queryset` (a tracked model, already scoped) changed after `moment` by
    their history, each with what it was at `moment`. Two queries, whatever the history's size.

    The history, not `updated_at`, decides: so a record edited after the moment for some other
    reason does not make an older change look new."""
    events = queryset.model.pgh_event_model.objects
    records = list(
        queryset.filter(pk__in=events.filter(pgh_created_at__gt=moment).values("pgh_obj_id"))
    )
    if not records:
        return []
    before = {
        event.pgh_obj_id: event
        for event in events.filter(
            pgh_obj_id__in=[record.pk for record in records], pgh_created_at__lte=moment
        )
        .order_by("pgh_obj_id", "-pgh_created_at", "-pgh_id")
        .distinct("pgh_obj_id")
    }
    return [ChangeSince(record=record, before=before.get(record.pk)) for record in records]
