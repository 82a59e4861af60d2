from decimal import Decimal

import pytest
from django.core.management import call_command
from pghistory.models import Events

from budget.models import BudgetLine, BudgetYear, Share

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "years": list(BudgetYear.objects.values().order_by("pk")),
        "lines": list(BudgetLine.objects.values().order_by("pk")),
        "shares": list(Share.objects.values().order_by("pk")),
        "events": Events.objects.count(),
    }


def test_seeded_budget_has_the_five_lines_and_totals(seeded):
    totals = {
        year.year: sum(line.amount for line in year.lines.all())
        for year in BudgetYear.objects.all()
    }
    assert totals == {2024: Decimal("640000.00"), 2025: Decimal("650000.00")}
    assert BudgetLine.objects.filter(budget_year__year=2024).count() == 5
    assert BudgetLine.objects.filter(budget_year__year=2025).count() == 3
    kennisgroep = BudgetLine.objects.get(budget_year__year=2025, name__startswith="Kennisgroep")
    assert kennisgroep.amount == Decimal("500000.00") and "maximale schatting" in kennisgroep.note
    assert BudgetLine.objects.get(budget_year__year=2024, is_contingency=True).name == "Onvoorzien"


def test_seeded_shares_are_128000_and_130000_for_each_of_five_participants(seeded):
    for year, amount in [(2024, "128000.00"), (2025, "130000.00")]:
        shares = Share.objects.filter(budget_year__year=year)
        assert shares.count() == 5
        assert {share.amount for share in shares} == {Decimal(amount)}
        assert "Bergen op Zoom" not in {s.organisation.short_name for s in shares}
        assert "ICT WBW" not in {s.organisation.short_name for s in shares}


def test_reseeding_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_wbw", "--demo", verbosity=0)
    call_command("seed_wbw", "--demo", verbosity=0)
    middle = snapshot()
    call_command("seed_wbw", "--demo", verbosity=0)
    assert snapshot() == middle
    assert before["lines"] == middle["lines"]
