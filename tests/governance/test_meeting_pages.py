"""The meeting pages: the record page, the printable agenda, the forms and confirmations."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, AgendaState, Meeting
from tests.budget.factories import BudgetChangeFactory
from tests.governance.factories import MeetingFactory
from tests.machine_values import localized_numbers_in_attributes
from tests.schema import FIRST_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(
        held_on=datetime.date.today() + datetime.timedelta(days=20),
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        location="Stadskantoor",
        video_url="https://vergaderen.example.nl/sg",
    )
    AgendaItem.objects.create(
        meeting=meeting, position=1, title="Opening", presenter="Voorzitter", duration_minutes=10
    )
    AgendaItem.objects.create(meeting=meeting, position=2, title="Voortgang", duration_minutes=30)
    return meeting


def detail(client, meeting) -> str:
    return client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()


def test_the_record_page_shows_times_presenters_and_the_tools_to_managers(
    client, kwartiermaker, meeting
):
    client.force_login(kwartiermaker)
    page = detail(client, meeting)
    assert "14:00–16:00 uur" in page and "https://vergaderen.example.nl/sg" in page
    assert "Inbreng: Voorzitter" in page and "14:10 uur" in page  # the second item's start
    first = meeting.agenda_items.get(position=1)
    assert f'href="{reverse("governance:agenda_item_edit", args=[meeting.pk, first.pk])}"' in page
    assert "Agenda publiceren" in page and "Voorgestelde agendapunten" in page


def test_in_english_the_meeting_times_have_no_uur(client, kwartiermaker, meeting):
    from django.conf import settings

    client.force_login(kwartiermaker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = detail(client, meeting)
    assert "14:00–16:00</p>" in page and "14:10\n" in page
    assert " uur" not in page and "hours" not in page


def test_a_reader_gets_the_record_without_any_form_or_hidden_source(client, trekker, meeting):
    change = BudgetChangeFactory()
    item = meeting.agenda_items.get(position=2)
    item.source = change
    item.save()
    client.force_login(trekker)
    page = detail(client, meeting)
    assert "Voortgang" in page and "Inbreng: Voorzitter" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "<form" not in main
    assert "Agenda publiceren" not in main and "Bewerken" not in main
    assert reverse("budget:change", args=[change.pk]) not in page


def test_an_item_without_a_title_keeps_the_input_and_saves_nothing(client, kwartiermaker, meeting):
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:meeting_agenda_add", args=[meeting.pk]),
        {"title": "", "presenter": "Trekker werkstroom 3", "duration_minutes": "20"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geef het agendapunt een titel." in page
    assert 'value="Trekker werkstroom 3"' in page
    assert meeting.agenda_items.count() == 2


def test_an_end_before_the_start_keeps_the_input_and_saves_nothing(client, kwartiermaker, meeting):
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:meeting_edit", args=[meeting.pk]),
        {
            "version": meeting.version,
            "held_on": meeting.held_on.isoformat(),
            "title": meeting.title,
            "start_time": "15:00",
            "end_time": "14:30",
            "location": "Raadzaal",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "De eindtijd ligt vóór de begintijd" in page and 'value="Raadzaal"' in page
    meeting.refresh_from_db()
    assert meeting.location == "Stadskantoor" and meeting.end_time == datetime.time(16)


def test_moving_an_item_through_the_page(client, kwartiermaker, meeting):
    client.force_login(kwartiermaker)
    second = meeting.agenda_items.get(position=2)
    response = client.post(reverse("governance:agenda_item_up", args=[meeting.pk, second.pk]))
    assert response.status_code == 302 and response.url.endswith(f"#agendapunt-{second.pk}")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Voortgang", "Opening"]


def test_publishing_asks_for_confirmation_first(client, stuurgroeplid, meeting):
    client.force_login(stuurgroeplid)
    url = reverse("governance:meeting_agenda_publish", args=[meeting.pk])
    page = client.post(url, {"version": meeting.version}).content.decode()
    assert "Ja, agenda publiceren" in page and "Voortgang" in page
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.DRAFT  # the question changes nothing
    response = client.post(url, {"version": meeting.version, "confirm": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.PUBLISHED
    page = detail(client, meeting)
    assert "Gepubliceerd" in page and "Agenda publiceren" not in page
    at = timezone.localtime(meeting.agenda_published_at)
    assert f"om {at:%H:%M} uur" in page  # when it was published, read as a time of day
    first = meeting.agenda_items.get(position=1)
    edit = reverse("governance:agenda_item_edit", args=[meeting.pk, first.pk])
    assert f'href="{edit}"' not in page
    assert reverse("governance:agenda_item_minutes", args=[meeting.pk, first.pk]) in page


def test_an_agenda_without_a_start_time_is_not_offered_for_confirmation(
    client, stuurgroeplid, meeting
):
    Meeting.objects.filter(pk=meeting.pk).update(start_time=None, end_time=None)
    client.force_login(stuurgroeplid)
    response = client.post(
        reverse("governance:meeting_agenda_publish", args=[meeting.pk]),
        {"version": meeting.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Vul de begintijd van de vergadering in." in page
    assert "Ja, agenda publiceren" not in page
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.DRAFT


def test_a_suggestion_is_added_in_one_click_and_then_no_longer_offered(
    client, kwartiermaker, meeting
):
    change = BudgetChangeFactory(reason="Extra licenties")
    client.force_login(kwartiermaker)
    page = detail(client, meeting)
    assert 'name="kind" value="begrotingswijzigingen"' in page
    response = client.post(
        reverse("governance:meeting_suggestion_add", args=[meeting.pk]),
        {"kind": "begrotingswijzigingen", "record": change.pk},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get(position=3)
    assert item.source == change and item.description == "Extra licenties"
    page = detail(client, meeting)
    assert 'name="kind" value="begrotingswijzigingen"' not in page
    assert reverse("budget:change", args=[change.pk]) in page  # the kwartiermaker may open it


def test_the_page_writes_ids_as_the_views_read_them(client, kwartiermaker, meeting):
    """Ids in the forms, links and anchors are plain digits: "10.001" finds no record."""
    change = BudgetChangeFactory(reason="Extra licenties")
    assert change.pk >= FIRST_ID and meeting.agenda_items.first().pk >= FIRST_ID
    client.force_login(kwartiermaker)
    page = detail(client, meeting)
    assert localized_numbers_in_attributes(page) == []
    carried = re.search(
        r'name="kind" value="begrotingswijzigingen"><input type="hidden" name="record" '
        r'value="([^"]*)"',
        page,
    )[1]
    response = client.post(
        reverse("governance:meeting_suggestion_add", args=[meeting.pk]),
        {"kind": "begrotingswijzigingen", "record": carried},
    )
    assert response.status_code == 302
    assert meeting.agenda_items.get(position=3).source == change


def test_a_decision_recorded_from_an_item_returns_to_the_meeting(client, kwartiermaker, meeting):
    item = meeting.agenda_items.get(position=1)
    client.force_login(kwartiermaker)
    url = reverse("governance:decision_create") + f"?agendapunt={item.pk}"
    page = client.get(url).content.decode()
    assert "Bij agendapunt 1. Opening" in page
    response = client.post(
        url,
        {
            "version": "",
            "decided_on": datetime.date.today().isoformat(),
            "meeting": meeting.pk,
            "agenda_item": item.pk,
            "text": "Besloten bij de opening",
        },
    )
    assert response.status_code == 302 and f"#agendapunt-{item.pk}" in response.url
    assert item.decisions.get().text == "Besloten bij de opening"
    assert "Besloten bij de opening" in detail(client, meeting)


def test_the_printable_agenda_has_no_forms_and_a_print_stylesheet(client, trekker, meeting):
    client.force_login(trekker)
    page = client.get(reverse("governance:meeting_agenda", args=[meeting.pk])).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "<form" not in main
    assert 'css/print.css" media="print"' in page
    assert "14:00" in main and "14:10" in main and "Inbreng: Voorzitter" in main


def test_empty_minutes_offer_no_adoption(client, stuurgroeplid, meeting):
    client.force_login(stuurgroeplid)
    assert "Verslag vaststellen" not in detail(client, meeting)
    meeting.minutes = "Verslag"
    meeting.save()
    assert "Verslag vaststellen" in detail(client, meeting)


def test_a_published_agenda_sends_an_edit_back_with_the_reason(client, kwartiermaker, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_state=AgendaState.PUBLISHED, agenda_published_at=timezone.now()
    )
    item = meeting.agenda_items.get(position=1)
    client.force_login(kwartiermaker)
    response = client.post(
        reverse("governance:agenda_item_edit", args=[meeting.pk, item.pk]),
        {"version": item.version, "title": "Anders"},
        follow=True,
    )
    assert "De agenda is gepubliceerd; agendapunten kunnen niet meer" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Opening"
    # The minutes per item are written now.
    response = client.post(
        reverse("governance:agenda_item_minutes", args=[meeting.pk, item.pk]),
        {"version": item.version, "minutes": "Geopend om 14:02."},
    )
    assert response.status_code == 302
    assert "Geopend om 14:02." in detail(client, meeting)
