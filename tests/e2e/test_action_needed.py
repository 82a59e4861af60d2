"""'Actie nodig' in the browser (issue 9, item 8): the kwartiermaker prepares a meeting (items,
a paper, a suggested item), publishes its agenda and opens the meeting pack's PDF; a stuurgroep
member's home page then shows the meeting, with its pack, under 'Actie nodig', at 1280 and at
390 px, axe-clean."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.models import AgendaState, Meeting
from governance.seed import demo_pdf
from reports.models import MeetingPack
from reports.tasks import render_meeting_pack
from tests.governance.factories import ActionFactory, MeetingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def named(action: str, title: str) -> re.Pattern:
    """A button's accessible name: its visible verb, then the (visually hidden) item title."""
    return re.compile(rf"^{re.escape(action)}\W+.*{re.escape(title)}")


def test_a_prepared_and_published_meeting_shows_under_actie_nodig(
    page, login, kwartiermaker, stuurgroeplid, assert_accessible, tmp_path
):
    held_on = datetime.date.today() + datetime.timedelta(days=10)
    meeting = MeetingFactory(
        title="Stuurgroep maart",
        held_on=held_on,
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        location="Stadskantoor Roosendaal",
    )
    ActionFactory(
        title="Notitie CISO-capaciteit opstellen",
        due_date=datetime.date.today() - datetime.timedelta(days=3),
    )
    paper = tmp_path / "Voortgang.pdf"
    paper.write_bytes(demo_pdf("Voortgang", ["Een vergaderstuk voor de test."]))

    # The kwartiermaker prepares the meeting: two items, one of them suggested, and a paper.
    login("km")
    page.goto(reverse("governance:meeting_detail", args=[meeting.pk]))
    page.get_by_label("Agendapunt").fill("Voortgang werkstromen")
    page.get_by_label("Duur (minuten)").fill("30")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    # (the papers' section repeats each item's heading: the agenda's comes first)
    expect(page.get_by_role("heading", name="1. Voortgang werkstromen").first).to_be_visible()
    page.get_by_role(
        "button", name=named("Op de agenda", "Notitie CISO-capaciteit opstellen")
    ).click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^2\. .*CISO-capaciteit")).first
    ).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Stuk toevoegen\W+bij de vergadering")).click()
    page.get_by_label("Titel").fill("Voortgangsrapportage")
    page.get_by_label("Bestand").set_input_files(str(paper))
    page.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_role("link", name="Voortgangsrapportage", exact=True)).to_be_visible()
    assert_accessible()

    # Publishing asks first.
    page.get_by_role("button", name="Agenda publiceren").click()
    page.get_by_role("button", name="Ja, agenda publiceren").click()
    expect(page.get_by_text("De agenda is gepubliceerd")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.agenda_state == AgendaState.PUBLISHED
    # The paper is a PDF the browser receives as such.
    with page.expect_download() as download:
        page.get_by_role("link", name="Voortgangsrapportage", exact=True).click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    # The meeting pack: requested, made by the worker's task, then opened as one PDF that
    # carries the paper behind the agenda.
    page.get_by_role("button", name="Vergaderstukken samenstellen").click()
    # The click returns once the request is sent; the page after it shows the request was made.
    expect(page.get_by_text("De vergaderstukken worden samengesteld")).to_be_visible()
    pack = MeetingPack.objects.get(meeting=meeting)
    render_meeting_pack.run(pack.pk)
    panel = page.locator("#vergaderpakket")
    expect(panel.get_by_role("link", name=re.compile(r"^Downloaden\W+versie 1"))).to_be_visible(
        timeout=15_000
    )
    assert_accessible()
    with page.expect_download() as download:
        panel.get_by_role("link", name=re.compile(r"^Downloaden\W+versie 1")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(download.value.path())
    text = "\n".join(page_.extract_text() for page_ in pdf.pages)
    assert "Stuurgroep maart" in text and "Een vergaderstuk voor de test." in text
    page.context.clear_cookies()

    # A stuurgroep member's home page: the meeting first under 'Actie nodig'.
    login("sg")
    page.goto("/")
    section = page.get_by_role("region", name="Actie nodig")
    expect(section).to_be_visible()
    item = section.get_by_role("listitem").filter(has_text="Volgende vergadering").first
    expect(item.get_by_role("link", name="Stuurgroep maart")).to_be_visible()
    expect(
        item.get_by_text("14:00–16:00 · Stadskantoor Roosendaal · 2 agendapunten")
    ).to_be_visible()
    expect(item.get_by_text("agenda gepubliceerd")).to_be_visible()
    expect(item.get_by_role("link", name="Agenda", exact=True)).to_be_visible()
    with page.expect_download() as download:
        item.get_by_role("link", name="Vergaderstukken (PDF, versie 1)").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert_accessible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible()
    item.get_by_role("link", name="Stuurgroep maart").click()
    expect(page.get_by_role("link", name="Voortgangsrapportage", exact=True)).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).agenda_items.count() == 2
