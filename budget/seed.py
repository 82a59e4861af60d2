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


# --- Demo: a 2026 budget year with realisation through the year (marked is_demo) ------------
# Not a budget the collaboration adopted: the source stops at 2025. It makes the burn, the
# charts and "sinds de vorige stuurgroep" show something, and says on every page it is demo.
DEMO_YEAR = 2026
DEMO_NOTE = "Demodata: geen vastgestelde begroting; kosten gelijk verdeeld over 5 deelnemers."
DEMO_CREATED = "2025-12-02"
# name, amount, contingency
DEMO_LINES = [
    ("Kwartiermaker 16 uur per week", Decimal("100000.00"), False),
    ("Kennisgroep / hulpstructuur", Decimal("500000.00"), False),
    ("Tweede volwassenheidsmeting", Decimal("30000.00"), False),
    ("Onvoorzien", Decimal("50000.00"), True),
]
# The kennisgroep's hours per month (lower in the summer), booked on the 20th.
DEMO_KENNISGROEP = [
    "31200.00", "33800.00", "36400.00", "38000.00", "41600.00", "39000.00",
    "26000.00", "28600.00", "42900.00", "44200.00", "45500.00", "46800.00",
]  # fmt: skip
DEMO_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
# Proposed before the October stuurgroep, approved after it.
DEMO_CHANGE = {
    "amount": Decimal("10000.00"),
    "reason": "Demodata: extra uren kennisgroep voor de migratie van de werkplek.",
    "proposed": "2026-09-22",
    "approved": "2026-10-08",
}


def seed_demo(users: dict) -> None:
    import datetime

    from budget.models import Entry, EntryKind, EntryStatus, Share
    from core.seed import demo_moment, seed_story
    from core.services import history_backdate

    created = demo_moment(DEMO_CREATED, 9)
    budget_year = seed_story(
        BudgetYear,
        lookup={"year": DEMO_YEAR},
        values={"allocation_method": AllocationMethod.EQUAL, "note": DEMO_NOTE, "is_demo": True},
        story=[(created, {})],
    )
    lines = {}
    for position, (name, amount, contingency) in enumerate(DEMO_LINES, start=1):
        line = BudgetLine.objects.filter(budget_year=budget_year, name=name).first()
        values = {"position": position, "is_contingency": contingency, "note": "Demodata."}
        if line is None:
            values |= {"amount": amount, "original_amount": amount}
        lines[name] = seed_story(
            BudgetLine,
            lookup={"budget_year": budget_year, "name": name},
            values=values,
            story=[(created, {})],
        )
    if not Share.objects.filter(budget_year=budget_year).exists():
        for share in shares_recalculate(budget_year=budget_year):
            history_backdate(record=share, at=created)

    today = datetime.date.today()
    kwartiermaker = users["kwartiermaker"]

    def book(reference, line, kind, booked_on, amount, description, supplier):
        if booked_on > today:
            return  # the demo runs up to today, never ahead
        seed_story(
            Entry,
            lookup={"line": line, "reference": reference},
            values={
                "kind": kind,
                "booked_on": booked_on,
                "amount": Decimal(amount),
                "description": description,
                "supplier": supplier,
                "status": EntryStatus.FINAL,
                "entered_by": kwartiermaker,
            },
            story=[(demo_moment(booked_on + datetime.timedelta(days=1), 10), {})],
        )

    for month in range(1, 13):
        name = DEMO_MONTHS[month - 1]
        book(
            f"DEMO-{DEMO_YEAR}-KM-{month:02d}",
            lines["Kwartiermaker 16 uur per week"],
            EntryKind.EXPENDITURE,
            datetime.date(DEMO_YEAR, month, 25),
            "8333.33",
            f"Demodata: inzet kwartiermaker {name}",
            "Gemeente Roosendaal",
        )
        book(
            f"DEMO-{DEMO_YEAR}-KG-{month:02d}",
            lines["Kennisgroep / hulpstructuur"],
            EntryKind.EXPENDITURE,
            datetime.date(DEMO_YEAR, month, 20),
            DEMO_KENNISGROEP[month - 1],
            f"Demodata: uren kennisgroep {name}",
            "Deelnemers (verrekening uren)",
        )
    book(
        f"DEMO-{DEMO_YEAR}-DV-01",
        lines["Tweede volwassenheidsmeting"],
        EntryKind.COMMITMENT,
        datetime.date(DEMO_YEAR, 9, 15),
        "24000.00",
        "Demodata: opdracht tweede volwassenheidsmeting",
        "Onderzoeksbureau (demo)",
    )

    _seed_approved_change(users, lines)
    _seed_pending_change(users)


def _seed_approved_change(users: dict, lines: dict) -> None:
    import datetime

    from budget.models import BudgetChange, ChangeKind
    from budget.services import change_approve, change_propose
    from core.seed import demo_moment
    from core.services import history_backdate

    approved_at = demo_moment(DEMO_CHANGE["approved"], 11)
    done = BudgetChange.objects.filter(reason=DEMO_CHANGE["reason"]).exists()
    if done or approved_at.date() > datetime.date.today():
        return
    change = change_propose(
        acting_user=users["kwartiermaker"],
        budget_year=lines["Onvoorzien"].budget_year,
        kind=ChangeKind.CONTINGENCY,
        from_line=lines["Onvoorzien"],
        to_line=lines["Kennisgroep / hulpstructuur"],
        amount=DEMO_CHANGE["amount"],
        reason=DEMO_CHANGE["reason"],
    )
    history_backdate(record=change, at=demo_moment(DEMO_CHANGE["proposed"], 14))
    change.refresh_from_db()
    change_approve(
        change=change,
        expected_version=change.version,
        acting_user=users["stuurgroep"],
        note="Demodata: akkoord in de stuurgroep per e-mail.",
    )
    history_backdate(
        record=change, at=approved_at, latest_only=True, fields={"decided_at": approved_at}
    )
    for record in (lines["Onvoorzien"], lines["Kennisgroep / hulpstructuur"]):
        history_backdate(record=record, at=approved_at, latest_only=True)


# A change awaiting the stuurgroep's approval (proposed by the kwartiermaker, never by the demo
# stuurgroep member, who may not approve their own proposal): under 'Actie nodig' on the
# stuurgroep's home page.
DEMO_PENDING_CHANGE_REASON = (
    "Demodata: extra inzet van de kennisgroep voor de harmonisatie van het "
    "informatiebeveiligingsbeleid, gedekt uit Onvoorzien."
)


def _seed_pending_change(users: dict) -> None:
    from core.seed import demo_moment, seed_story

    budget_year = BudgetYear.objects.order_by("-year").first()
    lines = {line.name: line for line in budget_year.lines.all()} if budget_year else {}
    source, target = lines.get("Onvoorzien"), lines.get("Kennisgroep / hulpstructuur")
    if source is None or target is None:
        return
    seed_story(
        BudgetChange,
        lookup={"reason": DEMO_PENDING_CHANGE_REASON},
        # Proposed after the October stuurgroep: news for the next one.
        story=[(demo_moment("2026-11-16", 15), {})],
        values={
            "budget_year": budget_year,
            "kind": ChangeKind.CONTINGENCY,
            "from_line": source,
            "to_line": target,
            "amount": Decimal("12500.00"),
            "proposed_by": users["kwartiermaker"],
        },
    )  # created as proposed; a re-seed leaves a decision taken in the demo alone
