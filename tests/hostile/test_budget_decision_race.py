"""Two stuurgroep members decide one budget change at the same moment: the second one is told
on the page they see, and nothing of theirs lands (issue 15). First failing (the page showed
no word: the decide form and its error are hidden once the change is closed), then passing."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from budget import services
from budget.models import BudgetChange, ChangeKind, ChangeStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(seeded, kwartiermaker):
    from budget.models import BudgetLine

    line = BudgetLine.objects.filter(budget_year__year=2024).order_by("position").first()
    return services.change_propose(
        acting_user=kwartiermaker,
        budget_year=line.budget_year,
        kind=ChangeKind.RAISE,
        to_line=line,
        amount=Decimal("2500.00"),
        reason="Meer uren",
    )


def member(username):
    from core.models import Organisation

    return UserFactory(
        username=username,
        organisation=Organisation.objects.with_council().first(),
        stuurgroeplid=True,
    )


@pytest.mark.parametrize("first_action", ["approve", "reject"])
def test_the_second_decision_gets_a_clear_message_on_the_page(change, first_action):
    first, second = member("sg-eerste"), member("sg-tweede")
    url = reverse("budget:change", kwargs={"pk": change.pk})
    opened_version = change.version  # both opened the page before either decided
    decide = services.change_approve if first_action == "approve" else services.change_reject
    decide(change=change, expected_version=opened_version, acting_user=first)

    client = Client()
    client.force_login(second)
    other_action = "reject" if first_action == "approve" else "approve"
    response = client.post(
        url, {"action": other_action, "version": opened_version, "decision_note": "Mijn mening"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Uw besluit is niet verwerkt" in page
    assert first.get_full_name() in page
    saved = BudgetChange.objects.get(pk=change.pk)
    assert saved.decided_by == first
    expected = ChangeStatus.APPROVED if first_action == "approve" else ChangeStatus.REJECTED
    assert saved.status == expected
