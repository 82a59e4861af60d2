"""The decision list and the action list as ExportTables (written by core.exports).

Built from the same scoped selectors and filters as the list pages, so an export holds exactly
the rows the user sees there (all pages, in the page's order)."""

from django.utils.translation import gettext as _

from core.exports import ExportTable
from governance import filters, selectors


def decision_table(*, user, params) -> ExportTable:
    queryset = selectors.decision_list(user=user)
    decisions = filters.DecisionFilter(params or None, queryset=queryset).qs
    return ExportTable(
        title=_("Besluitenlijst"),
        headers=[_("Nummer"), _("Datum"), _("Besluit"), _("Werkstromen"), _("Vergadering")],
        rows=[
            [
                decision.number,
                decision.decided_on,
                decision.text,
                ", ".join(str(w.number) for w in decision.workstreams.all()),
                str(decision.meeting) if decision.meeting else "",
            ]
            for decision in decisions.order_by("-year", "-sequence")
        ],
    )


def action_table(*, user, params) -> ExportTable:
    queryset = selectors.action_list(user=user)
    actions = filters.ActionFilter(params or None, queryset=queryset).qs
    return ExportTable(
        title=_("Actielijst"),
        headers=[
            _("Actie"),
            _("Toelichting"),
            _("Eigenaar"),
            _("Organisatie"),
            _("Werkstroom"),
            _("Uiterlijk"),
            _("Status"),
            _("Besluit"),
        ],
        rows=[
            [
                action.title,
                action.description,
                str(action.owner) if action.owner else "",
                str(action.owner_organisation) if action.owner_organisation else "",
                str(action.workstream) if action.workstream else "",
                action.due_date,
                action.get_status_display(),
                action.decision.number if action.decision else "",
            ]
            for action in actions.order_by("due_date", "pk")
        ],
    )


# name in the URL -> (builder, file name)
EXPORTS = {
    "besluiten": (decision_table, "besluitenlijst"),
    "acties": (action_table, "actielijst"),
}
