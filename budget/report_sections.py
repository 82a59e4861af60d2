"""The budget's section of the council progress report (contract: core.reporting)."""

import datetime

from django.utils.translation import gettext as _

from budget.models import BudgetYear, Share
from budget.selectors import _summaries, lines_with_realisation
from core import reporting
from core.reporting import ReportSection


def _programme(*, period_end: datetime.date, as_of: datetime.date) -> dict:
    """Plan and realisation per budget year up to the period's end, shared by every council's
    report of one request. Realisation counts entries booked up to the end of the period or
    the data date, whichever comes first. A demo budget year (seed_wbw --demo) is left out: a
    council report never presents invented figures as an adopted budget."""
    lines = list(
        lines_with_realisation(until=min(period_end, as_of)).filter(
            budget_year__year__lte=period_end.year, budget_year__is_demo=False
        )
    )
    by_year: dict[int, list] = {}
    for line in lines:
        by_year.setdefault(line.budget_year.year, []).append(line)
    years = []
    for year, year_lines in sorted(by_year.items()):
        rows, total = _summaries(year_lines)
        years.append({"year": year, "lines": [_row(row) for row in rows], "total": _row(total)})
    return {
        "years": years,
        "budget_years": [
            str(year)
            for year in BudgetYear.objects.filter(is_demo=False).values_list("year", flat=True)
        ],
    }


@reporting.sections.register("budget")
def sections(
    *,
    council,
    period_start: datetime.date,
    period_end: datetime.date,
    as_of: datetime.date,
    shared: reporting.SharedWork,
):
    """Plan and realisation per line for the years the period touches, and the council's share
    of every budget year of the programme up to the period's end, to the cent, next to what
    the programme spent of that year's plan."""
    programme = shared.get("budget", lambda: _programme(period_end=period_end, as_of=as_of))
    period_years = list(range(period_start.year, period_end.year + 1))
    shares = dict(
        Share.objects.filter(
            budget_year__year__lte=period_end.year,
            budget_year__is_demo=False,
            organisation=council,
        ).values_list("budget_year__year", "amount")
    )
    share_rows = [
        {
            "year": year["year"],
            "share": str(shares[year["year"]]) if year["year"] in shares else None,
            "budget": year["total"]["budget"],
            "committed": year["total"]["committed"],
            "spent": year["total"]["spent"],
        }
        for year in programme["years"]
    ]
    data_years = [
        {**year, "share": row["share"]}
        for year, row in zip(programme["years"], share_rows, strict=True)
        if year["year"] in period_years
    ]
    known = {year["year"] for year in programme["years"]}
    # A period without a budget year still gets the chapter, saying so: a council must not
    # read the absence of figures as "nothing to report".
    return [
        ReportSection(
            key="budget",
            title=_("Begroting en realisatie"),
            template="budget/report/section.html",
            order=40,
            data={
                "council": council.name,
                "council_short_name": council.short_name,
                "years": data_years,
                "shares": share_rows,
                "missing_years": [year for year in period_years if year not in known],
                "budget_years": programme["budget_years"],
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
