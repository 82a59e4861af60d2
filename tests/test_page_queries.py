"""Query budgets of the pages that have none elsewhere: detail, edit, create and form pages,
the login page and the home page without the dashboard.

The data is built once for the module: every page is read at a small size, then the data
grows tenfold (more records of every kind, and more history on the records the detail pages
show) and every page is read again. Each page keeps one budget at both sizes. The lists, the
dashboard, budget, maturity, reports, audit and search pages have budgets in their own modules.
"""

import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import BudgetLine
from core.models import Organisation
from governance import services
from governance.models import Workstream
from governance.services import calendar_feed_renew
from maturity.models import Assessment, AssessmentRound
from notifications.models import LogState, NotificationLog
from tests.budget.factories import BudgetChangeFactory, EntryFactory
from tests.factories import OrganisationFactory, UserFactory, WorkstreamFactory
from tests.governance import samples
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RegionalFunctionFactory,
    RiskFactory,
    RoleAssignmentFactory,
    StatusReportFactory,
    make_document,
)
from tests.maturity.factories import make_round, make_submitted
from tests.reports.factories import CouncilReportFactory, MeetingPackFactory

# The data is built once per module: keep its tests in one xdist process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("page_queries")]

SMALL, LARGE = 2, 20
MATURITY_YEAR = 2031

# Page -> (who reads it, query budget at both sizes). The URL comes from World.urls(). The home
# page for people without the dashboard (a griffier: the plain workstream list) is here; the
# dashboard's budget is in tests/governance/test_views.py.
BUDGETS = {
    "governance:workstream_detail": ("kwartiermaker", 8),
    "governance:report_detail": ("kwartiermaker", 4),
    "governance:report_edit": ("kwartiermaker", 3),
    "governance:report_create": ("kwartiermaker", 4),
    "governance:report_quick": ("kwartiermaker", 3),
    # Read cold: with the data version of its cached table (warm: session, user, version).
    "governance:workstream_list": ("kwartiermaker", 4),
    "governance:milestone_detail": ("kwartiermaker", 5),
    "governance:milestone_edit": ("kwartiermaker", 5),
    "governance:milestone_create": ("kwartiermaker", 3),
    # The agenda (items, their sources: one query per kind, decisions, actions) and, for who
    # prepares it, the suggestions (one query per kind, plus one).
    # + 2: the papers, their versions; + 1: the meeting pack's panel (reports).
    "governance:meeting_detail": ("kwartiermaker", 24),
    "governance:meeting_detail (trekker)": ("trekker", 15),
    "governance:meeting_agenda": ("kwartiermaker", 4),
    "governance:meeting_agenda_add": ("kwartiermaker", 4),
    "governance:agenda_item_edit": ("kwartiermaker", 6),
    "governance:agenda_item_minutes": ("kwartiermaker", 4),
    "governance:meeting_edit": ("kwartiermaker", 3),
    "governance:meeting_document_detail": ("kwartiermaker", 8),
    "governance:meeting_create": ("kwartiermaker", 2),
    "governance:meeting_ics": ("kwartiermaker", 4),
    "governance:calendar_feed_settings": ("kwartiermaker", 3),
    # The feed is read by a calendar app, without a session: the secret URL is all it has.
    "governance:calendar_feed": (None, 5),
    "governance:decision_create": ("kwartiermaker", 4),
    "governance:decision_detail": ("kwartiermaker", 8),
    "governance:decision_edit": ("kwartiermaker", 8),
    "governance:action_create": ("kwartiermaker", 6),
    "governance:action_detail": ("kwartiermaker", 10),
    "governance:action_edit": ("kwartiermaker", 10),
    "governance:commitment_create": ("kwartiermaker", 4),
    "governance:commitment_detail": ("kwartiermaker", 7),
    "governance:commitment_edit": ("kwartiermaker", 7),
    "governance:risk_create": ("kwartiermaker", 6),
    "governance:risk_detail": ("kwartiermaker", 8),
    "governance:risk_edit": ("kwartiermaker", 8),
    "governance:role_assignment_create": ("kwartiermaker", 4),
    "governance:role_assignment_detail": ("kwartiermaker", 6),
    "governance:role_assignment_edit": ("kwartiermaker", 7),
    "budget:entry_create": ("kwartiermaker", 9),
    "budget:line": ("kwartiermaker", 5),
    "budget:entry": ("kwartiermaker", 5),
    "budget:entry_edit": ("kwartiermaker", 11),
    "budget:entry_import": ("kwartiermaker", 3),
    "budget:change_create": ("kwartiermaker", 16),
    "budget:change": ("kwartiermaker", 4),
    "reports:detail": ("kwartiermaker", 7),
    "reports:meeting_pack_panel": ("kwartiermaker", 4),
    "core:system_status": ("beheerder", 4),
    "core:glossary": ("griffier", 3),
    "api:tokens": ("kwartiermaker", 3),
    "password_change": ("kwartiermaker", 2),
    # Read cold: with the data version of its cached form (warm: session, user, version).
    "reports:request": ("kwartiermaker", 5),
    "maturity:round_create": ("kwartiermaker", 3),
    "maturity:round_record": ("kwartiermaker", 5),
    "maturity:assessment_detail": ("kwartiermaker", 6),
    "maturity:import_data": ("kwartiermaker", 3),
    "maturity:assessment_edit": ("respondent", 6),
    "login": (None, 1),
    # Every role's home page, with its 'Actie nodig' (core.action_needed), read cold. The
    # stuurgroep's dashboard has its budget in tests/governance/test_views.py.
    "home (griffier)": ("griffier", 5 + 2),
    "home (trekker)": ("trekker", 5 + 3),
    "home (respondent)": ("respondent", 5 + 1),
    "home (beheerder)": ("beheerder", 5 + 1),
    "home (kwartiermaker)": ("kwartiermaker", 14 + 4 + 1 + 2 + 1),
    "home (stuurgroep)": ("stuurgroep", 14 + 5 + 2),
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    first: dict = field(default_factory=dict)  # the records the detail pages show

    def urls(self) -> dict[str, str]:
        f = self.first
        return {
            "governance:workstream_detail": reverse(
                "governance:workstream_detail", args=[f["workstream"].slug]
            ),
            "governance:report_detail": reverse("governance:report_detail", args=[f["report"].pk]),
            "governance:report_edit": reverse("governance:report_edit", args=[f["draft"].pk]),
            "governance:report_create": reverse(
                "governance:report_create", args=[f["workstream"].slug]
            ),
            "governance:report_quick": reverse("governance:report_quick"),
            "governance:workstream_list": reverse("governance:workstream_list"),
            "core:glossary": reverse("core:glossary"),
            "governance:milestone_detail": reverse(
                "governance:milestone_detail", args=[f["milestone"].pk]
            ),
            "governance:milestone_edit": reverse(
                "governance:milestone_edit", args=[f["milestone"].pk]
            ),
            "governance:milestone_create": reverse(
                "governance:milestone_create", args=[f["workstream"].slug]
            ),
            "governance:meeting_detail": reverse(
                "governance:meeting_detail", args=[f["meeting"].pk]
            ),
            "governance:meeting_detail (trekker)": reverse(
                "governance:meeting_detail", args=[f["meeting"].pk]
            ),
            "governance:meeting_agenda": reverse(
                "governance:meeting_agenda", args=[f["meeting"].pk]
            ),
            "governance:meeting_agenda_add": reverse(
                "governance:meeting_agenda_add", args=[f["meeting"].pk]
            ),
            "governance:agenda_item_edit": reverse(
                "governance:agenda_item_edit", args=[f["meeting"].pk, f["agenda_item"].pk]
            ),
            "governance:agenda_item_minutes": reverse(
                "governance:agenda_item_minutes", args=[f["meeting"].pk, f["agenda_item"].pk]
            ),
            "governance:meeting_edit": reverse("governance:meeting_edit", args=[f["meeting"].pk]),
            "governance:meeting_document_detail": reverse(
                "governance:meeting_document_detail", args=[f["document"].pk]
            ),
            "governance:meeting_create": reverse("governance:meeting_create"),
            "governance:meeting_ics": reverse("governance:meeting_ics", args=[f["meeting"].pk]),
            "governance:calendar_feed_settings": reverse("governance:calendar_feed_settings"),
            "governance:calendar_feed": reverse(
                "governance:calendar_feed", args=[f["feed_secret"]]
            ),
            "governance:decision_create": reverse("governance:decision_create"),
            "governance:decision_detail": reverse(
                "governance:decision_detail", args=[f["decision"].pk]
            ),
            "governance:decision_edit": reverse(
                "governance:decision_edit", args=[f["decision"].pk]
            ),
            "governance:action_create": reverse("governance:action_create"),
            "governance:action_detail": reverse("governance:action_detail", args=[f["action"].pk]),
            "governance:action_edit": reverse("governance:action_edit", args=[f["action"].pk]),
            "governance:commitment_create": reverse("governance:commitment_create"),
            "governance:commitment_detail": reverse(
                "governance:commitment_detail", args=[f["commitment"].pk]
            ),
            "governance:commitment_edit": reverse(
                "governance:commitment_edit", args=[f["commitment"].pk]
            ),
            "governance:risk_create": reverse("governance:risk_create"),
            "governance:risk_detail": reverse("governance:risk_detail", args=[f["risk"].pk]),
            "governance:risk_edit": reverse("governance:risk_edit", args=[f["risk"].pk]),
            "governance:role_assignment_create": reverse("governance:role_assignment_create"),
            "governance:role_assignment_detail": reverse(
                "governance:role_assignment_detail", args=[f["assignment"].pk]
            ),
            "governance:role_assignment_edit": reverse(
                "governance:role_assignment_edit", args=[f["assignment"].pk]
            ),
            "budget:entry_create": reverse("budget:entry_create", args=[2024]),
            "budget:line": reverse("budget:line", args=[f["entry"].line_id]),
            "budget:entry": reverse("budget:entry", args=[f["entry"].pk]),
            "budget:entry_edit": reverse("budget:entry_edit", args=[f["entry"].pk]),
            "budget:entry_import": reverse("budget:entry_import", args=[2024]),
            "budget:change_create": reverse("budget:change_create", args=[2024]),
            "budget:change": reverse("budget:change", args=[f["change"].pk]),
            "reports:detail": reverse("reports:detail", args=[f["council_report"].pk]),
            "reports:meeting_pack_panel": reverse(
                "reports:meeting_pack_panel", args=[f["meeting"].pk]
            ),
            "core:system_status": reverse("core:system_status"),
            "api:tokens": reverse("api:tokens"),
            "password_change": reverse("password_change"),
            "reports:request": reverse("reports:request"),
            "maturity:round_create": reverse("maturity:round_create"),
            "maturity:round_record": reverse("maturity:round_record", args=[MATURITY_YEAR]),
            "maturity:assessment_detail": Assessment.objects.filter(round__year=MATURITY_YEAR)
            .first()
            .get_absolute_url(),
            "maturity:import_data": reverse("maturity:import_data", args=[MATURITY_YEAR]),
            "maturity:assessment_edit": reverse("maturity:assessment_edit", args=[MATURITY_YEAR]),
            "login": reverse("login"),
            "home (griffier)": reverse("home"),
            "home (trekker)": reverse("home"),
            "home (respondent)": reverse("home"),
            "home (beheerder)": reverse("home"),
            "home (kwartiermaker)": reverse("home"),
            "home (stuurgroep)": reverse("home"),
        }


def grow(world: World, n: int) -> None:
    """`n` workstreams' worth of every register, budget entries, changes and council reports;
    every record a detail page shows gets one more change in its history."""
    line = BudgetLine.objects.filter(budget_year__year=2024).order_by("position").first()
    councils = list(Organisation.objects.with_council())
    function = RegionalFunctionFactory(name="Architectuur")
    meeting = world.first.get("meeting") or MeetingFactory(
        held_on=datetime.date.today() - datetime.timedelta(days=10)
    )
    kwartiermaker = world.users["kwartiermaker"]
    first_number = (Workstream.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    for i in range(n):
        workstream = WorkstreamFactory(
            number=first_number + i,
            slug=f"q-{first_number + i}",
            lead_user=kwartiermaker,
            lead_organisation=world.users["trekker"].organisation,
        )
        report = StatusReportFactory(workstream=workstream, published=True)
        draft = StatusReportFactory(workstream=workstream)
        milestone = MilestoneFactory(workstream=workstream)
        MilestoneFactory(workstream=workstream, overdue=True)
        risk = RiskFactory(workstream=workstream, owner=kwartiermaker)
        decision = DecisionFactory(meeting=meeting)
        decision.workstreams.add(workstream)
        action = ActionFactory(workstream=workstream, decision=decision, owner=kwartiermaker)
        commitment = CommitmentFactory(council=councils[i % len(councils)], workstream=workstream)
        assignment = RoleAssignmentFactory(function=function)
        entry = EntryFactory(line=line, entered_by=kwartiermaker)
        change = BudgetChangeFactory(to_line=line, proposed_by=kwartiermaker)
        council_report = CouncilReportFactory(
            council=councils[i % len(councils)], done=True, version=first_number + i
        )
        # What 'Actie nodig' lists: meetings ahead, minutes to adopt, failed report jobs.
        MeetingFactory(held_on=datetime.date.today() + datetime.timedelta(days=5 + i))
        MeetingFactory(held_on=datetime.date(2025, 1, 1 + i), minutes="Concept")
        CouncilReportFactory(council=councils[i % len(councils)], failed=True)
        NotificationLog.objects.create(
            key=f"q:{first_number + i}",
            recipient=kwartiermaker,
            event="test",
            state=LogState.FAILED,
            last_error="550 mailbox unavailable",
        )
        MeetingPackFactory(meeting=meeting, done=True, version=first_number + i)
        world.first.setdefault("workstream", workstream)
        for name, record in [
            ("report", report),
            ("draft", draft),
            ("milestone", milestone),
            ("meeting", meeting),
            ("decision", decision),
            ("action", action),
            ("commitment", commitment),
            ("risk", risk),
            ("assignment", assignment),
            ("entry", entry),
            ("change", change),
            ("council_report", council_report),
        ]:
            world.first.setdefault(name, record)
    for name in ("workstream", "draft", "milestone", "decision", "action", "risk", "entry"):
        for _ in range(n):
            world.first[name].save()  # history grows with the data
    assessment_round = AssessmentRound.objects.filter(year=MATURITY_YEAR).first() or make_round(
        MATURITY_YEAR
    )
    done = set(assessment_round.assessments.values_list("organisation", flat=True))
    for organisation in [OrganisationFactory() for _ in range(n)]:
        if organisation.pk not in done:
            make_submitted(assessment_round, organisation)
    if "feed_secret" not in world.first:
        _feed, world.first["feed_secret"] = calendar_feed_renew(
            user=kwartiermaker, acting_user=kwartiermaker
        )
    # The agenda grows too: items each with a decision and an action recorded from it; three
    # are linked to records of three kinds (an action, a budget change, a status report).
    linked = set(meeting.agenda_items.values_list("source_type", "source_id"))
    for i in range(n + 3):
        extra = {}
        if i < 3:
            source = [world.first["action"], world.first["change"], world.first["report"]][i]
            source_type = ContentType.objects.get_for_model(source)
            if (source_type.pk, source.pk) in linked:
                continue
            extra = {"source_type": source_type, "source_id": source.pk}
        item = meeting.agenda_items.create(
            title="Agendapunt",
            presenter="Kwartiermaker",
            duration_minutes=15,
            workstream=world.first["workstream"],
            position=meeting.agenda_items.count() + 1,
            **extra,
        )
        DecisionFactory(meeting=meeting, agenda_item=item)
        ActionFactory(agenda_item=item, owner=kwartiermaker)
        world.first.setdefault("agenda_item", item)
    # Meeting papers on the meeting and its items; the first one gets versions and downloads.
    for i in range(n):
        document = make_document(meeting, kwartiermaker, agenda_item=item if i % 2 else None)
        world.first.setdefault("document", document)
        version = services.meeting_document_replace(
            document=world.first["document"],
            file=io.BytesIO(samples.pdf()),
            file_name="nieuw.pdf",
            acting_user=kwartiermaker,
        )
        services.meeting_document_download_record(version=version, acting_user=kwartiermaker)


def read_all(world: World) -> dict[str, int]:
    counts = {}
    clients = {}
    for name, url in world.urls().items():
        username = BUDGETS[name][0]
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(world.users[username])
        with CaptureQueriesContext(connection) as queries:
            response = clients[username].get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.fixture(scope="module")
def counts(module_db_seeded, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("page-queries-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        world = World(
            users={
                "kwartiermaker": UserFactory(
                    username="km-q", organisation=None, kwartiermaker=True
                ),
                "beheerder": UserFactory(username="bh-q", beheerder=True),
                "respondent": UserFactory(
                    username="rs-q",
                    organisation=Organisation.objects.with_council().first(),
                    respondent=True,
                ),
                "griffier": UserFactory(
                    username="gr-q",
                    organisation=Organisation.objects.with_council().first(),
                    griffier=True,
                ),
                "trekker": UserFactory(
                    username="wt-q",
                    organisation=Organisation.objects.with_council().first(),
                    werkstroomtrekker=True,
                ),
                "stuurgroep": UserFactory(
                    username="sg-q",
                    organisation=Organisation.objects.with_council().first(),
                    stuurgroeplid=True,
                ),
            }
        )
        grow(world, SMALL)
        small = read_all(world)
        grow(world, LARGE - SMALL)
        large = read_all(world)
    return {name: (small[name], large[name]) for name in BUDGETS}


@pytest.mark.parametrize("name", list(BUDGETS))
def test_the_query_count_does_not_grow_with_the_data(counts, name):
    small, large = counts[name]
    budget = BUDGETS[name][1]
    assert small <= budget and large <= budget, f"{name}: {small} -> {large} (budget {budget})"
