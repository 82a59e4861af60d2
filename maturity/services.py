"""Writes for digital maturity: rounds, self-scoring, targets, improvement actions, import."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleObjectError, save_versioned
from maturity import notifications
from maturity.findings import DEFAULT_NOTABLE_DIFFERENCE, characteristic_means
from maturity.models import (
    NOT_APPLICABLE,
    Answer,
    Assessment,
    AssessmentRound,
    AssessmentSource,
    AssessmentStatus,
    Characteristic,
    CharacteristicScore,
    ImprovementAction,
    Question,
    QuestionnaireVersion,
    RoundStatus,
    Target,
)

MATURITY_WORKSTREAM_NUMBER = 4  # "Digitale volwassenheid", led by Etten-Leur


# --- Rounds and questionnaire -------------------------------------------------------------------
@transaction.atomic
def round_create(
    *,
    year: int,
    name: str,
    questionnaire: QuestionnaireVersion,
    quadrant_threshold: Decimal,
    acting_user,
    notable_difference: Decimal = DEFAULT_NOTABLE_DIFFERENCE,
    others_by_name: bool = True,
    closes_on: datetime.date | None = None,
) -> AssessmentRound:
    """A new round in preparation."""
    assessment_round = AssessmentRound(
        year=year,
        name=name,
        questionnaire=questionnaire,
        quadrant_threshold=quadrant_threshold,
        notable_difference=notable_difference,
        others_by_name=others_by_name,
        closes_on=closes_on,
    )
    assessment_round.full_clean()
    assessment_round.save()
    return assessment_round


@transaction.atomic
def round_open(*, assessment_round: AssessmentRound, acting_user) -> AssessmentRound:
    """Open a round for scoring; from now on its questionnaire is frozen."""
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.status != RoundStatus.PREPARING:
        raise ValidationError(_("Alleen een meting in voorbereiding kan worden geopend."))
    questionnaire = QuestionnaireVersion.objects.select_for_update().get(
        pk=assessment_round.questionnaire_id
    )
    if not questionnaire.questions.exists():
        raise ValidationError(_("De vragenlijst van deze meting heeft nog geen vragen."))
    if questionnaire.frozen_at is None:
        questionnaire.frozen_at = timezone.now()
        questionnaire.save(update_fields=["frozen_at"])
    assessment_round.status = RoundStatus.OPEN
    assessment_round.save(update_fields=["status"])
    notifications.round_opened_announce(assessment_round=assessment_round)
    return assessment_round


@transaction.atomic
def round_close(*, assessment_round: AssessmentRound, acting_user) -> AssessmentRound:
    """Close scoring; drafts stay drafts and do not count in the results."""
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Alleen een open meting kan worden gesloten."))
    assessment_round.status = RoundStatus.CLOSED
    assessment_round.save(update_fields=["status"])
    return assessment_round


@transaction.atomic
def question_create(
    *,
    questionnaire: QuestionnaireVersion,
    characteristic: Characteristic,
    text: str,
    order: int,
    scale_min: int = 1,
    scale_max: int = 5,
    acting_user,
) -> Question:
    """Add a question, unless the questionnaire is frozen (rounds must stay comparable)."""
    questionnaire = QuestionnaireVersion.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.is_frozen:
        raise ValidationError(
            _(
                "Deze vragenlijst is bevroren omdat een meting ermee is geopend. Maak een nieuwe "
                "versie van de vragenlijst."
            )
        )
    question = Question(
        questionnaire=questionnaire,
        characteristic=characteristic,
        text=text,
        order=order,
        scale_min=scale_min,
        scale_max=scale_max,
    )
    question.full_clean()
    question.save()
    return question


# --- Self-scoring -------------------------------------------------------------------------------
# An answer as the form gives it: a point on the scale, NOT_APPLICABLE, or None (not answered).
AnswerValue = int | str | None


def _check_answers(questions: dict[int, Question], answers: dict[int, AnswerValue]) -> None:
    errors = {}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("Onbekende vraag in de antwoorden."))
        if value in (None, NOT_APPLICABLE):
            continue
        if not isinstance(value, int) or not question.scale_min <= value <= question.scale_max:
            errors[f"question_{question_id}"] = _(
                "Kies een waarde van %(min)s tot en met %(max)s."
            ) % {"min": question.scale_min, "max": question.scale_max}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_save(
    *,
    assessment_round: AssessmentRound,
    organisation,
    answers: dict[int, AnswerValue],
    expected_version: int | None,
    submit: bool = False,
    acting_user,
) -> Assessment:
    """Save the organisation's draft answers; with `submit`, also submit (all answers needed).

    An answer is a point on the scale or NOT_APPLICABLE ("weet niet / n.v.t."): that counts as
    answered but stays out of the mean, and a characteristic with only such answers gets no
    score (findings.characteristic_means).

    Raises ValidationError (Dutch) for a closed round, a submitted assessment, values outside
    the scale or, on submit, missing answers; StaleObjectError if someone saved in between.
    """
    if assessment_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Deze meting is niet open; er kunnen geen scores worden ingevuld."))
    assessment, created = Assessment.objects.select_for_update().get_or_create(
        round=assessment_round, organisation=organisation
    )
    if assessment.is_submitted:
        raise ValidationError(
            _(
                "De scores van %(organisation)s zijn al ingediend en liggen vast. Vraag de "
                "kwartiermaker om ze te heropenen."
            )
            % {"organisation": organisation}
        )
    if not created:
        if expected_version is None:
            # The form was opened before this draft existed: someone else started it since.
            raise StaleObjectError(assessment)
        save_versioned(assessment, expected_version=expected_version, fields=[])
    questions = {
        q.pk: q for q in Question.objects.filter(questionnaire_id=assessment_round.questionnaire_id)
    }
    _check_answers(questions, answers)
    existing = {a.question_id: a for a in assessment.answers.all()}
    for question_id, given in answers.items():
        answer = existing.get(question_id)
        value = None if given == NOT_APPLICABLE else given
        if given is None:
            if answer is not None:
                answer.delete()
                del existing[question_id]
        elif answer is None:
            existing[question_id] = Answer.objects.create(
                assessment=assessment, question_id=question_id, value=value
            )
        elif answer.value != value:  # also a change to or from "n.v.t."
            answer.value = value
            answer.save(update_fields=["value"])
    if submit:
        missing = [q for q in questions.values() if q.pk not in existing]
        if missing:
            raise ValidationError(
                _("Beantwoord alle vragen voordat u indient; er ontbreken er %(count)s.")
                % {"count": len(missing)}
            )
        by_characteristic = defaultdict(list)
        for question_id, answer in existing.items():
            by_characteristic[questions[question_id].characteristic_id].append(
                None if answer.value is None else Decimal(answer.value)
            )
        CharacteristicScore.objects.filter(assessment=assessment).delete()
        CharacteristicScore.objects.bulk_create(
            CharacteristicScore(assessment=assessment, characteristic_id=cid, value=value)
            for cid, value in characteristic_means(by_characteristic).items()
        )
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = acting_user
        assessment.source = AssessmentSource.FORM
        assessment.full_clean()
        assessment.save(update_fields=["status", "submitted_at", "submitted_by", "source"])
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, reason: str, acting_user) -> Assessment:
    """Put submitted scores back to draft (kwartiermaker); who, when and why are recorded."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_submitted:
        raise ValidationError(_("Deze scores zijn niet ingediend; heropenen is niet nodig."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het heropenen.")})
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_at = None
    assessment.reopened_at = timezone.now()
    assessment.reopened_by = acting_user
    assessment.reopen_reason = reason.strip()
    assessment.full_clean()
    assessment.save(
        update_fields=["status", "submitted_at", "reopened_at", "reopened_by", "reopen_reason"]
    )
    notifications.assessment_reopened_announce(assessment=assessment)
    return assessment


# --- Targets and improvement actions ------------------------------------------------------------
@transaction.atomic
def target_set(
    *,
    assessment_round: AssessmentRound,
    organisation,
    characteristic: Characteristic,
    value: Decimal,
    acting_user,
) -> Target:
    """Set (or change) the target for a characteristic in a round; organisation None = shared."""
    target = Target.objects.filter(
        round=assessment_round, organisation=organisation, characteristic=characteristic
    ).first() or Target(
        round=assessment_round, organisation=organisation, characteristic=characteristic
    )
    target.value = value
    target.set_by = acting_user
    target.full_clean(validate_constraints=False)
    target.save()
    return target


@transaction.atomic
def improvement_actions_create(
    *,
    assessment: Assessment,
    characteristics: list[Characteristic],
    gaps: dict[str, Decimal],
    due_date: datetime.date | None = None,
    acting_user,
) -> list:
    """An action in workstream "Digitale volwassenheid" per characteristic (once each)."""
    from governance.models import Action, Workstream

    workstream = Workstream.objects.filter(number=MATURITY_WORKSTREAM_NUMBER).first()
    if workstream is None:
        raise ValidationError(_("De werkstroom 'Digitale volwassenheid' bestaat niet."))
    done = set(
        ImprovementAction.objects.filter(assessment=assessment).values_list(
            "characteristic_id", flat=True
        )
    )
    created = []
    for characteristic in characteristics:
        if characteristic.pk in done:
            continue
        action = Action(
            title=_("Verbeteren: %(characteristic)s (%(organisation)s)")
            % {"characteristic": characteristic.name, "organisation": assessment.organisation},
            description=_(
                "%(organisation)s scoorde in de meting %(round)s %(gap)s punt onder het "
                "benchmarkgemiddelde op '%(characteristic)s'."
            )
            % {
                "organisation": assessment.organisation,
                "round": assessment.round,
                "gap": str(abs(gaps.get(characteristic.code, Decimal(0)))).replace(".", ","),
                "characteristic": characteristic.name,
            },
            owner_organisation=assessment.organisation,
            workstream=workstream,
            due_date=due_date,
        )
        action.full_clean()
        action.save()
        ImprovementAction.objects.create(
            assessment=assessment, characteristic=characteristic, action=action
        )
        created.append(action)
    return created
