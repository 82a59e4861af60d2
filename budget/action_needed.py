"""Budget's items under 'Actie nodig' (core.action_needed): the changes awaiting the user's
approval. Registered in BudgetConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from budget.selectors import changes_awaiting_approval
from budget.templatetags.money import format_euro
from core.action_needed import ITEMS_PER_KIND, ActionItem, Provider, providers


def approval_items(*, user, today: datetime.date) -> list[ActionItem]:
    if not user.has_perm("budget.approve_change"):
        return []
    kind = _("Begrotingswijziging goedkeuren")
    changes = list(changes_awaiting_approval(user=user)[: ITEMS_PER_KIND + 1])
    items = [
        ActionItem(
            kind=kind,
            label=_("%(kind)s, %(amount)s (begroting %(year)s)")
            % {
                "kind": change.get_kind_display(),
                "amount": format_euro(change.amount),
                "year": change.budget_year.year,
            },
            url=reverse("budget:change", args=[change.pk]),
            date=change.created_at.date(),
            detail=_("Voorgesteld door %(who)s") % {"who": change.proposed_by},
            badge=_("wacht op u"),
            level="warning",
        )
        for change in changes[:ITEMS_PER_KIND]
    ]
    if len(changes) > ITEMS_PER_KIND:
        oldest_year = changes[0].budget_year.year
        items.append(
            ActionItem(
                kind=kind,
                label=_("Meer dan %(n)s: bekijk alle wijzigingen") % {"n": ITEMS_PER_KIND},
                url=reverse("budget:changes", args=[oldest_year]),
            )
        )
    return items


def register() -> None:
    providers.register(
        "budget.approval", Provider(20, approval_items, queries=1, data_groups=("budget", "core"))
    )
