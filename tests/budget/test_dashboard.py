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
