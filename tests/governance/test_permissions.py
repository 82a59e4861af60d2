"""Object-level rules of the governance registers in use (the rule table: test_rules.py)."""

import pytest
from django.urls import reverse

from governance.models import Milestone, StatusReport
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    RoleAssignmentFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(other_workstream, own_workstream):
    return {
        "workstream": other_workstream,
        "report": StatusReportFactory(workstream=other_workstream),
        "milestone": MilestoneFactory(workstream=other_workstream),
        "meeting": MeetingFactory(minutes="Verslag"),
        "decision": DecisionFactory(),
        "action": ActionFactory(),
        "commitment": CommitmentFactory(),
        "risk": RiskFactory(workstream=other_workstream),
        "assignment": RoleAssignmentFactory(),
    }


def test_a_trekker_edits_only_their_own_workstreams_records(
    client, trekker, own_workstream, other_workstream
):
    client.force_login(trekker)
    own = MilestoneFactory(workstream=own_workstream)
    other = MilestoneFactory(workstream=other_workstream)
    data = {"title": "Nieuw", "due_date": "2026-12-01", "status": "gepland", "version": 1}
    assert client.post(reverse("governance:milestone_edit", args=[own.pk]), data).status_code == 302
    assert (
        client.post(reverse("governance:milestone_edit", args=[other.pk]), data).status_code == 403
    )
    assert Milestone.objects.get(pk=own.pk).title == "Nieuw"
    assert Milestone.objects.get(pk=other.pk).title != "Nieuw"

    report = {
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "overall_status": "op_koers",
        "progress_summary": "p",
        "results": "r",
        "next_steps": "n",
        "submit": "draft",
    }
    url_own = reverse("governance:report_create", args=[own_workstream.slug])
    url_other = reverse("governance:report_create", args=[other_workstream.slug])
    assert client.post(url_own, report).status_code == 302
    assert client.post(url_other, report).status_code == 403
    assert list(StatusReport.objects.values_list("workstream", flat=True)) == [own_workstream.pk]


def test_a_trekker_may_not_move_a_risk_to_a_workstream_they_do_not_lead(
    trekker, own_workstream, other_workstream
):
    risk = RiskFactory(workstream=own_workstream)
    assert trekker.has_perm("governance.edit_workstream_status", risk.workstream)
    assert not trekker.has_perm("governance.edit_workstream_status", other_workstream)
    assert not trekker.has_perm("governance.edit_workstream_status", None)


def test_the_named_lead_person_may_edit_even_from_another_organisation(trekker, other_workstream):
    other_workstream.lead_user = trekker
    other_workstream.save()
    assert trekker.has_perm("governance.edit_workstream_status", other_workstream)


def test_a_published_report_is_read_only_in_the_admin(client, beheerder, own_workstream):
    report = StatusReportFactory(workstream=own_workstream, published=True)
    client.force_login(beheerder)
    url = reverse("admin:governance_statusreport_change", args=[report.pk])
    response = client.post(url, {"results": "Anders"})
    assert response.status_code in (403, 200)
    report.refresh_from_db()
    assert report.results == "Resultaten"


def test_a_griffier_reads_the_registers_only_when_granted(client, griffier, objects):
    import datetime

    from governance.models import RegisterAccessGrant

    client.force_login(griffier)
    url = reverse("governance:decision_list")
    assert client.get(url).status_code == 403
    grant = RegisterAccessGrant.objects.create(user=griffier, reason="Raadsvoorbereiding")
    assert client.get(url).status_code == 200
    # Read only: no edits, and an expired grant is no grant.
    assert client.get(reverse("governance:decision_create")).status_code == 403
    grant.valid_until = datetime.date.today() - datetime.timedelta(days=1)
    grant.save()
    assert client.get(url).status_code == 403
