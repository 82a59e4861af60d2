"""The shared budget 2024–2025 from the advisory report (shared/domain.md)."""

from decimal import Decimal

from budget.models import (
    AllocationMethod,
    BudgetChange,
    BudgetLine,
    BudgetYear,
    ChangeKind,
)
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


# A change awaiting the stuurgroep's approval (proposed by the kwartiermaker, never by the demo
# stuurgroep member, who may not approve their own proposal): under 'Actie nodig' on the
# stuurgroep's home page.
DEMO_PENDING_CHANGE_REASON = (
    "Demodata: extra inzet van de kennisgroep voor de harmonisatie van het "
    "informatiebeveiligingsbeleid, gedekt uit Onvoorzien."
)


def seed_demo(users: dict) -> None:
    budget_year = BudgetYear.objects.order_by("-year").first()
    lines = {line.name: line for line in budget_year.lines.all()} if budget_year else {}
    source, target = lines.get("Onvoorzien"), lines.get("Kennisgroep / hulpstructuur")
    if source is None or target is None:
        return
    upsert(
        BudgetChange,
        lookup={"reason": DEMO_PENDING_CHANGE_REASON},
        values={
            "budget_year": budget_year,
            "kind": ChangeKind.CONTINGENCY,
            "from_line": source,
            "to_line": target,
            "amount": Decimal("12500.00"),
            "proposed_by": users["kwartiermaker"],
        },
    )  # created as proposed; a re-seed leaves a decision taken in the demo alone
