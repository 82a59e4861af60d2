"""Digital-maturity rules and the scopes of the maturity models (see docs/maturity.md)."""

import rules

from core import scopes
from core.rules import (
    is_griffier,
    is_kwartiermaker,
    is_respondent,
    is_stuurgroeplid,
    is_werkstroomtrekker,
)
from core.scopes import Scope, visible
from maturity.models import Assessment, AssessmentRound, AssessmentStatus, RoundStatus, Target

is_maturity_reader = (
    is_stuurgroeplid | is_kwartiermaker | is_werkstroomtrekker | is_respondent | is_griffier
)


@rules.predicate
def is_draft_in_open_round(user, assessment) -> bool:
    return (
        assessment is not None
        and not assessment.is_submitted
        and assessment.round.status == RoundStatus.OPEN
    )


@rules.predicate
def is_own_organisation_or_shared(user, organisation) -> bool:
    return organisation is not None and user.organisation_id == organisation.pk


# --- Scopes: who sees which rows -----------------------------------------------------------------
@scopes.define(AssessmentRound)
@scopes.define(Target)
def results_scope(user) -> Scope:
    """Rounds and targets: every programme role."""
    return Scope.ALL if is_maturity_reader(user) else Scope.NONE


def own_assessments(user) -> Scope:
    """A respondent's own organisation's self-assessments, drafts included."""
    if is_respondent(user) and user.organisation_id is not None:
        return Scope.where(organisation_id=user.organisation_id)
    return Scope.NONE


@scopes.define(Assessment)
def assessment_scope(user) -> Scope:
    """Submitted self-assessments: every programme role. Drafts: the organisation's own
    respondents only."""
    submitted = (
        Scope.where(status=AssessmentStatus.SUBMITTED) if is_maturity_reader(user) else Scope.NONE
    )
    return submitted | own_assessments(user)


@rules.predicate
def is_own_assessment(user, assessment) -> bool:
    """The self-assessment is the respondent's own organisation's (a draft or not)."""
    return assessment is not None and own_assessments(user).admits(assessment)


# --- Rules ---------------------------------------------------------------------------------------
rules.add_perm("maturity.see_results", is_maturity_reader)
rules.add_perm("maturity.see_assessment", visible(Assessment))
rules.add_perm("maturity.see_draft", is_own_assessment)
rules.add_perm("maturity.score_round", is_respondent)
rules.add_perm("maturity.edit_scores", is_own_assessment & is_draft_in_open_round)
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
rules.add_perm("maturity.see_round", visible(AssessmentRound))
rules.add_perm("maturity.see_target", visible(Target))
