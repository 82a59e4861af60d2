"""The shared budget 2024–2025 from the advisory report (shared/domain.md)."""

from decimal import Decimal

from budget.models import AllocationMethod, BudgetLine, BudgetYear
from budget.services import shares_recalculate
from core.seed import upsert

MAXIMUM_ESTIMATE = "Het bedrag is een maximale schatting."

# name, 2024, 2025 (None: no line that year), contingency, note
LINES = [
    ("Kwartiermaker 16 uur per week", Decimal("100000.00"), Decimal("100000.00"), False, ""),
    (
        "Kennisgroep / hulpstructuur",
        Decimal("450000.00"),
        Decimal("500000.00"),
        False,
        MAXIMUM_ESTIMATE,
    ),
    ("Veranderopgave / teambuilding", Decimal("15000.00"), None, False, ""),
    ("Onvoorzien", Decimal("50000.00"), Decimal("50000.00"), True, ""),
    ("Digitale volwassenheid", Decimal("25000.00"), None, False, ""),
]
YEARS = {2024: 1, 2025: 2}  # year -> column in LINES


def seed(organisations: dict) -> None:
    for year, column in YEARS.items():
        budget_year, _ = upsert(
            BudgetYear,
            lookup={"year": year},
            values={
                "allocation_method": AllocationMethod.EQUAL,
                "note": "Kosten gelijk verdeeld over de deelnemers (5 delen).",
            },
        )
        position = 0
        for row in LINES:
            amount = row[column]
            if amount is None:
                continue
            position += 1
            line = BudgetLine.objects.filter(budget_year=budget_year, name=row[0]).first()
            values = {"position": position, "is_contingency": row[3], "note": row[4]}
            if line is None:
                # Amounts only on creation: later, approved changes move them, and a re-seed
                # must not undo those.
                values |= {"amount": amount, "original_amount": amount}
            upsert(BudgetLine, lookup={"budget_year": budget_year, "name": row[0]}, values=values)
        shares_recalculate(budget_year=budget_year)
