"""Governance rules for every role, and each governance page behind its rule (tests/access.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import User
from governance.models import AgendaItem, AgendaState, MinutesState
from tests.access import BH, GR, KM, SG, SIGNED_IN, WT, assert_page_guarded, roles_allowed
from tests.conftest import make_organisation
from tests.factories import OrganisationFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    RoleAssignmentFactory,
    StatusReportFactory,
    make_document,
)

pytestmark = pytest.mark.django_db

READ = {SG, KM, WT}

# (rule, object) -> roles for which it holds. The trekker's organisation (Tholen) leads
# "own_workstream", not "other_workstream"; None: programme-wide.
RULES = {
    ("governance.list_workstreams", None): SIGNED_IN,
    ("governance.see_programme", None): READ,
    ("governance.see_registers", None): READ,
    # A griffier reads their own council's commitments (the API, and the council report).
    ("governance.see_commitments", None): READ | {GR},
    ("governance.see_dashboard", None): {SG, KM},
    # The object rules of the scopes (core.scopes): the same rows as the lists show.
    ("governance.see_workstream", "other_workstream"): SIGNED_IN,
    ("governance.see_status_report", "report"): READ,
    ("governance.see_milestone", "milestone"): READ,
    ("governance.see_meeting", "meeting"): READ,
    ("governance.see_decision", "decision"): READ,
    ("governance.see_action", "action"): READ,
    ("governance.see_commitment", "commitment"): READ,
    ("governance.see_risk", "risk"): READ,
    ("governance.see_regional_function", "function"): READ,
    ("governance.see_role_assignment", "assignment"): READ,
    # Meeting papers: whoever sees the meeting (a griffier only with a grant: test_documents).
    ("governance.see_meeting_document", "document"): READ,
    ("governance.see_meeting_document_download", None): {SG, KM},
    ("governance.edit_workstream", "own_workstream"): {KM, WT},
    ("governance.edit_workstream", "other_workstream"): {KM},
    ("governance.edit_workstream", None): {KM},
    ("governance.edit_workstream_status", "own_workstream"): {KM, WT},
    ("governance.edit_workstream_status", "other_workstream"): {KM},
    ("governance.edit_workstream_status", None): {KM},
    ("governance.record_decision", None): {SG, KM},
    ("governance.manage_meetings", None): {SG, KM},
    # The agenda is prepared while a draft; minutes per item until the minutes are adopted.
    ("governance.prepare_agenda", "meeting"): {SG, KM},
    ("governance.prepare_agenda", "published_meeting"): set(),
    ("governance.prepare_agenda", "adopted_meeting"): set(),
    ("governance.publish_agenda", "meeting"): {SG, KM},
    ("governance.publish_agenda", "published_meeting"): set(),
    ("governance.write_item_minutes", "meeting"): {SG, KM},
    ("governance.write_item_minutes", "published_meeting"): {SG, KM},
    ("governance.write_item_minutes", "adopted_meeting"): set(),
    ("governance.adopt_minutes", None): {SG},
    ("governance.manage_actions", None): {SG, KM},
    ("governance.manage_commitments", None): {SG, KM},
    ("governance.manage_roles", None): {KM},
    # A personal calendar feed (tests/governance/test_calendar.py): who takes part.
    ("governance.use_calendar_feed", None): READ,
}

# (url name, object, method) -> the (rule, object) of RULES that guards the page. Records
# belong to "other_workstream", so the trekker may read but not edit them.
PAGES = {
    ("governance:report_list", None, "get"): ("governance.see_registers", None),
    ("governance:report_quick", None, "get"): ("governance.edit_workstream_status", None),
    ("governance:report_quick", None, "post"): ("governance.edit_workstream_status", None),
    ("governance:report_create", "other_workstream", "get"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:report_create", "other_workstream", "post"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:report_detail", "report", "get"): ("governance.see_registers", None),
    ("governance:report_edit", "report", "get"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:report_edit", "report", "post"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:workstream_list", None, "get"): ("governance.list_workstreams", None),
    ("governance:workstream_detail", "other_workstream", "get"): (
        "governance.see_registers",
        None,
    ),
    ("governance:milestone_list", None, "get"): ("governance.see_registers", None),
    ("governance:milestone_create", "other_workstream", "get"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    # Viewers read every record; only editors get its form.
    ("governance:milestone_detail", "milestone", "get"): ("governance.see_registers", None),
    ("governance:milestone_edit", "milestone", "get"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:milestone_edit", "milestone", "post"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:meeting_list", None, "get"): ("governance.see_registers", None),
    ("governance:meeting_create", None, "get"): ("governance.manage_meetings", None),
    ("governance:meeting_create", None, "post"): ("governance.manage_meetings", None),
    ("governance:meeting_detail", "meeting", "get"): ("governance.see_registers", None),
    ("governance:meeting_edit", "meeting", "get"): ("governance.manage_meetings", None),
    ("governance:meeting_agenda_add", "meeting", "post"): ("governance.manage_meetings", None),
    ("governance:meeting_adopt", "meeting", "post"): ("governance.adopt_minutes", None),
    ("governance:meeting_offer", "meeting", "post"): ("governance.manage_meetings", None),
    ("governance:meeting_agenda", "meeting", "get"): ("governance.see_registers", None),
    ("governance:meeting_agenda_add", "meeting", "get"): ("governance.manage_meetings", None),
    ("governance:meeting_agenda_publish", "meeting", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:meeting_suggestion_add", "meeting", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:agenda_item_edit", "agenda_item", "get"): ("governance.manage_meetings", None),
    ("governance:agenda_item_edit", "agenda_item", "post"): ("governance.manage_meetings", None),
    ("governance:agenda_item_up", "agenda_item", "post"): ("governance.manage_meetings", None),
    ("governance:agenda_item_down", "agenda_item", "post"): ("governance.manage_meetings", None),
    ("governance:agenda_item_delete", "agenda_item", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:agenda_item_minutes", "agenda_item", "get"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:agenda_item_minutes", "agenda_item", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:meeting_document_create", "meeting", "get"): ("governance.manage_meetings", None),
    ("governance:meeting_document_create", "meeting", "post"): ("governance.manage_meetings", None),
    ("governance:meeting_document_detail", "document", "get"): (
        "governance.see_meeting_document",
        "document",
    ),
    ("governance:meeting_document_replace", "document", "get"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:meeting_document_replace", "document", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:meeting_document_delete", "document", "post"): (
        "governance.manage_meetings",
        None,
    ),
    ("governance:meeting_document_download", "document_version", "get"): (
        "governance.see_meeting_document",
        "document",
    ),
    ("governance:decision_list", None, "get"): ("governance.see_registers", None),
    ("governance:decision_create", None, "get"): ("governance.record_decision", None),
    ("governance:decision_create", None, "post"): ("governance.record_decision", None),
    ("governance:decision_detail", "decision", "get"): ("governance.see_registers", None),
    ("governance:decision_edit", "decision", "get"): ("governance.record_decision", None),
    ("governance:decision_edit", "decision", "post"): ("governance.record_decision", None),
    ("governance:action_list", None, "get"): ("governance.see_registers", None),
    ("governance:action_create", None, "get"): ("governance.manage_actions", None),
    ("governance:action_detail", "action", "get"): ("governance.see_registers", None),
    ("governance:action_edit", "action", "get"): ("governance.manage_actions", None),
    ("governance:action_edit", "action", "post"): ("governance.manage_actions", None),
    ("governance:commitment_list", None, "get"): ("governance.see_registers", None),
    ("governance:commitment_create", None, "get"): ("governance.manage_commitments", None),
    # A griffier also reads their own council's commitments (see_commitment, object rule).
    ("governance:commitment_detail", "commitment", "get"): (
        "governance.see_commitment",
        "commitment",
    ),
    ("governance:commitment_edit", "commitment", "get"): ("governance.manage_commitments", None),
    ("governance:commitment_edit", "commitment", "post"): (
        "governance.manage_commitments",
        None,
    ),
    ("governance:risk_list", None, "get"): ("governance.see_registers", None),
    # Adding a risk needs a workstream whose status one may edit: the trekker has their own.
    ("governance:risk_create", None, "get"): (
        "governance.edit_workstream_status",
        "own_workstream",
    ),
    ("governance:risk_detail", "risk", "get"): ("governance.see_registers", None),
    ("governance:risk_edit", "risk", "get"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:risk_edit", "risk", "post"): (
        "governance.edit_workstream_status",
        "other_workstream",
    ),
    ("governance:roles", None, "get"): ("governance.see_registers", None),
    ("governance:role_assignment_create", None, "get"): ("governance.manage_roles", None),
    ("governance:role_assignment_detail", "assignment", "get"): (
        "governance.see_registers",
        None,
    ),
    ("governance:role_assignment_edit", "assignment", "get"): ("governance.manage_roles", None),
    ("governance:role_assignment_edit", "assignment", "post"): ("governance.manage_roles", None),
    ("governance:changes", None, "get"): ("governance.see_registers", None),
    ("governance:meeting_ics", "meeting", "get"): ("governance.see_meeting", "meeting"),
    ("governance:calendar_feed_settings", None, "get"): ("governance.use_calendar_feed", None),
    ("governance:calendar_feed_settings", None, "post"): ("governance.use_calendar_feed", None),
}


@pytest.fixture(scope="module")
def objects(module_db, module_role_users):
    """The records the rules and pages are asked about, built once for the module."""
    own = WorkstreamFactory(lead_organisation=make_organisation("Tholen"), slug="eigen")
    other = WorkstreamFactory(
        lead_organisation=OrganisationFactory(short_name="Moerdijk"), slug="andere"
    )
    assignment = RoleAssignmentFactory()
    meeting = MeetingFactory(minutes="Verslag")
    document = make_document(MeetingFactory(), User.objects.get(pk=module_role_users[KM]))
    return {
        "document": document,
        "document_version": document.versions.get(),
        None: None,
        "own_workstream": own,
        "other_workstream": other,
        "report": StatusReportFactory(workstream=other),
        "milestone": MilestoneFactory(workstream=other),
        "meeting": meeting,
        "agenda_item": AgendaItem.objects.create(meeting=meeting, position=1, title="Punt"),
        "published_meeting": MeetingFactory(
            agenda_state=AgendaState.PUBLISHED, agenda_published_at=timezone.now()
        ),
        "adopted_meeting": MeetingFactory(
            minutes="Verslag",
            minutes_state=MinutesState.ADOPTED,
            adopted_on=datetime.date(2026, 4, 1),
        ),
        "decision": DecisionFactory(),
        "action": ActionFactory(),
        "commitment": CommitmentFactory(),
        "risk": RiskFactory(workstream=other),
        "assignment": assignment,
        "function": assignment.function,
    }


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, objects, rule, key):
    assert roles_allowed(role_users, rule, objects[key]) == RULES[(rule, key)]


def test_the_table_covers_every_governance_rule():
    import rules

    names = {name for name in rules.permissions.permissions if name.startswith("governance.")}
    assert names == {rule for rule, _ in RULES}
    assert set(PAGES.values()) <= set(RULES)


def _url(url_name, key, objects):
    if key is None:
        return reverse(url_name)
    obj = objects[key]
    if key == "agenda_item":
        return reverse(url_name, args=[obj.meeting_id, obj.pk])
    return reverse(url_name, args=[obj.slug if key.endswith("workstream") else obj.pk])


@pytest.mark.parametrize(("url_name", "key", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(client, role_users, objects, url_name, key, method):
    assert_page_guarded(
        client,
        role_users,
        url=_url(url_name, key, objects),
        method=method,
        allowed=RULES[PAGES[(url_name, key, method)]],
    )


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
def test_beheerder_reaches_the_governance_admin(client, role_users, objects, model):
    client.force_login(role_users[BH])
    assert client.get(reverse(f"admin:governance_{model}_changelist")).status_code == 200
