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
    middle = snapshot()
    call_command("seed_wbw", "--demo", verbosity=0)
    assert snapshot() == middle
    # The real years are untouched by the demo, which adds its own (marked) year.
    real = {year["id"] for year in before["years"]}
    assert before["lines"] == [line for line in middle["lines"] if line["budget_year_id"] in real]
    assert {year["year"] for year in middle["years"] if year["is_demo"]} == {2026}


def test_the_demo_year_runs_up_to_today_with_a_story_in_its_history(demo_seeded):
    """The 2026 demo year: realisation booked month by month up to today (never ahead), each
    booking entered the day after its date, and a change approved after the October meeting."""
    import datetime

    from django.utils import timezone

    from budget.models import BudgetChange, ChangeStatus, Entry

    demo = BudgetYear.objects.get(year=2026)
    assert demo.is_demo and "Demodata" in demo.note
    assert not BudgetYear.objects.filter(year__in=[2024, 2025], is_demo=True).exists()
    entries = list(Entry.objects.filter(line__budget_year=demo))
    today = datetime.date.today()
    assert entries and max(e.booked_on for e in entries) <= today
    months = {e.booked_on.month for e in entries}
    assert months == set(range(1, min(today.month, 12) + 1)) or today.year > 2026
    for entry in entries:
        entered = min(
            timezone.make_aware(
                datetime.datetime.combine(
                    entry.booked_on + datetime.timedelta(days=1), datetime.time(10)
                )
            ),
            entry.created_at,
        )
        assert entry.created_at == entered
        events = Events.objects.tracks(entry)
        assert {e.pgh_created_at for e in events} == {entry.created_at}
    from budget.seed import DEMO_CHANGE

    change = BudgetChange.objects.get(budget_year=demo, reason=DEMO_CHANGE["reason"])
    assert change.status == ChangeStatus.APPROVED
    assert timezone.localdate(change.created_at) == datetime.date(2026, 9, 22)
    assert timezone.localdate(change.decided_at) == datetime.date(2026, 10, 8)
    times = sorted(e.pgh_created_at for e in Events.objects.tracks(change))
    assert [timezone.localdate(t) for t in times] == [
        datetime.date(2026, 9, 22),
        datetime.date(2026, 10, 8),
    ]
