"""Governance rules and the scopes of the governance models (see docs/governance.md)."""

import datetime

import rules

from core import scopes
from core.rules import (
    is_active_user,
    is_griffier,
    is_kwartiermaker,
    is_programme_staff,
    is_stuurgroeplid,
    is_werkstroomtrekker,
)
from core.scopes import Scope, scope_for, visible
from governance.models import (
    Action,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingDocumentDownload,
    Milestone,
    RegionalFunction,
    RegisterAccessGrant,
    Risk,
    RoleAssignment,
    StatusReport,
    Workstream,
)


@rules.predicate
def leads_workstream_of(user, obj) -> bool:
    """The user leads the workstream `obj` is (or belongs to): lead organisation or lead person."""
    workstream = getattr(obj, "workstream", obj)
    if workstream is None or not hasattr(workstream, "lead_organisation_id"):
        return False
    return workstream.lead_user_id == user.pk or (
        user.organisation_id is not None and workstream.lead_organisation_id == user.organisation_id
    )


@rules.predicate
def belongs_to_lead_organisation(user, workstream) -> bool:
    """The user works for the organisation that leads `workstream`."""
    return (
        workstream is not None
        and user.organisation_id is not None
        and workstream.lead_organisation_id == user.organisation_id
    )


@rules.predicate
def has_register_grant(user) -> bool:
    """Someone outside the programme was granted read access (admin: 'inzage in de registers').

    Asked only after the role predicates fail, and cached on the user: one query per request.
    """
    if not is_active_user(user):
        return False
    if not hasattr(user, "_governance_register_grant"):
        grant = RegisterAccessGrant.objects.filter(user=user).first()
        user._governance_register_grant = bool(grant and grant.is_valid_on(datetime.date.today()))
    return user._governance_register_grant


# The registers are internal: griffiers and respondents see them only when granted.
reads_registers = is_programme_staff | is_werkstroomtrekker | has_register_grant


# --- Scopes: who sees which rows -----------------------------------------------------------------
@scopes.define(Workstream)
def workstream_scope(user) -> Scope:
    """The programme's workstreams are public to every portal user."""
    return Scope.ALL


def _register_scope(user) -> Scope:
    """A register is read whole, or not at all."""
    return Scope.ALL if reads_registers(user) else Scope.NONE


@scopes.define(Commitment)
def commitment_scope(user) -> Scope:
    """The register for its readers; a griffier also reads their own council's commitments,
    which that council's report lists anyway."""
    if reads_registers(user):
        return Scope.ALL
    if is_griffier(user) and user.organisation_id:
        return Scope.where(council_id=user.organisation_id, council__has_council=True)
    return Scope.NONE


for _model in (
    StatusReport,
    Milestone,
    Meeting,
    Decision,
    Action,
    Risk,
    RegionalFunction,
    RoleAssignment,
):
    scopes.define(_model)(_register_scope)


@scopes.define(MeetingDocument)
def meeting_document_scope(user) -> Scope:
    """A meeting's papers for whoever sees the meeting (so a griffier only with a grant)."""
    return scope_for(Meeting, user).through("meeting")


@scopes.define(MeetingDocumentDownload)
def meeting_document_download_scope(user) -> Scope:
    """Who downloaded which paper: programme staff only."""
    return Scope.ALL if is_programme_staff(user) else Scope.NONE


# --- Rules ---------------------------------------------------------------------------------------
rules.add_perm("governance.list_workstreams", is_active_user)
rules.add_perm("governance.see_programme", is_programme_staff | is_werkstroomtrekker)
rules.add_perm(
    "governance.edit_workstream",
    is_kwartiermaker | (is_werkstroomtrekker & belongs_to_lead_organisation),
)
rules.add_perm("governance.see_registers", reads_registers)
# Whoever may see some commitments: the register's readers and the griffiers (their council's).
rules.add_perm("governance.see_commitments", reads_registers | is_griffier)
# One object rule per model, asking its scope: for detail pages, the API and search.
rules.add_perm("governance.see_workstream", visible(Workstream))
rules.add_perm("governance.see_status_report", visible(StatusReport))
rules.add_perm("governance.see_milestone", visible(Milestone))
rules.add_perm("governance.see_meeting", visible(Meeting))
rules.add_perm("governance.see_decision", visible(Decision))
rules.add_perm("governance.see_action", visible(Action))
rules.add_perm("governance.see_commitment", visible(Commitment))
rules.add_perm("governance.see_risk", visible(Risk))
rules.add_perm("governance.see_regional_function", visible(RegionalFunction))
rules.add_perm("governance.see_role_assignment", visible(RoleAssignment))
rules.add_perm("governance.see_meeting_document", visible(MeetingDocument))
# Asked without an object: may the user read the download log of the meeting papers.
rules.add_perm("governance.see_meeting_document_download", visible(MeetingDocumentDownload))
# Reports, milestones and risks: `obj` is the workstream (None: programme-wide, kwartiermaker only).
rules.add_perm(
    "governance.edit_workstream_status",
    is_kwartiermaker | (is_werkstroomtrekker & leads_workstream_of),
)
rules.add_perm("governance.record_decision", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_meetings", is_stuurgroeplid | is_kwartiermaker)  # who
rules.add_perm("governance.adopt_minutes", is_stuurgroeplid)


@rules.predicate
def agenda_is_draft(user, meeting) -> bool:
    return meeting is not None and meeting.is_agenda_draft and not meeting.is_adopted


@rules.predicate
def minutes_open(user, meeting) -> bool:
    return meeting is not None and not meeting.is_adopted


# Agenda items are added, edited, moved and deleted while the agenda is a draft; publishing
# fixes them (services.meeting_agenda_publish). `obj` is the meeting.
manages_meetings = is_stuurgroeplid | is_kwartiermaker
rules.add_perm("governance.prepare_agenda", manages_meetings & agenda_is_draft)
rules.add_perm("governance.publish_agenda", manages_meetings & agenda_is_draft)
# The minutes per agenda item are written until the meeting's minutes are adopted.
rules.add_perm("governance.write_item_minutes", manages_meetings & minutes_open)
rules.add_perm("governance.manage_actions", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_commitments", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_roles", is_kwartiermaker)
rules.add_perm("governance.see_dashboard", is_programme_staff)
# A personal calendar feed for whoever takes part in the programme: its meetings and milestones
# (what the feed holds is decided by their scopes, never more than the user's pages show).
rules.add_perm("governance.use_calendar_feed", is_programme_staff | is_werkstroomtrekker)
