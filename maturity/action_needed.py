"""Maturity's items under 'Actie nodig' (core.action_needed): a respondent's open round and
their progress; for the kwartiermaker, the organisations that have not submitted yet.
Registered in MaturityConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core.action_needed import ActionItem, Provider, providers
from maturity.models import AssessmentStatus
from maturity.selectors import open_rounds_missing, open_rounds_progress


def respondent_items(*, user, today: datetime.date) -> list[ActionItem]:
    """Per open round: '12 van 28 beantwoord', or that the scores were submitted."""
    if not user.has_perm("maturity.score_round") or user.organisation_id is None:
        return []
    items = []
    for assessment_round in open_rounds_progress(user=user):
        url = reverse("maturity:assessment_edit", args=[assessment_round.year])
        if assessment_round.own_status == AssessmentStatus.SUBMITTED:
            items.append(
                ActionItem(
                    kind=_("Volwassenheidsmeting"),
                    label=str(assessment_round),
                    url=url,
                    detail=_("Uw organisatie heeft de scores ingediend."),
                    badge=_("ingediend"),
                    level="success",
                )
            )
            continue
        answered = assessment_round.answer_count or 0
        total = assessment_round.question_count or 0
        items.append(
            ActionItem(
                kind=_("Volwassenheidsmeting invullen"),
                label=str(assessment_round),
                url=url,
                detail=_("%(answered)s van %(total)s vragen beantwoord; nog niet ingediend.")
                % {"answered": answered, "total": total},
                badge=_("%(answered)s van %(total)s") % {"answered": answered, "total": total},
                level="warning",
            )
        )
    return items


def kwartiermaker_items(*, user, today: datetime.date) -> list[ActionItem]:
    """Per open round: the participants that have not submitted their scores."""
    if not user.has_perm("maturity.manage_rounds"):
        return []
    return [
        ActionItem(
            kind=_("Volwassenheidsmeting: niet ingediend"),
            label=_("%(round)s: %(organisations)s")
            % {"round": assessment_round, "organisations": ", ".join(assessment_round.missing)},
            url=reverse("maturity:round_detail", args=[assessment_round.year]),
            badge=str(len(assessment_round.missing)),
            level="warning",
        )
        for assessment_round in open_rounds_missing(user=user)
        if assessment_round.missing
    ]


def register() -> None:
    providers.register("maturity.respondent", Provider(60, respondent_items, queries=1))
    providers.register("maturity.kwartiermaker", Provider(40, kwartiermaker_items, queries=1))
