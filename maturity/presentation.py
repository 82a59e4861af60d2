"""Turns round results into charts (with text alternatives) and export rows.

Shared by the pages, the export and the council report section, so they cannot disagree.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import organisation_colours
from maturity import charts
from maturity.models import AssessmentSource
from maturity.selectors import OrganisationResult, RoundResults


def unscored_text(names: list[str], *, from_form: bool) -> str:
    """Why characteristics have no score, for the pages and the council report alike."""
    if not names:
        return ""
    values = {"names": ", ".join(names), "count": len(names)}
    if from_form:
        return (
            ngettext(
                "Geen score voor %(names)s: op dit kenmerk is alleen 'weet niet / n.v.t.' "
                "geantwoord. Het telt niet mee in het profiel, de samenvatting en het kwadrant.",
                "Geen score voor %(names)s: op deze kenmerken is alleen 'weet niet / n.v.t.' "
                "geantwoord. Ze tellen niet mee in het profiel, de samenvatting en het kwadrant.",
                len(names),
            )
            % values
        )
    return (
        ngettext(
            "Geen score voor %(names)s: er is voor dit kenmerk geen waarde ingelezen.",
            "Geen score voor %(names)s: er is voor deze kenmerken geen waarde ingelezen.",
            len(names),
        )
        % values
    )


def result_unscored_text(result: OrganisationResult) -> str:
    return unscored_text(
        [c.name for c in result.unscored],
        from_form=result.assessment.source == AssessmentSource.FORM,
    )


def quadrant_points(results: RoundResults) -> list[dict]:
    """Each placed organisation (in its palette colour, with where it stood in the previous
    round, if it was placed then) and the benchmark."""
    colours = organisation_colours()
    previous_year = results.previous_round.year if results.previous_round else None
    points = [
        {
            "label": r.organisation.short_name,
            "x": r.customer,
            "y": r.efficiency,
            "benchmark": False,
            "quadrant": r.quadrant.label,
            "colour": colours.get(r.organisation.short_name),
            "previous": (
                (r.previous.customer, r.previous.efficiency)
                if r.previous is not None and r.previous.quadrant is not None
                else None
            ),
            "previous_year": previous_year,
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


def quadrant_legend(*, threshold, previous_year=None) -> str:
    """How to read the quadrant chart: the threshold (a score on the line counts as high) and
    the arrows; the same words under the chart on the pages and in the council report."""
    text = _(
        "De gestippelde lijnen liggen op de grens van %(threshold)s. Een score op of boven de "
        "grens telt als hoog: een organisatie precies op een lijn staat aan de hoge kant."
    ) % {"threshold": charts.number_text(threshold)}
    if previous_year:
        text += " " + _(
            "Een open rondje met een pijl ernaar toe laat zien waar een organisatie in "
            "%(year)s stond."
        ) % {"year": previous_year}
    return text


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
    legend = quadrant_legend(
        threshold=results.round.quadrant_threshold,
        previous_year=(
            results.previous_round.year if any(p.get("previous") for p in points) else None
        ),
    )
    return {"chart": chart, "points": points, "legend": legend}


def profile_rows(result: OrganisationResult) -> list[tuple]:
    return [
        (row.characteristic.name, row.score, row.benchmark, row.comparison.value)
        for row in result.profile
    ]


def organisation_colour(result: OrganisationResult) -> str | None:
    """The organisation's colour in the one palette (one query: ask once per page)."""
    return organisation_colours().get(result.organisation.short_name)


def profile_view(result: OrganisationResult, *, colour: str | None = None) -> charts.Chart | None:
    rows = profile_rows(result)
    if not rows:
        return None
    return charts.profile_chart(
        organisation=result.organisation.short_name, rows=rows, colour=colour
    )


def movement_view(
    result: OrganisationResult, *, year: int, colour: str | None = None
) -> charts.Chart | None:
    """The change per characteristic since the previous round, drawn (the table has the same)."""
    if not result.movement or result.previous is None:
        return None
    name = result.organisation.short_name
    return charts.movement_chart(
        organisation=name,
        before_year=result.previous.assessment.round.year,
        after_year=year,
        rows=[(m.characteristic.name, m.before, m.after) for m in result.movement],
        colour=colour,
    )


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
