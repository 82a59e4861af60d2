"""Calendar files: a meeting's invitation (.ics) and the personal feed behind a secret URL."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from governance import calendar, services
from governance.models import CalendarFeed, Meeting
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory
from tests.governance.factories import MeetingFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(
        title="Stuurgroep juni",
        held_on=datetime.date(2026, 6, 11),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        location="Stadskantoor Roosendaal",
        video_url="https://video.example.org/stuurgroep",
    )
    meeting.agenda_items.create(
        position=1, title="Opening", duration_minutes=10, presenter="Voorzitter"
    )
    meeting.agenda_items.create(position=2, title="Stand werkstromen", duration_minutes=45)
    return meeting


def parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def events(content: bytes) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in parse(content).walk("VEVENT")}


def test_the_invitation_is_a_published_event_in_amsterdam_time(meeting, settings):
    settings.SITE_URL = "https://regie.example.nl"
    content = calendar.meeting_ics(meeting)
    cal = parse(content)
    assert str(cal["method"]) == "PUBLISH"
    [event] = cal.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.pk}@regie.example.nl"
    assert event["sequence"] == 0
    assert str(event["summary"]) == "Stuurgroep juni"
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("dtstart") == datetime.datetime(
        2026, 6, 11, 14, 0, tzinfo=event.decoded("dtstart").tzinfo
    )
    assert event.decoded("dtend").hour == 16 and event.decoded("dtend").minute == 30
    # Summer time: 14:00 in Amsterdam is 12:00 UTC.
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Amsterdam"
    assert "Stadskantoor Roosendaal" in str(event["location"])
    assert str(event["url"]) == f"https://regie.example.nl/governance/vergaderingen/{meeting.pk}/"
    description = str(event["description"])
    assert "1. 14:00 Opening (Voorzitter)" in description
    assert "2. 14:10 Stand werkstromen" in description
    assert "https://video.example.org/stuurgroep" in description


def test_a_changed_meeting_keeps_its_uid_and_raises_the_sequence(meeting):
    before = parse(calendar.meeting_ics(meeting)).walk("VEVENT")[0]
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=3, location="Online")
    meeting.refresh_from_db()
    after = parse(calendar.meeting_ics(meeting)).walk("VEVENT")[0]
    assert after["uid"] == before["uid"]
    assert after["sequence"] == 3
    assert str(after["location"]).startswith("Online")


def test_a_meeting_without_a_time_is_an_all_day_event(db):
    meeting = MeetingFactory(held_on=datetime.date(2026, 9, 1))
    [event] = parse(calendar.meeting_ics(meeting)).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2026, 9, 1)
    assert event.decoded("dtend") == datetime.date(2026, 9, 2)


def test_the_ics_download_is_a_calendar_attachment(client, meeting, kwartiermaker, griffier):
    url = reverse("governance:meeting_ics", args=[meeting.pk])
    client.force_login(kwartiermaker)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="vergadering-2026-06-11.ics"'
    assert str(parse(response.content).walk("VEVENT")[0]["summary"]) == "Stuurgroep juni"
    client.force_login(griffier)  # no register grant: may not see meetings
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(kwartiermaker)
    assert client.get(reverse("governance:meeting_ics", args=[999999])).status_code == 404


# --- The personal feed -----------------------------------------------------------------------
def make_feed(client, user) -> str:
    """The feed URL as the settings page shows it, once, after making it."""
    client.force_login(user)
    response = client.post(reverse("governance:calendar_feed_settings"))
    assert response.status_code == 200
    url = response.context["feed_url"]
    assert url in response.content.decode()
    return url


def fetch(url: str):
    """As a calendar app: no session, only the URL."""
    return Client().get(url)


@pytest.fixture
def world(db, meeting):
    tholen = OrganisationFactory(short_name="Tholen")
    own = WorkstreamFactory(name="Cybersecurity", lead_organisation=tholen)
    other = WorkstreamFactory(name="Basis-ICT")
    return {
        "tholen": tholen,
        "meeting": meeting,
        "old_meeting": MeetingFactory(
            title="Stuurgroep lang geleden",
            held_on=datetime.date.today() - datetime.timedelta(days=400),
        ),
        "own": MilestoneFactory(workstream=own, title="Beleid geharmoniseerd"),
        "other": MilestoneFactory(workstream=other, title="Dienstencatalogus vastgesteld"),
        "trekker": UserFactory(organisation=tholen, werkstroomtrekker=True),
    }


def summaries(content: bytes) -> set[str]:
    return {str(event["summary"]) for event in parse(content).walk("VEVENT")}


def test_the_feed_holds_the_users_meetings_and_their_workstreams_milestones(
    client, world, kwartiermaker
):
    response = fetch(make_feed(client, world["trekker"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "Content-Disposition" not in response
    assert summaries(response.content) == {
        "Stuurgroep juni",
        "Mijlpaal: Beleid geharmoniseerd (Cybersecurity)",
    }
    assert CalendarFeed.objects.get(user=world["trekker"]).last_used_at is not None
    # Programme staff follow every workstream; meetings older than a year are left out.
    assert summaries(fetch(make_feed(Client(), kwartiermaker)).content) == {
        "Stuurgroep juni",
        "Mijlpaal: Beleid geharmoniseerd (Cybersecurity)",
        "Mijlpaal: Dienstencatalogus vastgesteld (Basis-ICT)",
    }


def test_renewing_stops_the_old_url_at_once(client, world):
    trekker = world["trekker"]
    old = make_feed(client, trekker)
    assert fetch(old).status_code == 200
    # Renewing asks for confirmation first; without it nothing changes.
    response = client.post(reverse("governance:calendar_feed_settings"))
    assert response.status_code == 400
    assert "Vink aan dat de huidige link" in response.content.decode()
    assert fetch(old).status_code == 200
    response = client.post(reverse("governance:calendar_feed_settings"), {"confirm": "on"})
    new = response.context["feed_url"]
    assert new != old
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    assert CalendarFeed.objects.filter(user=trekker).count() == 1
    # The page never shows the URL again, and the secret is not stored.
    page = client.get(reverse("governance:calendar_feed_settings")).content.decode()
    secret = new.rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in page
    assert not CalendarFeed.objects.filter(key_hash__contains=secret).exists()


def test_an_unknown_token_or_a_user_without_access_gets_404(client, world):
    trekker = world["trekker"]
    url = make_feed(client, trekker)
    assert (
        fetch(reverse("governance:calendar_feed", args=["geen-geldig-geheim"])).status_code == 404
    )
    trekker.roles = ["griffier"]  # lost the role: the feed stops
    trekker.save()
    assert fetch(url).status_code == 404
    trekker.roles = ["werkstroomtrekker"]
    trekker.is_active = False
    trekker.save()
    assert fetch(url).status_code == 404


def test_someone_without_meetings_gets_no_feed_page(client, griffier):
    client.force_login(griffier)
    assert client.get(reverse("governance:calendar_feed_settings")).status_code == 403
    assert client.post(reverse("governance:calendar_feed_settings")).status_code == 403
    assert not CalendarFeed.objects.exists()
    with pytest.raises(PermissionDenied):
        services.calendar_feed_renew(user=griffier, acting_user=griffier)
