import pytest

from budget.models import BudgetLine, BudgetYear


@pytest.fixture
def budget_2024(seeded) -> BudgetYear:
    return BudgetYear.objects.get(year=2024)


@pytest.fixture
def line(budget_2024) -> BudgetLine:
    return BudgetLine.objects.get(budget_year=budget_2024, name="Kwartiermaker 16 uur per week")


@pytest.fixture
def onvoorzien(budget_2024) -> BudgetLine:
    return BudgetLine.objects.get(budget_year=budget_2024, is_contingency=True)
