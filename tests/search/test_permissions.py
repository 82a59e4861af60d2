"""Search results come only from records the user may open: the role matrix over results."""

import datetime

import pytest
from django.urls import reverse

from core.models import Role
from governance.models import Commitment, RegisterAccessGrant
from search import selectors
from tests.factories import UserFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    StatusReportFactory,
)
from tests.reports.factories import CouncilReportFactory

pytestmark = pytest.mark.django_db

REGISTERS = {"besluit", "notulen", "statusrapportage", "risico", "actie", "toezegging", "mijlpaal"}
ALL_KINDS = REGISTERS | {"raadsrapportage"}


@pytest.fixture
def records(roosendaal, tholen, trekker):
    """One record of every kind mentioning the CISO, some of them another council's."""
    own = WorkstreamFactory(lead_organisation=tholen, lead_user=trekker, slug="cyber")
    decision = DecisionFactory(text="Eén gezamenlijke CISO.")
    decision.workstreams.add(own)
    meeting = MeetingFactory(minutes="De CISO is besproken.")
    meeting.agenda_items.create(position=1, title="CISO", workstream=own)
    StatusReportFactory(workstream=own, published=True, escalations="Besluit nodig over CISO.")
    StatusReportFactory(workstream=own, escalations="Concept over de CISO.")
    RiskFactory(workstream=own, title="CISO-rol bij één persoon")
    ActionFactory(workstream=own, title="CISO-notitie opstellen")
    CommitmentFactory(council=roosendaal, workstream=own, text="Roosendaal hoort over de CISO.")
    CommitmentFactory(council=tholen, workstream=own, text="Tholen hoort over de CISO.")
    MilestoneFactory(workstream=own, title="CISO aangesteld", due_date=datetime.date(2026, 5, 1))
    snapshot = {"sections": [{"title": "Toezeggingen", "data": {"text": "Over de CISO."}}]}
    for council in (roosendaal, tholen):
        CouncilReportFactory(council=council, done=True, version=2, snapshot=snapshot)
    # Not issued: a job still waiting, and a version replaced by a newer one.
    CouncilReportFactory(council=roosendaal)
    CouncilReportFactory(
        council=roosendaal, done=True, version=1, snapshot=snapshot, superseded=True
    )


# What each role finds of `records`: the registers are internal, so a respondent or a beheerder
# finds none of them, and a griffier only their own council's commitments and issued reports
# (more when granted access).
EXPECTED_KINDS = {
    Role.STUURGROEPLID: ALL_KINDS,
    Role.KWARTIERMAKER: ALL_KINDS,
    Role.WERKSTROOMTREKKER: REGISTERS,
    Role.RESPONDENT: set(),
    Role.GRIFFIER: {"toezegging", "raadsrapportage"},
    Role.BEHEERDER: set(),
}


def _hits(user) -> list[selectors.Hit]:
    found = selectors.search(user=user, text="ciso", workstreams=selectors.workstream_choices())
    return [hit for group in found.groups for hit in group.hits]


@pytest.mark.parametrize("role", list(EXPECTED_KINDS))
def test_every_result_opens_for_the_role_that_found_it(role, records, user_for_role, client):
    user = user_for_role(role)
    hits = _hits(user)
    assert {hit.kind.key for hit in hits} == EXPECTED_KINDS[role]
    client.force_login(user)
    for hit in hits:
        response = client.get(hit.url)
        assert response.status_code == 200, (role, hit.kind.key, hit.url)


@pytest.mark.parametrize("role", list(EXPECTED_KINDS))
def test_the_results_page_shows_nothing_more_than_the_role_may_open(
    role, records, user_for_role, client
):
    user = user_for_role(role)
    client.force_login(user)
    page = client.get(reverse("search:results"), {"q": "ciso"}).content.decode()
    for kind in ALL_KINDS - EXPECTED_KINDS[role]:
        assert f'id="soort-{kind}"' not in page, (role, kind)
    if not EXPECTED_KINDS[role]:
        assert "Niets gevonden dat u mag inzien" in page


def test_a_griffier_finds_only_their_own_councils_commitments(records, griffier, client):
    commitments = [hit.title for hit in _hits(griffier) if hit.kind.key == "toezegging"]
    assert [title.startswith("Roosendaal hoort over de") for title in commitments] == [True]
    # ... and another council's commitment stays closed to them.
    other = Commitment.objects.get(council__short_name="Tholen")
    client.force_login(griffier)
    url = reverse("governance:commitment_detail", args=[other.pk])
    assert client.get(url).status_code == 403


def test_a_griffier_finds_only_their_own_councils_issued_reports(records, griffier):
    reports = [hit for hit in _hits(griffier) if hit.kind.key == "raadsrapportage"]
    assert [hit.title.split(",")[0] for hit in reports] == ["Raadsrapportage Roosendaal"]
    staff = UserFactory(kwartiermaker=True, organisation=None)
    titles = sorted(
        hit.title.split(",")[0] for hit in _hits(staff) if hit.kind.key == "raadsrapportage"
    )
    assert titles == ["Raadsrapportage Roosendaal", "Raadsrapportage Tholen"]


def test_a_griffier_granted_access_to_the_registers_finds_them(records, griffier, client):
    assert {hit.kind.key for hit in _hits(griffier)} == EXPECTED_KINDS[Role.GRIFFIER]
    RegisterAccessGrant.objects.create(user=griffier, reason="Raadsonderzoek")
    griffier = type(griffier).objects.get(pk=griffier.pk)  # the grant is cached per user object
    hits = _hits(griffier)
    assert {hit.kind.key for hit in hits} == ALL_KINDS
    client.force_login(griffier)
    for hit in hits:
        assert client.get(hit.url).status_code == 200, hit.url


def test_an_expired_grant_finds_no_register(records, griffier):
    RegisterAccessGrant.objects.create(
        user=griffier, reason="Raadsonderzoek", valid_until=datetime.date(2020, 1, 1)
    )
    assert {hit.kind.key for hit in _hits(griffier)} == EXPECTED_KINDS[Role.GRIFFIER]


def test_mine_never_widens_what_a_role_finds(records, griffier):
    griffier.roles = [Role.GRIFFIER]
    found = selectors.search(user=griffier, text="", mine=True)
    assert found.total == 0


def test_an_inactive_user_cannot_search(client):
    user = UserFactory(kwartiermaker=True, is_active=False)
    client.force_login(user)
    response = client.get(reverse("search:results"), {"q": "ciso"})
    assert response.status_code in (302, 403)
