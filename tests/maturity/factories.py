"""Factories for maturity data on top of the seeded questionnaire (see conftest)."""

import datetime
from decimal import Decimal

from maturity.models import (
    Assessment,
    AssessmentRound,
    AssessmentSource,
    AssessmentStatus,
    BenchmarkValue,
    Characteristic,
    CharacteristicScore,
    QuestionnaireVersion,
    RoundStatus,
)
from maturity.seed import QUESTIONNAIRE_NAME


def make_round(year: int, *, status=RoundStatus.OPEN, benchmark: Decimal = Decimal("3.20")):
    questionnaire = QuestionnaireVersion.objects.get(name=QUESTIONNAIRE_NAME)
    assessment_round = AssessmentRound.objects.create(
        year=year, name="Meting", questionnaire=questionnaire, status=status
    )
    BenchmarkValue.objects.bulk_create(
        BenchmarkValue(round=assessment_round, characteristic=c, average=benchmark)
        for c in Characteristic.objects.all()
    )
    return assessment_round


def make_submitted(
    assessment_round, organisation, *, value: Decimal = Decimal("3.00"), scores=None
):
    assessment = Assessment.objects.create(
        round=assessment_round,
        organisation=organisation,
        status=AssessmentStatus.SUBMITTED,
        source=AssessmentSource.IMPORT,
        submitted_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    scores = scores or {}
    CharacteristicScore.objects.bulk_create(
        CharacteristicScore(
            assessment=assessment, characteristic=c, value=scores.get(c.code, value)
        )
        for c in Characteristic.objects.all()
    )
    return assessment
