"""Every role and object check of the portal, in one place.

Rules are registered with django-rules, so views (`permission_required`), templates
(`{% has_perm %}` / `perms`) and tests all ask the same question: `user.has_perm(name, obj)`.

Naming: portal rules are `<app>.<verb>_<noun>` with verbs other than Django's model-permission
verbs (add/change/delete/view), which stay reserved for the admin (see core.backends).
"""

import rules

from core.models import Role


def _role_predicate(role: str) -> rules.Predicate:
    def check(user) -> bool:
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and role in (user.roles or ())
        )

    return rules.predicate(check, name=f"has_role_{role}")


is_stuurgroeplid = _role_predicate(Role.STUURGROEPLID)
is_kwartiermaker = _role_predicate(Role.KWARTIERMAKER)
is_werkstroomtrekker = _role_predicate(Role.WERKSTROOMTREKKER)
is_respondent = _role_predicate(Role.RESPONDENT)
is_griffier = _role_predicate(Role.GRIFFIER)
is_beheerder_predicate = _role_predicate(Role.BEHEERDER)

is_programme_staff = is_stuurgroeplid | is_kwartiermaker


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def belongs_to_lead_organisation(user, workstream) -> bool:
    """The user works for the organisation that leads `workstream`."""
    return (
        workstream is not None
        and user.organisation_id is not None
        and workstream.lead_organisation_id == user.organisation_id
    )


@rules.predicate
def is_own_organisation(user, organisation) -> bool:
    return organisation is not None and user.organisation_id == organisation.pk


def is_beheerder(user) -> bool:
    """May use the Django admin (beheer)."""
    return is_beheerder_predicate(user)


# --- Portal-wide -------------------------------------------------------------------------------
rules.add_perm("core.use_portal", is_active_user)
rules.add_perm("core.use_admin", is_beheerder_predicate)
rules.add_perm("core.check_worker", is_beheerder_predicate | is_kwartiermaker)

# --- Governance --------------------------------------------------------------------------------
rules.add_perm("governance.list_workstreams", is_active_user)
rules.add_perm(
    "governance.see_programme",
    is_programme_staff | is_werkstroomtrekker,
)
rules.add_perm(
    "governance.edit_workstream",
    is_kwartiermaker | (is_werkstroomtrekker & belongs_to_lead_organisation),
)


# --- Governance registers (issue: governance) ---------------------------------------------------
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
def has_register_grant(user) -> bool:
    """Someone outside the programme was granted read access (admin: 'inzage in de registers').

    Asked only after the role predicates fail, and cached on the user: one query per request.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_governance_register_grant"):
        import datetime

        from governance.models import RegisterAccessGrant

        grant = RegisterAccessGrant.objects.filter(user=user).first()
        user._governance_register_grant = bool(grant and grant.is_valid_on(datetime.date.today()))
    return user._governance_register_grant


# The registers are internal: griffiers and respondents see them only when granted.
rules.add_perm(
    "governance.see_registers", is_programme_staff | is_werkstroomtrekker | has_register_grant
)
# Reports, milestones and risks: `obj` is the workstream (None: programme-wide, kwartiermaker only).
rules.add_perm(
    "governance.edit_workstream_status",
    is_kwartiermaker | (is_werkstroomtrekker & leads_workstream_of),
)
rules.add_perm("governance.record_decision", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_meetings", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.adopt_minutes", is_stuurgroeplid)
rules.add_perm("governance.manage_actions", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_commitments", is_stuurgroeplid | is_kwartiermaker)
rules.add_perm("governance.manage_roles", is_kwartiermaker)
rules.add_perm("governance.see_dashboard", is_programme_staff)


# --- Budget (issue: budget) ----------------------------------------------------------------------
@rules.predicate
def works_for_budget_participant(user) -> bool:
    """A participant's own staff (workstream lead, respondent): not its council's griffier."""
    organisation = getattr(user, "organisation", None)
    return bool(organisation is not None and organisation.is_budget_participant)


is_budget_participant_staff = works_for_budget_participant & (is_werkstroomtrekker | is_respondent)

# Griffiers get their council's share in the report only; beheerders see no budget pages.
rules.add_perm("budget.see_budget", is_programme_staff | is_budget_participant_staff)
rules.add_perm("budget.see_all_shares", is_programme_staff)
rules.add_perm(
    "budget.see_share", is_programme_staff | (is_budget_participant_staff & is_own_organisation)
)
rules.add_perm("budget.see_realisation", is_programme_staff)
rules.add_perm("budget.see_changes", is_programme_staff)
rules.add_perm("budget.enter_realisation", is_kwartiermaker)
rules.add_perm("budget.import_realisation", is_kwartiermaker)
rules.add_perm("budget.propose_change", is_kwartiermaker)
rules.add_perm("budget.approve_change", is_stuurgroeplid)
rules.add_perm("budget.recalculate_shares", is_programme_staff)

# --- Digital maturity (issue: maturity) ----------------------------------------------------------


@rules.predicate
def is_own_assessment(user, assessment) -> bool:
    """The self-assessment belongs to the user's own organisation."""
    return (
        assessment is not None
        and user.organisation_id is not None
        and assessment.organisation_id == user.organisation_id
    )


@rules.predicate
def is_draft_in_open_round(user, assessment) -> bool:
    from maturity.models import RoundStatus

    return (
        assessment is not None
        and not assessment.is_submitted
        and assessment.round.status == RoundStatus.OPEN
    )


@rules.predicate
def is_own_organisation_or_shared(user, organisation) -> bool:
    return organisation is not None and user.organisation_id == organisation.pk


is_maturity_reader = (
    is_stuurgroeplid | is_kwartiermaker | is_werkstroomtrekker | is_respondent | is_griffier
)
# Submitted results: every programme role. Drafts: only the organisation's own respondents.
rules.add_perm("maturity.see_results", is_maturity_reader)
rules.add_perm("maturity.see_draft", is_respondent & is_own_assessment)
rules.add_perm("maturity.score_round", is_respondent)
rules.add_perm("maturity.edit_scores", is_respondent & is_own_assessment & is_draft_in_open_round)
rules.add_perm("maturity.reopen_scores", is_kwartiermaker)
rules.add_perm("maturity.manage_rounds", is_kwartiermaker)
rules.add_perm("maturity.manage_benchmark", is_kwartiermaker)
rules.add_perm("maturity.import_data", is_kwartiermaker)
rules.add_perm("maturity.export_results", is_maturity_reader)
# Targets: the collaboration's (object None) by the kwartiermaker; an organisation's own by
# its stuurgroep member or respondent, or by the kwartiermaker.
rules.add_perm(
    "maturity.set_targets",
    is_kwartiermaker | ((is_stuurgroeplid | is_respondent) & is_own_organisation_or_shared),
)
rules.add_perm("maturity.create_actions", is_kwartiermaker)

# --- Council reports (issue: council reports) ----------------------------------------------------


@rules.predicate
def is_griffier_of_report_council(user, report) -> bool:
    """The report is for the council this griffier serves."""
    return (
        report is not None
        and user.organisation_id is not None
        and report.council_id == user.organisation_id
        and report.council.has_council
    )


rules.add_perm("reports.list_council_reports", is_programme_staff | is_griffier)
rules.add_perm("reports.see_all_council_reports", is_programme_staff)
rules.add_perm("reports.request_council_report", is_programme_staff)
rules.add_perm(
    "reports.download_council_report",
    is_programme_staff | (is_griffier & is_griffier_of_report_council),
)
