"""The digital-maturity section of the council progress report (contract: core/reporting.py).

For the council's municipality: its place in the quadrant next to the others and the
benchmark, its profile against the benchmark, the summary in the report's terms and the
movement since the previous round, from the latest round (up to the period's end) in which it
submitted scores. Charts travel as inline SVG strings with their Dutch text alternatives.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core import reporting
from core.models import Organisation
from core.reporting import ReportSection
from maturity import presentation, selectors
from maturity.models import AssessmentRound, AssessmentStatus, RoundStatus

TEMPLATE = "maturity/report/section.html"
ORDER = 40


def _latest_round(organisation, period_end):
    return (
        AssessmentRound.objects.filter(
            year__lte=period_end.year,
            assessments__organisation=organisation,
            assessments__status=AssessmentStatus.SUBMITTED,
        )
        .order_by("-year")
        .first()
    )


def _later_open_round(organisation, assessment_round, period_end):
    """An open round after `assessment_round` in which the organisation has not submitted yet."""
    return (
        AssessmentRound.objects.filter(
            year__gt=assessment_round.year, year__lte=period_end.year, status=RoundStatus.OPEN
        )
        .exclude(
            assessments__organisation=organisation,
            assessments__status=AssessmentStatus.SUBMITTED,
        )
        .order_by("-year")
        .first()
    )


def _score(value) -> str | None:
    return None if value is None else str(value)


def _position(*, organisation, assessment_round, result, results) -> str:
    """The maturity position in one sentence, for the summary and the chapter alike."""
    values = {
        "organisation": organisation.short_name,
        "round": f"{assessment_round.name.lower()} {assessment_round.year}",
        "quadrant": result.quadrant.label if result.quadrant else "",
        "overall": result.summary.overall.value if result.summary else "",
    }
    if result.previous and result.previous.quadrant:
        values |= {"year": results.previous_round.year, "before": result.previous.quadrant.label}
        return (
            _(
                "In de %(round)s plaatst %(organisation)s zich in het kwadrant %(quadrant)s "
                "(%(year)s: %(before)s) en scoort het zich op de cultuur- en "
                "organisatiekenmerken over het geheel %(overall)s het benchmarkgemiddelde."
            )
            % values
        )
    return (
        _(
            "In de %(round)s plaatst %(organisation)s zich in het kwadrant %(quadrant)s en "
            "scoort het zich op de cultuur- en organisatiekenmerken over het geheel "
            "%(overall)s het benchmarkgemiddelde."
        )
        % values
    )


def _not_submitted(*, assessment_round, results) -> list[str]:
    """Participants of the round's year without submitted scores: absent from the charts."""
    submitted = {r.organisation.pk for r in results.organisations}
    return [
        o.short_name
        for o in Organisation.objects.participants_in_year(assessment_round.year).order_by(
            "short_name"
        )
        if o.pk not in submitted
    ]


def section_data(*, organisation, period_end, as_of=None) -> dict:
    as_of = as_of or timezone.localdate()
    assessment_round = _latest_round(organisation, period_end)
    if assessment_round is None:
        return {"organisation": organisation.short_name, "round": None}
    results = selectors.round_results(assessment_round=assessment_round)
    result = results.for_organisation(organisation.pk)
    quadrant = presentation.quadrant_view(results)
    profile = presentation.profile_view(result)
    later = _later_open_round(organisation, assessment_round, period_end)
    return {
        "organisation": organisation.short_name,
        "as_of": as_of.isoformat(),
        "round": {
            "year": assessment_round.year,
            "name": assessment_round.name,
            "is_demo": assessment_round.is_demo,
            "is_open": assessment_round.status == RoundStatus.OPEN,
            "threshold": str(assessment_round.quadrant_threshold),
        },
        "position": _position(
            organisation=organisation,
            assessment_round=assessment_round,
            result=result,
            results=results,
        ),
        "later_round": {"name": later.name, "year": later.year} if later else None,
        "not_submitted": _not_submitted(assessment_round=assessment_round, results=results),
        "quadrant": result.quadrant.label if result.quadrant else None,
        "previous_quadrant": (
            result.previous.quadrant.label if result.previous and result.previous.quadrant else None
        ),
        "previous_year": results.previous_round.year if results.previous_round else None,
        "summary": result.summary.text if result.summary else "",
        "positions": [
            {
                "label": str(p["label"]),
                "customer": _score(p["x"]),
                "efficiency": _score(p["y"]),
                "quadrant": p["quadrant"],
                "is_self": p["label"] == organisation.short_name,
            }
            for p in quadrant["points"]
        ],
        "profile": [
            {
                "characteristic": row.characteristic.name,
                "score": str(row.score),
                "benchmark": str(row.benchmark),
                "difference": str(row.difference),
                "comparison": row.comparison.value,
                "others": {
                    other.organisation.short_name: _score(other.scores.get(row.characteristic.code))
                    for other in results.organisations
                    if other is not result
                },
            }
            for row in result.profile
        ],
        "others": [
            other.organisation.short_name for other in results.organisations if other is not result
        ],
        "movement": [
            {
                "characteristic": m.characteristic.name,
                "before": _score(m.before),
                "after": _score(m.after),
                "change": _score(m.change),
            }
            for m in result.movement
        ],
        "quadrant_chart": (
            {"svg": quadrant["chart"].svg, "alt": quadrant["chart"].alt}
            if quadrant["chart"]
            else None
        ),
        "profile_chart": {"svg": profile.svg, "alt": profile.alt} if profile else None,
    }


@reporting.sections.register("maturity")
def sections(*, council, period_start, period_end, as_of=None) -> list[ReportSection]:
    organisation = getattr(council, "organisation", council)
    return [
        ReportSection(
            key="maturity",
            title=_("Digitale volwassenheid"),
            template=TEMPLATE,
            order=ORDER,
            data=section_data(organisation=organisation, period_end=period_end, as_of=as_of),
        )
    ]
