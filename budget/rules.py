"""Budget rules and the scopes of the budget models (see docs/budget.md)."""

import rules

from budget.models import BudgetChange, BudgetLine, BudgetYear, Entry, Share
from core import scopes
from core.rules import (
    is_griffier,
    is_kwartiermaker,
    is_programme_staff,
    is_stuurgroeplid,
    is_werkstroomtrekker,
)
from core.scopes import Scope, visible


@rules.predicate
def works_for_budget_participant(user) -> bool:
    """The user's organisation pays into the programme budget."""
    organisation = getattr(user, "organisation", None)
    return bool(organisation is not None and organisation.is_budget_participant)


# Who reads the budget (the rule table: docs/permissions.md): programme staff everything; of a
# participant, its workstream leads and its council's griffier the programme budget (years,
# lines and their totals) and their own organisation's share. A respondent only fills in the
# maturity questionnaire and gets no budget pages; beheerders neither.
is_budget_participant_reader = works_for_budget_participant & (is_werkstroomtrekker | is_griffier)
reads_budget = is_programme_staff | is_budget_participant_reader


# --- Scopes: who sees which rows -----------------------------------------------------------------
@scopes.define(BudgetYear)
@scopes.define(BudgetLine)
def budget_scope(user) -> Scope:
    """The plan (years and lines) is open to programme staff and the participants' readers."""
    return Scope.ALL if reads_budget(user) else Scope.NONE


@scopes.define(Entry)
@scopes.define(BudgetChange)
def realisation_scope(user) -> Scope:
    """Bookings and budget changes: programme staff only."""
    return Scope.ALL if is_programme_staff(user) else Scope.NONE


@scopes.define(Share)
def share_scope(user) -> Scope:
    """Every share for programme staff; a participant's readers their own organisation's (a
    griffier: their council's)."""
    if is_programme_staff(user):
        return Scope.ALL
    if is_budget_participant_reader(user):
        return Scope.where(organisation_id=user.organisation_id)
    return Scope.NONE


share_is_visible = visible(Share)


@rules.predicate
def may_see_share(user, obj) -> bool:
    """`obj` (a share, or the organisation whose share is meant) lies in the share scope."""
    if obj is None or isinstance(obj, Share):
        return share_is_visible(user, obj)
    share = Share(organisation_id=obj.pk)
    return share_is_visible(user, share)


# --- Rules ---------------------------------------------------------------------------------------
rules.add_perm("budget.see_budget", reads_budget)
rules.add_perm("budget.see_all_shares", is_programme_staff)
rules.add_perm("budget.see_share", may_see_share)
rules.add_perm("budget.see_realisation", is_programme_staff)
rules.add_perm("budget.see_changes", is_programme_staff)
rules.add_perm("budget.enter_realisation", is_kwartiermaker)
rules.add_perm("budget.import_realisation", is_kwartiermaker)
rules.add_perm("budget.propose_change", is_kwartiermaker)
rules.add_perm("budget.approve_change", is_stuurgroeplid)
rules.add_perm("budget.recalculate_shares", is_programme_staff)
# One object rule per model, asking its scope: for the API and search.
rules.add_perm("budget.see_budget_year", visible(BudgetYear))
rules.add_perm("budget.see_budget_line", visible(BudgetLine))
rules.add_perm("budget.see_entry", visible(Entry))
rules.add_perm("budget.see_budget_change", visible(BudgetChange))
