"""Every budget overview as an ExportTable, written by core.exports (.xlsx or .csv).

The tables come from the same selectors as the pages, so an export never shows more (or other
numbers) than the user's page.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from budget import selectors
from budget.models import BudgetYear
from core.exports import ExportTable


def year_table(*, user, budget_year: BudgetYear) -> ExportTable:
    overview = selectors.year_overview(user=user, budget_year=budget_year)
    rows = [
        [row.label, row.budget, row.committed, row.spent, row.remaining, _pct(row)]
        for row in [*overview.lines, overview.total]
    ]
    return ExportTable(
        title=_("Begroting %(year)s") % {"year": budget_year.year},
        headers=[
            _("Post"),
            _("Begroot"),
            _("Verplicht"),
            _("Uitgegeven"),
            _("Resterend"),
            _("Gebruikt (%)"),
        ],
        rows=rows,
    )


def participants_table(*, user, budget_year: BudgetYear) -> ExportTable:
    rows = []
    for row in selectors.participant_overview(user=user, budget_year=budget_year):
        name = row.share.organisation.name
        rows.append([name, _("Aandeel"), row.share.amount, None])
        for line_name, budget_part, spent_part in row.line_parts:
            rows.append([name, line_name, budget_part, spent_part])
    return ExportTable(
        title=_("Deelnemers %(year)s") % {"year": budget_year.year},
        headers=[_("Deelnemer"), _("Post"), _("Deel van het budget"), _("Deel van de uitgaven")],
        rows=rows,
    )


def multi_year_table(*, user, budget_year=None) -> ExportTable:
    rows = [
        [
            summary.year,
            summary.total.budget,
            summary.total.committed,
            summary.total.spent,
            summary.total.remaining,
            _pct(summary.total),
        ]
        for summary in selectors.multi_year_summary(user=user)
    ]
    return ExportTable(
        title=_("Meerjarenoverzicht"),
        headers=[
            _("Jaar"),
            _("Begroot"),
            _("Verplicht"),
            _("Uitgegeven"),
            _("Resterend"),
            _("Gebruikt (%)"),
        ],
        rows=rows,
    )


def burn_down_table(*, user, budget_year: BudgetYear) -> ExportTable:
    rows = [
        [p.label, p.spent_to_date, p.remaining, p.planned_remaining]
        for p in selectors.burn_down(user=user, budget_year=budget_year)
    ]
    return ExportTable(
        title=_("Verloop %(year)s") % {"year": budget_year.year},
        headers=[
            _("Maand"),
            _("Verplicht en uitgegeven t/m maand"),
            _("Resterend"),
            _("Resterend bij gelijkmatig verbruik"),
        ],
        rows=rows,
    )


IMPORT_HEADERS = [
    "post",
    "soort",
    "credit",
    "datum",
    "bedrag",
    "omschrijving",
    "leverancier",
    "kenmerk",
    "status",
    "overschrijding",
]


def entries_table(*, user, budget_year: BudgetYear) -> ExportTable:
    """The entries in the import layout, so an export can be edited and imported again."""
    rows = [
        [
            entry.line.name,
            entry.kind,
            "ja" if entry.is_credit else "nee",
            entry.booked_on,
            entry.amount,
            entry.description,
            entry.supplier,
            entry.reference,
            entry.status,
            "ja" if entry.is_overrun else "nee",
        ]
        for entry in selectors.entry_list(user=user, budget_year=budget_year).order_by(
            "booked_on", "pk"
        )
    ]
    return ExportTable(
        title=_("Boekingen %(year)s") % {"year": budget_year.year},
        headers=list(IMPORT_HEADERS),
        rows=rows,
    )


def _pct(row):
    percent = row.percent_used
    return None if percent is None else percent.quantize(Decimal("0.1"))


# name -> (builder, rule)
EXPORTS = {
    "posten": (year_table, "budget.see_budget"),
    "deelnemers": (participants_table, "budget.see_budget"),
    "meerjarig": (multi_year_table, "budget.see_budget"),
    "verloop": (burn_down_table, "budget.see_budget"),
    "boekingen": (entries_table, "budget.see_realisation"),
}
