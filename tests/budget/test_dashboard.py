from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from budget.selectors import dashboard_burn
from tests.budget.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 40])
def test_dashboard_burn_has_a_fixed_query_count(
    stuurgroeplid, line, size, django_assert_num_queries
):
    EntryFactory.create_batch(size, line=line, amount=Decimal("3000.00"), is_overrun=True)
    with django_assert_num_queries(1):
        burn = dashboard_burn(user=stuurgroeplid)
    assert [year.year for year in burn] == [2024, 2025]
    row = next(row for row in burn[0].lines if row.line == line)
    assert row.used == Decimal("3000.00") * size
    html = render_to_string("budget/includes/dashboard_burn.html", {"burn": burn})
    assert "Verbruik begroting 2024 per post" in html
    assert ("Overschreden" in html) == (size == 40)


def test_dashboard_burn_is_empty_for_who_may_not_see_the_budget(respondent, seeded):
    assert dashboard_burn(user=respondent) == []


def test_the_dashboard_panel_draws_this_years_burn_and_links_the_other_years(stuurgroeplid, seeded):
    import datetime

    from budget.selectors import dashboard_budget
    from tests.budget.factories import BudgetLineFactory, BudgetYearFactory, EntryFactory

    today = datetime.date.today()
    line = BudgetLineFactory(budget_year=BudgetYearFactory(year=today.year))
    EntryFactory(line=line, booked_on=today.replace(day=1))
    panel = dashboard_budget(user=stuurgroeplid)
    assert panel.current.year == today.year
    assert panel.other_years == [2024, 2025]
    assert len(panel.points) == 12
    assert "Maand (stand aan het eind van de maand)" in panel.chart.svg
    assert "Resterend budget" in panel.chart.svg
