"""The burn-down chart through the shared chart module (core.charts)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from budget.charts import burn_down_chart
from budget.selectors import burn_down
from core import charts
from tests.budget.factories import EntryFactory

pytestmark = pytest.mark.django_db

DUTCH_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def test_the_burn_down_has_labelled_axes_months_and_a_dutch_alternative(stuurgroeplid, line):
    EntryFactory(line=line, amount=Decimal("40000.00"), booked_on=datetime.date(2024, 2, 10))
    points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
    chart = burn_down_chart(points=points, year=2024)
    for text in ("Resterend budget", "Maand (stand aan het eind van de maand)", ">jan<", ">dec<"):
        assert text in chart.svg
    assert "€\xa0600.000" in chart.svg  # the y axis in Dutch euros
    assert "Werkelijk resterend" in chart.svg and "Gelijkmatig verbruik" in chart.svg
    assert "van €\xa0640.000 bij de start naar €\xa0600.000 in december" in chart.alt
    assert "overschreden" not in chart.alt


def test_an_english_reader_gets_english_month_names(stuurgroeplid, line):
    EntryFactory(line=line, amount=Decimal("40000.00"), booked_on=datetime.date(2024, 2, 10))
    with translation.override("en"):
        points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
        chart = burn_down_chart(points=points, year=2024)
    assert [p.label for p in points][2:5] == ["mar", "apr", "may"]
    assert ">oct<" in chart.svg and ">okt<" not in chart.svg
    assert "to €\xa0600.000 in December;" in chart.alt


def test_an_overrun_stays_in_view_and_is_said_in_words(stuurgroeplid, line):
    EntryFactory(
        line=line,
        amount=Decimal("700000.00"),
        booked_on=datetime.date(2024, 6, 1),
        is_overrun=True,
    )
    points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
    chart = burn_down_chart(points=points, year=2024)
    assert "Het budget is overschreden: het laagste punt is -€\xa060.000." in chart.alt


def test_identical_data_is_drawn_once(stuurgroeplid, line):
    points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
    charts.clear_cache()
    first = burn_down_chart(points=points, year=2024)
    second = burn_down_chart(points=points, year=2024)
    assert first.svg == second.svg and charts.render_count() == 1


def test_a_running_year_is_drawn_up_to_this_month(stuurgroeplid):
    from tests.budget.factories import BudgetLineFactory, BudgetYearFactory

    today = datetime.date.today()
    line = BudgetLineFactory(
        budget_year=BudgetYearFactory(year=today.year), amount=Decimal("120000.00")
    )
    EntryFactory(line=line, amount=Decimal("10000.00"), booked_on=today.replace(day=1))
    points = burn_down(user=stuurgroeplid, budget_year=line.budget_year)
    assert [p.is_future for p in points] == [m > today.month for m in range(1, 13)]
    chart = burn_down_chart(points=points, year=today.year)
    month = DUTCH_MONTHS[today.month - 1]
    assert f"naar €\xa0110.000 in {month}" in chart.alt
