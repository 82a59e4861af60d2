"""Object-level rules in use: another organisation's respondent, submitted and closed rounds
(the rule table for every role: test_rules.py)."""

import pytest

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
