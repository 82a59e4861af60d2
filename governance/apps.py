from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Sturing")

    def ready(self):
        # The access review (audit) lists who was granted read access to the registers.
        from core.access import register_access_provider
        from governance.access import register_grants

        register_access_provider(register_grants)

        # Decisions, minutes, status reports, risks, actions, commitments and milestones can be
        # found by the portal-wide search.
        from governance import searchables

        searchables.register()
