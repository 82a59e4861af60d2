"""Preparing a stuurgroep meeting in the browser: items added and moved, then published."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.models import AgendaState
from tests.budget.factories import BudgetChangeFactory
from tests.governance.factories import MeetingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def named(action: str, title: str) -> re.Pattern:
    """A button's accessible name: its visible verb, then the (visually hidden) item title."""
    return re.compile(rf"^{re.escape(action)}\W+{re.escape(title)}")


def test_kwartiermaker_prepares_and_publishes_the_agenda(
    page, login, kwartiermaker, assert_accessible
):
    meeting = MeetingFactory(
        title="Stuurgroep februari",
        held_on=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        video_url="https://vergaderen.example.nl/sg",
    )
    BudgetChangeFactory(reason="Extra licenties")
    login("km")
    agenda = page.locator("section.agenda-item")  # the papers list repeats the item titles
    page.goto(reverse("governance:meeting_detail", args=[meeting.pk]))
    expect(page.get_by_text("14:00–16:00 uur")).to_be_visible()

    # Bad input: no title. A Dutch error, the rest of the input kept.
    page.get_by_label("Inbreng door").fill("Voorzitter")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    expect(page.get_by_text("Geef het agendapunt een titel.")).to_be_visible()
    expect(page.get_by_label("Inbreng door")).to_have_value("Voorzitter")
    assert_accessible()
    page.get_by_label("Agendapunt").fill("Opening")
    page.get_by_label("Duur (minuten)").fill("10")
    page.get_by_role("button", name="Opslaan").click()
    expect(agenda.get_by_role("heading", name="1. Opening")).to_be_visible()

    page.get_by_label("Agendapunt").fill("Voortgang werkstromen")
    page.get_by_label("Inbreng door").fill("Kwartiermaker")
    page.get_by_label("Duur (minuten)").fill("45")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    expect(agenda.get_by_role("heading", name="2. Voortgang werkstromen")).to_be_visible()
    expect(page.get_by_text("14:10 uur")).to_be_visible()

    # One click adds the budget change awaiting approval, linked to it.
    page.get_by_role("button", name=named("Op de agenda", "Begrotingswijziging")).click()
    expect(agenda.get_by_role("heading", name="3. Begrotingswijziging")).to_be_visible()
    expect(page.get_by_role("link", name="Naar het onderliggende stuk")).to_be_visible()
    expect(
        page.get_by_role("button", name=named("Op de agenda", "Begrotingswijziging"))
    ).to_have_count(0)

    # The progress item moves up, above the opening.
    page.get_by_role("button", name=named("Omhoog", "Voortgang werkstromen")).click()
    expect(agenda.get_by_role("heading", name="1. Voortgang werkstromen")).to_be_visible()
    expect(agenda.get_by_role("heading", name="2. Opening")).to_be_visible()
    expect(page.get_by_text("14:45 uur")).to_be_visible()  # the opening now starts later
    assert_accessible()

    # Publishing asks first; the answer names the agenda.
    page.get_by_role("button", name="Agenda publiceren").click()
    expect(page.get_by_role("heading", name="Agenda publiceren")).to_be_visible()
    assert_accessible()
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.DRAFT
    page.get_by_role("button", name="Ja, agenda publiceren").click()
    expect(page.get_by_text("De agenda is gepubliceerd")).to_be_visible()
    expect(page.get_by_role("button", name=named("Omhoog", "Opening"))).to_have_count(0)
    expect(page.get_by_role("button", name="Agenda publiceren")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.PUBLISHED

    # The printable agenda: on screen readable, no forms.
    page.get_by_role("link", name="Agenda afdrukken").click()
    expect(page.get_by_role("heading", name="1. Voortgang werkstromen")).to_be_visible()
    assert page.locator("main form").count() == 0
    assert_accessible()
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(reverse("governance:meeting_detail", args=[meeting.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
