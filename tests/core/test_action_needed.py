"""'Actie nodig' on the home page (core.action_needed and the apps' providers): what each role
gets, that every link opens for that user, that it is never stale, and that every provider
keeps its query budget at two data sizes."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.models import ChangeStatus
from core import action_needed
from core.models import Role
from governance.models import AgendaState, Meeting, MinutesState
from maturity.models import Answer, Assessment, AssessmentStatus, Question
from notifications.models import LogState, NotificationLog
from reports.models import ReportListVisit
from tests.budget.factories import BudgetChangeFactory, BudgetLineFactory
from tests.conftest import make_organisation
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    MeetingFactory,
    MilestoneFactory,
    StatusReportFactory,
)
from tests.maturity.factories import make_round, make_submitted
from tests.reports.factories import CouncilReportFactory, MeetingPackFactory

pytestmark = pytest.mark.django_db

ROUND_YEAR = 2033
# Workstream numbers above the seeded five.
NUMBERS = itertools.count(100)


def new_workstream(**values):
    number = next(NUMBERS)
    return WorkstreamFactory(number=number, slug=f"ws-{number}", **values)


def today():
    return timezone.localdate()


def labels(items) -> str:
    return "\n".join(f"{item.kind}: {item.label} {item.detail} {item.badge}" for item in items)


def assert_links_open(client, user, items):
    """Every link under 'Actie nodig' opens for the user it is shown to."""
    client.force_login(user)
    for item in items:
        for url in [item.url, *(link.url for link in item.links)]:
            response = client.get(url)
            assert response.status_code == 200, (item.label, url, response.status_code)


def grow(n: int, *, organisation, kwartiermaker, council):
    """`n` of every kind of thing that needs action, for every role."""
    line = BudgetLineFactory()
    days_ago = today() - datetime.timedelta(days=40)
    stamp = timezone.now() - datetime.timedelta(days=40)
    for i in range(n):
        workstream = new_workstream(lead_organisation=organisation)
        StatusReportFactory(
            workstream=workstream, published=True, published_at=stamp, escalations="Besluit nodig"
        )
        MilestoneFactory(workstream=workstream, overdue=True)
        ActionFactory(workstream=workstream, due_date=today() - datetime.timedelta(days=2))
        CommitmentFactory(council=council, due_date=today() - datetime.timedelta(days=1))
        CommitmentFactory(council=council, due_date=today() + datetime.timedelta(days=10))
        ahead = MeetingFactory(held_on=today() + datetime.timedelta(days=7 + i))
        Meeting.objects.filter(pk=ahead.pk).update(
            agenda_state=AgendaState.PUBLISHED, agenda_published_at=stamp
        )
        MeetingPackFactory(meeting=ahead, done=True, version=next(NUMBERS))
        MeetingFactory(held_on=days_ago - datetime.timedelta(days=i), minutes="Concept")
        BudgetChangeFactory(to_line=line, proposed_by=kwartiermaker)
        CouncilReportFactory(council=council, done=True, version=next(NUMBERS))
        CouncilReportFactory(council=OrganisationFactory(), failed=True)
        OrganisationFactory()  # one more participant that has not submitted
        NotificationLog.objects.create(
            key=f"test:{next(NUMBERS)}",
            recipient=kwartiermaker,
            event="test",
            state=LogState.FAILED,
            last_error="550 mailbox unavailable",
        )
    return line


@pytest.fixture
def everyone(seeded):
    """One person holding every role but beheerder (so every provider has something to say),
    in Roosendaal (a council, a budget participant, a workstream lead)."""
    roosendaal = make_organisation("Roosendaal")
    return UserFactory(
        username="alles",
        organisation=roosendaal,
        roles=[
            Role.STUURGROEPLID,
            Role.KWARTIERMAKER,
            Role.WERKSTROOMTREKKER,
            Role.RESPONDENT,
            Role.GRIFFIER,
        ],
    )


def provider_counts(user) -> dict[str, tuple[int, int]]:
    """provider key -> (queries made, items returned)."""
    counts = {}
    for key, provider in action_needed.providers:
        with CaptureQueriesContext(connection) as queries:
            items = provider.items(user=user, today=today())
        counts[key] = (len(queries), len(items))
    return counts


def test_every_provider_keeps_its_query_budget_at_two_sizes(everyone, kwartiermaker):
    make_round(ROUND_YEAR)
    sizes = {}
    for n in (2, 12):
        grow(
            n,
            organisation=everyone.organisation,
            kwartiermaker=kwartiermaker,
            council=everyone.organisation,
        )
        sizes[n] = provider_counts(everyone)
    for key, provider in action_needed.providers:
        for n, counts in sizes.items():
            queries, items = counts[key]
            assert items, f"{key} has nothing to show at size {n}: the test proves nothing"
            assert queries <= provider.budget, f"{key}: {queries} queries at size {n}"
    assert action_needed.query_budget() == sum(p.budget for _k, p in action_needed.providers)


def test_the_stuurgroep_member_gets_the_meeting_minutes_approvals_and_escalations(
    client, seeded, stuurgroeplid, kwartiermaker
):
    grow(
        1,
        organisation=stuurgroeplid.organisation,
        kwartiermaker=kwartiermaker,
        council=stuurgroeplid.organisation,
    )
    own = BudgetChangeFactory(
        to_line=BudgetLineFactory(), proposed_by=stuurgroeplid, amount=Decimal("777.00")
    )
    items = action_needed.items_for(stuurgroeplid)
    text = labels(items)
    kinds = {item.kind for item in items}
    assert {
        "Volgende vergadering",
        "Notulen vaststellen",
        "Escalatie",
        "Toezegging te laat",
        "Begrotingswijziging goedkeuren",
    } <= kinds, text
    # Never their own proposal: the service would refuse it anyway.
    assert "777,00" not in text and reverse("budget:change", args=[own.pk]) not in {
        item.url for item in items
    }
    meeting_item = next(item for item in items if item.kind == "Volgende vergadering")
    assert [link.label for link in meeting_item.links][-1].startswith("Vergaderstukken (PDF")
    # Nothing of the kwartiermaker's list.
    assert "Status verouderd" not in kinds and "Mijlpaal te laat" not in kinds
    assert_links_open(client, stuurgroeplid, items)


def test_an_agenda_published_for_a_later_meeting_is_shown_besides_the_next_one(
    client, seeded, stuurgroeplid
):
    # The kwartiermaker publishes the agenda of the meeting after next (the next one is
    # published already): the stuurgroep member sees both, each linked to its page.
    for days in (10, 40, 70):
        meeting = MeetingFactory(
            title=f"Over {days} dagen", held_on=today() + datetime.timedelta(days)
        )
        if days != 70:
            Meeting.objects.filter(pk=meeting.pk).update(
                agenda_state=AgendaState.PUBLISHED, agenda_published_at=timezone.now()
            )
    items = action_needed.items_for(stuurgroeplid)
    by_kind = {item.kind: item for item in items}
    assert by_kind["Volgende vergadering"].label == "Over 10 dagen"
    later = [item.label for item in items if item.kind == "Agenda gepubliceerd"]
    assert later == ["Over 40 dagen"]  # the draft agenda of the third is not news yet
    assert_links_open(client, stuurgroeplid, items)


def test_the_kwartiermaker_gets_stale_statuses_overdue_work_rounds_and_reports(
    client, seeded, kwartiermaker, settings
):
    council = make_organisation("Roosendaal")
    grow(1, organisation=council, kwartiermaker=UserFactory(kwartiermaker=True), council=council)
    make_round(ROUND_YEAR)
    items = action_needed.items_for(kwartiermaker)
    kinds = {item.kind for item in items}
    assert {
        "Status verouderd",
        "Mijlpaal te laat",
        "Actie te laat",
        "Toezegging binnen 30 dagen",
        "Volwassenheidsmeting: niet ingediend",
        "Raadsrapportages ontbreken",
        "Rapportage mislukt",
        "E-mail mislukt",
    } <= kinds, labels(items)
    assert "Begrotingswijziging goedkeuren" not in kinds  # the stuurgroep approves
    assert_links_open(client, kwartiermaker, items)
    # The threshold is a setting: with 60 days the 40-day-old statuses are not stale.
    settings.WBW_STALE_STATUS_DAYS = 60
    stale = [i for i in action_needed.items_for(kwartiermaker) if i.kind == "Status verouderd"]
    assert all("nog geen" in item.detail.lower() for item in stale), labels(stale)


def test_a_quarter_with_reports_for_every_council_is_not_reported(seeded, kwartiermaker):
    from reports.action_needed import last_ended_quarter
    from reports.selectors import councils_without_report

    start, end = last_ended_quarter(today())
    missing = list(councils_without_report(start=start, end=end))
    assert missing
    for council in missing:
        CouncilReportFactory(
            council=council, request__period_start=start, request__period_end=end, done=True
        )
    kinds = {item.kind for item in action_needed.items_for(kwartiermaker)}
    assert "Raadsrapportages ontbreken" not in kinds


def test_the_lead_gets_their_workstreams_due_items_and_a_prefilled_new_report(
    client, seeded, trekker
):
    workstream = new_workstream(lead_organisation=trekker.organisation, name="Eigen stroom")
    other = new_workstream(name="Andermans stroom")
    StatusReportFactory(
        workstream=workstream,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=3),
        progress_summary="Vorige voortgang",
        next_steps="Vorige stappen",
        escalations="Vorige escalatie",
    )
    MilestoneFactory(
        workstream=workstream, due_date=today() + datetime.timedelta(days=5), title="Eigen mijlpaal"
    )
    MilestoneFactory(workstream=other, overdue=True, title="Andermans mijlpaal")
    ActionFactory(
        workstream=workstream, due_date=today() - datetime.timedelta(days=1), title="Eigen actie"
    )
    items = action_needed.items_for(trekker)
    text = labels(items)
    own = next(item for item in items if item.label == "Nieuwe statusrapportage: Eigen stroom")
    assert "3 dagen oud" in own.detail and own.badge == ""
    assert "Eigen mijlpaal" in text and "Eigen actie" in text
    assert "Andermans" not in text
    assert_links_open(client, trekker, items)
    form = client.get(reverse("governance:report_create", args=[workstream.slug]))
    page = form.content.decode()
    assert "Vooringevuld met de vorige rapportage" in page
    assert form.context["form"].initial["progress_summary"] == "Vorige voortgang"
    assert form.context["form"].initial["escalations"] == "Vorige escalatie"


def test_the_respondent_sees_their_progress_then_that_it_is_submitted(client, seeded, respondent):
    assessment_round = make_round(ROUND_YEAR)
    total = Question.objects.filter(questionnaire=assessment_round.questionnaire).count()
    items = action_needed.items_for(respondent)
    assert [item.badge for item in items] == [f"0 van {total}"]
    assessment = Assessment.objects.create(
        round=assessment_round, organisation=respondent.organisation
    )
    questions = list(Question.objects.filter(questionnaire=assessment_round.questionnaire)[:3])
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question=q, value=3) for q in questions
    )
    client.force_login(respondent)
    page = client.get(reverse("home")).content.decode()
    assert f"3 van {total}" in page
    assert_links_open(client, respondent, action_needed.items_for(respondent))
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=respondent
    )
    page = client.get(reverse("home")).content.decode()
    assert "Uw organisatie heeft de scores ingediend." in page


def test_the_griffier_sees_the_latest_report_and_what_is_new_since_the_last_visit(
    client, seeded, griffier
):
    council = griffier.organisation
    first = CouncilReportFactory(council=council, done=True, version=1)
    CouncilReportFactory(council=make_organisation("Tholen"), done=True)  # not theirs
    items = action_needed.items_for(griffier)
    assert [item.url for item in items] == [reverse("reports:detail", args=[first.pk])]
    assert items[0].badge == "nieuw"  # never visited: everything is new
    assert_links_open(client, griffier, items)
    client.get(reverse("reports:list"))  # the visit
    assert ReportListVisit.objects.filter(user=griffier).exists()
    items = action_needed.items_for(griffier)
    assert len(items) == 1 and items[0].badge == ""
    second = CouncilReportFactory(
        council=council,
        done=True,
        version=2,
        request__period_start=datetime.date(2026, 4, 1),
        request__period_end=datetime.date(2026, 6, 30),
    )
    older_version = CouncilReportFactory(council=council, done=True, version=2)
    items = action_needed.items_for(griffier)
    urls = [item.url for item in items]
    assert urls[0] == reverse("reports:detail", args=[second.pk]) and items[0].badge == "nieuw"
    assert reverse("reports:detail", args=[older_version.pk]) in urls
    assert all(item.badge == "nieuw" for item in items)


def test_the_beheerder_gets_failed_mails_only_and_anonymous_nothing(client, beheerder):
    from django.contrib.auth.models import AnonymousUser

    assert action_needed.items_for(beheerder) == []
    NotificationLog.objects.create(
        key="test:1", recipient=beheerder, event="test", state=LogState.FAILED, last_error="550"
    )
    items = action_needed.items_for(beheerder)
    assert [item.label for item in items] == ["1 e-mail kon niet worden verstuurd"]
    assert_links_open(client, beheerder, items)
    assert action_needed.items_for(AnonymousUser()) == []


def test_the_section_is_never_stale_though_the_page_is_cached(
    client, seeded, stuurgroeplid, kwartiermaker
):
    """The dashboard below is a cached fragment; 'Actie nodig' is read on every request."""
    client.force_login(stuurgroeplid)
    page = client.get(reverse("home")).content.decode()
    assert "Actie nodig" in page and "Begrotingswijziging goedkeuren" not in page
    change = BudgetChangeFactory(to_line=BudgetLineFactory(), proposed_by=kwartiermaker)
    page = client.get(reverse("home")).content.decode()
    assert "Begrotingswijziging goedkeuren" in page
    change.status = ChangeStatus.REJECTED
    change.decided_by, change.decided_at = stuurgroeplid, timezone.now()
    change.save()
    MeetingFactory(
        held_on=today() - datetime.timedelta(days=3),
        minutes="Tekst",
        minutes_state=MinutesState.DRAFT,
    )
    page = client.get(reverse("home")).content.decode()
    assert "Begrotingswijziging goedkeuren" not in page and "Notulen vaststellen" in page


def test_the_kwartiermakers_cached_items_follow_every_write(
    client, seeded, kwartiermaker, django_assert_max_num_queries
):
    """The governance and reports items are kept in the page cache (core.caching): a warm
    read runs none of their queries, and every write shows at once."""
    client.force_login(kwartiermaker)
    workstream = new_workstream()
    page = client.get(reverse("home")).content.decode()
    assert f"Nieuwe statusrapportage: {workstream.name}" in page
    assert "Actie uit de cachetest" not in page and "Rapportage mislukt" not in page
    # Session, user, the data version; the maturity round and failed mails are read live.
    with django_assert_max_num_queries(5):
        client.get(reverse("home"))
    ActionFactory(
        workstream=workstream,
        title="Actie uit de cachetest",
        due_date=today() - datetime.timedelta(days=2),
    )
    CouncilReportFactory(failed=True)
    page = client.get(reverse("home")).content.decode()
    assert "Actie uit de cachetest" in page and "Rapportage mislukt" in page
    StatusReportFactory(workstream=workstream, published=True, published_at=timezone.now())
    page = client.get(reverse("home")).content.decode()
    assert f"Nieuwe statusrapportage: {workstream.name}" not in page


@pytest.mark.parametrize("role", list(Role.values))
def test_the_section_comes_first_on_every_home_page(client, seeded, user_for_role, role):
    client.force_login(user_for_role(role))
    if True:
        page = client.get(reverse("home")).content.decode()
        main = page.split("<main", 1)[1]  # the menu has its own 'Werkstromen'
        assert main.index("Actie nodig") < main.index("Werkstromen"), role


def test_the_dashboard_shows_the_date_of_each_latest_published_status(client, stuurgroeplid):
    workstream = WorkstreamFactory()
    StatusReportFactory(
        workstream=workstream,
        published=True,
        published_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 12)),
    )
    client.force_login(stuurgroeplid)
    assert "06-10-2026" in client.get(reverse("home")).content.decode()


def test_a_second_participant_that_submitted_is_not_listed(seeded, kwartiermaker):
    assessment_round = make_round(ROUND_YEAR)
    roosendaal = make_organisation("Roosendaal")
    make_submitted(assessment_round, roosendaal)
    items = [
        item
        for item in action_needed.items_for(kwartiermaker)
        if item.kind == "Volwassenheidsmeting: niet ingediend"
    ]
    assert len(items) == 1
    assert "Roosendaal" not in items[0].label and "Tholen" in items[0].label


def test_the_demo_gives_the_stuurgroep_a_prepared_meeting_and_work_to_approve(client, demo_seeded):
    """Issue 9 item 7: the next meeting with a published agenda and a suggested item, a budget
    change awaiting approval (not the member's own), the previous minutes awaiting adoption and
    an overdue action."""
    from budget.models import BudgetChange
    from core.models import User
    from governance.models import Action, AgendaState, Meeting

    member = User.objects.get(username="stuurgroep")
    items = action_needed.items_for(member)
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    meeting_item = by_kind["Volgende vergadering"][0]
    meeting = Meeting.objects.get(pk=meeting_item.url.rstrip("/").split("/")[-1])
    assert meeting.agenda_state == AgendaState.PUBLISHED
    assert meeting_item.badge == "agenda gepubliceerd"
    suggested = meeting.agenda_items.filter(source_id__isnull=False)
    assert suggested.count() >= 1
    assert isinstance(suggested.first().source, Action) and suggested.first().source.is_overdue
    change = BudgetChange.objects.get(
        pk=by_kind["Begrotingswijziging goedkeuren"][0].url.split("/")[-2]
    )
    assert change.proposed_by != member and change.proposed_by.username == "kwartiermaker"
    assert by_kind["Notulen vaststellen"]
    assert any(action.is_overdue for action in Action.objects.filter(is_demo=True))
    assert_links_open(client, member, items)
