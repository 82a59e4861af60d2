from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from audit import rules  # noqa: F401
        from core.navigation import NavItem, register

        register(
            NavItem(_("Wijzigingslogboek"), "audit:events", "audit.view_audit", order=92),
            NavItem(_("Toegangsoverzicht"), "audit:access_review", "audit.view_audit", order=93),
        )
