from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Raadsrapportages")

    def ready(self):
        from core.navigation import NavItem, register

        register(
            NavItem(_("Raadsrapportages"), "reports:list", "reports.list_council_reports", order=40)
        )
        # Every installed app's `report_sections` module registers its chapters with
        # core.reporting.sections; the report never names the apps that fill it.
        autodiscover_modules("report_sections")
        # Issued council reports can be found by the portal-wide search.
        from reports import searchables

        searchables.register()

        from reports import action_needed

        # Council reports under 'Actie nodig' on the home page.
        action_needed.register()

        # The meeting pack's panel on the meeting page (governance shows it without naming us).
        from governance import meeting_panels
        from reports.selectors import meeting_pack_panel

        meeting_panels.panels.register(
            "meeting_pack",
            meeting_panels.MeetingPanel(
                order=20,
                template="reports/includes/meeting_pack_panel.html",
                data=meeting_pack_panel,
            ),
        )
