from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Sturing")

    def ready(self):
        # Celery's autodiscovery only finds `governance.tasks`; the report tasks live in the
        # governance.reports subpackage.
        from governance.reports import tasks  # noqa: F401
