from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "maturity"
    verbose_name = _("Digitale volwassenheid")

    def ready(self):
        from core import navigation
        from core.imports import pipeline
        from maturity import notifications
        from maturity.imports import BenchmarkImporter, ScoresImporter

        # Rounds about to close: beat's daily e-mail check.
        notifications.register()
        pipeline.register(ScoresImporter)
        pipeline.register(BenchmarkImporter)
        navigation.register(
            navigation.NavItem(
                _("Digitale volwassenheid"), "maturity:round_list", "maturity.see_results", order=30
            )
        )

        from maturity import action_needed

        # The open round under 'Actie nodig' on the home page.
        action_needed.register()
