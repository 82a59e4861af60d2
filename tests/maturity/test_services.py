from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import StaleObjectError
from maturity import services
from maturity.models import (
    AssessmentRound,
    AssessmentStatus,
    Characteristic,
    Question,
    QuestionnaireVersion,
    RoundStatus,
    Target,
)
from tests.maturity.factories import make_round, make_submitted

pytestmark = pytest.mark.django_db


def all_answers(value=3):
    return {q.pk: value for q in Question.objects.all()}


def test_opening_a_round_freezes_its_questionnaire(questionnaire, kwartiermaker):
    version = QuestionnaireVersion.objects.create(name="Vragenlijst 2026")
    characteristic = Characteristic.objects.first()
    services.question_create(
        questionnaire=version,
        characteristic=characteristic,
        text="Stelling",
        order=1,
        acting_user=kwartiermaker,
    )
    assessment_round = services.round_create(
        year=2026,
        name="Meting",
        questionnaire=version,
        quadrant_threshold=Decimal("3"),
        acting_user=kwartiermaker,
    )
    services.round_open(assessment_round=assessment_round, acting_user=kwartiermaker)
    version.refresh_from_db()
    assert version.is_frozen
    with pytest.raises(ValidationError, match="bevroren"):
        services.question_create(
            questionnaire=version,
            characteristic=characteristic,
            text="Nog een",
            order=2,
            acting_user=kwartiermaker,
        )
    assert version.questions.count() == 1
    with pytest.raises(ValidationError, match="voorbereiding"):
        services.round_open(assessment_round=assessment_round, acting_user=kwartiermaker)


def test_a_round_without_questions_cannot_open(questionnaire, kwartiermaker):
    version = QuestionnaireVersion.objects.create(name="Leeg")
    assessment_round = AssessmentRound.objects.create(year=2030, name="M", questionnaire=version)
    with pytest.raises(ValidationError, match="nog geen vragen"):
        services.round_open(assessment_round=assessment_round, acting_user=kwartiermaker)


def test_scores_only_in_an_open_round(open_round, respondent, kwartiermaker):
    services.round_close(assessment_round=open_round, acting_user=kwartiermaker)
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.CLOSED
    with pytest.raises(ValidationError, match="niet open"):
        services.assessment_save(
            assessment_round=open_round,
            organisation=respondent.organisation,
            answers=all_answers(),
            expected_version=None,
            acting_user=respondent,
        )


def test_submission_computes_the_mean_per_characteristic(open_round, respondent):
    answers = all_answers(3)
    questions = list(Question.objects.filter(characteristic__code="digitaal-talent"))
    answers[questions[0].pk] = 4
    answers[questions[1].pk] = 5
    assessment = services.assessment_save(
        assessment_round=open_round,
        organisation=respondent.organisation,
        answers=answers,
        expected_version=None,
        submit=True,
        acting_user=respondent,
    )
    scores = {
        s.characteristic.code: s.value for s in assessment.scores.select_related("characteristic")
    }
    assert scores["digitaal-talent"] == Decimal("4.50")
    assert scores["klant-centraal"] == Decimal("3.00")
    assert len(scores) == 14


def test_out_of_scale_value_is_refused_and_nothing_saved(open_round, respondent):
    answers = {Question.objects.first().pk: 6}
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            assessment_round=open_round,
            organisation=respondent.organisation,
            answers=answers,
            expected_version=None,
            acting_user=respondent,
        )
    assert "Kies een waarde van 1 tot en met 5." in str(error.value)


def test_stale_draft_is_refused(open_round, respondent):
    first = services.assessment_save(
        assessment_round=open_round,
        organisation=respondent.organisation,
        answers={},
        expected_version=None,
        acting_user=respondent,
    )
    services.assessment_save(
        assessment_round=open_round,
        organisation=respondent.organisation,
        answers=all_answers(2),
        expected_version=first.version,
        acting_user=respondent,
    )
    with pytest.raises(StaleObjectError):
        services.assessment_save(
            assessment_round=open_round,
            organisation=respondent.organisation,
            answers=all_answers(5),
            expected_version=first.version,
            acting_user=respondent,
        )


def test_reopen_needs_a_reason_and_a_submitted_assessment(open_round, tholen, kwartiermaker):
    assessment = make_submitted(open_round, tholen)
    with pytest.raises(ValidationError, match="reden"):
        services.assessment_reopen(assessment=assessment, reason="  ", acting_user=kwartiermaker)
    services.assessment_reopen(assessment=assessment, reason="Fout", acting_user=kwartiermaker)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    with pytest.raises(ValidationError, match="niet ingediend"):
        services.assessment_reopen(
            assessment=assessment, reason="Nog eens", acting_user=kwartiermaker
        )
    from pghistory.models import Events

    labels = [e.pgh_label for e in Events.objects.tracks(assessment)]
    assert "update" in labels


def test_targets_per_organisation_and_shared(open_round, tholen, kwartiermaker):
    from maturity.selectors import targets_for

    talent = Characteristic.objects.get(code="digitaal-talent")
    services.target_set(
        assessment_round=open_round,
        organisation=None,
        characteristic=talent,
        value=Decimal("3.5"),
        acting_user=kwartiermaker,
    )
    assert targets_for(assessment_round=open_round, organisation=tholen)[
        "digitaal-talent"
    ].value == Decimal("3.5")
    services.target_set(
        assessment_round=open_round,
        organisation=tholen,
        characteristic=talent,
        value=Decimal("4"),
        acting_user=kwartiermaker,
    )
    services.target_set(
        assessment_round=open_round,
        organisation=tholen,
        characteristic=talent,
        value=Decimal("4.2"),
        acting_user=kwartiermaker,
    )
    assert targets_for(assessment_round=open_round, organisation=tholen)[
        "digitaal-talent"
    ].value == Decimal("4.2")
    assert Target.objects.count() == 2


def test_a_second_round_cannot_reuse_a_year(questionnaire):
    make_round(2025)
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError from the unique year
        make_round(2025)
