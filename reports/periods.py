"""Report periods: quarters, halves and years as dates, and their Dutch labels."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.models import PeriodKind


def period_bounds(
    *, kind: str, year: int, part: int | None = None
) -> tuple[datetime.date, datetime.date]:
    """First and last day of quarter `part`, half `part` or the whole `year`."""
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = {PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6}[kind]
    first_month = (part - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    next_month = first_month + months
    end = (
        datetime.date(year + 1, 1, 1) if next_month > 12 else datetime.date(year, next_month, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def period_label(*, kind: str, start: datetime.date, end: datetime.date) -> str:
    """'1e kwartaal 2026', '2e halfjaar 2025', '2025' or '3 maart 2026 t/m 9 juni 2026'."""
    if kind == PeriodKind.YEAR and (start.month, start.day) == (1, 1):
        return str(start.year)
    if kind == PeriodKind.QUARTER:
        return _("%(n)se kwartaal %(year)s") % {"n": (start.month - 1) // 3 + 1, "year": start.year}
    if kind == PeriodKind.HALF_YEAR:
        return _("%(n)se halfjaar %(year)s") % {"n": (start.month - 1) // 6 + 1, "year": start.year}
    return _("%(start)s t/m %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
