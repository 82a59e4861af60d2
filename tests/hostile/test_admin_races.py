"""The admin (/beheer/) checks versions and respects frozen records like the portal (issue 15).

Tests first failing (a stale admin save overwrote the portal's edit; an adopted meeting and a
decision's number could be changed in the admin), then passing.
"""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from core.concurrency import STALE_MESSAGE
from governance.models import Decision, Meeting, MinutesState, Risk
from tests.governance.factories import DecisionFactory, MeetingFactory, RiskFactory
from tests.hostile.html_forms import page_forms

pytestmark = pytest.mark.django_db


def admin_client(beheerder):
    client = Client(raise_request_exception=False)
    client.force_login(beheerder)
    return client


def change_url(record):
    meta = record._meta
    return f"/beheer/{meta.app_label}/{meta.model_name}/{record.pk}/change/"


def change_form(client, record):
    [(_method, action, fields)] = [
        form
        for form in page_forms(client, change_url(record))
        if form[0] == "post" and form[1] == change_url(record)
    ]
    return action, fields


def test_a_stale_admin_save_is_refused_with_a_message_and_keeps_the_portals_edit(beheerder):
    risk = RiskFactory(title="Oud")
    client = admin_client(beheerder)
    action, fields = change_form(client, risk)
    # Meanwhile someone saves the risk in the portal.
    portal = Risk.objects.get(pk=risk.pk)
    portal.title = "Uit het portaal"
    portal.save()

    response = client.post(action, {**fields, "title": "Uit het beheer"})
    assert response.status_code == 200
    assert str(STALE_MESSAGE) in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).title == "Uit het portaal"


def test_a_fresh_admin_save_lands_and_moves_the_version_on(beheerder):
    risk = RiskFactory(title="Oud")
    client = admin_client(beheerder)
    action, fields = change_form(client, risk)
    response = client.post(action, {**fields, "title": "Uit het beheer"})
    assert response.status_code == 302
    saved = Risk.objects.get(pk=risk.pk)
    assert (saved.title, saved.version) == ("Uit het beheer", risk.version + 1)
    # The same opened form a second time is stale now.
    again = client.post(action, {**fields, "title": "Nog eens"})
    assert str(STALE_MESSAGE) in again.content.decode()
    assert Risk.objects.get(pk=risk.pk).title == "Uit het beheer"


def adopted_meeting(beheerder):
    return MeetingFactory(
        minutes="Verslag",
        minutes_state=MinutesState.ADOPTED,
        adopted_on=datetime.date(2026, 4, 1),
        adopted_by=beheerder,
    )


def test_an_adopted_meeting_is_read_only_in_the_admin(beheerder):
    meeting = adopted_meeting(beheerder)
    client = admin_client(beheerder)
    page = client.get(change_url(meeting))
    assert page.status_code == 200
    assert 'name="minutes"' not in page.content.decode()  # shown, not editable
    response = client.post(change_url(meeting), {"title": "Herschreven", "minutes": "Anders"})
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Verslag"
    assert (
        client.post(change_url(meeting).replace("change", "delete"), {"post": "yes"}).status_code
        == 403
    )


def test_the_database_refuses_to_change_adopted_minutes(beheerder):
    meeting = adopted_meeting(beheerder)
    with pytest.raises(DatabaseError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(minutes="Herschreven")


def test_a_decisions_number_is_read_only_in_the_admin_and_in_the_database(beheerder):
    decision = DecisionFactory(year=2026, sequence=41, text="Oud")
    client = admin_client(beheerder)
    action, fields = change_form(client, decision)
    assert "sequence" not in fields and "year" not in fields
    response = client.post(action, {**fields, "text": "Nieuw", "sequence": "1", "year": "1999"})
    assert response.status_code == 302
    saved = Decision.objects.get(pk=decision.pk)
    assert (saved.number, saved.text) == ("SG-2026-041", "Nieuw")
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(sequence=2)


def test_a_web_address_without_scheme_is_taken_as_https_in_the_admin(beheerder):
    """As in the portal's meeting form (governance.forms.MeetingForm)."""
    meeting = MeetingFactory()
    client = admin_client(beheerder)
    action, fields = change_form(client, meeting)
    response = client.post(action, {**fields, "video_url": "vergaderen.example.nl/sg"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).video_url == "https://vergaderen.example.nl/sg"
