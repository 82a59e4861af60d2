"""The budget burn-down as a core.charts line chart: remaining budget per month against an even
burn, with labelled axes, month names and a Dutch text alternative (the table stays beside it)."""

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from budget.selectors import BurnPoint
from core.charts import Chart, euro_text, line_chart


def burn_down_chart(*, points: list[BurnPoint], year: int) -> Chart:
    total = points[0].remaining + points[0].spent_to_date
    months = [_("start")] + [p.label for p in points]
    # A year still running: the actual line stops at the current month.
    actual = [total] + [None if p.is_future else p.remaining for p in points]
    planned = [total] + [p.planned_remaining for p in points]
    shown = [value for value in actual if value is not None]
    lowest = min(shown)
    last = next(p for p in reversed(points) if not p.is_future) if shown[1:] else None
    alt = _(
        "Lijndiagram: het resterende budget %(year)s aan het eind van elke maand, van "
        "%(total)s bij de start naar %(end)s in %(month)s; bij gelijkmatig verbruik zou het "
        "dan %(planned)s zijn. De cijfers per maand staan in de tabel onder de grafiek."
    ) % {
        "year": year,
        "total": euro_text(total),
        "end": euro_text(last.remaining if last else total),
        "month": MONTHS[last.month if last else 1],  # "november" / "November"
        "planned": euro_text(last.planned_remaining if last else total),
    }
    if lowest < 0:
        alt += " " + _("Het budget is overschreden: het laagste punt is %(lowest)s.") % {
            "lowest": euro_text(lowest)
        }
    return line_chart(
        x_labels=months,
        series=[
            {"label": _("Werkelijk resterend"), "values": actual},
            {"label": _("Gelijkmatig verbruik"), "values": planned, "dashed": True},
        ],
        x_label=_("Maand (stand aan het eind van de maand)"),
        y_label=_("Resterend budget"),
        y_format="euro",
        baseline=0 if lowest < 0 else None,
        size=(7.5, 4.0),
        alt=alt,
    )
