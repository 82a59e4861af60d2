"""The budget's section of the council progress report (contract: core.reporting)."""

import datetime

from django.utils.translation import gettext as _

from budget.models import BudgetYear, Share
from budget.selectors import _summaries, lines_with_realisation
from core import reporting
from core.reporting import ReportSection


@reporting.sections.register("budget")
def sections(*, council, period_start: datetime.date, period_end: datetime.date, **_context):
    """Plan and realisation (up to the period's end) per line for the years the period
    touches, and the council's share of every budget year of the programme up to the period's
    end, to the cent, with what the programme spent of that year's plan."""
    period_years = list(range(period_start.year, period_end.year + 1))
    # Realisation as it stood at the end of the reporting period.
    lines = list(
        lines_with_realisation(until=period_end).filter(budget_year__year__lte=period_end.year)
    )
    shares = dict(
        Share.objects.filter(
            budget_year__year__lte=period_end.year, organisation=council
        ).values_list("budget_year__year", "amount")
    )
    by_year: dict[int, list] = {}
    for line in lines:
        by_year.setdefault(line.budget_year.year, []).append(line)
    data_years, share_rows = [], []
    for year, year_lines in sorted(by_year.items()):
        rows, total = _summaries(year_lines)
        share = str(shares[year]) if year in shares else None
        share_rows.append(
            {
                "year": year,
                "share": share,
                "budget": str(total.budget),
                "spent": str(total.spent),
                "committed": str(total.committed),
            }
        )
        if year in period_years:
            data_years.append(
                {
                    "year": year,
                    "lines": [_row(row) for row in rows],
                    "total": _row(total),
                    "share": share,
                }
            )
    # A period without a budget year still gets the chapter, saying so: a council must not
    # read the absence of figures as "nothing to report".
    return [
        ReportSection(
            key="budget",
            title=_("Begroting en realisatie"),
            template="budget/report/section.html",
            order=30,
            data={
                "council": council.name,
                "council_short_name": council.short_name,
                "years": data_years,
                "shares": share_rows,
                "missing_years": [year for year in period_years if year not in by_year],
                "budget_years": [
                    str(year) for year in BudgetYear.objects.values_list("year", flat=True)
                ],
            },
        )
    ]


def _row(row) -> dict:
    return {
        "name": row.label,
        "budget": str(row.budget),
        "committed": str(row.committed),
        "spent": str(row.spent),
        "remaining": str(row.remaining),
    }
