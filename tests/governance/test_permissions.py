"""Role x page x action for the governance registers, and object-level rules."""

import pytest
from django.urls import reverse

from core.models import Role
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

SG, KM, WT = Role.STUURGROEPLID, Role.KWARTIERMAKER, Role.WERKSTROOMTREKKER
READ = {SG, KM, WT}
ROLES = ["anoniem", *Role.values]

# (url name, object key, method) -> roles allowed. Objects belong to a workstream the trekker
# does not lead, so a trekker may read but not edit them.
MATRIX = {
    ("governance:report_list", None, "get"): READ,
    ("governance:report_quick", None, "get"): {KM},
    ("governance:report_quick", None, "post"): {KM},
    ("governance:report_create", "workstream", "get"): {KM},
    ("governance:report_create", "workstream", "post"): {KM},
    ("governance:report_detail", "report", "get"): READ,
    ("governance:report_edit", "report", "get"): {KM},
    ("governance:report_edit", "report", "post"): {KM},
    ("governance:workstream_detail", "workstream", "get"): READ,
    ("governance:milestone_list", None, "get"): READ,
    ("governance:milestone_create", "workstream", "get"): {KM},
    ("governance:milestone_edit", "milestone", "get"): {KM},
    ("governance:milestone_edit", "milestone", "post"): {KM},
    ("governance:meeting_list", None, "get"): READ,
    ("governance:meeting_create", None, "get"): {SG, KM},
    ("governance:meeting_create", None, "post"): {SG, KM},
    ("governance:meeting_detail", "meeting", "get"): READ,
    ("governance:meeting_edit", "meeting", "get"): {SG, KM},
    ("governance:meeting_agenda_add", "meeting", "post"): {SG, KM},
    ("governance:meeting_adopt", "meeting", "post"): {SG},
    ("governance:decision_list", None, "get"): READ,
    ("governance:decision_create", None, "get"): {SG, KM},
    ("governance:decision_create", None, "post"): {SG, KM},
    ("governance:decision_edit", "decision", "get"): READ,
    ("governance:decision_edit", "decision", "post"): {SG, KM},
    ("governance:action_list", None, "get"): READ,
    ("governance:action_create", None, "get"): {SG, KM},
    ("governance:action_edit", "action", "get"): READ,
    ("governance:action_edit", "action", "post"): {SG, KM},
    ("governance:commitment_list", None, "get"): READ,
    ("governance:commitment_create", None, "get"): {SG, KM},
    ("governance:commitment_edit", "commitment", "post"): {SG, KM},
    ("governance:risk_list", None, "get"): READ,
    ("governance:risk_create", None, "get"): {KM, WT},
    ("governance:risk_edit", "risk", "get"): READ,
    ("governance:risk_edit", "risk", "post"): {KM},
    ("governance:roles", None, "get"): READ,
    ("governance:role_assignment_create", None, "get"): {KM},
    ("governance:role_assignment_edit", "assignment", "post"): {KM},
    ("governance:changes", None, "get"): READ,
}


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


def _url(url_name, key, objects):
    if key is None:
        return reverse(url_name)
    obj = objects[key]
    return reverse(url_name, args=[obj.slug if key == "workstream" else obj.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url_name", "key", "method"), list(MATRIX))
def test_permission_matrix(client_for, objects, role, url_name, key, method):
    client = client_for(role)
    response = getattr(client, method)(_url(url_name, key, objects))
    if role == "anoniem":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role in MATRIX[(url_name, key, method)]:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403, response.status_code


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


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.RESPONDENT, Role.BEHEERDER])
def test_roles_outside_the_programme_see_no_registers_and_no_dashboard(user_for_role, role):
    user = user_for_role(role)
    assert not user.has_perm("governance.see_registers")
    assert not user.has_perm("governance.see_dashboard")


@pytest.mark.parametrize(
    "model",
    [
        "workstream",
        "statusreport",
        "milestone",
        "meeting",
        "decision",
        "action",
        "commitment",
        "risk",
        "regionalfunction",
        "roleassignment",
    ],
)
def test_beheerder_reaches_the_governance_admin(client, beheerder, objects, model):
    client.force_login(beheerder)
    assert client.get(reverse(f"admin:governance_{model}_changelist")).status_code == 200


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
