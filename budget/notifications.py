"""The budget's e-mails: a proposed change to the stuurgroep (not to its proposer), the
decision to the proposer. Queued once the service's transaction commits."""

from django.urls import reverse

from budget.models import BudgetChange, ChangeStatus
from budget.templatetags.money import format_euro
from core.models import Role, User
from notifications import events, services


def _context(change: BudgetChange) -> dict:
    return {
        "title": f"{change.get_kind_display()} {format_euro(change.amount)}",
        "year": str(change.budget_year.year),  # a number would read "2.026" in Dutch
        "reason": change.reason,
        "proposer": str(change.proposed_by),
        "url": reverse("budget:change", args=[change.pk]),
    }


def change_proposed_announce(*, change: BudgetChange) -> None:
    recipients = (
        User.objects.with_role(Role.STUURGROEPLID)
        .filter(is_active=True)
        .exclude(pk=change.proposed_by_id)
    )
    services.notify_on_commit(
        event=events.BUDGET_CHANGE_PROPOSED.key,
        recipients=recipients,
        context=_context(change),
        key=f"{events.BUDGET_CHANGE_PROPOSED.key}:{change.pk}",
    )


def change_decided_announce(*, change: BudgetChange) -> None:
    event = (
        events.BUDGET_CHANGE_APPROVED
        if change.status == ChangeStatus.APPROVED
        else events.BUDGET_CHANGE_REJECTED
    )
    services.notify_on_commit(
        event=event.key,
        recipients=[change.proposed_by],
        context={
            **_context(change),
            "decided_by": str(change.decided_by),
            "note": change.decision_note,
        },
        key=f"{event.key}:{change.pk}",
    )
