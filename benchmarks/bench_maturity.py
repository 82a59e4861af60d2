"""Digital maturity in `make bench`: the results pages (charts come from the render cache after
the warm-up request). Run this file directly to time chart rendering cold against cached:

    .venv/bin/python -m benchmarks.bench_maturity
"""

import datetime
import os
import time
from decimal import Decimal

from benchmarks.pages import Page

PAGES = [
    Page("volwassenheid: metingen", "/volwassenheid/", "stuurgroep"),
    Page("volwassenheid: meting 2022", "/volwassenheid/metingen/2022/", "stuurgroep"),
    Page("volwassenheid: meting 2024 (km)", "/volwassenheid/metingen/2024/", "kwartiermaker"),
    Page(
        "volwassenheid: Tholen 2024",
        "/volwassenheid/metingen/2024/organisaties/tholen/",
        "stuurgroep",
    ),
    Page("volwassenheid: invullen", "/volwassenheid/metingen/2024/invullen/", "respondent"),
]


def scale(factor: int) -> None:
    """`factor` × the five demo organisations, each with submitted scores in every demo round."""
    from core.models import Organisation, OrganisationKind
    from maturity.models import (
        Assessment,
        AssessmentRound,
        AssessmentSource,
        AssessmentStatus,
        Characteristic,
        CharacteristicScore,
    )

    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Volwassenheidsgemeente {n}",
            short_name=f"Volw {n}",
            slug=f"volw-{n}",
            kind=OrganisationKind.GEMEENTE,
            membership_start=datetime.date(2014, 1, 1),
        )
        for n in range(5 * factor)
    )
    characteristics = list(Characteristic.objects.all())
    for assessment_round in AssessmentRound.objects.all():
        assessments = Assessment.objects.bulk_create(
            Assessment(
                round=assessment_round,
                organisation=organisation,
                status=AssessmentStatus.SUBMITTED,
                source=AssessmentSource.DEMO,
                submitted_at=datetime.datetime(assessment_round.year, 10, 1, tzinfo=datetime.UTC),
            )
            for organisation in organisations
        )
        CharacteristicScore.objects.bulk_create(
            CharacteristicScore(
                assessment=assessment,
                characteristic=characteristic,
                value=Decimal(10 + (i * 7 + j * 3) % 40) / 10,
            )
            for i, assessment in enumerate(assessments)
            for j, characteristic in enumerate(characteristics)
        )


def chart_timings(repeat: int = 20) -> dict[str, float]:
    """Median milliseconds for a quadrant chart drawn cold (new data) and from the cache."""
    import statistics

    from maturity import charts

    def points(shift):
        return [
            {
                "label": f"Org {n}",
                "x": Decimal(1 + (n * 37 + shift) % 40 / 10),
                "y": Decimal(1 + (n * 11 + shift) % 40 / 10),
                "benchmark": False,
                "quadrant": "traditioneel",
            }
            for n in range(10)
        ]

    def draw(data):
        start = time.perf_counter()
        charts.quadrant_chart(
            points=data, threshold=Decimal("3"), x_label="Klantervaring", y_label="Efficiency"
        )
        return (time.perf_counter() - start) * 1000

    draw(points(-1))  # the first draw also pays for importing matplotlib
    cold = [draw(points(shift)) for shift in range(repeat)]
    cached = [draw(points(shift)) for shift in range(repeat)]
    return {"cold": statistics.median(cold), "cached": statistics.median(cached)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")
    import django

    import benchmarks.run  # noqa: F401  (its import prepares the environment)

    django.setup()
    result = chart_timings()
    print(f"quadrant chart, cold:   {result['cold']:8.2f} ms")
    print(f"quadrant chart, cached: {result['cached']:8.4f} ms")
