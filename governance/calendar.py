"""iCalendar (RFC 5545) for meetings and milestones: one meeting's .ics and a personal feed.

The invitation is METHOD:PUBLISH, without ORGANIZER or ATTENDEE: the portal mails it, not a
person's mailbox, so there is nobody to send an RSVP (METHOD:REQUEST) to. Outlook, Google and
Apple add a published event to the calendar as it is, and replace it when a later file with the
same UID and a higher SEQUENCE arrives (docs/governance.md, "Agenda-uitnodigingen").
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from governance.models import Meeting, Milestone, MilestoneStatus

PRODID = "-//WBW Regieportaal//Stuurgroep//NL"
# Without an end time a meeting takes its agenda's planned minutes, or this long.
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    """The same for every version of the invitation: calendars update the event in place."""
    return f"meeting-{meeting.pk}@{_host()}"


def milestone_uid(milestone: Milestone) -> str:
    return f"milestone-{milestone.pk}@{_host()}"


def feed_path(secret: str) -> str:
    return reverse("governance:calendar_feed", args=[secret])


def portal_url(path: str) -> str:
    return settings.SITE_URL + path


def agenda_lines(items) -> list[str]:
    """The agenda as plain text lines: number, planned time (when known), title, presenter."""
    lines = []
    for item in items:
        starts_at = item.starts_at
        start = f"{timezone.localtime(starts_at):%H:%M} " if starts_at else ""
        presenter = f" ({item.presenter})" if item.presenter else ""
        lines.append(f"{item.position}. {start}{item.title}{presenter}")
    return lines


def _meeting_event(meeting: Meeting, items) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", meeting.title)
    starts_at = meeting.starts_at
    if starts_at is None:
        event.add("dtstart", meeting.held_on)
        event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
    else:
        ends_at = meeting.ends_at
        if ends_at is None:
            planned = sum(item.duration_minutes or 0 for item in items)
            ends_at = starts_at + (
                datetime.timedelta(minutes=planned) if planned else DEFAULT_DURATION
            )
        event.add("dtstart", timezone.localtime(starts_at))
        event.add("dtend", timezone.localtime(ends_at))
    location = ", ".join(part for part in (meeting.location, meeting.video_url) if part)
    if location:
        event.add("location", location)
    url = portal_url(reverse("governance:meeting_detail", args=[meeting.pk]))
    event.add("url", url)
    description = [_("Agenda:"), *agenda_lines(items)] if items else []
    if meeting.video_url:
        description += ["", _("Online deelnemen: %(url)s") % {"url": meeting.video_url}]
    description += ["", _("Vergaderstukken en agenda in het portaal: %(url)s") % {"url": url}]
    event.add("description", "\n".join(description).strip())
    return event


def _milestone_event(milestone: Milestone) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", milestone_uid(milestone))
    # A milestone's version moves on every save: calendars pick up a new date or status.
    event.add("sequence", milestone.version)
    event.add("dtstamp", milestone.updated_at)
    event.add("last-modified", milestone.updated_at)
    event.add(
        "summary",
        _("Mijlpaal: %(title)s (%(workstream)s)")
        % {"title": milestone.title, "workstream": milestone.workstream.name},
    )
    event.add("dtstart", milestone.due_date)
    event.add("dtend", milestone.due_date + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a date to keep in mind, not time taken
    if milestone.status == MilestoneStatus.CANCELLED:
        event.add("status", "CANCELLED")
    event.add(
        "description",
        _("Stand: %(status)s") % {"status": milestone.get_status_display()},
    )
    event.add(
        "url", portal_url(reverse("governance:workstream_detail", args=[milestone.workstream.slug]))
    )
    return event


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _to_bytes(calendar: icalendar.Calendar) -> bytes:
    # VTIMEZONE for Europe/Amsterdam, from the tz database, limited to the years in use.
    calendar.add_missing_timezones(
        first_date=datetime.date(2020, 1, 1), last_date=datetime.date(2036, 1, 1)
    )
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    """The invitation for one meeting (Dutch), as a .ics file's bytes."""
    prefetch_related_objects([meeting], "agenda_items")
    items = list(meeting.agenda_items.all())
    with override("nl"):
        calendar = _calendar(meeting.title)
        calendar.add_component(_meeting_event(meeting, items))
        return _to_bytes(calendar)


def feed_ics(*, meetings, milestones) -> bytes:
    """A personal feed: meetings (with `agenda_items` prefetched) and milestones."""
    with override("nl"):
        calendar = _calendar(_("WBW Regieportaal"))
        for meeting in meetings:
            items = list(meeting.agenda_items.all())
            calendar.add_component(_meeting_event(meeting, items))
        for milestone in milestones:
            calendar.add_component(_milestone_event(milestone))
        return _to_bytes(calendar)
