"""The digital-maturity section of the council progress report (contract: core/reporting.py).

For the council's municipality: its place in the quadrant next to the other participants and
the benchmark, its profile against the benchmark and the others, the summary in the report's
terms and the movement since the previous round, from the latest round (up to the period's
end) in which it submitted scores. Whether the others appear by name or as "Deelnemer A, B, …"
is the round's setting (`AssessmentRound.others_by_name`). Charts travel as inline SVG
strings with their Dutch text alternatives.

A round's results are the same for every council: they are computed once per report request
(`shared`), and so is the quadrant chart when the others appear by name.
"""

import string

from django.utils.translation import gettext as _

from core import reporting
from core.charts import MUTED, organisation_colours
from core.models import Organisation
from core.reporting import ReportSection
from maturity import charts, presentation, selectors
from maturity.models import AssessmentRound, AssessmentStatus, RoundStatus

TEMPLATE = "maturity/report/section.html"
ORDER = 60


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


def _round_block(assessment_round: AssessmentRound) -> dict:
    """Everything about one round that does not depend on the council, as JSON."""
    results = selectors.round_results(assessment_round=assessment_round)
    axes = results.axis_characteristics
    submitted = {r.organisation.pk for r in results.organisations}
    return {
        "round": {
            "year": assessment_round.year,
            "name": assessment_round.name,
            "is_demo": assessment_round.is_demo,
            "is_open": assessment_round.status == RoundStatus.OPEN,
            "threshold": str(assessment_round.quadrant_threshold),
            "others_by_name": assessment_round.others_by_name,
        },
        "axes": {
            "x": axes["klantervaring"].name if "klantervaring" in axes else "",
            "y": axes["efficiency"].name if "efficiency" in axes else "",
        },
        "benchmark": (
            {
                "customer": _score(results.benchmark_customer),
                "efficiency": _score(results.benchmark_efficiency),
                "quadrant": results.benchmark_quadrant.label,
            }
            if results.benchmark_quadrant is not None
            else None
        ),
        "previous_year": results.previous_round.year if results.previous_round else None,
        "colours": organisation_colours(),
        "not_submitted": [
            o.short_name
            for o in Organisation.objects.participants_in_year(assessment_round.year).order_by(
                "short_name"
            )
            if o.pk not in submitted
        ],
        "organisations": [
            {
                "name": r.organisation.short_name,
                "customer": _score(r.customer),
                "efficiency": _score(r.efficiency),
                "quadrant": r.quadrant.label if r.quadrant else None,
                "previous_quadrant": (
                    r.previous.quadrant.label if r.previous and r.previous.quadrant else None
                ),
                "previous_position": (
                    [str(r.previous.customer), str(r.previous.efficiency)]
                    if r.previous and r.previous.quadrant
                    else None
                ),
                "overall": r.summary.overall.value if r.summary else None,
                "summary": r.summary.text if r.summary else "",
                "unscored_text": presentation.result_unscored_text(r),
                "profile": [
                    {
                        "characteristic": row.characteristic.name,
                        "score": str(row.score),
                        "benchmark": str(row.benchmark),
                        "difference": str(row.difference),
                        "comparison": row.comparison.value,
                    }
                    for row in r.profile
                ],
                "movement": [
                    {
                        "characteristic": m.characteristic.name,
                        "before": _score(m.before),
                        "after": _score(m.after),
                        "change": _score(m.change),
                    }
                    for m in r.movement
                ],
            }
            for r in results.organisations
        ],
    }


def _labels_for_others(others: list[dict], *, by_name: bool) -> dict[str, str]:
    """Name -> label of the other participants: their names, or 'Deelnemer A, B, …' in the
    order of their place in the quadrant (not of their names, which would give them away)."""
    if by_name:
        return {other["name"]: other["name"] for other in others}
    ordered = sorted(
        others, key=lambda o: (-float(o["customer"] or 0), -float(o["efficiency"] or 0))
    )
    return {
        other["name"]: _("Deelnemer %(letter)s") % {"letter": string.ascii_uppercase[index]}
        for index, other in enumerate(ordered)
    }


def _no_place_sentence(values: dict) -> str:
    # A characteristic answered only with "weet niet / n.v.t." has no score (docs/maturity.md),
    # so an axis without a score leaves the organisation out of the quadrant.
    if not values["quadrant"]:
        return (
            _(
                "In de %(round)s heeft %(organisation)s geen plaats in het kwadrant: "
                "klantervaring of operationele efficiency heeft geen score."
            )
            % values
        )
    return (
        _(
            "In de %(round)s plaatst %(organisation)s zich in het kwadrant %(quadrant)s; op de "
            "cultuur- en organisatiekenmerken heeft het geen score."
        )
        % values
    )


def _position(*, organisation: str, block: dict, own: dict) -> str:
    """The maturity position in one sentence, for the summary and the chapter alike."""
    values = {
        "organisation": organisation,
        "round": f"{block['round']['name'].lower()} {block['round']['year']}",
        "quadrant": own["quadrant"] or "",
        "overall": own["overall"] or "",
    }
    if not own["quadrant"] or not own["overall"]:
        return _no_place_sentence(values)
    if own["previous_quadrant"]:
        values |= {"year": block["previous_year"], "before": own["previous_quadrant"]}
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


def _quadrant_sentence(*, organisation: str, block: dict, own: dict) -> str:
    values = {
        "organisation": organisation,
        "round": f"{block['round']['name'].lower()} {block['round']['year']}",
        "quadrant": own["quadrant"] or "",
    }
    if not own["quadrant"]:
        return _no_place_sentence(values)
    if own["previous_quadrant"]:
        values |= {"year": block["previous_year"], "before": own["previous_quadrant"]}
        return (
            _(
                "In de %(round)s plaatst %(organisation)s zich in het kwadrant %(quadrant)s; "
                "in %(year)s was dat %(before)s."
            )
            % values
        )
    return _("In de %(round)s plaatst %(organisation)s zich in het kwadrant %(quadrant)s.") % values


def _quadrant_chart(block: dict, points: list[dict]) -> dict | None:
    if not points or not block["axes"]["x"]:
        return None
    chart = charts.quadrant_chart(
        points=points,
        threshold=block["round"]["threshold"],
        x_label=block["axes"]["x"],
        y_label=block["axes"]["y"],
    )
    return {"svg": chart.svg, "alt": chart.alt}


def section_data(*, organisation, period_end, as_of, shared: reporting.SharedWork) -> dict:
    assessment_round = _latest_round(organisation, period_end)
    if assessment_round is None:
        return {"organisation": organisation.short_name, "round": None}
    block = shared.get(
        f"maturity.round.{assessment_round.year}", lambda: _round_block(assessment_round)
    )
    by_name = block["round"]["others_by_name"]
    own = next(o for o in block["organisations"] if o["name"] == organisation.short_name)
    others = [o for o in block["organisations"] if o is not own]
    labels = _labels_for_others(others, by_name=by_name)
    # Listed by label: anonymised, an alphabetical order of the names would give them away.
    others.sort(key=lambda other: labels[other["name"]])
    # By name the chart is the same for every council (drawn once per request), so its points
    # follow the names, not "this council first"; the table below marks the council.
    ordered = sorted([own, *others], key=lambda o: o["name"]) if by_name else [own, *others]
    placed = [o for o in ordered if o["quadrant"]]
    # The portal's palette: an organisation has the same colour here as on the pages. Others
    # shown as "Deelnemer A, B, …" get the neutral colour, which would otherwise name them.
    colours = block["colours"]
    points = [
        {
            "label": o["name"] if o is own else labels[o["name"]],
            "x": o["customer"],
            "y": o["efficiency"],
            "benchmark": False,
            "quadrant": o["quadrant"],
            "is_self": o is own,
            "colour": colours.get(o["name"]) if by_name or o is own else MUTED,
            "previous": o.get("previous_position"),
            "previous_year": block["previous_year"],
        }
        for o in placed
    ]
    if block["benchmark"]:
        points.append(
            {
                "label": _("Benchmark"),
                "x": block["benchmark"]["customer"],
                "y": block["benchmark"]["efficiency"],
                "benchmark": True,
                "quadrant": block["benchmark"]["quadrant"],
                "is_self": False,
            }
        )
    # Named, the quadrant chart is the same for every council: draw it once per request.
    chart_key = f"maturity.quadrant.{assessment_round.year}.{'named' if by_name else own['name']}"
    quadrant_chart = shared.get(chart_key, lambda: _quadrant_chart(block, points))
    other_labels = [labels[o["name"]] for o in others]
    other_scores = {
        labels[o["name"]]: {row["characteristic"]: row["score"] for row in o["profile"]}
        for o in others
    }
    changes = {m["characteristic"]: m["change"] for m in own["movement"]}
    before = {m["characteristic"]: m["before"] for m in own["movement"]}
    profile = [
        {
            **row,
            "change": changes.get(row["characteristic"]),
            "others": {
                label: other_scores[label].get(row["characteristic"]) for label in other_labels
            },
        }
        for row in own["profile"]
    ]
    profile_chart = (
        charts.profile_chart(
            organisation=organisation.short_name,
            rows=[
                (row["characteristic"], row["score"], row["benchmark"], row["comparison"])
                for row in profile
            ],
            others=[(label, [row["others"][label] for row in profile]) for label in other_labels],
            colour=block["colours"].get(organisation.short_name),
        )
        if profile
        else None
    )
    later = _later_open_round(organisation, assessment_round, period_end)
    return {
        "organisation": organisation.short_name,
        "as_of": as_of.isoformat(),
        "round": block["round"],
        "position": _position(organisation=organisation.short_name, block=block, own=own),
        "quadrant_sentence": _quadrant_sentence(
            organisation=organisation.short_name, block=block, own=own
        ),
        "previous_position": (
            {
                "customer": before.get(block["axes"]["x"]),
                "efficiency": before.get(block["axes"]["y"]),
            }
            if own["movement"]
            else None
        ),
        "later_round": {"name": later.name, "year": later.year} if later else None,
        "not_submitted": block["not_submitted"] if by_name else [],
        "not_submitted_count": len(block["not_submitted"]),
        "quadrant": own["quadrant"],
        "previous_quadrant": own["previous_quadrant"],
        "previous_year": block["previous_year"],
        "summary": own["summary"],
        "unscored_text": own["unscored_text"],
        "positions": [
            {
                "label": p["label"],
                "customer": p["x"],
                "efficiency": p["y"],
                "quadrant": p["quadrant"],
                "is_self": p["is_self"],
            }
            for p in points
        ],
        "profile": profile,
        "others": other_labels,
        "movement": own["movement"],
        "quadrant_chart": quadrant_chart,
        "quadrant_legend": presentation.quadrant_legend(
            threshold=block["round"]["threshold"],
            previous_year=(
                block["previous_year"] if any(p.get("previous") for p in points) else None
            ),
        ),
        "profile_chart": {"svg": profile_chart.svg, "alt": profile_chart.alt}
        if profile_chart
        else None,
    }


@reporting.sections.register("maturity")
def sections(*, council, period_start, period_end, as_of, shared) -> list[ReportSection]:
    organisation = getattr(council, "organisation", council)
    return [
        ReportSection(
            key="maturity",
            title=_("Digitale volwassenheid"),
            template=TEMPLATE,
            order=ORDER,
            data=section_data(
                organisation=organisation, period_end=period_end, as_of=as_of, shared=shared
            ),
        )
    ]
