"""Turns round results into charts (with text alternatives) and export rows.

Shared by the pages, the export and the council report section, so they cannot disagree.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from maturity import charts
from maturity.selectors import OrganisationResult, RoundResults


def quadrant_points(results: RoundResults) -> list[dict]:
    points = [
        {
            "label": r.organisation.short_name,
            "x": r.customer,
            "y": r.efficiency,
            "benchmark": False,
            "quadrant": r.quadrant.label,
        }
        for r in results.organisations
        if r.quadrant is not None
    ]
    if results.benchmark_quadrant is not None:
        points.append(
            {
                "label": _("Benchmark"),
                "x": results.benchmark_customer,
                "y": results.benchmark_efficiency,
                "benchmark": True,
                "quadrant": results.benchmark_quadrant.label,
            }
        )
    return points


def quadrant_view(results: RoundResults) -> dict:
    points = quadrant_points(results)
    axes = results.axis_characteristics
    chart = (
        charts.quadrant_chart(
            points=points,
            threshold=results.round.quadrant_threshold,
            x_label=axes["klantervaring"].name,
            y_label=axes["efficiency"].name,
        )
        if points and len(axes) == 2
        else None
    )
    return {"chart": chart, "points": points}


def profile_rows(result: OrganisationResult) -> list[tuple]:
    return [
        (row.characteristic.name, row.score, row.benchmark, row.comparison.value)
        for row in result.profile
    ]


def profile_view(result: OrganisationResult) -> charts.Chart | None:
    rows = profile_rows(result)
    if not rows:
        return None
    return charts.profile_chart(organisation=result.organisation.short_name, rows=rows)


def trend_series(trend, results: RoundResults) -> list[tuple[str, list]]:
    """(label, value per round) for the trend chart and its data table."""
    axes = results.axis_characteristics
    profile_codes = [c.code for c in results.profile_characteristics]

    def profile_mean(scores):
        values = [scores[c] for c in profile_codes if c in scores]
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None

    return [
        (
            axes["klantervaring"].name,
            [scores.get(axes["klantervaring"].code) for _r, scores in trend],
        ),
        (axes["efficiency"].name, [scores.get(axes["efficiency"].code) for _r, scores in trend]),
        (_("Gemiddelde cultuur en leiderschap"), [profile_mean(scores) for _r, scores in trend]),
    ]


def trend_view(organisation, trend, results: RoundResults) -> charts.Chart | None:
    if not trend:
        return None
    series = trend_series(trend, results)
    return charts.trend_chart(
        organisation=organisation.short_name,
        rounds=[r.year for r, _scores in trend],
        series=series,
    )
