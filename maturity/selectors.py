"""Reads for digital maturity. Results only ever use submitted self-assessments."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Count,
    DateField,
    Exists,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from core.models import Organisation
from maturity.findings import (
    Comparison,
    Quadrant,
    Summary,
    compare,
    quadrant_for,
    summarise,
)
from maturity.models import (
    Answer,
    Assessment,
    AssessmentRound,
    AssessmentStatus,
    Axis,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
    PillarCode,
    Question,
    RoundStatus,
    Target,
)

# The pillar the findings (overall verdict, furthest above and below) are about.
SUMMARY_PILLAR = PillarCode.CULTURE


def round_list(*, user) -> QuerySet[AssessmentRound]:
    """All rounds, newest first, with how many organisations submitted."""
    return (
        AssessmentRound.objects.visible_to(user)
        .select_related("questionnaire")
        .annotate(
            submitted_count=Count(
                "assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
            )
        )
        .order_by("-year")
    )


def characteristics() -> list[Characteristic]:
    return list(Characteristic.objects.select_related("pillar"))


def questions_for(*, assessment_round: AssessmentRound) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire_id=assessment_round.questionnaire_id).select_related(
            "characteristic__pillar"
        )
    )


@dataclass
class ProfileRow:
    characteristic: Characteristic
    score: Decimal
    benchmark: Decimal
    spread: Decimal | None
    comparison: Comparison

    @property
    def difference(self) -> Decimal:
        return self.score - self.benchmark


@dataclass
class Movement:
    characteristic: Characteristic
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class OrganisationResult:
    assessment: Assessment
    scores: dict[str, Decimal]  # characteristic code -> score
    customer: Decimal | None
    efficiency: Decimal | None
    quadrant: Quadrant | None
    profile: list[ProfileRow]
    summary: Summary | None
    previous: "OrganisationResult | None" = None
    # Characteristics without a score: every answer was "weet niet / n.v.t." (or, imported,
    # no value was given). They are left out of the profile, the summary and the quadrant.
    unscored: list[Characteristic] = field(default_factory=list)

    movement: list[Movement] = field(default_factory=list)

    @property
    def organisation(self):
        return self.assessment.organisation


@dataclass
class RoundResults:
    round: AssessmentRound
    characteristics: list[Characteristic]
    benchmark: dict[str, BenchmarkValue]
    organisations: list[OrganisationResult]
    previous_round: AssessmentRound | None = None
    benchmark_quadrant: Quadrant | None = None
    axis_characteristics: dict[str, Characteristic] = field(default_factory=dict)

    @property
    def profile_characteristics(self) -> list[Characteristic]:
        return [c for c in self.characteristics if c.pillar.code != PillarCode.AMBITION]

    @property
    def benchmark_customer(self) -> Decimal | None:
        value = self.benchmark.get(self.axis_characteristics[Axis.CUSTOMER].code)
        return value.average if value else None

    @property
    def benchmark_efficiency(self) -> Decimal | None:
        value = self.benchmark.get(self.axis_characteristics[Axis.EFFICIENCY].code)
        return value.average if value else None

    def for_organisation(self, organisation_id: int) -> OrganisationResult | None:
        return next(
            (r for r in self.organisations if r.assessment.organisation_id == organisation_id),
            None,
        )

    def side_by_side(self) -> list[dict]:
        """One row per characteristic: each organisation's score and the benchmark."""
        return [
            {
                "characteristic": c,
                "scores": [r.scores.get(c.code) for r in self.organisations],
                "benchmark": self.benchmark[c.code].average if c.code in self.benchmark else None,
            }
            for c in self.characteristics
        ]


def _submitted_assessments(assessment_round_ids, user):
    assessments = Assessment.objects if user is None else Assessment.objects.visible_to(user)
    return (
        assessments.filter(round_id__in=assessment_round_ids, status=AssessmentStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=CharacteristicScore.objects.only(
                    "assessment_id", "characteristic_id", "value"
                ),
            )
        )
        .order_by("organisation__short_name")
    )


def _build(assessment_round, all_characteristics, benchmark_values, assessments) -> RoundResults:
    by_id = {c.pk: c for c in all_characteristics}
    benchmark = {by_id[b.characteristic_id].code: b for b in benchmark_values}
    axes = {c.axis: c for c in all_characteristics if c.axis}
    profile_characteristics = [
        c for c in all_characteristics if c.pillar.code != PillarCode.AMBITION
    ]
    threshold = assessment_round.quadrant_threshold
    organisations = []
    for assessment in assessments:
        scores = {by_id[s.characteristic_id].code: s.value for s in assessment.scores.all()}
        customer = scores.get(axes[Axis.CUSTOMER].code) if Axis.CUSTOMER in axes else None
        efficiency = scores.get(axes[Axis.EFFICIENCY].code) if Axis.EFFICIENCY in axes else None
        quadrant = (
            quadrant_for(
                customer_experience=customer,
                operational_efficiency=efficiency,
                threshold=threshold,
            )
            if customer is not None and efficiency is not None
            else None
        )
        profile = [
            ProfileRow(
                characteristic=c,
                score=scores[c.code],
                benchmark=benchmark[c.code].average,
                spread=benchmark[c.code].spread,
                comparison=compare(scores[c.code] - benchmark[c.code].average),
            )
            for c in profile_characteristics
            if c.code in scores and c.code in benchmark
        ]
        # The findings concern the culture and organisation characteristics, as in the 2022
        # report (appendix 1); the leadership characteristics are shown but not summarised.
        summarised = [row for row in profile if row.characteristic.pillar.code == SUMMARY_PILLAR]
        summary = (
            summarise(
                organisation=assessment.organisation.short_name,
                scores={row.characteristic.name: row.score for row in summarised},
                benchmark={row.characteristic.name: row.benchmark for row in summarised},
                order=[row.characteristic.name for row in summarised],
                notable=assessment_round.notable_difference,
            )
            if summarised
            else None
        )
        organisations.append(
            OrganisationResult(
                assessment=assessment,
                scores=scores,
                customer=customer,
                efficiency=efficiency,
                quadrant=quadrant,
                profile=profile,
                summary=summary,
                unscored=[c for c in all_characteristics if c.code not in scores],
            )
        )
    results = RoundResults(
        round=assessment_round,
        characteristics=all_characteristics,
        benchmark=benchmark,
        organisations=organisations,
        axis_characteristics=axes,
    )
    if results.benchmark_customer is not None and results.benchmark_efficiency is not None:
        results.benchmark_quadrant = quadrant_for(
            customer_experience=results.benchmark_customer,
            operational_efficiency=results.benchmark_efficiency,
            threshold=threshold,
        )
    return results


def previous_round(assessment_round: AssessmentRound) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(year__lt=assessment_round.year).order_by("-year").first()


def round_results(*, assessment_round: AssessmentRound, user=None) -> RoundResults:
    """Quadrant, profile, summary and movement since the previous round, for every
    organisation that submitted (of those `user` may see; without a user, all of them, as the
    council report shows). A fixed number of queries, whatever the data size."""
    previous = previous_round(assessment_round)
    rounds = {assessment_round.pk: assessment_round}
    if previous:
        rounds[previous.pk] = previous
    all_characteristics = characteristics()
    benchmark_values = list(BenchmarkValue.objects.filter(round_id__in=rounds))
    assessments = list(_submitted_assessments(list(rounds), user))
    built = {
        pk: _build(
            r,
            all_characteristics,
            [b for b in benchmark_values if b.round_id == pk],
            [a for a in assessments if a.round_id == pk],
        )
        for pk, r in rounds.items()
    }
    current = built[assessment_round.pk]
    if previous:
        current.previous_round = previous
        for result in current.organisations:
            result.previous = built[previous.pk].for_organisation(result.assessment.organisation_id)
            if result.previous is not None:
                result.movement = [
                    Movement(c, result.previous.scores.get(c.code), result.scores.get(c.code))
                    for c in all_characteristics
                ]
    return current


def trend_for(*, organisation) -> list[tuple[AssessmentRound, dict[str, Decimal]]]:
    """(round, scores by code) for every round the organisation submitted, oldest first."""
    assessments = (
        Assessment.objects.filter(organisation=organisation, status=AssessmentStatus.SUBMITTED)
        .select_related("round")
        .prefetch_related("scores__characteristic")
        .order_by("round__year")
    )
    return [
        (a.round, {s.characteristic.code: s.value for s in a.scores.all()}) for a in assessments
    ]


def targets_for(*, assessment_round: AssessmentRound, organisation) -> dict[str, Target]:
    """Targets set for `assessment_round`: the organisation's own, else the collaboration's."""
    targets = Target.objects.filter(
        Q(organisation=organisation) | Q(organisation__isnull=True), round=assessment_round
    ).select_related("characteristic")
    result: dict[str, Target] = {}
    for target in sorted(targets, key=lambda t: t.organisation_id is not None):
        result[target.characteristic.code] = target  # own target overrides the shared one
    return result


def next_round(assessment_round: AssessmentRound) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(year__gt=assessment_round.year).order_by("year").first()


def assessment_for(*, assessment_round, organisation) -> Assessment | None:
    return (
        Assessment.objects.filter(round=assessment_round, organisation=organisation)
        .prefetch_related("answers")
        .first()
    )


def assessments_of_round(*, assessment_round) -> QuerySet[Assessment]:
    """Status per organisation (no scores): for the kwartiermaker's overview."""
    return (
        Assessment.objects.filter(round=assessment_round)
        .select_related("organisation", "submitted_by", "reopened_by")
        .order_by("organisation__short_name")
    )


# --- 'Actie nodig' (maturity/action_needed.py): one query each -----------------------------------


def open_rounds_progress(*, user) -> QuerySet[AssessmentRound]:
    """The open rounds with, for `user`'s organisation, its number of questions, answers given
    and the state of its self-assessment (None: not started)."""
    own = Assessment.objects.filter(round=OuterRef("pk"), organisation_id=user.organisation_id)
    return (
        AssessmentRound.objects.visible_to(user)
        .filter(status=RoundStatus.OPEN)
        .annotate(
            question_count=Subquery(
                Question.objects.filter(questionnaire=OuterRef("questionnaire"))
                .order_by()
                .values("questionnaire")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            answer_count=Subquery(
                Answer.objects.filter(
                    assessment__round=OuterRef("pk"),
                    assessment__organisation_id=user.organisation_id,
                )
                .order_by()
                .values("assessment")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            own_status=Subquery(own.values("status")[:1]),
        )
        .order_by("year")
    )


def open_rounds_missing(*, user) -> QuerySet[AssessmentRound]:
    """The open rounds with the short names of the participants (members in the round's year,
    as in the council report) that have not submitted yet: `missing`, a list."""
    first_day = Func(OuterRef("year"), 1, 1, function="make_date", output_field=DateField())
    last_day = Func(OuterRef("year"), 12, 31, function="make_date", output_field=DateField())
    missing = (
        Organisation.objects.filter(is_budget_participant=True, membership_start__lte=last_day)
        .filter(Q(membership_end__isnull=True) | Q(membership_end__gte=first_day))
        .exclude(
            Exists(
                Assessment.objects.filter(
                    round=OuterRef(OuterRef("pk")),
                    organisation=OuterRef("pk"),
                    status=AssessmentStatus.SUBMITTED,
                )
            )
        )
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(names=ArrayAgg("short_name", order_by="short_name"))
        .values("names")
    )
    return (
        AssessmentRound.objects.visible_to(user)
        .filter(status=RoundStatus.OPEN)
        .annotate(missing=Subquery(missing[:1]))
        .order_by("year")
    )
