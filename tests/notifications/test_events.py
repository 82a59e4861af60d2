"""The domain apps' events reach the right people: budget changes, council reports, maturity
rounds and reopened scores, and beat's reminders (due actions and milestones daily, stale
statuses weekly, rounds about to close). Mails go to a real SMTP server; tasks run here."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget import services as budget_services
from budget.models import ChangeKind
from core.models import Role
from governance.models import ActionStatus, AgendaItem
from governance.selectors import stale_workstreams
from maturity import services as maturity_services
from maturity.models import RoundStatus
from notifications.models import LogState, NotificationLog
from notifications.tasks import send_daily, send_weekly
from reports.notifications import report_ready_announce
from tests.budget.factories import BudgetLineFactory
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory
from tests.governance.factories import ActionFactory, MilestoneFactory, StatusReportFactory
from tests.maturity.factories import make_round, make_submitted
from tests.notifications.test_sending import body, subject
from tests.reports.factories import CouncilReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TODAY = timezone.localdate()


def user(username, *roles, organisation=None, **extra):
    return UserFactory(
        username=username,
        email=f"{username}@example.nl",
        roles=list(roles),
        organisation=organisation,
        **extra,
    )


def recipients(smtp_server) -> list[str]:
    return sorted(message["To"] for message in smtp_server)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Runs the block's on-commit work (the notifications, then their send tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_proposed_budget_change_goes_to_the_stuurgroep_but_not_its_proposer(
    smtp_server, committing
):
    proposer = user("km-b", Role.KWARTIERMAKER, Role.STUURGROEPLID)
    user("sg-b1", Role.STUURGROEPLID)
    user("sg-b2", Role.STUURGROEPLID)
    user("gr-b", Role.GRIFFIER, organisation=OrganisationFactory())
    line = BudgetLineFactory()
    with committing():
        budget_services.change_propose(
            acting_user=proposer,
            budget_year=line.budget_year,
            kind=ChangeKind.RAISE,
            to_line=line,
            amount=Decimal("250.00"),
            reason="Extra uren",
        )
    assert recipients(smtp_server) == ["sg-b1@example.nl", "sg-b2@example.nl"]
    assert subject(smtp_server[0]) == (
        "[WBW Regieportaal] Begrotingswijziging voorgesteld: Verhoging van een post €\xa0250,00"
    )
    assert "Extra uren" in body(smtp_server[0], "plain")
    year = line.budget_year.year  # a year, not a number with a thousands separator
    assert f"begrotingswijziging voor {year} voor" in body(smtp_server[0], "plain")


@pytest.mark.parametrize(
    ("decide", "word"),
    [(budget_services.change_approve, "goedgekeurd"), (budget_services.change_reject, "afgewezen")],
)
def test_the_decision_on_a_budget_change_goes_to_its_proposer(
    smtp_server, committing, django_capture_on_commit_callbacks, decide, word
):
    proposer = user("km-d", Role.KWARTIERMAKER)
    member = user("sg-d", Role.STUURGROEPLID)
    line = BudgetLineFactory()
    with django_capture_on_commit_callbacks(execute=False):
        change = budget_services.change_propose(
            acting_user=proposer,
            budget_year=line.budget_year,
            kind=ChangeKind.RAISE,
            to_line=line,
            amount=Decimal("100.00"),
            reason="Nodig",
        )
    with committing():
        decide(change=change, expected_version=change.version, acting_user=member, note="Akkoord")
    assert recipients(smtp_server) == ["km-d@example.nl"]
    assert subject(smtp_server[0]).startswith(f"[WBW Regieportaal] Begrotingswijziging {word}")
    assert "Akkoord" in body(smtp_server[0], "plain")


def test_a_ready_council_report_goes_to_that_councils_griffiers_and_the_requester(
    smtp_server, committing
):
    council, other = OrganisationFactory(), OrganisationFactory()
    user("gr-r1", Role.GRIFFIER, organisation=council)
    user("gr-r2", Role.GRIFFIER, organisation=council)
    user("gr-r3", Role.GRIFFIER, organisation=other)
    requester = user("km-r", Role.KWARTIERMAKER)
    report = CouncilReportFactory(council=council, requested_by=requester, done=True)
    with committing():
        report_ready_announce(report=report)
    assert recipients(smtp_server) == ["gr-r1@example.nl", "gr-r2@example.nl", "km-r@example.nl"]


def test_an_opened_round_goes_to_every_organisations_respondents(seeded, smtp_server, committing):
    tholen, moerdijk = OrganisationFactory(), OrganisationFactory()
    user("rs-1", Role.RESPONDENT, organisation=tholen)
    user("rs-2", Role.RESPONDENT, organisation=moerdijk)
    user("sg-m", Role.STUURGROEPLID, organisation=tholen)
    kwartiermaker = user("km-m", Role.KWARTIERMAKER)
    assessment_round = make_round(2033, status=RoundStatus.PREPARING)
    with committing():
        maturity_services.round_open(assessment_round=assessment_round, acting_user=kwartiermaker)
    assert recipients(smtp_server) == ["rs-1@example.nl", "rs-2@example.nl"]
    texts = {message["To"]: body(message, "plain") for message in smtp_server}
    assert tholen.name in texts["rs-1@example.nl"] and moerdijk.name in texts["rs-2@example.nl"]
    assert "/volwassenheid/metingen/2033/invullen/" in texts["rs-1@example.nl"]


def test_reopened_scores_go_to_that_organisations_respondents(seeded, smtp_server, committing):
    tholen, moerdijk = OrganisationFactory(), OrganisationFactory()
    user("rs-3", Role.RESPONDENT, organisation=tholen)
    user("rs-4", Role.RESPONDENT, organisation=moerdijk)
    kwartiermaker = user("km-o", Role.KWARTIERMAKER)
    assessment_round = make_round(2034)
    assessment = make_submitted(assessment_round, tholen)
    with committing():
        maturity_services.assessment_reopen(
            assessment=assessment, reason="Vraag 3 verkeerd begrepen", acting_user=kwartiermaker
        )
    assert recipients(smtp_server) == ["rs-3@example.nl"]
    assert "Vraag 3 verkeerd begrepen" in body(smtp_server[0], "plain")


def test_a_round_closing_within_a_week_reminds_respondents_who_have_not_submitted(
    seeded, smtp_server, committing
):
    done, late = OrganisationFactory(), OrganisationFactory()
    user("rs-5", Role.RESPONDENT, organisation=done)
    user("rs-6", Role.RESPONDENT, organisation=late)
    assessment_round = make_round(2035)
    assessment_round.closes_on = TODAY + datetime.timedelta(days=5)
    assessment_round.save()
    make_submitted(assessment_round, done)
    far = make_round(2036)
    far.closes_on = TODAY + datetime.timedelta(days=20)
    far.save()
    with committing():
        send_daily.apply()
        send_daily.apply()
    assert recipients(smtp_server) == ["rs-6@example.nl"]
    assert (
        subject(smtp_server[0])
        == "[WBW Regieportaal] Volwassenheidsmeting Meting 2035 sluit binnenkort"
    )


def test_the_daily_reminder_groups_due_and_overdue_items_per_owner(smtp_server, committing):
    owner = user("km-a", Role.KWARTIERMAKER)
    lead = user("wt-a", Role.WERKSTROOMTREKKER)
    workstream = WorkstreamFactory(lead_user=lead)
    ActionFactory(title="Offerte opvragen", owner=owner, due_date=TODAY + datetime.timedelta(3))
    ActionFactory(title="Plan schrijven", owner=owner, due_date=TODAY - datetime.timedelta(2))
    ActionFactory(title="Later", owner=owner, due_date=TODAY + datetime.timedelta(30))
    ActionFactory(title="Klaar", owner=owner, due_date=TODAY, status=ActionStatus.DONE)
    MilestoneFactory(title="Architectuur vastgesteld", workstream=workstream, due_date=TODAY)
    with committing():
        send_daily.apply()
        send_daily.apply()
    assert recipients(smtp_server) == ["km-a@example.nl", "wt-a@example.nl"]
    mails = {message["To"]: message for message in smtp_server}
    text = body(mails["km-a@example.nl"], "plain")
    # Grouped by kind, the most urgent first.
    assert "Acties\n- Plan schrijven (te laat, was" in text
    assert "Offerte opvragen" in text and "Plan schrijven" in text and "te laat" in text
    assert "Later" not in text and "Klaar" not in text
    assert "Mijlpalen" in body(mails["wt-a@example.nl"], "plain")
    assert subject(mails["km-a@example.nl"]) == (
        "[WBW Regieportaal] Herinnering: 2 acties en mijlpalen vragen aandacht"
    )


def test_the_weekly_reminder_names_stale_workstreams_to_lead_and_kwartiermaker(
    smtp_server, committing, settings
):
    settings.WBW_STALE_STATUS_DAYS = 14
    user("km-s", Role.KWARTIERMAKER)
    lead = user("wt-s", Role.WERKSTROOMTREKKER)
    stale = WorkstreamFactory(name="Oud nieuws", lead_user=lead)
    StatusReportFactory(
        workstream=stale, published=True, published_at=timezone.now() - datetime.timedelta(30)
    )
    fresh = WorkstreamFactory(name="Vers", lead_user=lead)
    StatusReportFactory(workstream=fresh, published=True)
    assert stale in stale_workstreams(today=TODAY) and fresh not in stale_workstreams(today=TODAY)
    with committing():
        send_weekly.apply()
        send_weekly.apply()
    mails = {message["To"]: body(message, "plain") for message in smtp_server}
    assert set(mails) == {"km-s@example.nl", "wt-s@example.nl"}
    assert "Oud nieuws" in mails["wt-s@example.nl"] and "Vers" not in mails["wt-s@example.nl"]
    assert "14 dagen" in mails["wt-s@example.nl"]
    assert NotificationLog.objects.filter(event="status_stale", state=LogState.SENT).count() == 2


def meeting_and_its_readers(suffix: str, title: str, *, day: int, month: int):
    """(the kwartiermaker, a meeting at 14:00 with one agenda item), with a stuurgroep member
    and a workstream lead beside them, each with an address ending in -<suffix>."""
    from tests.governance.factories import MeetingFactory

    kwartiermaker = user(f"km-{suffix}", Role.KWARTIERMAKER)
    user(f"sg-{suffix}", Role.STUURGROEPLID)
    user(f"wt-{suffix}", Role.WERKSTROOMTREKKER)
    meeting = MeetingFactory(
        title=title,
        held_on=datetime.date(2026, month, day),
        start_time=datetime.time(14, 0),
        location="Stadskantoor Roosendaal",
    )
    AgendaItem.objects.create(meeting=meeting, title="Opening", position=1)
    return kwartiermaker, meeting


def test_a_published_agenda_goes_to_stuurgroep_and_kwartiermaker_with_its_invitation(
    smtp_server, committing
):
    from governance import services as governance_services

    kwartiermaker, meeting = meeting_and_its_readers("g", "Stuurgroep april", day=9, month=4)
    with committing():
        governance_services.meeting_agenda_publish(meeting=meeting, acting_user=kwartiermaker)
    assert recipients(smtp_server) == ["km-g@example.nl", "sg-g@example.nl"]
    message = smtp_server[0]
    assert subject(message) == "[WBW Regieportaal] Agenda Stuurgroep april"
    text = body(message, "plain")
    assert "9 april 2026" in text and "Aanvang: 14:00" in text
    [invitation] = [part for part in message.walk() if part.get_filename()]
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "PUBLISH"
    assert invitation.get_filename() == "stuurgroep-april.ics"
    ics = invitation.get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in ics and "Stuurgroep april" in ics

    # A change of time: a new mail with the updated invitation; publishing again mails nobody.
    meeting.refresh_from_db()
    with committing():
        governance_services.meeting_update(
            meeting=meeting,
            values={"start_time": datetime.time(15, 0)},
            expected_version=meeting.version,
            acting_user=kwartiermaker,
        )
    changed = [
        m for m in smtp_server if subject(m).startswith("[WBW Regieportaal] Agenda gewijzigd")
    ]
    assert len(changed) == 2
    assert "Aanvang: 15:00" in body(changed[0], "plain")
    assert (
        "SEQUENCE:1"
        in next(p for p in changed[0].walk() if p.get_filename()).get_payload(decode=True).decode()
    )


def test_a_paper_added_replaced_or_removed_on_a_published_agenda_is_mailed_each_time(
    smtp_server, committing
):
    import io

    from governance import services as governance_services
    from tests.governance import samples
    from tests.governance.factories import make_document

    kwartiermaker, meeting = meeting_and_its_readers("p", "Stuurgroep mei", day=14, month=5)
    # Papers of a draft agenda are announced with the agenda, not one by one.
    with committing():
        make_document(meeting, kwartiermaker, title="Concept begroting")
    assert smtp_server == []
    with committing():
        governance_services.meeting_agenda_publish(meeting=meeting, acting_user=kwartiermaker)
    published = len(smtp_server)

    with committing():
        paper = make_document(meeting, kwartiermaker, title="Notitie CISO & privacy")
    with committing():
        governance_services.meeting_document_replace(
            document=paper,
            file=io.BytesIO(samples.pdf()),
            file_name="v2.pdf",
            acting_user=kwartiermaker,
        )
    with committing():
        governance_services.meeting_document_delete(document=paper, acting_user=kwartiermaker)

    # Not to the one who made the change, nor to a workstream lead.
    mails = smtp_server[published:]
    assert [message["To"] for message in mails] == ["sg-p@example.nl"] * 3
    assert {subject(message) for message in mails} == {
        "[WBW Regieportaal] Vergaderstukken gewijzigd: Stuurgroep mei"
    }
    texts = [body(message, "plain") for message in mails]
    assert (
        "Bij Stuurgroep mei van 14 mei 2026 is een stuk toegevoegd: Notitie CISO & privacy."
        in (texts[0])
    )
    assert "staat een nieuwe versie van het stuk Notitie CISO & privacy." in texts[1]
    assert "is het stuk Notitie CISO & privacy verwijderd." in texts[2]
    assert f"/governance/vergaderingen/{meeting.pk}/" in texts[0]
    html = next(
        part.get_payload(decode=True).decode()
        for part in mails[0].walk()
        if part.get_content_type() == "text/html"
    )
    assert "Notitie CISO &amp; privacy" in html
    logged = NotificationLog.objects.filter(event="meeting_papers_changed", state=LogState.SENT)
    assert logged.count() == 3


def test_minutes_offered_for_adoption_go_to_the_stuurgroep_once_per_version(
    client, smtp_server, committing
):
    from django.urls import reverse

    from tests.governance.factories import MeetingFactory

    kwartiermaker = user("km-v", Role.KWARTIERMAKER)
    user("sg-v", Role.STUURGROEPLID)
    meeting = MeetingFactory(title="Stuurgroep juni", held_on=datetime.date(2026, 6, 4))
    client.force_login(kwartiermaker)
    detail = reverse("governance:meeting_detail", args=[meeting.pk])
    offer = reverse("governance:meeting_offer", args=[meeting.pk])
    assert offer not in client.get(detail).content.decode()  # no minutes yet
    refused = client.post(offer, follow=True)
    assert "nog geen verslag" in refused.content.decode()

    meeting.minutes = "Besproken: de begroting."
    meeting.save()
    assert offer in client.get(detail).content.decode()
    with committing():
        client.post(offer)
        client.post(offer)
    assert recipients(smtp_server) == ["sg-v@example.nl"]
    assert subject(smtp_server[0]) == "[WBW Regieportaal] Verslag ter vaststelling: Stuurgroep juni"
    assert f"/governance/vergaderingen/{meeting.pk}/" in body(smtp_server[0], "plain")


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_data_announces_nothing(demo_seeded, smtp_server):
    """seed_wbw --demo proposes and approves a budget change and adds a paper to a published
    agenda, each of which is announced when done by a person; loading it mails nobody."""
    from budget.models import BudgetChange
    from governance.models import MeetingDocument

    assert BudgetChange.objects.count() == 2  # one approved, one awaiting the stuurgroep
    assert MeetingDocument.objects.filter(meeting__agenda_published_at__isnull=False).exists()
    assert not NotificationLog.objects.exists()
    assert list(smtp_server) == []
