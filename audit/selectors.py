"""Reads for the audit pages: the change log over pghistory's events, and the access review."""

import datetime
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from core.access import grants_for
from core.models import User


def tracked_models() -> list[tuple[str, str]]:
    """(label, verbose name) of every model whose history is recorded, by name."""
    found = []
    for model in apps.get_models():
        if getattr(model, "pgh_event_models", None) and not getattr(
            model, "pgh_tracked_model", None
        ):
            found.append((model._meta.label, str(model._meta.verbose_name).capitalize()))
    return sorted(found, key=lambda item: item[1])


@dataclass
class EventRow:
    at: datetime.datetime
    label: str
    model: str
    model_name: str
    record: str
    user: User | None
    changes: dict = field(default_factory=dict)

    @property
    def model_class(self):
        """The tracked model, for its field labels (None for a model since removed)."""
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None


def audit_events(
    *,
    user: User | None = None,
    model: str = "",
    record: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    """The events matching the filters, newest first (a lazy queryset: page it)."""
    events = MiddlewareEvents.objects.all()
    if user is not None:
        events = events.filter(user=user.pk)
    if model:
        events = events.filter(pgh_obj_model=model)
    if record:
        events = events.filter(pgh_obj_id=record)
    if date_from:
        events = events.filter(pgh_created_at__gte=_day_start(date_from))
    if date_to and date_to < datetime.date.max:  # the last day there is bounds nothing
        events = events.filter(pgh_created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return events.order_by("-pgh_created_at", "-pgh_slug")


def event_rows(events) -> list[EventRow]:
    """One page of events with their users: two queries however many rows."""
    events = list(events)
    names = dict(tracked_models())
    user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    rows = []
    for event in events:
        changes = event.pgh_diff or {}
        if not changes and event.pgh_label in ("insert", "delete"):
            # Created or deleted: every stored field, as after resp. before.
            data = {k: v for k, v in (event.pgh_data or {}).items() if not k.startswith("pgh_")}
            changes = (
                {k: [None, v] for k, v in data.items()}
                if event.pgh_label == "insert"
                else {k: [v, None] for k, v in data.items()}
            )
        rows.append(
            EventRow(
                at=event.pgh_created_at,
                label=event.pgh_label,
                model=event.pgh_obj_model,
                model_name=names.get(event.pgh_obj_model, event.pgh_obj_model),
                record=event.pgh_obj_id or "",
                user=users.get((event.pgh_context or {}).get("user")),
                changes=changes,
            )
        )
    return rows


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class AccessRow:
    user: User
    roles: list[str]
    grants: list[str]
    sso: list[str]
    mfa: bool
    recovery_codes_left: int | None


def access_review() -> list[AccessRow]:
    """Every user: organisation, roles, grants, last login, MFA. Four queries in all."""
    users = list(User.objects.select_related("organisation").order_by("username"))
    grants = grants_for(users)
    mfa: dict[int, set[str]] = {}
    codes_left: dict[int, int] = {}
    for authenticator in Authenticator.objects.filter(user__in=users):
        mfa.setdefault(authenticator.user_id, set()).add(authenticator.type)
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            codes_left[authenticator.user_id] = len(authenticator.wrap().get_unused_codes())
    sso: dict[int, list[str]] = {}
    for account in SocialAccount.objects.filter(user__in=users):
        sso.setdefault(account.user_id, []).append(account.provider)
    return [
        AccessRow(
            user=user,
            roles=user.get_roles_display(),
            grants=grants.get(user.pk, []),
            sso=sso.get(user.pk, []),
            mfa=Authenticator.Type.TOTP in mfa.get(user.pk, set()),
            recovery_codes_left=codes_left.get(user.pk),
        )
        for user in users
    ]
