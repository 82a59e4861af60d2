import datetime

import pytest
from django.utils import timezone

from governance import selectors
from governance.models import MilestoneStatus, OverallStatus, RiskStatus
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    MilestoneFactory,
    RegionalFunctionFactory,
    RiskFactory,
    RoleAssignmentFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _publish(workstream, status, days_ago, **extra):
    return StatusReportFactory(
        workstream=workstream,
        overall_status=status,
        state="gepubliceerd",
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    )


def test_current_status_is_the_latest_published_report_and_trend_compares(
    stuurgroeplid, own_workstream, other_workstream
):
    _publish(own_workstream, OverallStatus.AT_RISK, 60)
    _publish(own_workstream, OverallStatus.ATTENTION, 30, escalations="Besluit nodig")
    StatusReportFactory(workstream=own_workstream, overall_status=OverallStatus.ON_TRACK)  # draft
    dashboard = selectors.stuurgroep_dashboard(user=stuurgroeplid)
    rows = {ws.pk: ws for ws in dashboard.workstreams}
    own = rows[own_workstream.pk]
    assert own.current_status == OverallStatus.ATTENTION
    assert own.trend == "beter"
    assert own.current_escalations == "Besluit nodig"
    assert rows[other_workstream.pk].current_status is None
    assert rows[other_workstream.pk].trend == ""


def test_trend():
    assert selectors.trend("in_gevaar", "op_koers") == "slechter"
    assert selectors.trend("op_koers", "op_koers") == "gelijk"
    assert selectors.trend("op_koers", None) == ""


def test_dashboard_flags_overdue_milestones_actions_and_commitments(stuurgroeplid, own_workstream):
    MilestoneFactory(workstream=own_workstream, overdue=True)
    MilestoneFactory(
        workstream=own_workstream,
        overdue=True,
        status=MilestoneStatus.REACHED,
        completed_on=TODAY - datetime.timedelta(days=1),
    )
    upcoming = MilestoneFactory(workstream=own_workstream)
    late_action = ActionFactory(due_date=TODAY - datetime.timedelta(days=1))
    ActionFactory(due_date=TODAY - datetime.timedelta(days=1), status="afgerond")
    ActionFactory()
    late_commitment = CommitmentFactory(due_date=TODAY - datetime.timedelta(days=2))
    CommitmentFactory(due_date=TODAY - datetime.timedelta(days=2), status="afgedaan")
    dashboard = selectors.stuurgroep_dashboard(user=stuurgroeplid)
    row = dashboard.workstreams[0]
    assert row.overdue_milestones == 1
    assert row.next_milestone_title == upcoming.title
    assert dashboard.overdue_actions == [late_action] and late_action.is_overdue
    assert dashboard.overdue_commitments == [late_commitment]


def test_top_risks_are_open_and_highest_first(stuurgroeplid, own_workstream):
    RiskFactory(workstream=own_workstream, probability=5, impact=5, status=RiskStatus.CLOSED)
    high = RiskFactory(workstream=own_workstream, probability=4, impact=5)
    low = RiskFactory(workstream=None, probability=1, impact=2)
    assert selectors.stuurgroep_dashboard(user=stuurgroeplid).top_risks == [high, low]


def test_heat_map_counts_open_risks_per_cell(stuurgroeplid):
    RiskFactory(probability=5, impact=1)
    RiskFactory(probability=5, impact=1)
    RiskFactory(probability=2, impact=4, status=RiskStatus.CLOSED)
    grid = selectors.risk_heat_map(user=stuurgroeplid)
    assert [row["probability"] for row in grid] == [5, 4, 3, 2, 1]
    assert grid[0]["cells"][0] == {"impact": 1, "score": 5, "count": 2, "level": "laag"}
    assert grid[3]["cells"][3]["count"] == 0
    assert grid[0]["cells"][4]["level"] == "hoog"


def test_one_is_none(stuurgroeplid):
    lonely = RegionalFunctionFactory(name="Architectuur")
    pair = RegionalFunctionFactory(name="Projectleiding")
    empty = RegionalFunctionFactory(name="Contractmanagement")
    RoleAssignmentFactory(function=lonely)
    RoleAssignmentFactory.create_batch(2, function=pair)
    functions = {f.name: f for f in selectors.regional_function_list(user=stuurgroeplid)}
    assert functions["Architectuur"].is_vulnerable
    assert functions["Contractmanagement"].is_vulnerable
    assert not functions["Projectleiding"].is_vulnerable
    assert functions["Projectleiding"].total_hours == 16
    vulnerable = selectors.stuurgroep_dashboard(user=stuurgroeplid).vulnerable_functions
    assert {f.pk for f in vulnerable} == {lonely.pk, empty.pk}
