"""The API's test world: the seeded collaboration plus one record of each kind, built once per
module (module_db: inside a transaction that is rolled back at the end), and a client per
role's token."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from api import services
from core.models import Organisation, Role, User
from governance.models import (
    AgendaItem,
    CommitmentStatus,
    MinutesState,
    RegisterAccessGrant,
    Workstream,
)
from maturity.models import AssessmentStatus
from reports.models import CouncilReportState
from tests.factories import UserFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    StatusReportFactory,
)
from tests.maturity.factories import make_round, make_submitted
from tests.reports.factories import CouncilReportFactory

# The roles of the matrix; "griffier_inzage" is a griffier granted read access to the registers.
ROLES = [
    Role.STUURGROEPLID,
    Role.KWARTIERMAKER,
    Role.WERKSTROOMTREKKER,
    Role.RESPONDENT,
    Role.GRIFFIER,
    "griffier_inzage",
    Role.BEHEERDER,
]


@dataclass
class World:
    users: dict[str, User]
    organisations: dict[str, Organisation]
    ids: dict[str, dict] = field(default_factory=dict)


def build_world() -> World:
    call_command("seed_wbw", verbosity=0)
    orgs = {o.short_name: o for o in Organisation.objects.all()}
    roosendaal, tholen = orgs["Roosendaal"], orgs["Tholen"]
    users = {
        Role.STUURGROEPLID: UserFactory(
            username="api-sg", organisation=roosendaal, stuurgroeplid=True
        ),
        Role.KWARTIERMAKER: UserFactory(username="api-km", organisation=None, kwartiermaker=True),
        Role.WERKSTROOMTREKKER: UserFactory(
            username="api-tr", organisation=tholen, werkstroomtrekker=True
        ),
        Role.RESPONDENT: UserFactory(username="api-rs", organisation=roosendaal, respondent=True),
        Role.GRIFFIER: UserFactory(username="api-gr", organisation=roosendaal, griffier=True),
        "griffier_inzage": UserFactory(username="api-gr-th", organisation=tholen, griffier=True),
        Role.BEHEERDER: UserFactory(
            username="api-bh", organisation=orgs["ICT WBW"], beheerder=True
        ),
    }
    RegisterAccessGrant.objects.create(user=users["griffier_inzage"], reason="Onderzoek raad")
    workstream = Workstream.objects.order_by("number").first()
    ids = {}
    published = StatusReportFactory(workstream=workstream, published=True)
    draft = StatusReportFactory(
        workstream=workstream,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    ids["status_reports"] = {"published": published.pk, "draft": draft.pk}
    ids["milestone"] = MilestoneFactory(workstream=workstream).pk
    adopted = MeetingFactory(
        minutes="Vastgesteld verslag",
        minutes_state=MinutesState.ADOPTED,
        adopted_on=datetime.date(2026, 3, 20),
    )
    AgendaItem.objects.create(meeting=adopted, position=1, title="Opening")
    draft_minutes = MeetingFactory(minutes="Conceptverslag", held_on=datetime.date(2026, 4, 10))
    ids["meetings"] = {"adopted": adopted.pk, "draft": draft_minutes.pk}
    decision = DecisionFactory(meeting=adopted)
    decision.workstreams.add(workstream)
    ids["decision"] = decision.pk
    ids["action"] = ActionFactory(workstream=workstream, decision=decision).pk
    ids["commitments"] = {
        "roosendaal": [
            CommitmentFactory(council=roosendaal).pk,
            CommitmentFactory(council=roosendaal, status=CommitmentStatus.DONE).pk,
        ],
        "tholen": [CommitmentFactory(council=tholen).pk],
    }
    assessment_round = make_round(2026)
    make_submitted(assessment_round, roosendaal, value=Decimal("3.50"))
    draft_assessment = make_submitted(assessment_round, tholen, value=Decimal("1.50"))
    draft_assessment.status = AssessmentStatus.DRAFT
    draft_assessment.submitted_at = None
    draft_assessment.save()
    ids["maturity_round"] = assessment_round.pk
    old = CouncilReportFactory(council=roosendaal, done=True, superseded=True)
    latest = CouncilReportFactory(
        council=roosendaal,
        done=True,
        version=2,
        request=old.request,
        finished_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    ids["council_reports"] = {
        "roosendaal": [latest.pk, old.pk],
        "tholen": [CouncilReportFactory(council=tholen, done=True).pk],
        "failed": CouncilReportFactory(council=orgs["Moerdijk"], failed=True).pk,
        "queued": CouncilReportFactory(council=orgs["Etten-Leur"]).pk,
    }
    assert latest.state == CouncilReportState.DONE
    return World(users=users, organisations=orgs, ids=ids)


@pytest.fixture(scope="module")
def world(module_db):
    """Built once per test module; each test then runs in a savepoint inside it."""
    return build_world()


def token_for(user, *, days: int = 30) -> str:
    _token, raw = services.api_token_create(
        user=user,
        name="test",
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        acting_user=user,
    )
    return raw


def client_with(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api_client(db, settings):
    """api_client(user) -> a test client sending a fresh token of `user`."""
    settings.API_THROTTLE_RATE = "10000/minute"

    def make(user) -> Client:
        return client_with(token_for(user))

    return make
