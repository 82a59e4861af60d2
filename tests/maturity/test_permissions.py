"""Object-level matrix: who may see and edit which organisation's self-assessment."""

import pytest

from core.models import Role
from maturity.models import Assessment, RoundStatus
from tests.factories import UserFactory
from tests.maturity.factories import make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(open_round, roosendaal, tholen):
    return {
        "own": Assessment.objects.create(round=open_round, organisation=roosendaal),
        "other": Assessment.objects.create(round=open_round, organisation=tholen),
    }


# role -> (sees own draft, edits own draft, sees other draft, edits other draft)
MATRIX = {
    Role.STUURGROEPLID: (False, False, False, False),
    Role.KWARTIERMAKER: (False, False, False, False),
    Role.WERKSTROOMTREKKER: (False, False, False, False),
    Role.RESPONDENT: (True, True, False, False),
    Role.GRIFFIER: (False, False, False, False),
    Role.BEHEERDER: (False, False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_draft_matrix(role, user_for_role, drafts):
    user = user_for_role(role)
    own = (
        drafts["own"]
        if user.organisation and user.organisation.short_name == "Roosendaal"
        else None
    )
    expected = MATRIX[role]
    if own is None:  # users outside Roosendaal: everything is "other"
        expected = (False, False) + expected[2:]
    assert user.has_perm("maturity.see_draft", drafts["own"]) == expected[0]
    assert user.has_perm("maturity.edit_scores", drafts["own"]) == expected[1]
    assert user.has_perm("maturity.see_draft", drafts["other"]) == expected[2]
    assert user.has_perm("maturity.edit_scores", drafts["other"]) == expected[3]


def test_respondent_of_another_organisation_cannot_see_or_edit(drafts, tholen):
    outsider = UserFactory(username="rs-tholen", organisation=tholen, respondent=True)
    assert not outsider.has_perm("maturity.see_draft", drafts["own"])
    assert not outsider.has_perm("maturity.edit_scores", drafts["own"])
    assert outsider.has_perm("maturity.edit_scores", drafts["other"])


def test_submitted_or_closed_is_not_editable(open_round, respondent, roosendaal):
    submitted = make_submitted(open_round, roosendaal)
    assert not respondent.has_perm("maturity.edit_scores", submitted)
    submitted.delete()
    draft = Assessment.objects.create(round=open_round, organisation=roosendaal)
    open_round.status = RoundStatus.CLOSED
    open_round.save()
    draft.refresh_from_db()
    assert not respondent.has_perm("maturity.edit_scores", draft)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.STUURGROEPLID, True),
        (Role.KWARTIERMAKER, True),
        (Role.WERKSTROOMTREKKER, True),
        (Role.RESPONDENT, True),
        (Role.GRIFFIER, True),
        (Role.BEHEERDER, False),
    ],
)
def test_results_visible_to_programme_roles(role, allowed, user_for_role):
    assert user_for_role(role).has_perm("maturity.see_results") == allowed


@pytest.mark.parametrize(
    "rule",
    [
        "maturity.manage_rounds",
        "maturity.manage_benchmark",
        "maturity.reopen_scores",
        "maturity.import_data",
        "maturity.create_actions",
    ],
)
@pytest.mark.parametrize("role", list(MATRIX))
def test_only_the_kwartiermaker_manages(rule, role, user_for_role):
    assert user_for_role(role).has_perm(rule) == (role == Role.KWARTIERMAKER)


def test_targets_own_organisation_or_shared_by_kwartiermaker(user_for_role, roosendaal, tholen):
    respondent = user_for_role(Role.RESPONDENT)
    kwartiermaker = user_for_role(Role.KWARTIERMAKER)
    stuurgroeplid = user_for_role(Role.STUURGROEPLID)
    assert respondent.has_perm("maturity.set_targets", roosendaal)
    assert not respondent.has_perm("maturity.set_targets", tholen)
    assert not respondent.has_perm("maturity.set_targets", None)
    assert stuurgroeplid.has_perm("maturity.set_targets", roosendaal)
    assert kwartiermaker.has_perm("maturity.set_targets", None)
    assert kwartiermaker.has_perm("maturity.set_targets", tholen)
    assert not user_for_role(Role.GRIFFIER).has_perm("maturity.set_targets", roosendaal)
