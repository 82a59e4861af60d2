from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Sturing")

    def ready(self):
        from core.access import register_access_provider
        from core.navigation import NavItem, register
        from governance import agenda_suggestions, notifications, searchables
        from governance.access import register_grants

        # The access review (audit) lists who was granted read access to the registers.
        register_access_provider(register_grants)
        # Decisions, minutes, status reports, risks, actions, commitments and milestones can be
        # found by the portal-wide search.
        searchables.register()
        # Open escalations, the previous minutes, overdue actions and commitments are offered
        # as agenda items (the budget app adds its changes awaiting approval).
        agenda_suggestions.register_governance_kinds()
        # Due actions and milestones, stale statuses: beat's e-mail reminders.
        notifications.register()

        registers, rule = _("Sturing"), "governance.see_registers"
        register(
            # First in the registers' menu: the bar itself has no room left at 1280 px.
            NavItem(
                _("Werkstromen"),
                "governance:workstream_list",
                "governance.list_workstreams",
                9,
                registers,
            ),
            NavItem(_("Statusrapportages"), "governance:report_list", rule, 10, registers),
            NavItem(_("Mijlpalen"), "governance:milestone_list", rule, 11, registers),
            NavItem(_("Vergaderingen"), "governance:meeting_list", rule, 12, registers),
            NavItem(_("Besluiten"), "governance:decision_list", rule, 13, registers),
            NavItem(_("Acties"), "governance:action_list", rule, 14, registers),
            NavItem(_("Toezeggingen"), "governance:commitment_list", rule, 15, registers),
            NavItem(_("Risico's"), "governance:risk_list", rule, 16, registers),
            NavItem(_("Kennisgroep"), "governance:roles", rule, 17, registers),
        )

        from governance import action_needed

        # Meetings, minutes, escalations, commitments, statuses, milestones and actions under
        # 'Actie nodig' on the home page.
        action_needed.register()
