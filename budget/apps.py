from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Begroting")

    def ready(self):
        from budget.imports import EntryImporter
        from core.imports.pipeline import register

        register(EntryImporter)
