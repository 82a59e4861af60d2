"""Maturity's e-mails to respondents: a round opens, a round closes within 7 days (beat), and
their organisation's submitted scores were reopened. Queued once the service commits."""

import datetime
from itertools import groupby

from django.urls import reverse

from core.models import Role, User
from maturity.models import Assessment, AssessmentRound, AssessmentStatus, RoundStatus
from notifications import events, services

CLOSING_WITHIN = datetime.timedelta(days=7)


def _respondents():
    return (
        User.objects.with_role(Role.RESPONDENT)
        .filter(is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("organisation_id", "pk")
    )


def _announce_per_organisation(*, event, assessment_round, users, key, **context) -> int:
    sent = 0
    for _organisation_id, members in groupby(users, key=lambda user: user.organisation_id):
        members = list(members)
        sent += len(
            services.notify(
                event=event.key,
                recipients=members,
                context={
                    "round": str(assessment_round),
                    "organisation": members[0].organisation.name,
                    "closes_on": assessment_round.closes_on,
                    "url": reverse("maturity:assessment_edit", args=[assessment_round.year]),
                    **context,
                },
                key=key,
            )
        )
    return sent


def round_opened_announce(*, assessment_round: AssessmentRound) -> None:
    from django.db import transaction

    transaction.on_commit(
        lambda: _announce_per_organisation(
            event=events.ROUND_OPENED,
            assessment_round=assessment_round,
            users=_respondents(),
            key=f"{events.ROUND_OPENED.key}:{assessment_round.pk}",
        )
    )


def rounds_closing_check(today: datetime.date) -> int:
    """Beat, daily: respondents of organisations that have not submitted yet, for each open
    round that closes within 7 days (once per round and closing date)."""
    sent = 0
    rounds = AssessmentRound.objects.filter(
        status=RoundStatus.OPEN, closes_on__gte=today, closes_on__lte=today + CLOSING_WITHIN
    )
    for assessment_round in rounds:
        submitted = Assessment.objects.filter(
            round=assessment_round, status=AssessmentStatus.SUBMITTED
        ).values("organisation_id")
        sent += _announce_per_organisation(
            event=events.ROUND_CLOSING,
            assessment_round=assessment_round,
            users=_respondents().exclude(organisation_id__in=submitted),
            key=f"{events.ROUND_CLOSING.key}:{assessment_round.pk}:{assessment_round.closes_on}",
        )
    return sent


def assessment_reopened_announce(*, assessment: Assessment) -> None:
    services.notify_on_commit(
        event=events.ASSESSMENT_REOPENED.key,
        recipients=_respondents().filter(organisation_id=assessment.organisation_id),
        context={
            "round": str(assessment.round),
            "organisation": assessment.organisation.name,
            "reason": assessment.reopen_reason,
            "reopened_by": str(assessment.reopened_by),
            "url": reverse("maturity:assessment_edit", args=[assessment.round.year]),
        },
        key=f"{events.ASSESSMENT_REOPENED.key}:{assessment.pk}:{assessment.reopened_at.isoformat()}",
    )


def register() -> None:
    events.scheduled_checks.register(
        "maturity.rounds_closing", events.ScheduledCheck(rounds_closing_check)
    )
