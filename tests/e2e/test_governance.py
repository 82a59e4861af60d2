import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, WorkstreamFactory
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
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_workstream(trekker):
    return WorkstreamFactory(lead_organisation=trekker.organisation, slug="eigen")


@pytest.fixture
def other_workstream(db):
    return WorkstreamFactory(
        lead_organisation=OrganisationFactory(short_name="Moerdijk"), slug="andere"
    )


@pytest.fixture
def programme(own_workstream, other_workstream, roosendaal):
    StatusReportFactory(workstream=own_workstream, published=True, overall_status="op_koers")
    draft = StatusReportFactory(workstream=other_workstream)
    milestone = MilestoneFactory(workstream=own_workstream)
    MilestoneFactory(workstream=other_workstream, overdue=True)
    meeting = MeetingFactory(held_on=datetime.date.today() - datetime.timedelta(days=7))
    decision = DecisionFactory(meeting=meeting)
    decision.workstreams.add(own_workstream)
    action = ActionFactory(workstream=own_workstream, due_date=datetime.date(2026, 1, 5))
    commitment = CommitmentFactory(council=roosendaal, workstream=own_workstream)
    risk = RiskFactory(workstream=own_workstream, probability=5, impact=4)
    RiskFactory(workstream=None, probability=2, impact=2)
    assignment = RoleAssignmentFactory(function=RegionalFunctionFactory(name="Architectuur"))
    return {
        "draft": draft,
        "milestone": milestone,
        "meeting": meeting,
        "decision": decision,
        "action": action,
        "commitment": commitment,
        "risk": risk,
        "assignment": assignment,
        "workstream": own_workstream,
    }


def test_kwartiermaker_publishes_and_the_stuurgroep_dashboard_shows_it(
    page, login, kwartiermaker, stuurgroeplid, own_workstream, assert_accessible
):
    login("km")
    page.goto(reverse("governance:report_quick"))
    expect(page.get_by_role("heading", name="Snelle statusrapportage")).to_be_visible()
    assert_accessible()
    page.get_by_label("Werkstroom").select_option(label=str(own_workstream))
    page.get_by_label("In gevaar").check()
    page.get_by_label("Voortgang").fill("De migratie loopt vertraging op.")
    # Publishing without results and next steps: field errors, input kept.
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Vul dit in voordat u publiceert.").first).to_be_visible()
    expect(page.get_by_label("Voortgang")).to_have_value("De migratie loopt vertraging op.")
    assert_accessible()
    page.get_by_label("Resultaten sinds de vorige rapportage").fill("Planning herzien.")
    page.get_by_label("Volgende stappen").fill("Extra capaciteit inhuren.")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", name="Statusrapportage publiceren")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Ja, publiceren").click()
    expect(page.get_by_role("heading", name="Statusrapportage")).to_be_visible()
    expect(page.get_by_text("Gepubliceerd", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Concept bewerken of publiceren")).to_have_count(0)
    assert_accessible()
    page.get_by_role("button", name="Uitloggen").click()

    login("sg")
    expect(page.get_by_role("heading", name="Stuurgroepdashboard")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=own_workstream.name)
    expect(row.get_by_text("In gevaar")).to_be_visible()
    assert_accessible()


def test_the_edit_pages_the_demo_crawl_does_not_reach_are_accessible(
    page, login, kwartiermaker, programme, assert_accessible
):
    """Every other governance page is checked by the kwartiermaker's crawl of the demo
    (tests/e2e/test_crawl.py, KWARTIERMAKER_REACHES), which does not reach these two: the demo
    has no draft status report, and the crawl visits two meetings of a route at most."""
    login("km")
    urls = [
        reverse("governance:report_edit", args=[programme["draft"].pk]),
        reverse("governance:meeting_edit", args=[programme["meeting"].pk]),
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible()


def test_a_trekker_sees_read_only_pages_accessibly(
    page, login, trekker, programme, assert_accessible
):
    login("tr")
    decision = programme["decision"]
    page.goto(reverse("governance:decision_detail", args=[decision.pk]))
    expect(page.get_by_role("heading", name=f"Besluit {decision.number}")).to_be_visible()
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
    assert_accessible()
    page.goto(reverse("governance:risk_list"))
    expect(page.get_by_role("heading", name="Heatmap van open risico's")).to_be_visible()
    assert_accessible()


def test_stuurgroep_adopts_minutes_in_the_browser(
    page, login, stuurgroeplid, programme, assert_accessible
):
    meeting = programme["meeting"]
    meeting.minutes = "Het verslag."
    meeting.save()
    login("sg")
    page.goto(reverse("governance:meeting_detail", args=[meeting.pk]))
    page.get_by_role("button", name="Verslag vaststellen").click()
    page.get_by_role("button", name="Ja, verslag vaststellen").click()
    expect(page.get_by_text("Het verslag is vastgesteld.")).to_be_visible()
    expect(page.get_by_role("button", name="Verslag vaststellen")).to_have_count(0)
    assert_accessible()
