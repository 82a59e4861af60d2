"""What governance gives the e-mail notifications: reminder items for beat, and the events of
the stuurgroep cycle. Registered from GovernanceConfig.ready(); notifications never imports
governance."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import Role, User
from governance import selectors, signals
from governance.models import (
    OPEN_ACTION_STATUSES,
    OPEN_MILESTONE_STATUSES,
    Action,
    Meeting,
    Milestone,
)
from notifications import events, services

DUE_WITHIN = datetime.timedelta(days=7)


def due_items(today: datetime.date):
    """Open actions and milestones due within 7 days or overdue, for their owner (a
    milestone's owner is its workstream's lead)."""
    horizon = today + DUE_WITHIN
    actions = Action.objects.filter(
        status__in=OPEN_ACTION_STATUSES, owner__isnull=False, due_date__lte=horizon
    ).select_related("owner")
    for action in actions:
        may_open = action.owner.has_perm("governance.see_action", action)
        yield events.ReminderItem(
            recipient_id=action.owner_id,
            section=str(_("Acties")),
            title=action.title,
            url=reverse("governance:action_detail", args=[action.pk])
            if may_open
            else reverse("governance:action_list"),
            date=action.due_date,
            overdue=action.due_date < today,
        )
    milestones = Milestone.objects.filter(
        status__in=OPEN_MILESTONE_STATUSES,
        workstream__lead_user__isnull=False,
        due_date__lte=horizon,
    ).select_related("workstream")
    for milestone in milestones:
        yield events.ReminderItem(
            recipient_id=milestone.workstream.lead_user_id,
            section=str(_("Mijlpalen")),
            title=f"{milestone.title} ({milestone.workstream.name})",
            url=reverse("governance:workstream_detail", args=[milestone.workstream.slug]),
            date=milestone.due_date,
            overdue=milestone.due_date < today,
        )


def stale_status_items(today: datetime.date):
    """One line per stale workstream for its lead and for every kwartiermaker."""
    kwartiermakers = list(
        User.objects.with_role(Role.KWARTIERMAKER)
        .filter(is_active=True)
        .values_list("pk", flat=True)
    )
    for workstream in selectors.stale_workstreams(today=today):
        recipients = {*kwartiermakers}
        if workstream.lead_user_id:
            recipients.add(workstream.lead_user_id)
        for user_id in sorted(recipients):
            yield events.ReminderItem(
                recipient_id=user_id,
                section=str(_("Werkstromen (met de datum van de laatste statusrapportage)")),
                title=str(workstream),
                url=reverse("governance:workstream_detail", args=[workstream.slug]),
                date=timezone.localtime(workstream.latest_published_at).date()
                if workstream.latest_published_at
                else None,
            )


def stuurgroep():
    return User.objects.with_role(Role.STUURGROEPLID).filter(is_active=True)


def minutes_ready_announce(*, meeting: Meeting) -> None:
    """Once the caller commits: tell the stuurgroep that the minutes wait for adoption."""
    services.notify_on_commit(
        event=events.MINUTES_READY.key,
        recipients=stuurgroep(),
        context={
            "title": meeting.title,
            "held_on": meeting.held_on,
            "url": reverse("governance:meeting_detail", args=[meeting.pk]),
        },
        key=f"{events.MINUTES_READY.key}:{meeting.pk}:{meeting.version}",
    )


def stuurgroep_and_kwartiermaker():
    return User.objects.filter(is_active=True).filter(
        Q(roles__contains=[Role.STUURGROEPLID]) | Q(roles__contains=[Role.KWARTIERMAKER])
    )


def _agenda_announce(*, event: events.Event, meeting: Meeting, key: str) -> None:
    """The agenda mail, with the meeting's invitation (.ics) attached."""
    from governance.calendar import meeting_ics

    meeting = Meeting.objects.get(pk=meeting.pk)  # as committed
    services.notify(
        event=event.key,
        recipients=stuurgroep_and_kwartiermaker(),
        context={
            "title": meeting.title,
            "held_on": meeting.held_on,
            "start_time": meeting.start_time,
            "location": meeting.location,
            "url": reverse("governance:meeting_detail", args=[meeting.pk]),
        },
        key=key,
        attachments=[
            {
                "name": f"{slugify(meeting.title) or 'vergadering'}.ics",
                # The method as a parameter too (RFC 6047), as calendar clients expect.
                "mimetype": "text/calendar; method=PUBLISH",
                "content": meeting_ics(meeting).decode(),
            }
        ],
    )


def on_agenda_published(sender, *, meeting: Meeting, **kwargs) -> None:
    """governance.signals.agenda_published (sent after the commit)."""
    _agenda_announce(
        event=events.AGENDA_PUBLISHED,
        meeting=meeting,
        key=f"{events.AGENDA_PUBLISHED.key}:{meeting.pk}",
    )


def on_agenda_changed(sender, *, meeting: Meeting, **kwargs) -> None:
    """governance.signals.agenda_changed: each change bumps the calendar sequence, so each
    gets its own mail (and the attached invitation replaces the earlier one)."""
    _agenda_announce(
        event=events.AGENDA_CHANGED,
        meeting=meeting,
        key=f"{events.AGENDA_CHANGED.key}:{meeting.pk}:{meeting.calendar_sequence}",
    )


def on_meeting_papers_changed(
    sender, *, meeting: Meeting, acting_user, paper: str, change: str, ident: int, **kwargs
) -> None:
    """governance.signals.meeting_papers_changed: one mail per added, replaced or removed
    paper, to those of the agenda's readers who may see the meeting's papers, except the one
    who made the change."""
    meeting = Meeting.objects.get(pk=meeting.pk)  # as committed
    services.notify(
        event=events.MEETING_PAPERS_CHANGED.key,
        recipients=[
            user
            for user in stuurgroep_and_kwartiermaker().exclude(pk=acting_user.pk)
            if user.has_perm("governance.see_meeting", meeting)
        ],
        context={
            "title": meeting.title,
            "held_on": meeting.held_on,
            "paper": paper,
            "change": change,
            "url": reverse("governance:meeting_detail", args=[meeting.pk]),
        },
        key=f"{events.MEETING_PAPERS_CHANGED.key}:{meeting.pk}:{change}:{ident}",
    )


def register() -> None:
    # The notifications' side of governance's own signals lives here: governance's services
    # send them, this adapter turns them into mails.
    signals.agenda_published.connect(on_agenda_published, dispatch_uid="mail_agenda_published")
    signals.agenda_changed.connect(on_agenda_changed, dispatch_uid="mail_agenda_changed")
    signals.meeting_papers_changed.connect(
        on_meeting_papers_changed, dispatch_uid="mail_meeting_papers_changed"
    )
    events.reminder_sources.register(
        "governance.due", events.ReminderSource(events.REMINDERS_DUE.key, "daily", due_items)
    )
    events.reminder_sources.register(
        "governance.stale_status",
        events.ReminderSource(
            events.STATUS_STALE.key,
            "weekly",
            stale_status_items,
            context=lambda: {"days": settings.WBW_STALE_STATUS_DAYS},
        ),
    )
