"""Reads of the budget, scoped by what the user may see. Query counts do not grow with data."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.dates import MONTHS_3

from budget.allocation import Claim, allocate, membership_days
from budget.models import (
    AllocationMethod,
    BudgetChange,
    BudgetLine,
    BudgetYear,
    ChangeStatus,
    Entry,
    EntryKind,
    Share,
)
from core.models import Organisation
from core.selectors import changed_since, history_for

ZERO = Decimal("0.00")
# Percentage used at which a line is flagged: a warning from WARNING_AT, an overrun above 100.
WARNING_AT = Decimal(80)
FULL = Decimal(100)


def _net(kind: str, *, until: datetime.date | None = None):
    """Net amount of `kind` (credits subtract) over a line's entries, optionally up to a day."""
    money = DecimalField(max_digits=14, decimal_places=2)
    condition = {"entries__kind": kind}
    if until is not None:
        condition["entries__booked_on__lte"] = until
    return Coalesce(
        Sum(
            Case(
                When(**condition, entries__is_credit=False, then=F("entries__amount")),
                When(**condition, entries__is_credit=True, then=-F("entries__amount")),
                output_field=money,
            )
        ),
        Value(ZERO),
        output_field=money,
    )


def lines_with_realisation(*, until: datetime.date | None = None) -> QuerySet[BudgetLine]:
    """Budget lines with `committed` and `spent` (net of credits) annotated, in one query;
    with `until`, only entries booked up to and including that day count."""
    return (
        BudgetLine.objects.select_related("budget_year")
        .annotate(
            committed=_net(EntryKind.COMMITMENT, until=until),
            spent=_net(EntryKind.EXPENDITURE, until=until),
        )
        .order_by("budget_year__year", "position", "name")
    )


@dataclass
class LineSummary:
    line: BudgetLine | None
    label: str
    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.used

    @property
    def percent_used(self) -> Decimal | None:
        if self.budget == 0:
            return None if self.used == 0 else FULL + 1
        return self.used * 100 / self.budget

    @property
    def level(self) -> str:
        """'ok', 'warning' (from 80%) or 'over' (above 100%): shown as text and colour."""
        percent = self.percent_used
        if percent is None:
            return "ok"
        if percent > FULL:
            return "over"
        if percent >= WARNING_AT:
            return "warning"
        return "ok"


def _summaries(lines) -> tuple[list[LineSummary], LineSummary]:
    rows = [
        LineSummary(
            line=line,
            label=line.name,
            budget=line.amount,
            committed=line.committed,
            spent=line.spent,
        )
        for line in lines
    ]
    total = LineSummary(
        line=None,
        label="Totaal",
        budget=sum((row.budget for row in rows), ZERO),
        committed=sum((row.committed for row in rows), ZERO),
        spent=sum((row.spent for row in rows), ZERO),
    )
    return rows, total


@dataclass
class YearOverview:
    budget_year: BudgetYear
    lines: list[LineSummary]
    total: LineSummary
    pending_changes: int
    escalations: int


def budget_year_list(*, user) -> QuerySet[BudgetYear]:
    return BudgetYear.objects.visible_to(user).order_by("year")


def year_overview(*, user, budget_year: BudgetYear) -> YearOverview:
    """Per line: budget, committed, spent, remaining and % used; three queries."""
    lines, total = _summaries(
        lines_with_realisation().visible_to(user).filter(budget_year=budget_year)
    )
    counts = BudgetChange.objects.filter(budget_year=budget_year).aggregate(
        pending=Coalesce(Sum(Case(When(status=ChangeStatus.PROPOSED, then=1), default=0)), 0)
    )
    escalations = Entry.objects.filter(line__budget_year=budget_year, is_overrun=True).count()
    return YearOverview(
        budget_year=budget_year,
        lines=lines,
        total=total,
        pending_changes=counts["pending"],
        escalations=escalations,
    )


@dataclass
class YearSummary:
    year: int
    total: LineSummary
    share_per_participant: list[Share] = field(default_factory=list)
    is_demo: bool = False


def multi_year_summary(*, user) -> list[YearSummary]:
    """One total row per budget year (2024–2025), from one query over all lines."""
    by_year: dict[int, list] = {}
    for line in lines_with_realisation().visible_to(user):
        by_year.setdefault(line.budget_year.year, []).append(line)
    return [
        YearSummary(year=year, total=_summaries(lines)[1], is_demo=lines[0].budget_year.is_demo)
        for year, lines in by_year.items()
    ]


# --- The split over participants -------------------------------------------------------------


@dataclass(frozen=True)
class CalculatedShare:
    organisation: Organisation
    member_days: int
    weight: Decimal
    amount: Decimal


def year_total(budget_year: BudgetYear) -> Decimal:
    return BudgetLine.objects.filter(budget_year=budget_year).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO))
    )["total"]


def calculate_shares(
    *, budget_year: BudgetYear, total: Decimal | None = None
) -> list[CalculatedShare]:
    """The split of the year's total as the rule gives it now (see budget.allocation)."""
    if total is None:
        total = year_total(budget_year)
    participants = list(
        Organisation.objects.participants_in_year(budget_year.year).order_by("short_name")
    )
    weights = {}
    if budget_year.allocation_method == AllocationMethod.WEIGHTED:
        weights = dict(budget_year.weights.values_list("organisation_id", "weight"))
    claims = []
    for organisation in participants:
        claims.append(
            Claim(
                key=organisation.short_name,
                weight=weights.get(organisation.pk, Decimal(1)),
                days=membership_days(
                    budget_year.year, organisation.membership_start, organisation.membership_end
                ),
            )
        )
    amounts = allocate(total, claims) if claims else {}
    return [
        CalculatedShare(
            organisation=organisation,
            member_days=claim.days,
            weight=claim.weight,
            amount=amounts[claim.key],
        )
        for organisation, claim in zip(participants, claims, strict=True)
    ]


def share_list(*, user, budget_year: BudgetYear | None = None) -> QuerySet[Share]:
    """Stored shares the user may see: all for programme staff, else their own organisation's."""
    shares = (
        Share.objects.visible_to(user)
        .select_related("organisation", "budget_year")
        .order_by("budget_year__year", "organisation__short_name")
    )
    if budget_year is not None:
        shares = shares.filter(budget_year=budget_year)
    return shares


def shares_are_current(budget_year: BudgetYear, stored: list[Share]) -> bool:
    calculated = {c.organisation.pk: c.amount for c in calculate_shares(budget_year=budget_year)}
    return calculated == {share.organisation_id: share.amount for share in stored}


@dataclass
class ParticipantRow:
    share: Share
    line_parts: list[tuple[str, Decimal, Decimal]]  # line name, part of budget, part of spent


def participant_overview(*, user, budget_year: BudgetYear) -> list[ParticipantRow]:
    """Per visible participant: its share and, per line, its part of the budget and spending.

    Each line's budget and net spending are split by the same rule and weights as the share.
    """
    all_shares = list(
        Share.objects.filter(budget_year=budget_year)
        .select_related("organisation")
        .order_by("organisation__short_name")
    )
    visible = {share.pk for share in share_list(user=user, budget_year=budget_year)}
    claims = [
        Claim(key=share.organisation.short_name, weight=share.weight, days=share.member_days)
        for share in all_shares
    ]
    lines = list(lines_with_realisation().filter(budget_year=budget_year))
    parts = {}
    for line in lines:
        parts[line.pk] = (
            allocate(line.amount, claims) if claims else {},
            allocate(max(line.spent, ZERO), claims) if claims else {},
        )
    rows = []
    for share in all_shares:
        if share.pk not in visible:
            continue
        key = share.organisation.short_name
        rows.append(
            ParticipantRow(
                share=share,
                line_parts=[
                    (line.name, parts[line.pk][0][key], parts[line.pk][1][key]) for line in lines
                ],
            )
        )
    return rows


# --- Realisation and changes -----------------------------------------------------------------


def entry_list(*, user, budget_year: BudgetYear) -> QuerySet[Entry]:
    return (
        Entry.objects.visible_to(user)
        .filter(line__budget_year=budget_year)
        .select_related("line", "entered_by")
        .order_by("-booked_on", "-pk")
    )


def change_list(*, user, budget_year: BudgetYear) -> QuerySet[BudgetChange]:
    return (
        BudgetChange.objects.visible_to(user)
        .filter(budget_year=budget_year)
        .select_related("from_line", "to_line", "decision", "proposed_by", "decided_by")
        .order_by("-created_at")
    )


def line_usage(line: BudgetLine, *, excluding: Entry | None = None) -> Decimal:
    """Net committed + spent on `line`, optionally without one entry (the one being edited)."""
    entries = Entry.objects.filter(line=line)
    if excluding is not None and excluding.pk:
        entries = entries.exclude(pk=excluding.pk)
    return entries.aggregate(
        used=Coalesce(
            Sum(Case(When(is_credit=True, then=-F("amount")), default=F("amount"))),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )["used"]


def kind_net(line: BudgetLine, kind: str, *, excluding: Entry | None = None) -> Decimal:
    entries = Entry.objects.filter(line=line, kind=kind)
    if excluding is not None and excluding.pk:
        entries = entries.exclude(pk=excluding.pk)
    return entries.aggregate(
        net=Coalesce(
            Sum(Case(When(is_credit=True, then=-F("amount")), default=F("amount"))),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )["net"]


@dataclass
class BurnPoint:
    month: int
    label: str
    spent_to_date: Decimal
    remaining: Decimal
    planned_remaining: Decimal
    # The month has not begun yet: nothing can have been booked in it (the chart stops before).
    is_future: bool = False


def burn_down(*, user, budget_year: BudgetYear) -> list[BurnPoint]:
    """Remaining budget at each month's end (committed + spent), against an even burn."""
    if not user.has_perm("budget.see_budget_year", budget_year):
        return []
    total = year_total(budget_year)
    monthly = dict(
        Entry.objects.filter(line__budget_year=budget_year)
        .annotate(month=F("booked_on__month"))
        .values("month")
        .annotate(net=Sum(Case(When(is_credit=True, then=-F("amount")), default=F("amount"))))
        .values_list("month", "net")
    )
    points = []
    used = ZERO
    now = today()
    for month in range(1, 13):
        used += monthly.get(month) or ZERO
        planned = (total - total * month / 12).quantize(Decimal("0.01"))
        points.append(
            BurnPoint(
                month=month,
                label=str(MONTHS_3[month]),  # "mrt" in Dutch, "mar" in English
                spent_to_date=used,
                remaining=total - used,
                planned_remaining=planned,
                is_future=datetime.date(budget_year.year, month, 1) > now,
            )
        )
    return points


def today() -> datetime.date:
    return datetime.date.today()


@dataclass(frozen=True)
class ShareChange:
    organisation: Organisation
    at: datetime.datetime
    user: object
    before: Decimal
    after: Decimal


def share_history(shares: list[Share], *, limit: int = 200) -> list[ShareChange]:
    """Every earlier change of these shares' amounts (newest first): two queries in all."""
    organisations = {str(share.pk): share.organisation for share in shares}
    changes = []
    for entry in history_for(*shares, limit=limit):
        amount = entry.changes.get("amount")
        if not amount:
            continue
        changes.append(
            ShareChange(
                organisation=organisations[entry.object_id],
                at=entry.at,
                user=entry.user,
                # The history stores numbers in JSON: back to exact cents via their text.
                before=Decimal(str(amount[0])).quantize(Decimal("0.01")),
                after=Decimal(str(amount[1])).quantize(Decimal("0.01")),
            )
        )
    return changes


@dataclass
class YearBurn:
    year: int
    lines: list[LineSummary]
    total: LineSummary
    is_demo: bool = False


def dashboard_burn(*, user) -> list[YearBurn]:
    """Budget burn per line and year for the stuurgroep dashboard: one query, any data size.

    Render with `{% include "budget/includes/dashboard_burn.html" with burn=... %}`.
    """
    by_year: dict[int, list] = {}
    for line in lines_with_realisation().visible_to(user):
        by_year.setdefault(line.budget_year.year, []).append(line)
    result = []
    for year, lines in by_year.items():
        rows, total = _summaries(lines)
        result.append(
            YearBurn(year=year, lines=rows, total=total, is_demo=lines[0].budget_year.is_demo)
        )
    return result


@dataclass(frozen=True)
class BudgetChangesSince:
    proposed: list
    approved: list
    rejected: list

    def __bool__(self) -> bool:
        return bool(self.proposed or self.approved or self.rejected)


def changes_since(*, user, since) -> BudgetChangesSince | None:
    """Budget changes proposed, approved or rejected after `since` (the last stuurgroep), by
    their history; None for whoever may not see budget changes. Two queries."""
    if not user.has_perm("budget.see_changes"):
        return None
    changes = changed_since(
        BudgetChange.objects.visible_to(user).select_related("budget_year", "from_line", "to_line"),
        since,
    )
    changes.sort(key=lambda c: (c.record.budget_year.year, c.record.created_at, c.record.pk))
    return BudgetChangesSince(
        proposed=[c.record for c in changes if c.is_new],
        approved=[c.record for c in changes if c.became("status", ChangeStatus.APPROVED)],
        rejected=[c.record for c in changes if c.became("status", ChangeStatus.REJECTED)],
    )


def changes_awaiting_approval(*, user) -> QuerySet[BudgetChange]:
    """Proposed changes waiting for `user`'s decision: never their own proposal (the service
    refuses that too), oldest first."""
    return (
        BudgetChange.objects.visible_to(user)
        .filter(status=ChangeStatus.PROPOSED)
        .exclude(proposed_by=user)
        .select_related("budget_year", "proposed_by")
        .order_by("created_at", "pk")
    )


@dataclass
class DashboardBudget:
    """The dashboard's budget panel: this year's burn per line and month, other years linked."""

    current: YearBurn
    points: list[BurnPoint]
    other_years: list[int]

    def __bool__(self) -> bool:
        return True

    @property
    def burn(self) -> list[YearBurn]:
        return [self.current]

    @property
    def chart(self):
        """The burn-down of the current year (budget.charts; drawn once per data)."""
        from budget.charts import burn_down_chart

        return burn_down_chart(points=self.points, year=self.current.year) if self.points else None


def dashboard_budget(*, user) -> DashboardBudget | None:
    """This year's budget (else the latest) for the dashboard: per line and, for the chart, per
    month. Three queries, any data size; None for whoever may not see the budget."""
    years = dashboard_burn(user=user)
    if not years:
        return None
    this_year = today().year
    current = next((y for y in years if y.year == this_year), max(years, key=lambda y: y.year))
    budget_year = current.lines[0].line.budget_year if current.lines else None
    points = burn_down(user=user, budget_year=budget_year) if budget_year else []
    return DashboardBudget(
        current=current,
        points=points,
        other_years=sorted(y.year for y in years if y.year != current.year),
    )
