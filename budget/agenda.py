"""Budget changes awaiting approval, offered as items for the stuurgroep's agenda."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import BudgetChange, ChangeStatus
from budget.templatetags.money import format_euro
from governance.agenda_suggestions import SuggestionKind


def _awaiting_approval(*, meeting, user):
    return (
        BudgetChange.objects.visible_to(user)
        .filter(status=ChangeStatus.PROPOSED)
        .select_related("budget_year", "from_line", "to_line")
        .order_by("created_at", "pk")
    )


def _title(change: BudgetChange) -> str:
    return _("Begrotingswijziging %(year)s: %(kind)s %(amount)s") % {
        "year": change.budget_year.year,
        "kind": change.get_kind_display().lower(),
        "amount": format_euro(change.amount),
    }


def agenda_suggestion_kind() -> SuggestionKind:
    return SuggestionKind(
        key="begrotingswijzigingen",
        label=gettext_lazy("Begrotingswijzigingen ter goedkeuring"),
        model=BudgetChange,
        order=20,
        candidates=_awaiting_approval,
        title=_title,
        description=lambda change: change.reason,
        url=lambda change: reverse("budget:change", args=[change.pk]),
        see_rule="budget.see_budget_change",
        workstream=lambda change: None,
    )
