from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Begroting")

    def ready(self):
        from budget.agenda import agenda_suggestion_kind
        from budget.imports import EntryImporter
        from budget.selectors import changes_since, dashboard_budget
        from core import dashboard, navigation
        from core.imports import pipeline
        from governance import agenda_suggestions

        pipeline.register(EntryImporter)
        # Budget changes awaiting approval are suggested for the stuurgroep's next agenda.
        agenda_suggestions.kinds.register(agenda_suggestion_kind())
        navigation.register(
            navigation.NavItem(_("Begroting"), "budget:index", "budget.see_budget", order=20)
        )
        dashboard.panels.register(
            "budget",
            dashboard.Panel(
                order=20,
                template="budget/includes/dashboard_panel.html",
                data=dashboard_budget,
                data_group="budget",
            ),
        )
        dashboard.change_sections.register(
            "budget",
            dashboard.ChangesSection(
                order=20,
                template="budget/includes/changes_section.html",
                data=changes_since,
                data_group="budget",
            ),
        )

        from budget import action_needed

        # Changes awaiting approval under 'Actie nodig' on the home page.
        action_needed.register()
